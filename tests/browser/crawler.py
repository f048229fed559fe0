"""The crawl: log in as a role, follow every same-origin link and htmx fragment, and check what comes back.

Pages are found by following links, never listed here, so a page added later is checked the day it is
linked. Each page gets axe-core (in the browser, under the real CSP), a reflow and focus check, and its HTML
as the server sent it is kept for one Nu Html Checker run over the whole crawl.

Fragments come from `hx-get` (fetched as htmx fetches them) and from `hx-post`: the form is sent as htmx
sends it, but in ways that save nothing and still answer with the fragment a user sees then (see
`no_change_submissions`); the crawl's fixture checks that the data is unchanged afterwards.
"""

from __future__ import annotations

import inspect
import json
import re
import subprocess
from collections import Counter, deque
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urldefrag, urlencode, urljoin, urlsplit

from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

from ..factories import PASSWORD

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules/axe-core/axe.min.js"
VNU = REPO / "node_modules/vnu-jar/build/dist/vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Visiting every activity page of a big plan as every role proves nothing more than a few of each do.
MAX_URLS_PER_NAME = 2
# Query parameters that show a page in another layout under the same name (the matrix's grid, `?vy=rutnat`):
# each view counts as a name of its own, so every view is checked and not only the first two URLs met.
VIEW_PARAMETERS = ("vy",)
# Sending one status form of each kind as every role proves as much as sending every card's.
MAX_POSTS_PER_NAME = 2
# Never followed: leaving the session, Django's admin (not ours to style), the language switch (POST).
SKIPPED_NAMES = {"logout", "set_language"}
SKIPPED_NAMESPACES = {"admin"}
DOWNLOAD_TYPES = {
    "application/pdf": b"%PDF-",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": b"PK",
    "text/csv": b"",
    "text/calendar": b"BEGIN:VCALENDAR",
}
REFLOW_WIDTHS = [320, 640]  # 320 px: WCAG 1.4.10; a 640 px CSS viewport is 1280 px at 200 % zoom.
FRAGMENT_PREFIX = "/__fragment__/"
# Controls whose value the crawl empties (a textarea reports "text") to send a form that cannot save.
TEXT_KINDS = {"text", "email", "search", "tel", "url", "number", "date"}
# How an answer tells the user nothing was saved: an error message announced, or a field marked invalid.
REFUSAL = re.compile(r'role="alert"|aria-invalid="true"')
# The one kind of Nu Html Checker message that is filtered out: htmx's own attributes, which HTML does not know.
HTMX_ATTRIBUTE = re.compile(r"Attribute “hx-[a-z:-]+” not allowed on element “[a-z0-9]+” at this point\.")

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + ": " + n.failureSummary.replace(/\\s+/g, " ")),
  }));
}"""

FIND_LINKS = """() => {
  const links = [...document.querySelectorAll("a[href]")].map(a => a.href);
  for (const form of document.querySelectorAll("form")) {
    if ((form.getAttribute("method") || "get").toLowerCase() !== "get") continue;
    const query = new URLSearchParams(new FormData(form)).toString();
    links.push(form.action + (query ? "?" + query : ""));
  }
  const fragments = [...document.querySelectorAll("[hx-get], [data-hx-get]")].map(el => {
    const url = new URL(el.getAttribute("hx-get") || el.getAttribute("data-hx-get"), document.baseURI);
    // A form's GET carries its values, as htmx sends them (the matrix's filters carry the view shown).
    if (el.tagName === "FORM") {
      for (const [name, value] of new FormData(el)) if (typeof value === "string") url.searchParams.append(name, value);
    }
    return url.href;
  });
  // What htmx would send for each hx-post: the values of the form it is (or sits in), and what kind of
  // control each name is, so the crawl can send it in a way that saves nothing.
  const posts = [...document.querySelectorAll("[hx-post], [data-hx-post]")].map(el => {
    const form = el.tagName === "FORM" ? el : el.closest("form");
    const controls = {};
    for (const control of form ? form.elements : []) {
      if (!control.name) continue;
      const kind = control.tagName === "TEXTAREA" ? "text" : control.type;  // a select's is "select-one"
      const options = control.tagName === "SELECT" ? [...control.options].map(o => o.value) : [];
      controls[control.name] = {kind, options};
    }
    return {
      url: new URL(el.getAttribute("hx-post") || el.getAttribute("data-hx-post"), document.baseURI).href,
      fields: form ? [...new FormData(form)].filter(([, value]) => typeof value === "string") : [],
      controls,
    };
  });
  return {links, fragments, posts};
}"""

# Focus every control after a real Tab press (so Chromium is in keyboard mode) and report those whose focus
# leaves no mark: no outline and no box shadow.
FOCUS_PROBLEMS = """() => {
  const selector = 'a[href], button:not([disabled]), input:not([type="hidden"]):not([disabled]), select, ' +
    'textarea, summary, [tabindex]:not([tabindex="-1"])';
  const problems = [];
  for (const el of [...document.querySelectorAll(selector)].slice(0, 200)) {
    if (!el.getClientRects().length) continue;
    el.focus({focusVisible: true});
    if (document.activeElement !== el) continue;
    const style = getComputedStyle(el);
    const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 1;
    if (!outlined && style.boxShadow === "none") {
      problems.push(el.outerHTML.slice(0, 120));
    }
  }
  return problems;
}"""


@dataclass
class Checked:
    role: str
    url: str
    url_name: str
    kind: str  # "page", "fragment" (from hx-get), "post" (the answer to an hx-post) or "download"
    html: str = ""
    variant: str = ""  # for a "post": how the form was sent (see no_change_submissions)
    axe: list = field(default_factory=list)
    reflow: dict = field(default_factory=dict)  # width → scrollWidth where it overflows
    focus: list = field(default_factory=list)
    skip_link: str = ""  # empty when the skip link works


@dataclass
class RoleCrawl:
    role: str
    checked: list[Checked] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    # Links that answered other than 200, fragments that were whole pages, bad downloads: (url, what).
    broken: list[tuple[str, str]] = field(default_factory=list)
    # Tables of the portal's data whose rows differ after this role's crawl (set by the fixture).
    changed_tables: list[str] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(1 for checked in self.checked if checked.kind == kind)


def url_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def counted_as(url: str) -> str:
    """The name a URL is counted under for MAX_URLS_PER_NAME: its URL pattern's, and the view it asks for."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    views = [f"{name}={query[name][-1]}" for name in VIEW_PARAMETERS if query.get(name)]
    return "?".join([url_name(parts.path) or "?", *views])


