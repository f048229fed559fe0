"""A URL configuration with one view that fails, for the tests of what an unhandled error does."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path


class DeliberateFailure(RuntimeError):
    pass


@login_not_required
def fail(request):
    raise DeliberateFailure("the test's own failure")


urlpatterns = [path("fail/", fail)]
