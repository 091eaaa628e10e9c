"""Data access layer: typed models, migrations and query functions returning DataFrames."""
