import io
import re

from pypdf import PdfReader

from reports.agreement_pdf import render_agreement_pdf
from tests.factories import make_activity


def pdf_text(pdf: bytes) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return re.sub(r"\s+", " ", re.sub(r"[-\u2010]\n", "", text))


def test_agreement_pdf_carries_the_activity_plan_with_sub_activities_under_their_activity(cast, agreement):
    parent = make_activity(agreement, "Minska antalet skjutningar", handled_by=cast["official"], status_kind="ongoing")
    make_activity(agreement, "Kameraövervakning", parent=parent, status_kind="finished")
    make_activity(agreement, "Feriepraktik")

    text = pdf_text(render_agreement_pdf(agreement))

    appendix = text[text.index("Bilaga 2: aktivitetsplan") :]
    assert "Aktivitet Målområden Status Ansvarig" in appendix
    assert appendix.index("Minska antalet skjutningar") < appendix.index("Kameraövervakning")
    assert appendix.index("Kameraövervakning") < appendix.index("Feriepraktik")
    assert "Pågår" in appendix and "Avslutad" in appendix and "Initierad/delvis igång" in appendix
    assert "Official" in appendix  # the responsible person


def test_a_sub_activity_placed_before_its_activity_still_prints_under_it(agreement):
    parent = make_activity(agreement, "Minska antalet skjutningar", position=5)
    make_activity(agreement, "Kameraövervakning", parent=parent, position=1)

    appendix = pdf_text(render_agreement_pdf(agreement))
    appendix = appendix[appendix.index("Bilaga 2: aktivitetsplan") :]
    assert appendix.index("Minska antalet skjutningar") < appendix.index("– Kameraövervakning")
