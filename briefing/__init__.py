"""The executive briefing: a `Briefing` assembled from the query layer (model) and its A4 PDF (pdf).

Pure Python: no Streamlit here, so the briefing can be cached by the pages (`ui.data.q`) and
tested directly against the demo database.
"""
