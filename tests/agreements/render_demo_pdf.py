"""Run as a separate process by test_pdf.py: a fresh in-memory database, the demo data, the PDF's SHA-256."""

import hashlib
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samverkan.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from agreements.models import Agreement  # noqa: E402
from reports.agreement_pdf import render_agreement_pdf  # noqa: E402

call_command("migrate", verbosity=0)
call_command("load_demo", verbosity=0)
agreement = Agreement.objects.for_document().get(signing_date="2023-06-07")
print(hashlib.sha256(render_agreement_pdf(agreement)).hexdigest())
