"""The project's settings as `make run` has them: development (DEBUG on) unless the environment says otherwise.

pytest-django imports the settings before any conftest runs, so the default for the test run is set here.
Tests of production behaviour override single settings or run `manage.py` in a subprocess with its own
environment (tests/security/test_hardening.py).
"""

import os

os.environ.setdefault("DEBUG", "true")

from samverkan.settings import *  # noqa: E402, F403
