"""Strings: both languages everywhere, no Hangul in English."""
import re
import string

from config.i18n import STRINGS, t

HANGUL = re.compile(r"[\uac00-\ud7a3]")


def test_every_string_has_korean_and_english():
    """Every key has a non-empty Korean and English text."""
    for key, (ko, en) in STRINGS.items():
        assert ko.strip() and en.strip(), key


def test_no_hangul_in_english():
    """No English string mixes in Korean."""
    offenders = [key for key, (_, en) in STRINGS.items() if HANGUL.search(en)]
    assert offenders == []


def test_placeholders_match_between_languages():
    """Both languages take the same named values (English may use a derived month name)."""
    for key, (ko, en) in STRINGS.items():
        names = lambda s: {f for _, f, _, _ in string.Formatter().parse(s) if f}  # noqa: E731
        assert names(ko) - {"month"} <= names(en) | {"month"}, key


def test_t_formats_values():
    """t() fills in named values in the chosen language."""
    assert t("common.as_of", "ko", date="2016. 8. 10.") == "기준일 2016. 8. 10."
    assert t("common.as_of", "en", date="10 Aug 2016") == "As of 10 Aug 2016"
