r"""Text from data is text: one helper for every place a data string reaches a Markdown-rendering call.

Streamlit renders Markdown in `st.markdown`, `st.caption`, `st.table` cells, widget and metric labels,
expander labels and `help=` tooltips. A programme name such as `[공지](http://…)` would become a link
and `![](…)` an image; `'서울사랑' 발간`, `[공모]`, `<`, `*` are legitimate names and must show as typed.
`plain` writes each character Markdown could read as syntax (`\\ ` * _ { } [ ] < > # ! | $ ~ : &`)
as a numeric character reference (`[` -> `&#91;`): CommonMark decodes it back to the character but
never reads it as syntax (backslash escapes fail inside Streamlit's `:color[...]` directives). A
leading "2016." or "-" would start a list: that character is written the same way. GFM's autolink literals
are found in the decoded text after parsing, whatever the escaping, so a WORD JOINER (U+2060,
invisible, zero-width) goes after `://`, `www` and `@`: `http://…` stays text, shown as typed.
Known gap: an emoji shortcode such as `:smile:` is still drawn as its emoji.
Tables that only show data use `st.dataframe`, which never renders Markdown; static tables are HTML
with every text escaped (`ui.cards.table_html`), never `st.table`.
"""
from __future__ import annotations

import re

_ESCAPES = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_{}[]<>#!|$~:&"})
_LIST_START = re.compile(r"^(\s*)([-+=])|^(\s*\d+)([.)])")


_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def plain(text) -> str:
    """`text` escaped for a Markdown-rendering Streamlit call, so it shows exactly as typed."""
    text = _AUTOLINK.sub(WORD_JOINER, " ".join(str(text).splitlines())).translate(_ESCAPES)
    return _LIST_START.sub(lambda m: f"{m[1]}&#{ord(m[2])};" if m[2] else f"{m[3]}&#{ord(m[4])};", text, count=1)
