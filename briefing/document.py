"""The briefing PDF as the overview's button and the mail both make it: the figures and their explanations."""
from __future__ import annotations

from sqlalchemy import Engine

from briefing.model import Briefing
from briefing.notes import briefing_notes


def pdf_bytes(*, engine: Engine, briefing: Briefing) -> bytes:
    """`briefing.pdf.build_pdf` with the latest explanations (부진사유·대책) read at the time of the click or send."""
    from briefing.pdf import FONT_DIR, build_pdf

    return build_pdf(briefing, font_dir=FONT_DIR, notes=briefing_notes(engine=engine, briefing=briefing))
