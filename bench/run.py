"""The benchmark: the portal's pages at 20, 400 and 2,000 activities, served by gunicorn as in production.

    python bench/run.py            # make bench: three sizes, many repetitions, and the load test
    python bench/run.py --quick    # make bench-quick (CI): 20 activities, a few repetitions, no load test
    python bench/run.py --sizes 400  # one size, no load test, results not kept (while working on a page)

Each page's server time (the Server-Timing header the BENCH=1 middleware adds), query count and
compressed size are measured, and each read page is reported as a ratio to the floor: one query and a bare
table of the same activities, measured before and after the pages (the load drifts on a shared machine).
Prints a table, writes bench/results.json (quick run: bench/work/results-quick.json). Pages not built yet are
"missing".
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
WORK = REPO / "bench" / "work"
PYTHON = REPO / ".venv" / "bin" / "python"
GUNICORN = REPO / ".venv" / "bin" / "gunicorn"
PORT = int(os.environ.get("BENCH_PORT", "8105"))
PASSWORD = "samverkan"  # the demo accounts' (agreements/demo/loader.py)

# Targets (issue 10), checked at 400 activities and between 400 and 2,000.
READ_PAGE_FLOOR_RATIO = 3.0
GROWTH_400_TO_2000 = 6.0
PDF_MEDIAN_S = 1.5
PACK_MEDIAN_S = 3.0  # issue 21: the meeting pack at 400 activities
PAGE_BYTES = 100_000
# Issue 21: "a past quarter no slower than the current one", with this much room for the spread of two medians
# taken a minute apart on a shared machine.
PAST_QUARTER_SLACK = 1.10

SERVER_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "SECURE_HSTS_SECONDS": "0",
    "BENCH": "1",
}


@dataclass
class Result:
    label: str
    kind: str  # "read" (ratio to the floor applies), "write", "download", "floor"
    url: str = ""
    status: str = "ok"  # "ok", "missing" or an error
    median_ms: float = 0.0
    p95_ms: float = 0.0
    # The first request after the server started: nothing kept yet (samverkan/fragments.py), templates not
    # compiled. The median and p95 are of the requests after two warm-ups.
    first_ms: float = 0.0
    queries: int = 0
    bytes_gzip: int = 0
    ratio_to_floor: float | None = None
    samples: list[float] = field(default_factory=list, repr=False)


class Client:
    """One logged-in browser, as far as the server can tell: cookies, CSRF token, gzip."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method: str, path: str, body: dict | None = None, headers: dict | None = None):
        headers = {"Accept-Encoding": "gzip", "Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        started = time.perf_counter()
        # gunicorn's sync workers close the connection after each response; a reset on reuse gets one retry.
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                raw = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
                started = time.perf_counter()
        wall_ms = (time.perf_counter() - started) * 1000
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";")[0]
        return response, raw, wall_ms

    def log_in(self, username: str) -> None:
        response, raw, _ = self.request("GET", "/logga-in/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body_of(response, raw)).group(1).decode()
        form = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        response, _, _ = self.request("POST", "/logga-in/", body=form)
        if response.status != 302:
            raise RuntimeError(f"log-in as {username} failed: {response.status}")


def body_of(response, raw: bytes) -> bytes:
    return gzip.decompress(raw) if response.getheader("Content-Encoding") == "gzip" else raw


def server_ms(response, wall_ms: float) -> float:
    match = re.search(r"app;dur=([\d.]+)", response.getheader("Server-Timing") or "")
    return float(match.group(1)) if match else wall_ms


def measure(client: Client, label: str, kind: str, url: str | None, repetitions: int, post=None, before=None) -> Result:
    """GET `url` (or POST the form `post()` returns) `repetitions` times after two warm-up requests; `before()`,
    if given, runs untimed ahead of each request."""
    if url is None:
        return Result(label, kind, status="missing")
    result = Result(label, kind, url)
    for attempt in range(repetitions + 2):
        if before:
            before()
        headers, body = ({"HX-Request": "true"}, post()) if post else ({}, None)
        response, raw, wall_ms = client.request("POST" if post else "GET", url, body=body, headers=headers)
        if response.status == 404:
            return Result(label, kind, url, status="missing")
        if response.status != 200:
            return Result(label, kind, url, status=f"HTTP {response.status}")
        if attempt == 0:
            result.first_ms = server_ms(response, wall_ms)
        if attempt >= 2:
            result.samples.append(server_ms(response, wall_ms))
            result.queries = int(response.getheader("X-Query-Count") or 0)
            result.bytes_gzip = len(raw)
    result.median_ms = statistics.median(result.samples)
    result.p95_ms = percentile(result.samples, 95)
    return result


def percentile(samples: list[float], pct: int) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def start_server(database: Path, workers: int) -> subprocess.Popen:
    env = {**os.environ, **SERVER_ENV, "DATABASE_URL": f"sqlite:///{database}"}
    command = [str(GUNICORN), "samverkan.wsgi", "-b", f"127.0.0.1:{PORT}", "-w", str(workers), "--threads", "1"]
    server = subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
            return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn stopped: {server.stderr.read().decode()[-2000:]}") from None
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("gunicorn did not start")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    server.wait(timeout=10)


def build_database(size: int) -> Path:
    database = WORK / f"bench-{size}.sqlite3"
    database.unlink(missing_ok=True)
    env = {**os.environ, "DEBUG": "true"}
    subprocess.run([str(PYTHON), "bench/build_db.py", str(size), str(database)], cwd=REPO, env=env, check=True)
    return database


def targets(database: Path) -> dict:
    """URLs of the measured pages in this database, by reverse(); None for a page that does not exist yet."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")
    import django
    from django.db import connections

    django.setup()
    # One process reads several sizes' databases: point the connection at this one.
    connections.close_all()
    connections["default"].settings_dict["NAME"] = str(database)
    from django.urls import NoReverseMatch, reverse

    from activities.models import Activity, Status
    from agreements.models import Agreement
    from meetings.models import CalendarFeed, Meeting
    from reports.quarters import Quarter

    agreement = Agreement.objects.filter(activities__isnull=False).distinct().get()
    top_level = Activity.objects.filter(agreement=agreement, parent__isnull=True).order_by("position")
    activity = top_level.first()
    ongoing = Status.objects.get(agreement=agreement, kind=Status.Kind.ONGOING)
    past = Quarter.current().previous.previous.previous.previous
    planned = Meeting.objects.filter(body__agreement=agreement, state=Meeting.State.PLANNED).first()
    held = Meeting.objects.filter(body__agreement=agreement, state=Meeting.State.HELD).order_by("-starts_at").first()
    feed = CalendarFeed.objects.filter(body__agreement=agreement).first()

    def url(name: str, *args, query: str = "") -> str | None:
        try:
            return reverse(name, args=args) + query
        except NoReverseMatch:
            return None

    found = {
        "floor": f"/bench/golv/{agreement.pk}/",
        "start page": url("home"),
        "my activities": url("activities:mine"),
        "matrix": url("activities:matrix", agreement.pk),
        "matrix, filtered": url("activities:matrix", agreement.pk, query=f"?status={ongoing.pk}&prioritised=yes"),
        "board": url("activities:board", agreement.pk),
        "activity page": url("activities:detail", activity.pk),
        "public page": url("public:agreement", agreement.pk),
        "status change (htmx)": url("activities:status", activity.pk),
        "Excel export": url("activities:export", agreement.pk),
        "agreement PDF": url("reports:agreement_pdf", agreement.pk),
        "plan report": url("reports:plan_report", agreement.pk),
        "dashboard": url("reports:dashboard", agreement.pk),
        # A year back: a quarter rebuilt from the history rather than today's state.
        "dashboard, past quarter": url("reports:quarter", agreement.pk, past.year, past.number),
        # The whole of one of its lists of changes (the dashboard shows the first ten), its first page.
        "dashboard, whole list": url("reports:quarter_list", agreement.pk, past.year, past.number, "statusandringar"),
        "dashboard PDF": url("reports:quarter_pdf", agreement.pk, past.year, past.number),
        # The next meeting's pack: its agenda, last quarter's dashboard and the previous approved minutes.
        "meeting pack": url("reports:meeting_pack", planned.pk) if planned else None,
        "structure page": url("meetings:structure", agreement.pk),
        "meeting page": url("meetings:meeting", held.pk) if held else None,
        "decision register": url("meetings:register", agreement.pk),
        "agenda draft": url("meetings:draft", planned.pk) if planned else None,
        # Its status changes in whole (the draft shows the first ten of each kind), the first page.
        "agenda draft, whole list": url("meetings:draft_kind", planned.pk, "statusandringar") if planned else None,
        "calendar feed": url("meetings:feed", feed.token) if feed else None,
        "activity": activity.pk,
        # Changed one after another before the PDF downloads, so no two downloads see the same plan.
        "other activities": [(pk, url("activities:status", pk)) for pk in top_level.values_list("pk", flat=True)[1:]],
        "statuses": list(Status.objects.filter(agreement=agreement).order_by("order").values_list("pk", flat=True)),
    }
    connections.close_all()
    return found


def current_state(activity_pk: int) -> tuple[int, int]:
    """The activity's (version, status pk), read from the database the server uses."""
    from django.db import connections

    from activities.models import Activity

    state = Activity.objects.values_list("version", "status_id").get(pk=activity_pk)
    connections.close_all()
    return state


def bench_size(size: int, repetitions: int) -> list[Result]:
    database = build_database(size)
    urls = targets(database)
    server = start_server(database, workers=1)
    try:
        admin, official = Client(PORT), Client(PORT)
        admin.log_in("admin")
        official.log_in("handlaggare")
        floor_before = measure(admin, "floor", "floor", urls["floor"], repetitions)
        results = [floor_before]
        pages = ["start page", "matrix", "matrix, filtered", "board", "activity page", "public page"]
        governance = [
            "structure page", "meeting page", "decision register", "agenda draft", "agenda draft, whole list",
            "calendar feed",
        ]  # fmt: skip
        for label in [*pages, "dashboard", "dashboard, past quarter", "dashboard, whole list", *governance]:
            results.append(measure(admin, label, "read", urls[label], repetitions))
        results.append(measure(official, "my activities", "read", urls["my activities"], repetitions))
        # The official's start page lists their action items (a third of them overdue) with their activities.
        results.append(measure(official, "start page, official", "read", urls["start page"], repetitions))
        # The floor again after the read pages, pooled with the first: the load drifts on a shared machine.
        floor_after = measure(admin, "floor", "floor", urls["floor"], repetitions)
        results.append(status_change(admin, urls, repetitions))
        results.append(measure(admin, "Excel export", "download", urls["Excel export"], max(3, repetitions // 4)))
        results.append(measure(admin, "agreement PDF", "download", urls["agreement PDF"], max(3, repetitions // 4)))
        results.append(measure(admin, "dashboard PDF", "download", urls["dashboard PDF"], max(3, repetitions // 4)))
        # After a change to the plan no kept render (reports/plan_report.py) matches: WeasyPrint runs every time.
        # (The signed agreement's PDF no longer prints the plan, so a status change leaves it as it was.)
        others = iter(urls["other activities"])
        # Likewise each meeting pack after a change: its dashboard part is rendered afresh.
        for label, url in (
            ("plan report, changed", urls["plan report"]),
            ("meeting pack, changed", urls["meeting pack"]),
        ):
            changed = measure(
                admin,
                label,
                "download",
                url,
                max(3, repetitions // 6),
                before=lambda: change_status(admin, urls, next(others)),
            )
            results.append(changed)
    finally:
        stop_server(server)
    floor_before.samples += floor_after.samples
    floor_before.median_ms = statistics.median(floor_before.samples)
    floor_before.p95_ms = percentile(floor_before.samples, 95)
    for result in results:
        if result.kind == "read" and result.status == "ok":
            result.ratio_to_floor = result.median_ms / floor_before.median_ms
    return results


def status_change_form(urls: dict, pk: int) -> dict:
    """The inline status form as htmx sends it, moving activity `pk` to the first status it does not have."""
    version, status = current_state(pk)
    prefix = f"activity-{pk}"
    return {
        f"{prefix}-status": next(other for other in urls["statuses"] if other != status),
        f"{prefix}-comment": "Bänkmätning",
        f"{prefix}-version": version,
    }


def status_change(client: Client, urls: dict, repetitions: int) -> Result:
    form = lambda: status_change_form(urls, urls["activity"])  # noqa: E731 - read afresh before each request
    return measure(client, "status change (htmx)", "write", urls["status change (htmx)"], repetitions, post=form)


def change_status(client: Client, urls: dict, activity: tuple[int, str]) -> None:
    pk, url = activity
    form = status_change_form(urls, pk)
    response, _, _ = client.request("POST", url, body=form, headers={"HX-Request": "true"})
    if response.status != 200 or current_state(pk)[0] == form[f"activity-{pk}-version"]:
        raise RuntimeError(f"status change of activity {pk} before a measurement was not saved")


def load_test(size: int, seconds: int, clients: int) -> dict:
    """`clients` logged-in clients requesting the matrix, the board, then the dashboard, as fast as they can for
    `seconds` each."""
    database = WORK / f"bench-{size}.sqlite3"
    urls = targets(database)
    server = start_server(database, workers=2)
    figures = {}
    try:
        for label in ["matrix", "board", "dashboard"]:
            if urls[label] is None:
                figures[label] = {"status": "missing"}
                continue
            figures[label] = hammer(urls[label], seconds, clients)
    finally:
        stop_server(server)
    return figures


def hammer(url: str, seconds: int, clients: int) -> dict:
    # One log-in shared by every client: fifty password hashes would measure the hasher, not the page.
    first = Client(PORT)
    first.log_in("admin")
    sessions = [first]
    for _ in range(clients - 1):
        client = Client(PORT)
        client.cookies = dict(first.cookies)
        sessions.append(client)
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def run(client: Client) -> None:
        while time.monotonic() < deadline:
            try:
                response, _, wall_ms = client.request("GET", url)
                outcome = None if response.status == 200 else f"HTTP {response.status}"
            except (http.client.HTTPException, OSError) as error:
                wall_ms, outcome = 0.0, type(error).__name__
            with lock:
                if outcome:
                    errors.append(outcome)
                else:
                    latencies.append(wall_ms)

    threads = [threading.Thread(target=run, args=(client,)) for client in sessions]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.monotonic() - started
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(latencies),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "throughput_per_s": round(len(latencies) / elapsed, 1),
        "median_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 95), 1) if latencies else None,
    }


def verdicts(by_size: dict[int, list[Result]]) -> list[str]:
    """Which targets are missed (empty when all are met or cannot be judged at these sizes)."""
    missed = []
    for size, results in by_size.items():
        for result in results:
            if result.status not in {"ok", "missing"}:
                missed.append(f"{result.label} at {size}: {result.status}")
            if result.kind == "read" and result.status == "ok" and result.bytes_gzip > PAGE_BYTES:
                missed.append(f"{result.label} at {size}: {result.bytes_gzip} bytes compressed > {PAGE_BYTES}")
    if 400 in by_size:
        for result in by_size[400]:
            if result.ratio_to_floor and result.ratio_to_floor > READ_PAGE_FLOOR_RATIO:
                missed.append(f"{result.label} at 400: {result.ratio_to_floor:.1f} × floor > {READ_PAGE_FLOOR_RATIO}")
            pdf = result.label.startswith(("agreement PDF", "plan report"))
            if pdf and result.status == "ok" and result.median_ms > PDF_MEDIAN_S * 1000:
                missed.append(f"{result.label} at 400: median {result.median_ms:.0f} ms > {PDF_MEDIAN_S * 1000:.0f}")
            pack = result.label.startswith("meeting pack")
            if pack and result.status == "ok" and result.median_ms > PACK_MEDIAN_S * 1000:
                missed.append(f"{result.label} at 400: median {result.median_ms:.0f} ms > {PACK_MEDIAN_S * 1000:.0f}")
        at_400 = {r.label: r for r in by_size[400] if r.status == "ok"}
        current, past = at_400.get("dashboard"), at_400.get("dashboard, past quarter")
        if current and past and past.median_ms > current.median_ms * PAST_QUARTER_SLACK:
            missed.append(
                f"dashboard, past quarter at 400: median {past.median_ms:.1f} ms > the current quarter's "
                f"{current.median_ms:.1f} ms × {PAST_QUARTER_SLACK}"
            )
    # A read page runs the same queries at every size (issue 22: "queries constant in size").
    queries = defaultdict(set)
    for results in by_size.values():
        for result in results:
            if result.kind == "read" and result.status == "ok":
                queries[result.label].add(result.queries)
    missed += [
        f"{label}: queries differ between sizes ({sorted(counts)})"
        for label, counts in queries.items()
        if len(counts) > 1
    ]
    if 400 in by_size and 2000 in by_size:
        at_400 = {r.label: r for r in by_size[400] if r.status == "ok"}
        for result in by_size[2000]:
            base = at_400.get(result.label)
            if result.kind == "read" and result.status == "ok" and base:
                growth = result.median_ms / base.median_ms
                if growth > GROWTH_400_TO_2000:
                    missed.append(f"{result.label}: 2000 is {growth:.1f} × 400 > {GROWTH_400_TO_2000}")
    return missed


def print_table(by_size: dict[int, list[Result]]) -> None:
    header = (
        f"{'size':>5} {'page':<25} {'median ms':>10} {'p95 ms':>8} {'× floor':>8} {'queries':>8} {'gzip kB':>8} "
        f"{'first ms':>9}"
    )
    print(header)
    print("-" * len(header))
    for size, results in by_size.items():
        for r in results:
            if r.status != "ok":
                print(f"{size:>5} {r.label:<25} {r.status:>10}")
                continue
            ratio = f"{r.ratio_to_floor:.2f}" if r.ratio_to_floor else ""
            print(
                f"{size:>5} {r.label:<25} {r.median_ms:>10.1f} {r.p95_ms:>8.1f} {ratio:>8} {r.queries:>8} "
                f"{r.bytes_gzip / 1000:>8.1f} {r.first_ms:>9.1f}"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 activities, few repetitions, no load test")
    parser.add_argument("--sizes", type=int, nargs="+", help="only these sizes, no load test (while working)")
    options = parser.parse_args()
    sizes, repetitions = ([20], 5) if options.quick else ([20, 400, 2000], 30)
    sizes = options.sizes or sizes
    WORK.mkdir(parents=True, exist_ok=True)
    # Production serves hashed static files from the manifest (DEBUG off); build them as a deploy would.
    subprocess.run(
        [str(PYTHON), "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=REPO,
        env={**os.environ, **SERVER_ENV},
        check=True,
    )
    by_size = {}
    for size in sizes:
        print(f"--- {size} activities", flush=True)
        by_size[size] = bench_size(size, repetitions)
    print_table(by_size)
    try:
        load = {} if options.quick or options.sizes else load_test(400, seconds=30, clients=50)
    except (RuntimeError, OSError, AttributeError) as error:
        load = {"error": repr(error)}
    for label, figures in load.items():
        print(f"load, 400 activities, {label}: {figures}")
    missed = verdicts(by_size)
    print("\n".join(["targets missed:", *missed]) if missed else "all targets met (or not yet measurable)")
    output = {
        "sizes": {size: [asdict(r) | {"samples": None} for r in results] for size, results in by_size.items()},
        "load": load,
        "missed": missed,
    }
    # The full run's results are kept in the repository; the others stay in the work folder.
    partial = options.quick or options.sizes
    results_file = WORK / "results-quick.json" if partial else REPO / "bench" / "results.json"
    results_file.write_text(json.dumps(output, indent=2, ensure_ascii=False))
    # The quick run (CI) fails only when the benchmark itself breaks: a page erroring, not a slow page.
    broken = [r for results in by_size.values() for r in results if r.status not in {"ok", "missing"}]
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
