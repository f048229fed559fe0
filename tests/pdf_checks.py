"""What the tests read of the portal's PDFs, in one place: their text, their archival marks (PDF/A, tags,
language) and whether a download was rendered afresh."""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import weasyprint
from pypdf import PdfReader

from samverkan.fragments import Kept

REPO = Path(__file__).resolve().parents[1]


def reader_of(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text with its whitespace folded, hyphenated words joined again (WeasyPrint breaks them with
    U+2010)."""
    return [re.sub(r"\s+", " ", re.sub(r"[-\u2010]\n", "", page.extract_text())) for page in reader_of(pdf).pages]


def pdf_text(pdf: bytes) -> str:
    """The whole document's text as one line, as `page_texts` reads each page."""
    return " ".join(page_texts(pdf))


def pdf_lines(pdf: bytes) -> list[str]:
    """The document's text line by line, as the layout breaks it (for rows of a table)."""
    return [" ".join(line.split()) for page in reader_of(pdf).pages for line in page.extract_text().splitlines()]


def archival_problems(pdf: bytes) -> list[str]:
    """What keeps `pdf` from being the archival, accessible document the portal promises (README: PDF/A-2a from
    WeasyPrint, tagged, with a structure tree and `/Lang sv`): [] when nothing does."""
    catalog = reader_of(pdf).trailer["/Root"]
    problems = []
    metadata = catalog.get("/Metadata")
    xmp = metadata.get_object().get_data().decode() if metadata is not None else ""
    if not re.search(r'pdfaid:part(="|>)2\b', xmp):
        problems.append("XMP metadata names no PDF/A-2 part (pdfaid:part)")
    if not re.search(r'pdfaid:conformance(="|>)A\b', xmp):
        problems.append("XMP metadata names no conformance level A (pdfaid:conformance)")
    mark_info = catalog.get("/MarkInfo")
    marked = mark_info.get_object().get("/Marked") if mark_info is not None else None
    if getattr(marked, "value", None) is not True:  # a pypdf BooleanObject
        problems.append("not tagged: /MarkInfo /Marked is not true")
    if "/StructTreeRoot" not in catalog:
        problems.append("no /StructTreeRoot")
    if str(catalog.get("/Lang", "")) not in ("sv", "sv-SE"):
        problems.append(f"catalog /Lang is {catalog.get('/Lang')!r}, not sv")
    return problems


def forget_kept_pdfs() -> None:
    """Empty every store of kept renders the portal's modules hold (reports.agreement_pdf.kept_pdfs and its
    kind), wherever one is added, so the next download renders anew."""
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None) or ""
        if not path.startswith(str(REPO)) or "/.venv/" in path:
            continue
        for value in list(vars(module).values()):
            if isinstance(value, Kept):
                with value.lock:
                    value.fragments.clear()
                    value.bytes = 0


class Renders:
    count = 0


@contextmanager
def counting_renders(monkeypatch) -> Iterator[Renders]:
    """Counts WeasyPrint's renders meanwhile: a download served from a cache of any kind counts none."""
    renders = Renders()
    write_pdf = weasyprint.HTML.write_pdf

    def counted(self, *args, **kwargs):
        renders.count += 1
        return write_pdf(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(weasyprint.HTML, "write_pdf", counted)
        yield renders
