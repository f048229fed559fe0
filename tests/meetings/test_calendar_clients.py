"""Every calendar the portal serves for the demo data, read by two independent parsers: Python's `icalendar` and
Mozilla's `ical.js` (Thunderbird's, run by node on tests/meetings/ical_check.mjs). Both must accept every feed and
every single-meeting download, see the same events, and put every meeting at its Stockholm time, also on either
side of a change to or from summer time.

node and ical.js come with `make install` (package.json pins ical.js); when either is missing this fails, as a
calendar program that cannot read the feeds is a failure, not something to skip.
"""

import datetime
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from meetings.calendar_views import bodies_for_feeds
from meetings.models import STOCKHOLM, CalendarFeed, Meeting
from tests.browser.data import build_demo, make_role_users
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("ical_check.mjs")
ICAL_JS = REPO / "node_modules" / "ical.js" / "package.json"

# Summer time ended on 27 October 2024 and began on 30 March 2025: 09:00 in Stockholm is 08:00 UTC on the first
# Monday after the autumn change and 07:00 UTC on the first Monday after the spring one.
AUTUMN = datetime.datetime(2024, 10, 28, 9, tzinfo=STOCKHOLM)
SPRING = datetime.datetime(2025, 3, 31, 9, tzinfo=STOCKHOLM)


@pytest.fixture(scope="module")
def node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: the calendar check needs it (`make install` installs it)")
    if not ICAL_JS.exists():
        pytest.fail(f"{ICAL_JS.parent} is missing: run `make install` (npm ci installs ical.js from package.json)")
    pinned = json.loads((REPO / "package.json").read_text())["devDependencies"]["ical.js"]
    installed = json.loads(ICAL_JS.read_text())["version"]
    assert installed == pinned, f"node_modules has ical.js {installed}, package.json pins {pinned}: run `make install`"
    return node


@pytest.fixture
def demo(db):
    """The demo data with the example meetings the browser tests add, and two meetings at 09:00 in Stockholm
    just after summer time ends and begins, in the body whose members the example users are."""
    agreement = build_demo()
    make_role_users(agreement)
    body = agreement.bodies.order_by("order", "pk").first()
    autumn = make_meeting(body, starts_at=AUTUMN, place="Stadshuset, sal A")
    spring = make_meeting(body, starts_at=SPRING, link="https://meet.example.org/sl")
    cancelled = make_meeting(body, starts_at=datetime.datetime(2025, 1, 20, 9, tzinfo=STOCKHOLM))
    cancelled.cancel()
    return {"autumn": autumn, "spring": spring, "cancelled": cancelled}


def calendar_files(directory: Path) -> list[Path]:
    """Every calendar the demo has, written to `directory`: each user's own feed and a feed of each body they may
    subscribe to (fetched as a calendar program does, without logging in), and each meeting downloaded as .ics
    by an administrator."""
    files = []

    def fetch(client: Client, url: str, name: str) -> None:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        path = directory / name
        path.write_bytes(response.content)
        files.append(path)

    anonymous = Client()
    for user in get_user_model().objects.filter(is_active=True).order_by("pk"):
        own = CalendarFeed.objects.create(user=user)
        fetch(anonymous, reverse("meetings:feed", args=[own.token]), f"feed-{user.pk}.ics")
        for body in bodies_for_feeds(user).order_by("pk"):
            feed = CalendarFeed.objects.create(user=user, body=body)
            fetch(anonymous, reverse("meetings:feed", args=[feed.token]), f"feed-{user.pk}-body-{body.pk}.ics")
    admin = Client()
    admin.force_login(get_user_model().objects.get(username="browser-admin"))
    for meeting in Meeting.objects.order_by("pk"):
        fetch(admin, reverse("meetings:meeting_ics", args=[meeting.pk]), f"meeting-{meeting.pk}.ics")
    return files


def read_with_icalendar(path: Path) -> list[dict]:
    calendar = Calendar.from_ical(path.read_bytes())
    assert not calendar.errors, (path.name, calendar.errors)
    found = []
    for event in calendar.walk("VEVENT"):
        assert not event.errors, (path.name, event.errors)
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        found.append(
            {
                "uid": str(event["UID"]),
                "summary": str(event["SUMMARY"]),
                "location": str(event["LOCATION"]) if "LOCATION" in event else None,
                "status": str(event["STATUS"]),
                "start": start.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                "end": end.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        )
    return sorted(found, key=lambda e: e["uid"])


def read_with_ical_js(node: str, paths: list[Path]) -> dict[str, list[dict]]:
    done = subprocess.run([node, str(SCRIPT), *map(str, paths)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"ical.js refused a calendar: {done.stderr}"
    return json.loads(done.stdout)


def local(moment: datetime.datetime) -> str:
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%dT%H:%M:%S")


def test_every_demo_calendar_reads_the_same_in_icalendar_and_ical_js(node, demo, tmp_path):
    files = calendar_files(tmp_path)
    by_ical_js = read_with_ical_js(node, files)
    meetings = {m.ical_uid: m for m in Meeting.objects.select_related("body")}

    seen = set()
    for path in files:
        ours = read_with_icalendar(path)
        theirs = sorted(by_ical_js[str(path)], key=lambda e: e["uid"])
        assert [e["uid"] for e in theirs] == [e["uid"] for e in ours], path.name
        for mine, js in zip(ours, theirs, strict=True):
            meeting = meetings[js["uid"]]
            assert {k: js[k] for k in ("summary", "location", "status")} == {
                k: mine[k] for k in ("summary", "location", "status")
            }, path.name
            assert (js["start"]["utc"], js["end"]["utc"]) == (mine["start"], mine["end"]), path.name
            # The times are Stockholm's as the meeting has them, whichever parser and whichever time zone data.
            for side, moment in (("start", meeting.starts_at), ("end", meeting.ends_at)):
                assert js[side]["tzid"] == "Europe/Stockholm", (path.name, side)
                assert js[side]["wall"] == js[side]["stockholm"] == local(moment), (path.name, side)
            seen.add(js["uid"])
    assert seen == set(meetings), "a meeting is in no calendar"
    assert len(files) > len(meetings)  # feeds as well as single meetings


def test_ical_js_reads_nine_in_the_morning_on_both_sides_of_summer_time(node, demo, tmp_path):
    files = calendar_files(tmp_path)
    # The example secretary's own feed: all the body's meetings, from March 2024 to March 2025, in one file.
    official = get_user_model().objects.get(username="browser-official")
    feed = tmp_path / f"feed-{official.pk}.ics"
    singles = [tmp_path / f"meeting-{demo[name].pk}.ics" for name in ("autumn", "spring")]
    read = read_with_ical_js(node, [feed, *singles])
    in_feed = {e["uid"]: e for e in read[str(feed)]}
    for name, utc in (("autumn", "2024-10-28T08:00:00Z"), ("spring", "2025-03-31T07:00:00Z")):
        [single] = read[str(tmp_path / f"meeting-{demo[name].pk}.ics")]
        for event in (in_feed[demo[name].ical_uid], single):
            assert event["start"]["utc"] == utc, name
            assert event["start"]["stockholm"] == event["start"]["wall"] == local(demo[name].starts_at), name
            assert event["start"]["stockholm"].endswith("T09:00:00"), name
    assert in_feed[demo["cancelled"].ical_uid]["status"] == "CANCELLED"
    assert in_feed[demo["spring"].ical_uid]["location"] == "https://meet.example.org/sl"
    assert feed in files
