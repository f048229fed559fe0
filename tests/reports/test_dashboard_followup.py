"""The dashboard's follow-up: indicators against baseline and target as their values were known at the quarter's
end, and the annual cycle's due and late dates (reports/followup_section.py)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from agreements.models import GoalArea
from followup.models import CycleCompletion, CycleStep, Indicator
from followup.periods import Cadence, Period
from reports.dashboard import dashboard_data
from reports.models import QuarterReport
from reports.quarters import Quarter
from tests.activities.helpers import queries_for
from tests.followup.helpers import make_cycle_step, make_indicator, make_promise
from tests.pdf_checks import pdf_text

from .history import at, new_activity, recorded

Q1, Q2, Q3 = Quarter(2024, 1), Quarter(2024, 2), Quarter(2024, 3)
NOVEMBER = at("2024-11-15", "12:00")


def value(indicator, start: str, number: str, *, when: str, by):
    """Enter `number` for the period starting `start`, as if recorded on `when`."""
    entry = indicator.record_value(
        period=Period(datetime.date.fromisoformat(start), Cadence(indicator.cadence)), value=Decimal(number), by=by
    )
    recorded(entry, at(when))
    return entry


@pytest.fixture
def indicators(agreement, cast):
    official = cast["official"]
    area = GoalArea.objects.get(agreement=agreement, code="A")
    feeling = Indicator.objects.create(
        agreement=agreement, goal_area=area, name="Andel otrygga", unit="%", cadence=Cadence.YEARLY,
        direction=Indicator.Direction.LOWER, baseline=Decimal("30"), target=Decimal("20"),
    )  # fmt: skip
    recorded(feeling, at("2024-01-15"))
    # 2023's figure came in February as 28 and was revised to 35 on 1 May.
    value(feeling, "2023-01-01", "28", when="2024-02-10", by=official)
    value(feeling, "2023-01-01", "35", when="2024-05-01", by=official)

    activity = new_activity(agreement, "Feriepraktik", recorded=at("2024-01-10"))
    taking_part = make_indicator(
        activity, "Deltagare", cadence=Cadence.QUARTERLY, direction=Indicator.Direction.HIGHER,
        baseline=Decimal("40"), target=Decimal("60"),
    )  # fmt: skip
    recorded(taking_part, at("2024-01-15"))
    value(taking_part, "2024-01-01", "42", when="2024-04-10", by=official)
    value(taking_part, "2024-04-01", "50.5", when="2024-07-05", by=official)  # after Q2's end
    value(taking_part, "2024-07-01", "45", when="2024-10-05", by=official)
    # A forecast for Q4 entered in September: its period had not ended by the end of Q3.
    value(taking_part, "2024-10-01", "55", when="2024-09-20", by=official)

    later = make_indicator(activity, "Nytt mått")  # recorded now: after every quarter of 2024
    return {"feeling": feeling, "taking_part": taking_part, "later": later}


def sv(call, *args, **kwargs):
    with translation.override("sv"):
        return call(*args, **kwargs)


def series(quarter, agreement, now=None) -> dict[str, list[tuple[str, str]]]:
    return {
        entry["name"]: [(v["period"], v["value"]) for v in entry["values"]]
        for entry in dashboard_data(agreement, quarter, now=now)["indicators"]
    }


def direction(quarter, agreement, now=None) -> dict[str, bool | None]:
    return {e["name"]: e["right_way"] for e in dashboard_data(agreement, quarter, now=now)["indicators"]}


# --- indicators


def test_a_past_quarter_shows_only_the_values_known_at_its_end(agreement, indicators):
    # The 2023 figure as first entered; Q1's participants recorded only in April; no indicator made later.
    assert series(Q1, agreement) == {"Andel otrygga": [("2023", "28")], "Deltagare": []}
    # Revised by then; Q2's own figure recorded only in July.
    assert series(Q2, agreement) == {"Andel otrygga": [("2023", "35")], "Deltagare": [("2024 K1", "42")]}
    # Q4's forecast, though recorded in September, is for a period that had not ended.
    assert series(Q3, agreement)["Deltagare"] == [("2024 K1", "42"), ("2024 K2", "50.5")]
    assert series(Quarter(2024, 4), agreement, NOVEMBER)["Deltagare"][-1] == ("2024 K3", "45")


def test_the_direction_is_judged_by_whether_the_indicator_should_rise_or_fall(agreement, indicators):
    # Lower is better: 28 against a baseline of 30 is the right way, 35 the wrong one.
    assert direction(Q1, agreement) == {"Andel otrygga": True, "Deltagare": None}
    # Higher is better: 42 against a baseline of 40, then 50.5 after 42, then 45 after 50.5.
    assert direction(Q2, agreement) == {"Andel otrygga": False, "Deltagare": True}
    assert direction(Q3, agreement)["Deltagare"] is True
    assert direction(Quarter(2024, 4), agreement, NOVEMBER)["Deltagare"] is False


def test_the_page_shows_each_indicator_with_a_chart_a_summary_and_a_table(agreement, indicators, cast, login):
    html = login(cast["reader"]).get(reverse("reports:quarter", args=[agreement.pk, 2024, 2])).content.decode()

    assert "Indikatorer mot utgångsläge och mål (2)" in html
    assert "Senaste 2024 K1: 42 (mål 60, utgångsläge 40) – rätt riktning" in html
    assert 'Senaste 2023: 35 (mål 20, utgångsläge 30) – <strong class="late">fel riktning</strong>' in html
    assert '<svg class="sparkline"' in html and 'role="img"' in html and "<title" in html
    assert "Deltagare över tid" in html
    assert '<caption class="visually-hidden">Värden för Deltagare</caption>' in html
    assert '<th scope="col" class="number">2024 K1</th>' in html and '<td class="number">42</td>' in html


def test_beyond_twenty_indicators_are_listed_with_their_summary_only(agreement, indicators, cast, login):
    activity = indicators["taking_part"].activity
    for n in range(21):
        recorded(make_indicator(activity, f"Mått {n:02d}", baseline=Decimal("1")), at("2024-02-01"))
    html = login(cast["reader"]).get(reverse("reports:quarter", args=[agreement.pk, 2024, 2])).content.decode()

    assert "Indikatorer mot utgångsläge och mål (23)" in html
    assert html.count('<svg class="sparkline"') == 20
    assert "Mått 17 över tid" in html and "Mått 18 över tid" not in html
    assert "Mått 20</a> (antal)" in html and "Inget värde än (utgångsläge 1)" in html
    assert "De första 20 av 23 indikatorer visas med diagram och värden" in html


# --- the annual cycle


@pytest.fixture
def cycle(agreement):
    steps = {
        "picture": make_cycle_step(agreement, "Lägesbild", month=1, day=15, kind=CycleStep.Kind.SITUATION_PICTURE),
        "promises": make_cycle_step(agreement, "Löften okt–mar", month=10, day=1, kind=CycleStep.Kind.CITIZEN_PROMISES),
        "evaluation": make_cycle_step(agreement, "Utvärdering", month=11, day=30),
        "budget": make_cycle_step(agreement, "Budget", month=3, day=1),
    }
    make_promise(agreement, starts_on=datetime.date(2023, 10, 1))
    CycleCompletion.objects.create(step=steps["evaluation"], year=2023)
    CycleCompletion.objects.create(step=steps["budget"], year=2024)
    return steps


def test_the_cycle_shows_what_was_late_or_due_at_the_quarters_end_and_what_comes_next_quarter(agreement, cycle):
    rows = [(r["name"], r["due_on"], r["state"]) for r in dashboard_data(agreement, Q3)["annual_cycle"]]

    # No situation picture for 2024; the promises from 1 October within their notice; the evaluation in Q4 but
    # beyond its notice. Done dates before the quarter, and the budget's next date in 2025, are not listed.
    assert rows == [
        ("Lägesbild", "2024-01-15", "late"),
        ("Löften okt–mar", "2024-10-01", "due"),
        ("Utvärdering", "2024-11-30", "upcoming"),
    ]


def test_the_page_lists_the_cycle_with_states_in_words(agreement, cycle, cast, login):
    html = login(cast["reader"]).get(reverse("reports:quarter", args=[agreement.pk, 2024, 3])).content.decode()

    assert "Årshjulet: aktuellt och försenat (3)" in html
    assert '<th scope="row">Lägesbild</th>' in html and "Försenat</strong>" in html
    assert "Aktuellt" in html and "Kommande" in html


# --- approved reports, the PDF, the queries


def test_a_report_approved_before_the_dashboard_had_indicators_still_renders_and_says_so(
    agreement, indicators, cycle, cast, login
):
    old = dashboard_data(agreement, Q2)
    del old["indicators"], old["annual_cycle"]
    QuarterReport(
        agreement=agreement, year=2024, number=2, approved_by=cast["strategic"], approved_by_name="Strategic",
        decision="§ 12", snapshot=old, approved_at=at("2024-07-15"),
    ).save()  # fmt: skip
    client = login(cast["strategic"])

    page = client.get(reverse("reports:quarter", args=[agreement.pk, 2024, 2]))
    pdf = client.get(reverse("reports:quarter_pdf", args=[agreement.pk, 2024, 2]))

    assert page.status_code == 200 and pdf.status_code == 200
    html, text = page.content.decode(), pdf_text(pdf.content)
    for said in (html, text):
        assert "Indikatorerna finns inte med i den här godkända rapporten" in said
        assert "Årshjulet finns inte med i den här godkända rapporten" in said
    assert "Deltagare" not in html


def test_an_approved_report_keeps_the_values_known_when_it_was_approved(agreement, indicators, cast, login):
    report = QuarterReport.approve(agreement, Q3, by=cast["strategic"], decision="§ 12")
    # A revision of Q2's figure, dated in the quarter: the live figures would take it, the approved ones do not.
    value(indicators["taking_part"], "2024-04-01", "70", when="2024-09-01", by=cast["official"])
    assert series(Q3, agreement)["Deltagare"][-1] == ("2024 K2", "70")

    html = login(cast["reader"]).get(reverse("reports:quarter", args=[agreement.pk, 2024, 3])).content.decode()
    assert report.snapshot["indicators"][1]["values"][-1] == {"period": "2024 K2", "value": "50.5"}
    assert "Senaste 2024 K2: 50,5 (mål 60, utgångsläge 40) – rätt riktning" in html


def test_the_pdf_carries_each_indicators_summary_and_the_cycle(agreement, indicators, cycle, cast, login):
    pdf = login(cast["strategic"]).get(reverse("reports:quarter_pdf", args=[agreement.pk, 2024, 3]))
    text = pdf_text(pdf.content)

    assert "Indikatorer mot utgångsläge och mål (2)" in text
    assert "Senaste 2024 K2: 50,5 (mål 60, utgångsläge 40) – rätt riktning" in text
    assert "Senaste 2023: 35 (mål 20, utgångsläge 30) – fel riktning" in text
    assert "Årshjulet: aktuellt och försenat (3)" in text and "Lägesbild" in text and "Försenat" in text


def grow(agreement, cast, size: int) -> None:
    """`size` more indicators, of goal areas and activities, each with values and a revision, and cycle steps."""
    area = GoalArea.objects.get(agreement=agreement, code="A")
    activity = new_activity(agreement, f"Aktivitet {size}", recorded=at("2024-01-10"))
    for n in range(size):
        indicator = Indicator.objects.create(
            agreement=agreement, name=f"Mått {size}-{n}", cadence=Cadence.QUARTERLY,
            **({"goal_area": area} if n % 2 else {"activity": activity}),
        )  # fmt: skip
        recorded(indicator, at("2024-01-15"))
        for start in ("2024-01-01", "2024-04-01"):
            value(indicator, start, str(n), when="2024-07-10", by=cast["official"])
            value(indicator, start, str(n + 1), when="2024-08-10", by=cast["official"])
        make_cycle_step(agreement, f"Steg {size}-{n}", month=n % 12 + 1, day=1)


@pytest.mark.parametrize("path", ["current", "past"])
def test_the_number_of_queries_does_not_grow_with_indicators_values_or_cycle_steps(agreement, cast, login, path):
    client = login(cast["strategic"])
    url = (
        reverse("reports:dashboard", args=[agreement.pk])
        if path == "current"
        else reverse("reports:quarter", args=[agreement.pk, 2024, 3])
    )
    grow(agreement, cast, 2)
    small = queries_for(client, url)
    grow(agreement, cast, 25)
    data = dashboard_data(agreement, Q3)
    assert len(data["indicators"]) == 27 and len(data["annual_cycle"]) > 2
    assert queries_for(client, url) == small
