"""The governance journeys: a meeting prepared, held and approved; an action item and an indicator value; a
question raised upward and answered. In Chromium against the live server, on the demo data.

The demo names the bodies' members but gives none of them a login, so the few logins a journey needs are set up
here through the ORM; everything the journey itself does goes through the pages.
"""

import datetime
import io
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.utils import timezone
from pypdf import PdfReader

from activities.models import Activity, Status
from agreements.models import Membership, Role
from followup.models import Indicator
from meetings.models import (
    STOCKHOLM,
    ActionItem,
    Attendance,
    Body,
    BodyKind,
    Decision,
    Meeting,
    RaisedQuestion,
    Recusal,
)

from ..factories import PASSWORD, make_meeting, make_member
from .test_journeys import demo, log_in_with_keyboard, new_page, screenshot, tab_to

__all__ = ["demo"]  # the fixture, shared with the other journeys

User = get_user_model()


# --- keyboard


def press(page, locator, key: str = "Enter", *, navigates: bool = True) -> None:
    """Focus `locator` (as Tab would: it must be a Tab stop) and press `key` on it: a keyboard user's click."""
    assert locator.evaluate("el => el.tabIndex >= 0 && !el.disabled && el.checkVisibility()"), "not a Tab stop"
    locator.focus()
    if navigates:
        with page.expect_navigation():
            page.keyboard.press(key)
    else:
        page.keyboard.press(key)


def type_into(page, locator, text: str) -> None:
    locator.focus()
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def choose(page, select, option: str) -> None:
    """Pick an option of a closed <select> by typing the start of its text, as a keyboard user does."""
    select.focus()
    page.keyboard.type(option)
    assert select.evaluate("el => el.options[el.selectedIndex].text").startswith(option)


def type_date(page, field, day: datetime.date) -> None:
    """Type a date into a date field digit by digit. The field's segments follow the browser's own language, not
    the page's (Debian's Chromium here runs in English: month, day, year), so both orders are tried."""
    for digits in (f"{day:%m%d%Y}", f"{day:%Y%m%d}"):
        field.focus()
        page.keyboard.type(digits)
        if field.input_value() == day.isoformat():
            return
        field.evaluate("el => { el.value = ''; }")
    raise AssertionError(f"could not type {day} into the date field")


def named(visible: str, hidden: str) -> re.Pattern:
    """A control's accessible name: its visible words and the visually hidden ones that say which it is."""
    return re.compile(rf"^{re.escape(visible)}\s*[:–]\s*{re.escape(hidden)}$")


def open_page(browser, server, width: int = 1280):
    page = new_page(browser, server, width=width)
    page.set_default_timeout(5_000)  # a control that is not there fails the journey now, not in 30 s
    return page


def main_text(page) -> str:
    return " ".join(page.locator("main").inner_text().split())


def see(page, text: str) -> None:
    shown = main_text(page)
    assert text in shown, shown


def person(username: str, first: str, last: str, agreement, role: Role) -> User:
    user = User.objects.create_user(username, password=PASSWORD, first_name=first, last_name=last)
    Membership.objects.create(agreement=agreement, user=user, role=role)
    return user


def local_today() -> datetime.date:
    return timezone.localdate()


