"""Reads the plan's "Hanterar frågan (strat ledn/ op ledn/arbetsgrupp)" cell into people per level.

The officials write it as "strategic/operative/working group", e.g. "Åsa/Björn/Ann-Margret Bäcklin". The rules,
which the raw text (kept in `Activity.handled_by_text`) always backs up:

- Each line, and each labelled part of a line ("Avhoppare; Magnus+Lars/Joanna+Jonas/XXX Familjestödjare; …"),
  is one entry. The label itself names a strand of the work, not a person.
- In an entry with "/", the parts are the strategic, operative and working-group levels, in that order; parts
  beyond the third belong to the working group too. An entry without "/" continues the entry above it at the
  working-group level (the sheet wraps long working groups onto their own line); as the first entry of the cell it
  names the strategic level.
- Within a part, names are separated by "+", ",", "&", " o ", " och " and line breaks.
- A name is a person when it reads as one: one to three capitalised words ("Joanna", "Ann-Margret Bäcklin").
  A trailing organisation abbreviation in capitals becomes the person's organisation ("Linda Lindgren IFF"),
  a trailing "?" is dropped, a note in parentheses is not part of the name. Functions and groups in lower case
  or capitals ("familjekoordinator?", "XXX", "EST-arbetsgrupp") are not people; when such a group names a
  person in parentheses ("EST-arbetsgrupp (Anette Carlsson)"), that person is the one who handles it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from activities.models import Level

LEVELS = [Level.STRATEGIC, Level.OPERATIVE, Level.WORKING_GROUP]

_WORD = r"[A-ZÅÄÖÉÜØÆ][a-zåäöéüøæ]+(?:-[A-ZÅÄÖÉÜØÆ][a-zåäöéüøæ]+)*"
_PERSON = re.compile(rf"{_WORD}(?: {_WORD}){{0,2}}")
_ORGANISATION = re.compile(r"(.*\S)\s+([A-ZÅÄÖ]{2,6})")
_LABEL = re.compile(r"[^\s/;,]+;\s*,?")
_SEPARATORS = re.compile(r"\s*(?:\+|,|&|\s+o\s+|\s+och\s+)\s*")


@dataclass(frozen=True)
class Named:
    name: str
    organisation: str
    level: Level


def parse_handled_by(text: str) -> list[Named]:
    """The people named in the cell, each once per level, in the order they appear."""
    found: list[Named] = []
    seen_slash = False
    for line in text.splitlines():
        for entry in _LABEL.split(line):
            entry = entry.strip()
            if not entry:
                continue
            if "/" in entry:
                parts = entry.split("/")
                parts = parts[:2] + ["/".join(parts[2:])] if len(parts) > 3 else parts
                levelled = list(zip(LEVELS, parts, strict=False))
                seen_slash = True
            else:
                levelled = [(Level.WORKING_GROUP if seen_slash else Level.STRATEGIC, entry)]
            for level, part in levelled:
                for name, organisation in _people_in(part.replace("/", ",")):
                    named = Named(name, organisation, level)
                    if named not in found:
                        found.append(named)
    return found


def _split_outside_parentheses(text: str) -> list[str]:
    pieces, depth, start = [], 0, 0
    masked = []
    for char in text:
        depth += char == "("
        masked.append("#" if depth else char)
        depth -= char == ")" and depth > 0
    masked_text = "".join(masked)
    for match in _SEPARATORS.finditer(masked_text):
        pieces.append(text[start : match.start()])
        start = match.end()
    pieces.append(text[start:])
    return [piece.strip() for piece in pieces if piece.strip()]


def _people_in(part: str) -> list[tuple[str, str]]:
    people = []
    for token in _split_outside_parentheses(part):
        notes = re.findall(r"\(([^)]*)\)", token)
        base = re.sub(r"\([^)]*\)", " ", token).strip().rstrip("?").strip()
        name, organisation = base, ""
        if match := _ORGANISATION.fullmatch(base):
            name, organisation = match.group(1), match.group(2)
        if _PERSON.fullmatch(name):
            people.append((name, organisation))
        elif not _PERSON.fullmatch(base):
            for note in notes:
                people.extend(person for person in _people_in(note) if person not in people)
    return people
