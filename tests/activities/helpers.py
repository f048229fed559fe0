"""Small helpers shared by the activity view tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

HTMX = {"HTTP_HX_REQUEST": "true"}


def queries_for(client, url: str) -> int:
    """How many queries one GET of `url` runs (after a warm-up request, so sessions are settled)."""
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)
