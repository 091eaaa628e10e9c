"""Where data comes in: file imports, the demo dataset, gen-scale's synthetic history, rollup rebuilds.

Everything here writes the reporting tables and runs with the writer role (`manage.py`, the admin
import page's own engine); `data_access/` only reads them.
"""
