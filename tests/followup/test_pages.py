import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from followup.models import Cause, Evaluation, IndicatorValue, Judgement
from followup.periods import Cadence, Period
from tests.factories import make_activity

from .helpers import make_indicator, make_problem, make_promise

Y2023 = Period(datetime.date(2023, 1, 1), Cadence.YEARLY)
Y2024 = Period(datetime.date(2024, 1, 1), Cadence.YEARLY)


@pytest.fixture
def activity(agreement, cast):
    return make_activity(agreement, "Minska antalet UVAS", handled_by=cast["official"])


@pytest.fixture
def indicator(activity, cast):
    return make_indicator(
        activity,
        owner=cast["official"],
        baseline=Decimal(40),
        baseline_period="2022",
        target=Decimal(20),
        target_period="2026",
        measured_from=datetime.date(2023, 1, 1),
    )


@pytest.fixture
def problem(agreement, activity):
    problem = make_problem(agreement, "Unga som varken arbetar eller studerar", activities=[activity])
    root = Cause.objects.create(problem=problem, text="Ökad risk att bli UVAS")
    sub = Cause.objects.create(problem=problem, parent=root, text="Uppväxt i dålig socioekonomi")
    sub.activities.add(activity)
    return problem


def test_the_activity_shows_why_it_exists_and_whether_it_works(login, cast, activity, problem, indicator):
    indicator.record_value(period=Y2023, value=Decimal(35), by=cast["official"])
    response = login(cast["reader"]).get(reverse("followup:activity", args=[activity.pk]))
    html = response.content.decode()
    assert "Unga som varken arbetar eller studerar" in html
    assert "Ökad risk att bli UVAS › Uppväxt i dålig socioekonomi" in html
    assert indicator.name in html and "35" in html
    assert "25 procent av vägen från utgångsvärde till målvärde" in html  # 40 → 35 of 40 → 20, lower is better


def test_the_activity_page_fetches_the_chain_and_links_to_it(login, cast, activity):
    html = login(cast["reader"]).get(reverse("activities:detail", args=[activity.pk])).content.decode()
    url = reverse("followup:activity", args=[activity.pk])
    assert f'hx-get="{url}"' in html and f'href="{url}"' in html


