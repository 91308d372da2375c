"""Plain-text helpers shared by forms, email headers and calendar files.

`one_line` folds every line or paragraph separator and control character (CR, LF, VT, FF,
U+001C-U+001E, NEL, U+2028, U+2029, NUL, bidi overrides…) to a space: email headers and
iCalendar property lines cannot carry them, and a title or name is never meant to hold them.
`plain_lines` keeps the lines of longer text but writes every break as "\n" and drops the
control characters (NUL among them, which PostgreSQL text cannot store).
"""

import re
import unicodedata

# Joiners shape scripts and emoji (a health worker emoji is three code points held by U+200D);
# they break no header or calendar line, so one-line text keeps them.
_KEPT_FORMAT_CHARACTERS = frozenset("\u200c\u200d")
_SPACES = re.compile(r"\s+")


def _breaks_a_line(character):
    if character in _KEPT_FORMAT_CHARACTERS:
        return False
    return unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp")


def one_line(text):
    """`text` on one line: each separator or control character, and each run of spaces, is one space."""
    if not text:
        return text
    folded = "".join(" " if _breaks_a_line(character) else character for character in str(text))
    return _SPACES.sub(" ", folded).strip()


_LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")


def _control(character):
    return character != "\t" and unicodedata.category(character) == "Cc"


def plain_lines(text):
    """`text` with every kind of line break as "\\n" and other control characters (NUL…) as a space.

    Tabs stay (Markdown indents code with them), and so do format characters, which shape text.
    """
    if not text:
        return text
    lines = _LINE_BREAKS.split(str(text))
    return "\n".join("".join(" " if _control(c) else c for c in line) for line in lines)
