"""The security headers every response must carry, and what a page must not contain for the strict CSP to let
it work: used by the hardening tests and the authorization matrix."""

import re

# What the Content-Security-Policy blocks in a browser, so a page using it would silently break there.
INLINE_CODE = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "<style> element": re.compile(r"<style[\s>]", re.I),
    "style attribute": re.compile(r"<[a-z][^>]*\sstyle=", re.I),
    "event handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+=", re.I),
    "hx-on attribute (needs eval)": re.compile(r"<[a-z][^>]*\shx-on", re.I),
    "javascript: URL": re.compile(r"(href|src|action)=[\"']?\s*javascript:", re.I),
}


def csp_directives(response) -> dict[str, list[str]]:
    directives = {}
    for part in response.headers["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_security_headers(response) -> None:
    policy = response.headers["Content-Security-Policy"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy, policy
    directives = csp_directives(response)
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def assert_no_inline_code(response) -> None:
    if not response.headers.get("Content-Type", "").startswith("text/html"):
        return
    page = response.content.decode(errors="replace")
    found = [what for what, pattern in INLINE_CODE.items() if pattern.search(page)]
    assert not found, f"the CSP would block: {found}"
