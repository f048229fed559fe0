"""The dashboard's governance: what changed since the strategic body's previous meeting, and the meetings,
minutes, decisions and action items as they stood at the quarter's end (reports/governance.py)."""

import pytest
from django.urls import reverse
from django.utils import translation

from meetings.models import Decision, Meeting
from reports.dashboard import dashboard_data
from reports.models import QuarterReport
from reports.quarters import Quarter
from tests.activities.helpers import queries_for
from tests.factories import make_body
from tests.pdf_checks import pdf_text

from .history import action_item, at, build_2024, build_meetings_2024, decision, meeting, recorded

Q3 = Quarter(2024, 3)
Q4 = Quarter(2024, 4)
# "The current quarter": Q4 2024 as it stood on 15 November, a month and a half before its end.
NOVEMBER = at("2024-11-15", "12:00")


@pytest.fixture
def plan(agreement, cast):
    return build_2024(agreement, by=cast["official"])


@pytest.fixture
def bodies(agreement, cast, plan):
    return build_meetings_2024(agreement, cast, plan)


def sv(call, *args, **kwargs):
    with translation.override("sv"):
        return call(*args, **kwargs)


def governance(quarter, agreement, now=None) -> dict:
    return sv(dashboard_data, agreement, quarter, now=now)["governance"]


def changed(changes: dict) -> list[str]:
    return [c["name"] for c in changes["status_changes"]]


# --- since the strategic body's previous meeting


def test_changes_are_those_since_the_strategic_bodys_last_held_meeting_before_the_quarters_end(agreement, bodies):
    changes = sv(dashboard_data, agreement, Q3)["changes"]

    # 12 September, not the planned meeting of the 20th, the cancelled one of the 25th, the operative body's
    # meeting that day, or the strategic meeting of 10 October (after the quarter).
    assert (changes["since"], changes["since_label"]) == ("2024-09-12", "mötet i Strategisk ledning den 2024-09-12")
    # Trygghetsvandring went ongoing on the 27th; Feriepraktik finished in August, before the meeting.
    assert changed(changes) == ["Trygghetsvandring"]


def test_while_the_quarter_runs_the_changes_are_those_since_its_last_meeting_so_far(agreement, bodies):
    changes = sv(dashboard_data, agreement, Q4, now=NOVEMBER)["changes"]

    # 10 October, not the meeting of 5 December, still to come.
    assert changes["since"] == "2024-10-10"
    # Trygghetsvandring's change was recorded on 2 October, before the meeting heard of it.
    assert changed(changes) == ["MBU"]
    assert [entry["name"] for entry in changes["new"]] == ["Nattvandring"]
    assert [entry["name"] for entry in changes["dropped"]] == ["MBU"]


def test_without_a_meeting_held_before_it_the_changes_are_those_since_the_previous_quarter(agreement, plan, cast):
    strategic = make_body(agreement, "Strategisk ledning", kind="strategic")
    meeting(strategic, "2024-05-02", Meeting.State.PLANNED, adjuster=cast["strategic"])
    meeting(make_body(agreement, "Operativ ledning", kind="operative"), "2024-05-02", Meeting.State.HELD,
            adjuster=cast["strategic"])  # fmt: skip
    changes = sv(dashboard_data, agreement, Quarter(2024, 2))["changes"]

    assert (changes["since"], changes["since_label"]) == ("2024-03-31", "föregående kvartals slut")
    assert changed(changes) == ["Läxhjälp", "Feriepraktik"]


def test_the_page_says_since_which_meeting(agreement, bodies, cast, login):
    html = login(cast["reader"]).get(reverse("reports:quarter", args=[agreement.pk, 2024, 3])).content.decode()

    assert "Vad som har ändrats sedan mötet i Strategisk ledning den 2024-09-12" in html


# --- the governance figures, past and current


def test_meetings_against_the_cadence_count_those_held_by_the_quarters_end(agreement, bodies):
    def cadence(quarter, now=None):
        return [
            (r["body"], r["held"], r["expected"], r["behind"]) for r in governance(quarter, agreement, now)["cadence"]
        ]

    # By 30 September the quarterly body had held three (the planned and the cancelled ones do not count, nor
    # October's) of the two its cadence asks for by then; the working group one of four.
    assert cadence(Q3) == [
        ("Strategisk ledning", 3, 2, False),
        ("Operativ ledning", 1, None, False),
        ("Arbetsgrupp trygghet", 1, 4, True),
    ]
    assert cadence(Q4, NOVEMBER) == [
        ("Strategisk ledning", 4, 3, False),
        ("Operativ ledning", 1, None, False),
        ("Arbetsgrupp trygghet", 1, 5, True),
    ]