def is_followed(url: str, origin: str) -> bool:
    if not url.startswith(origin + "/"):
        return False
    path = urlsplit(url).path
    if path.startswith(("/static/", FRAGMENT_PREFIX)):
        return False
    name = url_name(path)
    if name is None:
        return True  # a broken link: fetched and reported
    return name.split(":")[-1] not in SKIPPED_NAMES and name.split(":")[0] not in SKIPPED_NAMESPACES


def crawl(browser, origin: str, role: str, username: str | None, seeds: list[str]) -> RoleCrawl:
    result = RoleCrawl(role)
    context = browser.new_context(base_url=origin, viewport={"width": 1280, "height": 900}, locale="sv-SE")
    context.add_init_script(path=str(AXE))
    fragments: dict[str, str] = {}

    def serve_fragment(route):
        route.fulfill(status=200, content_type="text/html; charset=utf-8", body=fragments[route.request.url])

    context.route(f"{origin}{FRAGMENT_PREFIX}**", serve_fragment)
    page = context.new_page()
    page.on("request", lambda r: r.url.startswith((origin, "data:")) or result.foreign_requests.append(r.url))
    page.on("console", lambda m: m.type == "error" and result.console_errors.append(f"{page.url}: {m.text}"))
    page.on("pageerror", lambda e: result.console_errors.append(f"{page.url}: {e}"))
    if username:
        log_in(page, username)

    queue = deque(urljoin(origin, seed) for seed in seeds)
    seen: set[str] = set()
    per_name: Counter[str] = Counter()
    fragments_per_name: Counter[str] = Counter()
    posts_per_name: Counter[str] = Counter()

    def follow(found: dict, current_url: str) -> None:
        """Queue the links; check the hx-get fragments and the answers to the hx-posts, and what those contain.
        Links and hx-get URLs inside fragments are queued as pages (every control works without htmx)."""
        queue.extend(found["links"])
        posts = deque(found["posts"])
        for fragment_url in found["fragments"]:
            if fragment_url in seen or not is_followed(fragment_url, origin):
                continue
            seen.add(fragment_url)
            # A board has a "change status" fragment per card: a few of a kind prove what all of them would.
            name = counted_as(fragment_url)
            if fragments_per_name[name] >= MAX_URLS_PER_NAME:
                continue
            fragments_per_name[name] += 1
            response = context.request.get(fragment_url, headers=htmx_headers(current_url))
            inner = check_fragment(page, result, fragments, origin, fragment_url, response)
            if inner:
                queue.extend(inner["links"] + inner["fragments"])
                posts.extend(inner["posts"])
        while posts:
            post = posts.popleft()
            name = url_name(urlsplit(post["url"]).path) or "?"
            if f"POST {post['url']}" in seen or not is_followed(post["url"], origin):
                continue
            if posts_per_name[name] >= MAX_POSTS_PER_NAME:
                continue
            seen.add(f"POST {post['url']}")
            posts_per_name[name] += 1
            submissions = no_change_submissions(post)
            if not submissions:
                result.broken.append((post["url"], "hx-post the crawl cannot send without saving"))
            for variant, fields in submissions.items():
                response = context.request.post(
                    post["url"],
                    data=urlencode(fields),
                    headers={
                        **htmx_headers(current_url),
                        "Content-Type": "application/x-www-form-urlencoded",
                        "Origin": origin,
                        "X-CSRFToken": csrf_cookie(context),
                    },
                    max_redirects=0,
                )
                inner = check_fragment(page, result, fragments, origin, post["url"], response, variant=variant)
                if inner:
                    queue.extend(inner["links"] + inner["fragments"])
                    posts.extend(inner["posts"])

    while queue:
        url = urldefrag(queue.popleft()).url
        if url in seen or not is_followed(url, origin):
            continue
        seen.add(url)
        name = counted_as(url)
        if per_name[name] >= MAX_URLS_PER_NAME:
            continue
        response = context.request.get(url)
        final_url = response.url
        if response.status != 200:
            result.broken.append((url, f"answered {response.status}"))
            continue
        final_name = url_name(urlsplit(final_url).path) or "?"
        content_type = response.headers.get("content-type", "").split(";")[0]
        if content_type != "text/html":
            check_download(result, final_url, final_name, content_type, response.body())
            per_name[name] += 1
            continue
        if final_url != url and final_url in seen:
            continue
        seen.add(final_url)
        per_name[name] += 1
        checked = Checked(role, final_url, final_name, "page", html=response.text())
        page.goto(final_url)
        found = page.evaluate(FIND_LINKS)
        check_open_page(page, checked)
        result.checked.append(checked)
        follow(found, final_url)
    context.close()
    return result


