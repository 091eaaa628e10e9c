"""Spreadsheet cells that stay text: the CSV-injection defence every download and export shares.

OWASP's CSV-injection guidance: a text cell starting with `=`, `+`, `-`, `@`, tab or carriage return
is read by Excel/LibreOffice as a formula, so a user name such as `=HYPERLINK(...)` typed at the
sign-in form would become a live formula in the admin's audit download. Such cells are written with
a leading apostrophe (`'=HYPERLINK(...)`), the spreadsheet convention for "this is text". Numbers are
never touched (they are written as numbers), so a negative amount stays a number.

The CLI's own exports must read back byte-identical, so the rule is reversible:

- `neutralise` prefixes ONE apostrophe to text matching `'*[=+\\-@\\t\\r]...` (any run of apostrophes,
  then a trigger character). Text already starting with apostrophes before a trigger gets one more,
  so it too survives the round trip.
- `restore` (the importer) removes ONE apostrophe from text matching `'+[=+\\-@\\t\\r]...`.

Everything else passes both ways unchanged: `'서울사랑' 발간` (apostrophe, then Hangul) is imported as
typed, and so is `-` only when not preceded by an apostrophe. A hand-made file holding `'=x` imports
`=x`, which is what the spreadsheet that wrote it displays.
"""
from __future__ import annotations

import re

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_PREFIX = re.compile(r"^'*[=+\-@\t\r]")
_PREFIXED = re.compile(r"^'+[=+\-@\t\r]")
PREFIXED_PATTERN = r"^'(?='*[=+\-@\t\r])"  # for pandas' vectorised str.replace: the one apostrophe to drop


def needs_prefix(text: str) -> bool:
    return bool(_NEEDS_PREFIX.match(text))


def neutralise(value):
    """A text cell made safe for a spreadsheet; anything that is not text (numbers, dates) unchanged."""
    if isinstance(value, str) and _NEEDS_PREFIX.match(value):
        return "'" + value
    return value


def restore(text: str) -> str:
    """Undo `neutralise` (the importer's side)."""
    return text[1:] if _PREFIXED.match(text) else text