def test_minutes_awaiting_approval_by_the_moment_they_were_approved(agreement, bodies):
    def awaiting(quarter, now=None):
        return [(m["body"], m["date"], m["overdue"]) for m in governance(quarter, agreement, now)["awaiting_approval"]]

    # June's minutes were approved on 10 July: awaited (and overdue) at the end of Q2, not of Q3.
    assert awaiting(Quarter(2024, 2)) == [("Strategisk ledning", "2024-06-12", True)]
    assert awaiting(Q3) == [("Strategisk ledning", "2024-09-12", True), ("Operativ ledning", "2024-09-25", False)]
    assert awaiting(Q4, NOVEMBER) == [
        ("Operativ ledning", "2024-09-25", True),
        ("Strategisk ledning", "2024-10-10", True),
    ]


def test_decisions_taken_in_the_quarter_by_the_day_they_were_taken(agreement, bodies):
    q3 = governance(Q3, agreement)["decisions"]

    # SL 2024:3 was recorded on 3 October, about 28 September.
    assert [(d["label"], d["decided_on"]) for d in q3] == [("SL 2024:2", "2024-09-12"), ("SL 2024:3", "2024-09-28")]
    assert q3[0]["excerpt"].startswith("Trygghetsvandringar ska genomföras") and q3[0]["excerpt"].endswith("…")
    assert len(q3[0]["excerpt"]) <= 200
    assert [d["label"] for d in governance(Q4, agreement, NOVEMBER)["decisions"]] == ["OL 2024:1"]


def test_decisions_late_in_execution_as_their_history_recorded_them_by_the_quarters_end(agreement, bodies):
    def late(quarter, now=None):
        return [
            (d["label"], d["due_on"], d["execution"]) for d in governance(quarter, agreement, now)["late_decisions"]
        ]

    # SL 2024:1 was due on 31 August and done only on 5 October: late at the end of Q3, though done now.
    assert late(Q3) == [("SL 2024:1", "2024-08-31", Decision.Execution.NOT_STARTED)]
    assert late(Q4, NOVEMBER) == [("OL 2024:1", "2024-11-01", Decision.Execution.IN_PROGRESS)]


def test_open_and_overdue_action_items_as_they_stood_at_the_quarters_end(agreement, bodies):
    def items(quarter, now=None):
        return [
            (a["what"], a["owner"], a["due_on"], a["overdue"])
            for a in governance(quarter, agreement, now)["action_items"]
        ]

    # "Ta fram budget" was done on 2 October; "Skicka inbjudan" done on 5 September and reopened in October.
    assert items(Q3) == [
        ("Ta fram budget", "Strategic", "2024-09-15", True),
        ("Rapportera", "Official", "2024-09-30", False),
        ("Boka lokal", "Official", "2024-10-15", False),
    ]
    assert items(Q4, NOVEMBER) == [
        ("Skicka inbjudan", "Official", "2024-09-10", True),
        ("Boka lokal", "Official", "2024-10-15", True),
        ("Utvärdera sommaren", "Official", "2024-12-01", False),
    ]


def test_the_page_shows_the_governance_section_to_the_strategic_group(agreement, bodies, cast, login):
    html = login(cast["strategic"]).get(reverse("reports:quarter", args=[agreement.pk, 2024, 3])).content.decode()

    assert '<h2 id="governance">Möten, beslut och åtgärdspunkter</h2>' in html
    assert "Genomförda möten mot mötesfrekvensen, 2024" in html
    assert '<th scope="row"><a href="/moten/organ/' in html and "⚠ </span>efter" in html
    assert "Protokoll som väntar på justering (2)" in html
    assert "Beslut fattade 2024 kvartal 3 (2)" in html and "SL 2024:3" in html
    assert "Beslut med försenad verkställighet (1)" in html and "ska verkställas senast 2024-08-31" in html
    assert "Öppna åtgärdspunkter (3, varav 1 försenade)" in html and "Ta fram budget" in html


def test_a_reader_who_sees_no_meetings_sees_no_decisions_or_action_items(agreement, bodies, cast, login):
    html = login(cast["reader"]).get(reverse("reports:quarter", args=[agreement.pk, 2024, 3])).content.decode()

    assert "Visas för den strategiska och den operativa ledningen" in html
    assert "Ta fram budget" not in html and "SL 2024:3" not in html


def test_each_governance_list_shows_its_first_entries_and_links_to_the_whole_list(
    agreement, bodies, cast, login, monkeypatch
):
    from reports import dashboard

    monkeypatch.setattr(dashboard, "PAGE_LIMIT", 1)
    client = login(cast["strategic"])
    html = client.get(reverse("reports:quarter", args=[agreement.pk, 2024, 3])).content.decode()
    section = html.split('id="governance"')[1].split("</section>")[0]

    for kind, count in [("protokoll", 2), ("beslut", 2), ("atgarder", 3)]:
        url = reverse("reports:quarter_list", args=[agreement.pk, 2024, 3, kind])
        assert f'href="{url}">Visa alla {count}' in section
        whole = client.get(url).content.decode()
        assert f"1–{count} av {count}" in whole
    assert (
        "Ta fram budget"
        in client.get(reverse("reports:quarter_list", args=[agreement.pk, 2024, 3, "atgarder"])).content.decode()
    )
    # One late decision: listed in full on the dashboard, no link.
    assert reverse("reports:quarter_list", args=[agreement.pk, 2024, 3, "forsenade-beslut"]) not in section