def htmx_headers(current_url: str) -> dict[str, str]:
    return {"HX-Request": "true", "HX-Current-URL": current_url}


def csrf_cookie(context) -> str:
    """The token base.html's `hx-headers` puts on every htmx request (the cookie's value is as good)."""
    return next((cookie["value"] for cookie in context.cookies() if cookie["name"] == "csrftoken"), "")


def no_change_submissions(post: dict) -> dict[str, list[tuple[str, str]]]:
    """The hx-post form filled in the ways that save nothing, each giving the fragment a user then sees.

    "form error": every choice moved to another option and every text left empty, as a user sends who picks a
    new status and forgets to say why. "stale version": filled in, but based on the version before the
    current one, as a user sends after someone else saved (only for forms that carry a version). A form
    neither fits gets no submission (reported as broken), rather than one that might save.
    """
    controls = post["controls"]
    texts = [name for name, control in controls.items() if control["kind"] in TEXT_KINDS]
    versions = [name for name, control in controls.items() if control["kind"] == "hidden" and name.endswith("version")]

    def filled(text: str, version_step: int) -> list[tuple[str, str]]:
        fields = []
        for name, value in post["fields"]:
            control = controls.get(name, {})
            if control.get("kind") == "select-one":
                value = next((option for option in control["options"] if option and option != value), value)
            elif name in texts:
                value = text
            elif name in versions and value.lstrip("-").isdigit():
                value = str(int(value) + version_step)
            fields.append((name, value))
        return fields

    submissions = {}
    if texts:
        submissions["form error"] = filled("", 0)
    if versions:
        submissions["stale version"] = filled("Tillgänglighetskontroll", -1)
    return submissions


