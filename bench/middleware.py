"""Bench-only (BENCH=1): each response says how long the server took and how many queries it made."""

import time

from django.db import connection


def bench_headers(get_response):
    def middleware(request):
        queries = 0

        def count(execute, sql, params, many, context):
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        with connection.execute_wrapper(count):
            response = get_response(request)
            # A streamed response (none of ours today) would be timed to its first byte only.
            if not response.streaming:
                response.content  # noqa: B018 - render lazily built content inside the timing
        response["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.2f}"
        response["X-Query-Count"] = str(queries)
        return response

    return middleware