@pytest.mark.parametrize("kind", ["protokoll", "beslut", "forsenade-beslut", "atgarder"])
def test_a_reader_who_sees_no_meetings_is_refused_the_whole_governance_lists(agreement, bodies, cast, login, kind):
    response = login(cast["reader"]).get(reverse("reports:quarter_list", args=[agreement.pk, 2024, 3, kind]))

    assert response.status_code == 403


# --- approved reports, the PDF, the queries


def test_a_report_approved_before_the_dashboard_had_governance_still_renders_and_says_so(
    agreement, bodies, cast, login
):
    old = dashboard_data(agreement, Q3)
    del old["governance"]
    QuarterReport(
        agreement=agreement, year=2024, number=3, approved_by=cast["strategic"], approved_by_name="Strategic",
        decision="§ 12", snapshot=old, approved_at=at("2024-10-15"),
    ).save()  # fmt: skip
    client = login(cast["strategic"])

    page = client.get(reverse("reports:quarter", args=[agreement.pk, 2024, 3]))
    pdf = client.get(reverse("reports:quarter_pdf", args=[agreement.pk, 2024, 3]))

    assert page.status_code == 200 and pdf.status_code == 200
    assert "finns inte med i den här godkända rapporten" in page.content.decode()
    assert "finns inte med i den här godkända rapporten" in pdf_text(pdf.content)


def test_an_approved_report_keeps_the_governance_of_its_quarter(agreement, bodies, cast):
    report = QuarterReport.approve(agreement, Q3, by=cast["strategic"], decision="§ 12")

    assert [a["what"] for a in report.snapshot["governance"]["action_items"]] == [
        "Ta fram budget",
        "Rapportera",
        "Boka lokal",
    ]


def test_the_pdf_carries_the_governance_figures(agreement, bodies, cast, login):
    text = pdf_text(login(cast["strategic"]).get(reverse("reports:quarter_pdf", args=[agreement.pk, 2024, 3])).content)

    assert "Möten, beslut och åtgärdspunkter" in text
    assert "Arbetsgrupp trygghet 6 gånger per år 1 4 efter" in text
    assert "Protokoll som väntar på justering (2)" in text and "Strategisk ledning 2024-09-12" in text
    assert "Beslut fattade 2024 kvartal 3 (2)" in text and "SL 2024:2, 2024-09-12" in text
    assert "Beslut med försenad verkställighet (1)" in text and "SL 2024:1" in text
    assert "Öppna åtgärdspunkter (3, varav 1 försenade)" in text and "Ta fram budget Strategic" in text


def grow(agreement, cast, bodies, plan, size: int) -> None:
    """`size` more of everything the section lists, each with history: meetings held in August whose minutes
    await approval, decisions of August late in execution, action items still open (done and reopened)."""
    sl, official = bodies["sl"], cast["official"]
    for n in range(size):
        meeting(sl, f"2024-08-{n % 28 + 1:02d}", Meeting.State.HELD, adjuster=cast["strategic"])
        taken = decision(
            sl, f"Beslut {n}.", decided="2024-08-01", recorded_on="2024-08-01", by=official, due="2024-08-15"
        )
        taken.set_execution(Decision.Execution.IN_PROGRESS, by=official)
        recorded(taken, at("2024-08-20"))
        action = action_item(
            sl, f"Punkt {n}", activity=plan["ferie"], owner=official, due="2024-09-01", raised="2024-08-01"
        )
        action.mark_done(by=official)
        recorded(action, at("2024-08-20"))
        action.reopen(by=official)
        recorded(action, at("2024-08-25"))


@pytest.mark.parametrize("path", ["current", "past"])
def test_the_number_of_queries_does_not_grow_with_meetings_decisions_or_action_items(
    agreement, plan, bodies, cast, login, path
):
    client = login(cast["strategic"])
    url = (
        reverse("reports:dashboard", args=[agreement.pk])
        if path == "current"
        else reverse("reports:quarter", args=[agreement.pk, 2024, 3])
    )
    grow(agreement, cast, bodies, plan, 2)
    small = queries_for(client, url)
    grow(agreement, cast, bodies, plan, 20)
    data = dashboard_data(agreement, Q3)["governance"]
    assert min(len(data[key]) for key in ("awaiting_approval", "decisions", "late_decisions", "action_items")) > 20
    assert queries_for(client, url) == small