def log_in(page, username: str) -> None:
    """Through the real login form, as a person would."""
    page.goto("/logga-in/")
    page.get_by_label(re.compile("Användarnamn|Username", re.I)).fill(username)
    page.get_by_label(re.compile("Lösenord|Password", re.I)).fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    assert "/logga-in/" not in page.url, f"{username} could not log in"


def check_open_page(page, checked: Checked) -> None:
    checked.axe = page.evaluate(RUN_AXE, AXE_TAGS)
    for width in REFLOW_WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll_width > inner_width:
            checked.reflow[width] = scroll_width
    page.set_viewport_size({"width": 1280, "height": 900})
    if checked.kind == "page":
        checked.skip_link = skip_link_problem(page)
    checked.focus = page.evaluate(FOCUS_PROBLEMS)


def skip_link_problem(page) -> str:
    """Empty when the skip link is the first Tab stop and Enter on it moves focus to main."""
    active = "document.activeElement.outerHTML.slice(0, 80)"
    if page.evaluate("document.activeElement.hasAttribute('autofocus')"):
        # A page that focuses a field itself (the login form): walk back to the top with Shift+Tab.
        for _ in range(50):
            page.keyboard.press("Shift+Tab")
            if page.evaluate("document.activeElement.getAttribute('href')") == "#main":
                break
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement !== document.body"):
            return f"{page.evaluate(active)} comes before the skip link"
        page.keyboard.press("Tab")
    else:
        page.keyboard.press("Tab")
    if page.evaluate("document.activeElement.getAttribute('href')") != "#main":
        return f"the first Tab stop is {page.evaluate(active)}, not the skip link"
    page.keyboard.press("Enter")
    landed = page.evaluate("document.activeElement.id")
    return "" if landed == "main" else f"the skip link moved focus to #{landed}, not to main"


def check_fragment(page, result, fragments, origin, url, response, variant: str = "") -> dict | None:
    """Check an htmx answer in the browser as it is swapped in; what it links to, or None if it is broken.
    With `variant` it answers an hx-post sent that way, and must show the user why nothing was saved."""
    what = f"hx-post ({variant})" if variant else "fragment"
    if response.status != 200:
        result.broken.append((url, f"{what} answered {response.status}"))
        return None
    body = response.text()
    if body.lstrip().lower().startswith("<!doctype"):
        result.broken.append((url, f"{what} answered with a whole page"))
        return None
    if variant and not REFUSAL.search(body):
        result.broken.append((url, f"{what} answered without an error: did it save?"))
    wrapper = f"{origin}{FRAGMENT_PREFIX}{len(fragments)}"
    fragments[wrapper] = as_document(body, url)
    name = url_name(urlsplit(url).path) or "?"
    label = f"{url} (POST, {variant})" if variant else url
    kind = "post" if variant else "fragment"
    checked = Checked(result.role, label, name, kind, html=fragments[wrapper], variant=variant)
    page.goto(wrapper)
    found = page.evaluate(FIND_LINKS)
    check_open_page(page, checked)
    result.checked.append(checked)
    return found