def days_from_today(days: int, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(
        local_today() + datetime.timedelta(days=days), datetime.time(hour), tzinfo=STOCKHOLM
    )


# --- 1. the secretary's meeting, approved by both adjusters, then corrected


def strategic_meeting(agreement):
    """The strategic leadership's next meeting, today at 09:00, prepared by the fixture's official (its
    secretary) and approved by two of the members the demo names, who get logins here. One activity's status
    changed since the previous meeting, so the agenda draft has something to offer."""
    body = Body.objects.get(agreement=agreement, kind__kind=BodyKind.Kind.STRATEGIC)
    adjusters = []
    for username, first, last in (("lars", "Lars", "Jansson"), ("peringe", "Per-Inge", "Hellman")):
        user = person(username, first, last, agreement, Role.STRATEGIC)
        seat = body.members.get(name=f"{first} {last}")
        seat.user = user
        seat.save()
        adjusters.append(user)
    secretary = User.objects.get(username="browser-official")
    meeting = make_meeting(
        body,
        starts_at=days_from_today(0, 9),
        adjusters=adjusters,
        secretary=secretary,
        chair=adjusters[0],
        place="Stadshuset",
    )
    activity = Activity.objects.filter(agreement=agreement, parent=None).order_by("pk").first()
    activity.set_status(
        Status.objects.get(agreement=agreement, kind=Status.Kind.ONGOING), by=secretary, comment="Igång i Bäckby."
    )
    return meeting, activity, adjusters


def test_secretary_prepares_holds_and_gets_the_minutes_approved_and_corrected_by_keyboard(browser, server, demo):
    agreement, _ = demo
    meeting, activity, (lars, per_inge) = strategic_meeting(agreement)
    page = open_page(browser, server)
    log_in_with_keyboard(page, "browser-official")
    page.goto(meeting.get_absolute_url())

    # Prepare: the agenda draft offers the status change; put it on the agenda.
    tab_to(page, "Förslag till dagordning")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    changed = page.locator("section", has=page.get_by_role("heading", name="Status ändrad sedan förra mötet"))
    entry = changed.locator(".draft-entry", has=page.get_by_role("heading", name=activity.name, exact=True))
    assert "Nu Pågår: Igång i Bäckby." in entry.inner_text()
    press(page, entry.get_by_role("button", name=named("Ta med på dagordningen", activity.name)), " ")
    assert f"”{activity.name}” står på dagordningen." in main_text(page)
    assert "✓ På dagordningen" in entry.inner_text()
    screenshot(page, "governance-agenda-draft-1280.png")
    page.set_viewport_size({"width": 768, "height": 1024})
    screenshot(page, "governance-agenda-draft-768.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert meeting.items.get().title == activity.name

    # A second item of the secretary's own.
    press(page, page.get_by_role("link", name=re.compile(r"^← Strategisk ledning")))
    press(page, page.get_by_role("link", name="Lägg till en punkt"))
    type_into(page, page.get_by_label("Titel"), "Lägesbild trygghet")
    press(page, page.get_by_role("button", name="Spara", exact=True))
    see(page, "”Lägesbild trygghet” står på dagordningen.")
    item_status, item_picture = meeting.items.order_by("position")

    # Hold it: everyone invited, all present but one, who is absent.
    press(page, page.get_by_role("link", name="Registrera närvaro"))
    press(page, page.get_by_role("button", name="Kalla alla som sitter i organet"))
    rows = page.locator("table.attendance tbody tr")
    assert rows.count() == meeting.body.members.count()
    for index in range(rows.count()):
        row = rows.nth(index)
        absent = row.locator("th").inner_text().startswith("Browser-strategic")
        choose(page, row.get_by_label("Närvaro"), "Frånvarande" if absent else "Närvarande")
    press(page, page.get_by_role("button", name="Spara närvaron"))
    see(page, "Närvaron sparades.")
    attendance = page.locator("section", has=page.get_by_role("heading", name="Närvaro")).inner_text()
    assert "Per-Inge Hellman, enhetschef Hållbarhetsenheten (HE)" in attendance.split("Frånvarande")[0]
    assert "Frånvarande\nBrowser-strategic, Exempel: ledamot" in attendance
    press(page, page.get_by_role("button", name="Markera som genomfört"))
    assert "Genomfört" in main_text(page)

    # Per-Inge Hellman takes no part in the status item.
    press(page, page.get_by_role("link", name=named("Ändra punkten", item_status.title)))
    choose(page, page.get_by_label("Vem"), "Per-Inge Hellman")
    type_into(page, page.get_by_label("Skäl"), "Styrelseledamot i utföraren")
    press(page, page.get_by_role("button", name="Registrera jävet"))
    press(page, page.get_by_role("link", name="← Tillbaka till mötet"))
    item_text = page.locator(f"#item-{item_status.pk}").inner_text()
    assert "Jäv: Per-Inge Hellman, enhetschef Hållbarhetsenheten (HE) deltog inte i punkten" in item_text

    # Two decisions and an action item.
    for item, text in (
        (item_status, "Insatsen fortsätter i Bäckby."),
        (item_picture, "Lägesbilden läggs till handlingarna."),
    ):
        press(page, page.get_by_role("link", name=named("För in ett beslut", item.title)))
        type_into(page, page.get_by_label(re.compile(r"^Beslut \(")), text)
        press(page, page.get_by_role("button", name="För in beslutet"))
        assert text in main_text(page)
        page.goto(meeting.get_absolute_url())
    press(page, page.get_by_role("link", name=named("Lägg till en åtgärdspunkt", item_picture.title)))
    type_into(page, page.get_by_label("Vad"), "Ta fram lägesbild för Skultuna")
    choose(page, page.get_by_label("Ägare"), "Lars Jansson")
    type_date(page, page.get_by_label("Klar senast"), datetime.date(2030, 1, 31))
    press(page, page.get_by_role("button", name="Lägg till"))
    picture_text = page.locator(f"#item-{item_picture.pk}").inner_text()
    assert "Åtgärdspunkt: Ta fram lägesbild för Skultuna – Lars Jansson, klar senast 2030-01-31" in picture_text
    assert "Lägesbilden läggs till handlingarna." in picture_text
    # The screenshots show the agenda as the meeting recorded it: jäv, decisions, the action item.
    for width, height in ((1280, 900), (768, 1024)):
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("document.getElementById('agenda-heading').scrollIntoView()")
        screenshot(page, f"governance-meeting-{width}.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert list(Decision.objects.filter(item__meeting=meeting).values_list("text", flat=True).order_by("pk")) == [
        "Insatsen fortsätter i Bäckby.",
        "Lägesbilden läggs till handlingarna.",
    ]
    assert ActionItem.objects.get(item=item_picture).owner == lars
    assert Recusal.objects.get(item=item_status).attendance.member.user == per_inge
    assert Attendance.objects.filter(meeting=meeting, status=Attendance.Status.ABSENT).count() == 1

    # Both adjusters approve, each in a browser of their own.
    for adjuster, message in (
        (lars, "Din justering är registrerad; protokollet väntar på den andra justeraren."),
        (per_inge, "Protokollet är justerat av alla justerare och är nu låst."),
    ):
        own = open_page(browser, server)
        log_in_with_keyboard(own, adjuster.username)
        own.goto(meeting.get_absolute_url())
        press(own, own.get_by_role("button", name="Justera protokollet"))
        assert message in main_text(own)
        own.context.close()
    meeting.refresh_from_db()
    assert meeting.is_approved

    # The minutes PDF says who approved them, and when.
    page.reload()
    tab_to(page, "Protokoll (PDF)")
    with page.expect_download() as download_info:
        page.keyboard.press("Enter")
    pdf = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    today = local_today().isoformat()
    assert f"Justerat {today}; protokollet är låst." in text
    for name in ("Lars Jansson", "Per-Inge Hellman"):
        assert re.search(rf"{name}, justerare Justerat i portalen {today} \d\d:\d\d", text), name
    assert "EJ JUSTERAT" not in text
    for decision in Decision.objects.filter(item__meeting=meeting):
        assert f"Beslut {decision.label}: {decision.text}" in text
    assert "Åtgärdspunkt: Ta fram lägesbild för Skultuna – Lars Jansson, klar senast 2030-01-31" in text
    assert "Jäv: Per-Inge Hellman, enhetschef Hållbarhetsenheten (HE) deltog inte i punkten" in text

    # A correction afterwards, approved by both, shows with the minutes.
    press(page, page.get_by_role("link", name="För in en rättelse"))
    choose(page, page.get_by_label("Punkt"), f"{item_picture.title}")
    type_into(page, page.get_by_label("Protokollet lyder"), "Lägesbilden läggs till handlingarna.")
    type_into(page, page.get_by_label("Det ska lyda"), "Lägesbilden godkänns och läggs till handlingarna.")
    type_into(page, page.get_by_label("Varför"), "Skrivfel i protokollet")
    press(page, page.get_by_role("button", name="För in rättelsen"))
    for adjuster in (lars, per_inge):
        own = open_page(browser, server)
        log_in_with_keyboard(own, adjuster.username)
        own.goto(meeting.get_absolute_url())
        press(own, own.get_by_role("button", name="Justera rättelse 1"))
        own.context.close()
    page.reload()
    correction = " ".join(page.locator("#correction-1").inner_text().split())
    assert f"Rättelse 1 – {item_picture.title} ✓ justerad" in correction
    assert "Det ska lyda Lägesbilden godkänns och läggs till handlingarna." in correction
    assert f"Justerad av Lars Jansson {local_today():%Y-%m-%d}" in correction
    assert meeting.corrections.get().is_approved


# --- 2. the official's action item and indicator value


def test_official_marks_an_action_item_done_and_enters_an_indicator_value(browser, server, demo):
    agreement, _ = demo
    official = User.objects.get(username="handlaggare")
    indicator = Indicator.objects.filter(agreement=agreement, owner=official, by_district=False).order_by("pk").first()
    operative = Body.objects.get(agreement=agreement, kind__kind=BodyKind.Kind.OPERATIVE)
    action = ActionItem.objects.create(
        body=operative,
        activity=indicator.activity,
        what="Rapportera antalet feriepraktikanter",
        owner=official,
        due_on=local_today() + datetime.timedelta(days=7),
    )
    page = open_page(browser, server)
    log_in_with_keyboard(page, "handlaggare", "samverkan")
    mine = page.locator(f"#action-{action.pk}")
    assert "Rapportera antalet feriepraktikanter" in mine.inner_text()
    assert operative.name in mine.inner_text()
    press(page, mine.get_by_role("button", name=named("Markera som klar", action.what)))
    see(page, f"”{action.what}” är markerad som klar.")
    assert page.locator(f"#action-{action.pk}").count() == 0
    action.refresh_from_db()
    assert action.done_at is not None

    # To the activity through "Mina aktiviteter"; its page shows the action item done and links its indicator.
    press(page, page.get_by_role("navigation").get_by_role("link", name="Mina aktiviteter"))
    press(page, page.get_by_role("link", name=indicator.activity.name, exact=True).first)
    actions = page.locator("section.activity-actions")
    actions.wait_for()
    assert f"{action.what}" in actions.inner_text() and f"klar {local_today():%Y-%m-%d}" in actions.inner_text()
    works = page.locator("section", has=page.get_by_role("heading", name="Fungerar det?"))
    press(page, works.get_by_role("link", name=indicator.name))
    year = str(local_today().year - 1)
    type_into(page, page.get_by_label("Period"), year)
    type_into(page, page.get_by_role("textbox", name=re.compile("^Värde")), "42")
    page.evaluate("window.__marker = 'no reload'")
    press(page, page.get_by_role("button", name="Spara värdet"), navigates=False)
    row = page.locator("#values tr", has=page.get_by_role("rowheader", name=year, exact=True))
    row.locator("td.number", has_text="42").wait_for()
    assert "Preliminärt" in row.inner_text() and "Joanna" in row.inner_text()
    assert page.evaluate("window.__marker") == "no reload"
    value = indicator.values.get()
    assert (value.value, value.period_start.year, value.entered_by) == (42, int(year), official)


# --- 3. a question raised from a working group to the operative leadership, answered there


def test_working_group_raises_a_question_that_the_operative_secretary_answers(browser, server, demo):
    agreement, _ = demo
    operative = Body.objects.get(agreement=agreement, kind__kind=BodyKind.Kind.OPERATIVE)
    group = Body.objects.filter(reports_to=operative).order_by("order", "pk").first()
    member = person("arbetsgrupp", "Amir", "Arbetsgrupp", agreement, Role.OFFICIAL)
    make_member(group, member, function="samordnare", is_convenor=True)
    secretary = person("opsekreterare", "Olle", "Operativ", agreement, Role.OPERATIVE)
    make_member(operative, secretary, function="sekreterare", is_secretary=True)
    held = make_meeting(group, starts_at=days_from_today(-3, 13), state=Meeting.State.HELD)
    item = held.items.create(position=1, title="Lokaler för kvällsverksamhet")
    next_operative = make_meeting(operative, starts_at=days_from_today(7, 9), secretary=secretary)
    question_text = "Kan operativ ledning ordna lokaler för kvällsverksamheten i Råby?"

    page = open_page(browser, server)
    log_in_with_keyboard(page, "arbetsgrupp")
    page.goto(held.get_absolute_url())
    press(page, page.get_by_role("link", name=named("Lyft till organet som det rapporterar till", item.title)))
    type_into(page, page.get_by_label("Fråga"), question_text)
    press(page, page.get_by_role("button", name="Lyft frågan"))
    see(page, f"Frågan är lyft till {operative.name}")
    waiting = " ".join(page.locator(f"#item-{item.pk} .raised-question").inner_text().split())
    assert waiting == f"Lyft till {operative.name}: {question_text} (inte besvarad än)"

    other = open_page(browser, server)
    log_in_with_keyboard(other, "opsekreterare")
    other.goto(next_operative.get_absolute_url())
    press(other, other.get_by_role("link", name="Förslag till dagordning"))
    entry = other.locator(".draft-entry", has=other.get_by_role("heading", name=question_text))
    assert f"Lyft från {group.name}" in entry.inner_text()
    assert "Lyft av Amir Arbetsgrupp" in entry.inner_text()
    press(other, entry.get_by_role("button", name=named("Ta med på dagordningen", question_text)))
    assert "✓ På dagordningen" in entry.inner_text()
    assert next_operative.items.get().title == question_text
    press(other, entry.get_by_role("link", name=named("Svara", question_text)))
    type_into(other, other.get_by_label("Svar", exact=True), "Ja, fritidsgården i Råby är ledig tisdagar.")
    press(other, other.get_by_role("button", name="Skicka tillbaka svaret"))
    see(other, "Svaret är sparat och visas där frågan lyftes.")
    assert f"{question_text} (besvarad)" in main_text(other)

    page.reload()
    origin = page.locator(f"#item-{item.pk}").inner_text()
    assert question_text in origin
    assert "Svar: Ja, fritidsgården i Råby är ledig tisdagar." in origin
    assert RaisedQuestion.objects.get(question=question_text).answered_by == secretary
