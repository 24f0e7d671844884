"""江苏基层治理决策驾驶舱 — warehouse, demo data, finance model, geography, i18n and charts.

Command line: ``python -m governance demo | build | import | bench | scenario``.
"""

__version__ = "0.1.0"