def test_htmx_gets_only_the_chain(login, cast, activity, problem):
    response = login(cast["reader"]).get(
        reverse("followup:activity", args=[activity.pk]), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert '<div class="chain" id="chain">' in html and "<html" not in html


def test_an_activity_tied_to_no_problem_says_so(login, cast, activity):
    html = login(cast["reader"]).get(reverse("followup:activity", args=[activity.pk])).content.decode()
    assert "Inte kopplad till något problem." in html


def test_the_problem_shows_its_causes_activities_and_their_indicators(login, cast, problem, activity, indicator):
    html = login(cast["strategic"]).get(reverse("followup:problem", args=[problem.pk])).content.decode()
    assert "Uppväxt i dålig socioekonomi" in html
    assert activity.name in html and indicator.name in html
    assert "Inget värde än" in html


def test_the_situation_picture_lists_its_prioritised_problems(login, cast, problem, agreement):
    make_problem(agreement, "Otrygga platser", priority=2)
    html = login(cast["reader"]).get(problem.situation_picture.get_absolute_url()).content.decode()
    assert html.index("Unga som varken") < html.index("Otrygga platser")
    assert "Ingen aktivitet angriper det än." in html


def test_the_overview_shows_what_is_not_tied_together(login, cast, agreement, problem, activity):
    make_problem(agreement, "Otrygga platser")
    loose = make_activity(agreement, "Lös aktivitet")
    html = login(cast["operative"]).get(reverse("followup:overview", args=[agreement.pk])).content.decode()
    section = html[html.index('id="attention-heading"') : html.index('id="late-heading"')]
    assert "Otrygga platser" in section and loose.name in section
    assert "Unga som varken" not in section and activity.name not in section


class TestIndicatorPage:
    def test_a_missing_value_is_never_shown_as_zero(self, login, cast, indicator):
        indicator.record_value(period=Y2023, value=Decimal(35), by=cast["official"])
        html = login(cast["reader"]).get(indicator.get_absolute_url()).content.decode()
        rows = html[html.index("<tbody>") : html.index("</tbody>")]
        assert "Inget värde än" in rows  # 2024 is due and missing
        assert ">0<" not in rows

    def test_values_show_preliminary_or_final_and_earlier_revisions(self, login, cast, indicator):
        indicator.record_value(period=Y2023, value=Decimal(36), by=cast["official"])
        indicator.record_value(period=Y2023, value=Decimal(35), by=cast["official"], is_final=True)
        indicator.record_value(period=Y2024, value=Decimal(33), by=cast["official"])
        html = login(cast["reader"]).get(indicator.get_absolute_url()).content.decode()
        assert "Slutligt" in html and "Preliminärt" in html
        assert "Reviderat (1 tidigare värde)" in html and "36 (preliminärt)" in html
        assert "<svg" in html and "bättre än perioden innan" in html  # 35 → 33, lower is better

    def test_chart_coordinates_are_never_localised(self, login, cast, indicator):
        indicator.record_value(period=Y2023, value=Decimal("35.5"), by=cast["official"])
        indicator.record_value(period=Y2024, value=Decimal("33.25"), by=cast["official"])
        html = login(cast["reader"]).get(indicator.get_absolute_url()).content.decode()
        svg = html[html.index('<svg class="chart"') : html.index("</svg>")]
        assert not re.search(r'\b(?:x|y|x1|x2|y1|y2|cx|cy)="[^"]*,', svg), "a comma is no SVG coordinate"
        assert "35,5" in svg  # the value in the point's title is written as Swedish writes it

    def test_the_owner_gets_the_value_form_a_reader_does_not(self, login, cast, indicator):
        url = indicator.get_absolute_url()
        assert 'name="value"' in login(cast["official"]).get(url).content.decode()
        assert 'name="value"' not in login(cast["reader"]).get(url).content.decode()


class TestEnteringValues:
    def test_the_owner_enters_a_value_without_javascript(self, login, cast, indicator):
        response = login(cast["official"]).post(
            reverse("followup:enter_value", args=[indicator.pk]), {"period": "2024", "value": "31,5"}
        )
        assert response.status_code == 302
        value = IndicatorValue.objects.get(indicator=indicator)
        assert (value.period_start, value.value, value.is_final, value.entered_by) == (
            datetime.date(2024, 1, 1),
            Decimal("31.5"),
            False,
            cast["official"],
        )
        assert value.history.count() == 1

    def test_in_place_with_htmx_the_values_come_back(self, login, cast, indicator):
        response = login(cast["official"]).post(
            reverse("followup:enter_value", args=[indicator.pk]),
            {"period": "2024", "value": "31", "is_final": "on"},
            headers={"HX-Request": "true"},
        )
        html = response.content.decode()
        assert response.status_code == 200 and response["HX-Trigger"] == "values-changed"
        assert html.strip().startswith('<div id="values"') and "<html" not in html
        assert IndicatorValue.objects.get(indicator=indicator).is_final

    def test_a_wrong_period_is_refused_in_swedish_and_nothing_saved(self, login, cast, indicator):
        response = login(cast["official"]).post(
            reverse("followup:enter_value", args=[indicator.pk]),
            {"period": "2024 K3", "value": "3"},
            headers={"HX-Request": "true"},
        )
        assert response.status_code == 200
        assert "ingen av indikatorns perioder" in response.content.decode()
        assert not IndicatorValue.objects.exists()

    def test_an_official_who_does_not_own_it_cannot_enter_values(self, login, cast, agreement, activity):
        other = make_indicator(activity, "Antal beslagtagna vapen", owner=None)
        response = login(cast["official"]).post(
            reverse("followup:enter_value", args=[other.pk]), {"period": "2024", "value": "1"}
        )
        assert response.status_code == 403
        assert not IndicatorValue.objects.exists()


def test_linking_an_activity_to_problems_and_causes_keeps_history(login, cast, agreement, problem):
    loose = make_activity(agreement, "Lös aktivitet")
    cause = problem.causes.get(parent=None)
    response = login(cast["operative"]).post(
        reverse("followup:activity_links", args=[loose.pk]), {"problems": [problem.pk], "causes": [cause.pk]}
    )
    assert response.status_code == 302
    assert list(loose.problems.all()) == [problem] and list(loose.causes.all()) == [cause]
    assert problem.history.count() >= 2


def test_an_evaluation_is_saved_with_its_author(login, cast, agreement, activity):
    judgement = Judgement.objects.create(agreement=agreement, name="Uppnått")
    response = login(cast["operative"]).post(
        reverse("followup:evaluate_activity", args=[activity.pk]),
        {"kind": "process", "judgement": judgement.pk, "text": "Vi gjorde det vi sa.", "evaluated_on": "2024-10-01"},
    )
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert (evaluation.activity, evaluation.author, evaluation.agreement) == (activity, cast["operative"], agreement)
    assert (
        "Vi gjorde det vi sa."
        in login(cast["reader"]).get(reverse("followup:activity", args=[activity.pk])).content.decode()
    )


def test_a_judgement_of_another_agreements_scale_is_refused(login, cast, agreement, other_agreement, activity):
    foreign = Judgement.objects.create(agreement=other_agreement, name="Uppnått")
    response = login(cast["operative"]).post(
        reverse("followup:evaluate_activity", args=[activity.pk]),
        {"kind": "process", "judgement": foreign.pk, "text": "x", "evaluated_on": "2024-10-01"},
    )
    assert response.status_code == 200
    assert not Evaluation.objects.exists()


class TestCitizenPromises:
    def test_the_public_page_shows_the_promise_and_how_it_went_after_the_period(self, client, agreement, cast):
        agreement.is_published = True
        agreement.save()
        promise = make_promise(agreement, starts_on=datetime.date(2023, 10, 1))
        running = make_promise(agreement, "Vi lovar fler nattvandrare.", starts_on=datetime.date(2099, 4, 1))
        judgement = Judgement.objects.create(agreement=agreement, name="Delvis uppnått")
        Evaluation.objects.create(
            agreement=agreement,
            promise=promise,
            kind="goal_attainment",
            judgement=judgement,
            text="Tryggare stråk.",
            author=cast["operative"],
        )
        html = client.get(reverse("followup:public_promises", args=[agreement.pk])).content.decode()
        assert promise.text in html and running.text in html
        assert "oktober 2023–mars 2024" in html
        assert "Delvis uppnått" in html and "Tryggare stråk." in html
        assert "Operative" not in html, "no names on the public page"

    def test_an_unpublished_agreements_promises_are_not_public(self, client, agreement):
        make_promise(agreement)
        assert client.get(reverse("followup:public_promises", args=[agreement.pk])).status_code == 404

    def test_the_public_agreement_page_links_to_the_promises(self, client, agreement):
        agreement.is_published = True
        agreement.save()
        html = client.get(reverse("public:agreement", args=[agreement.pk])).content.decode()
        assert reverse("followup:public_promises", args=[agreement.pk]) in html


@pytest.mark.parametrize("size", [1, 12])
def test_the_activity_follow_up_page_takes_the_same_queries_at_any_size(
    login, cast, agreement, activity, size, django_assert_max_num_queries, django_assert_num_queries
):
    for number in range(size):
        problem = make_problem(agreement, f"Problem {number}", activities=[activity])
        root = Cause.objects.create(problem=problem, text=f"Orsak {number}")
        Cause.objects.create(problem=problem, parent=root, text=f"Underorsak {number}").activities.add(activity)
        indicator = make_indicator(activity, f"Indikator {number}", measured_from=datetime.date(2023, 1, 1))
        indicator.record_value(period=Y2023, value=Decimal(number), by=cast["official"])
        Evaluation.objects.create(
            agreement=agreement,
            activity=activity,
            kind="process",
            text="x",
            judgement=Judgement.objects.get_or_create(agreement=agreement, name="Uppnått")[0],
        )
    client = login(cast["reader"])
    url = reverse("followup:activity", args=[activity.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES["activity"]):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_the_indicator_page_takes_the_same_queries_at_any_size(
    login, cast, indicator, agreement, size, django_assert_num_queries
):
    from activities.models import District

    indicator.by_district = True
    indicator.cadence = Cadence.MONTHLY
    indicator.save()
    for number in range(size):
        district = District.objects.create(agreement=agreement, name=f"Stadsdel {number}")
        for month in (1, 2):
            period = Period(datetime.date(2024, month, 1), Cadence.MONTHLY)
            indicator.record_value(period=period, value=Decimal(number), by=cast["official"], district=district)
            indicator.record_value(period=period, value=Decimal(number + 1), by=cast["official"], district=district)
    client = login(cast["official"])
    client.get(indicator.get_absolute_url())
    with django_assert_num_queries(QUERIES["indicator"]):
        assert client.get(indicator.get_absolute_url()).status_code == 200


# Session, user and membership lookups included; the same at both sizes is what the tests prove.
QUERIES = {"activity": 11, "indicator": 8}
