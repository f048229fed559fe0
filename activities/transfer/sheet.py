"""The officials' spreadsheet layout, shared by the importer and the export.

The sheet `Aktiviteter` has two header rows: the second names the columns, the first groups the three timing
columns under "Tidsplan". Columns are recognised by their header text, so order, case, line breaks, hyphens
and spacing may differ from file to file ("Resurs-förstärkning", "upp-följning").
"""

from __future__ import annotations

import colorsys
import re
import unicodedata

from openpyxl.cell.read_only import EMPTY_CELL as EMPTY_CELL  # a cell the file does not write: no value, no fill

SHEET_TITLE = "Aktiviteter"
TIMING_GROUP = "Tidsplan"

# key, header as the Västerås sheet writes it, rule that recognises a normalised header.
# The order is the sheet's; the first rule that matches a header wins, so the specific ones come first.
COLUMNS: list[tuple[str, str]] = [
    ("name", "Aktivitet (gul prioriteras)"),
    ("goal_areas", "Siktar på målområde"),
    ("sub_activity", "Delaktivitet (siktar på målområde)"),
    ("status", "Initierad/delvis igång (Gul)\nPågår (grön)\nAvslutad (röd)"),
    ("background", "Orientering/lägesbild - BEHÖVER VI OMVÄRLDSSPANA?"),
    ("objectives", "Mål, uppdrag"),
    ("method", "Genomförande / särskilda instruktioner (ex metoder)"),
    ("follow_up_measures", "Uppföljning (mätbara effekter)"),
    ("working_group", "Arbetsgrupp / samverkanspartners"),
    ("starts", "påbörjas"),
    ("follow_up", "upp-följning"),
    ("ends", "avslutas"),
    ("resource_reinforcement", "Resurs-förstärkning"),
    ("handled_by", "Hanterar frågan (strat ledn/ op ledn/arbetsgrupp)"),
]
HEADERS = dict(COLUMNS)
TIMING_KEYS = ("starts", "follow_up", "ends")

# The export's hidden last column: each row's activity id and version ("12:3", a sub-activity's row "12:3 45:2"),
# so an import can tell what the portal changed since the file was made. Not part of the officials' layout.
REF_KEY = "portal_ref"
REF_HEADER = "Portalens id och version (ändra inte)"


def normalise_header(text: object) -> str:
    """Lower case with everything but letters and digits removed: "Resurs-\\nförstärkning" → "resursförstärkning"."""
    return re.sub(r"[\W_]+", "", str(text or "")).casefold()


def _matches(key: str, header: str) -> bool:
    # `header` is normalised. Exact names for the short timing headers, prefixes for the descriptive ones.
    prefixes = {
        "name": ("aktivitet",),
        "goal_areas": ("siktarpå", "målområde"),
        "sub_activity": ("delaktivitet",),
        "status": ("initierad", "status"),
        "background": ("orientering", "lägesbild"),
        "objectives": ("måluppdrag", "mål"),
        "method": ("genomförande",),
        "follow_up_measures": ("uppföljningmätbar",),
        "working_group": ("arbetsgrupp", "samverkanspartner"),
        "resource_reinforcement": ("resursförstärkning",),
        "handled_by": ("hanterarfrågan",),
    }
    exact = {"starts": ("påbörjas",), "follow_up": ("uppföljning",), "ends": ("avslutas",)}
    if key in exact:
        return header in exact[key]
    return header.startswith(prefixes[key])


def recognise(header: object) -> str | None:
    """The column key a header text names, or None."""
    normalised = normalise_header(header)
    if not normalised:
        return None
    if normalised == normalise_header(REF_HEADER):
        return REF_KEY
    for key, _written in COLUMNS:
        if _matches(key, normalised):
            return key
    return None


# Fill colours. The sheet's legend: yellow = initiated, green = ongoing, red = finished; a yellow name means
# prioritised. People pick slightly different shades, so colours are compared by hue family.
YELLOW, GREEN, RED = "yellow", "green", "red"
PRIORITISED_FILL = "FFFF00"