def as_document(fragment: str, url: str) -> str:
    """A fragment inside the smallest valid page, in the container its first element needs."""
    first_tag = re.match(r"\s*<([a-z]+)", fragment)
    tag = first_tag.group(1) if first_tag else ""
    if tag == "tr":
        fragment = f"<table><tbody>{fragment}</tbody></table>"
    elif tag in {"td", "th"}:
        fragment = f"<table><tbody><tr>{fragment}</tr></tbody></table>"
    elif tag == "li":
        fragment = f"<ul>{fragment}</ul>"
    return (
        '<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Fragment</title>'
        f'<base href="{url}"><link rel="stylesheet" href="/static/css/samverkan.css"></head>'
        f'<body><main id="main">{fragment}</main></body></html>'
    )


def check_download(result: RoleCrawl, url: str, name: str, content_type: str, body: bytes) -> None:
    magic = DOWNLOAD_TYPES.get(content_type)
    if magic is None or not body.startswith(magic):
        result.broken.append((url, f"download is {content_type}, starts {body[:8]!r}"))
        return
    result.checked.append(Checked(result.role, url, name, "download"))


def run_vnu(checked: list[Checked], workdir: Path) -> list[str]:
    """One Nu Html Checker run over every page and fragment; errors as readable lines."""
    files = {}
    for number, item in enumerate(c for c in checked if c.html):
        path = workdir / f"{number:04d}.html"
        path.write_text(item.html, encoding="utf-8")
        files[path.name] = item
    if not files:
        return []
    command = [
        "java",
        "-Xss4m",
        "-jar",
        str(VNU),
        "--format",
        "json",
        "--errors-only",
        *map(str, sorted(workdir.glob("*.html"))),
    ]
    output = subprocess.run(command, capture_output=True, text=True, timeout=300)
    messages = json.loads(output.stderr or output.stdout)["messages"]
    errors = []
    for message in messages:
        if is_htmx_attribute(message.get("message", "")):
            continue
        item = files.get(message.get("url", "").rsplit("/", 1)[-1])
        where = f"{item.role} {item.kind} {item.url}" if item else message.get("url")
        errors.append(
            f"{where} line {message.get('lastLine')}: {message.get('message')} [{message.get('extract', '').strip()}]"
        )
    return errors


def is_htmx_attribute(message: str) -> bool:
    return HTMX_ATTRIBUTE.fullmatch(message) is not None


def url_patterns() -> dict[str, str]:
    """Every named URL pattern a GET can reach, as {view name: route}. Skipped: admin, i18n, logout and
    POST-only views."""
    found = {}

    def walk(patterns, prefix: str, namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}:{pattern.namespace}".strip(":") if pattern.namespace else namespace
                if pattern.namespace in SKIPPED_NAMESPACES:
                    continue
                walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                if pattern.name in SKIPPED_NAMES or not answers_get(pattern.callback):
                    continue
                found[f"{namespace}:{pattern.name}".strip(":")] = prefix + str(pattern.pattern)

    walk(get_resolver().url_patterns, "/", "")
    return found


def public_entry_points() -> list[str]:
    """Login-free pages without arguments (the public page, the accessibility statement): where the
    anonymous visitor starts besides the start page."""
    entry_points = []
    for route in url_patterns().values():
        if "<" not in route and getattr(resolve(route).func, "login_required", True) is False:
            entry_points.append(route)
    return entry_points


def answers_get(view) -> bool:
    """False for views wrapped in require_POST/require_http_methods without GET (found in the closure)."""
    view_class = getattr(view, "view_class", None)
    if view_class is not None:
        return "get" in view_class.http_method_names and hasattr(view_class, "get")
    function = view
    while function is not None:
        closure = inspect.getclosurevars(function).nonlocals if function.__closure__ else {}
        methods = closure.get("request_method_list")
        if methods is not None and "GET" not in methods:
            return False
        function = getattr(function, "__wrapped__", None)
    return True
