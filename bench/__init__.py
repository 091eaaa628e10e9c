"""`make bench`: performance figures (bench/run.py)."""