def colour_family(hex_colour: str | None) -> str | None:
    """ "yellow", "green", "red" or None (white, grey, black, other hues) for a colour like "fff2b3"."""
    if not hex_colour:
        return None
    hex_colour = hex_colour.lstrip("#")[-6:]
    try:
        r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        return None
    hue, saturation, value = colorsys.rgb_to_hsv(r, g, b)
    if saturation < 0.08 or value < 0.25:
        return None
    degrees = hue * 360
    if degrees < 20 or degrees >= 330:
        return RED
    if 40 <= degrees < 75:
        return YELLOW
    if 75 <= degrees < 170:
        return GREEN
    return None


def hex_fill(colour: str) -> str | None:
    """ "#fff2b3" → "FFF2B3" for a fill, or None for anything that is not such a colour (no fill rather than a
    broken export: statuses are validated, but a colour stored before that must not break the file)."""
    return colour[1:].upper() if re.fullmatch(r"#[0-9a-fA-F]{6}", colour or "") else None


def cell_fill(cell) -> str | None:
    """The solid fill of an openpyxl cell as "rrggbb", or None (no fill, or a theme colour we cannot resolve)."""
    from openpyxl.styles.colors import COLOR_INDEX

    fill = cell.fill
    if fill is None or fill.fill_type in (None, "none"):
        return None
    colour = fill.fgColor
    if colour is None:
        return None
    if colour.type == "rgb" and isinstance(colour.rgb, str):
        return colour.rgb[-6:].lower()
    if colour.type == "indexed" and isinstance(colour.indexed, int) and colour.indexed < len(COLOR_INDEX):
        return COLOR_INDEX[colour.indexed][-6:].lower()
    return None


def normalise_text(text: str) -> str:
    """Text as the plan keeps it: composed Unicode (NFC) and "\\n" line breaks, so "å" typed as "a" + ring or a
    Windows line break compares equal to the same text typed elsewhere."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))


# Characters XML 1.0, and so .xlsx, cannot carry. A word processor's manual line break (vertical tab) and form
# feed become line breaks; the rest are dropped. (The models refuse them on the way in; this keeps the export
# working for anything stored before, or through a path that skipped the check.)
_LINE_BREAKS = str.maketrans({"\v": "\n", "\f": "\n"})
_NOT_IN_XML = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def excel_text(text: str) -> str:
    return _NOT_IN_XML.sub("", normalise_text(text).translate(_LINE_BREAKS))


def is_marked_text(cell) -> bool:
    """Whether Excel shows the cell as text on purpose (a leading apostrophe: the style's quotePrefix)."""
    style = getattr(cell, "style_array", None)
    return bool(style is not None and style.quotePrefix)


# --- Goal areas in a cell: by code ("A, B") where the agreement letters them, else by title ("Trygg stadsmiljö;
# Ungas inflytande"). The plan keeps an area under its short label (GoalArea.short_label: the code, or the title).


def goal_area_index(goal_areas) -> dict[str, str]:
    """Casefolded code and title of each area → its short label: a cell may name an area either way."""
    index = {}
    for area in goal_areas:
        index[" ".join(area.title.split()).casefold()] = area.short_label
        if area.code:
            index[area.code.casefold()] = area.short_label
    return index


def write_goal_areas(labels: list[str]) -> str:
    """Short labels for a cell: "A, B" while they are single words, else "Title one; Title two"."""
    labels = sorted(labels)
    single_words = all(re.fullmatch(r"[^\s,;()]+", label) for label in labels)
    return (", " if single_words else "; ").join(labels)


def read_goal_areas(text: str, index: dict[str, str]) -> list[tuple[str, str | None]]:
    """Each goal area a cell names, as (what it wrote, short label or None when unknown), in its order.

    A piece between semicolons or line breaks is an area when it names one whole (a title may hold spaces
    and commas); otherwise it is a list of codes split at commas and spaces ("A, B", "A B").
    """
    found = []
    for piece in re.split(r"[;\n]+", text):
        piece = " ".join(piece.split()).rstrip(".")
        if not piece:
            continue
        if piece.casefold() in index:
            found.append((piece, index[piece.casefold()]))
            continue
        for token in re.split(r"[,\s]+", piece):
            token = token.strip().rstrip(".")
            if token:
                found.append((token, index.get(token.casefold())))
    return found
