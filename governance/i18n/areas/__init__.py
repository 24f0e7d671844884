"""Per-area string catalogs, merged into governance.i18n.catalog.CATALOG / VALUE_LABELS at import.

Each page area owns one module here (``funds.py``, ``elderly.py`` …) defining ``CATALOG`` (key -> {"zh", "en"})
and optionally ``VALUE_LABELS`` (Chinese data value -> English), so areas can grow without editing one shared
file. A key defined twice is an error.
"""

from __future__ import annotations

import importlib
import pkgutil


def merge_into(catalog: dict, value_labels: dict) -> None:
    for mod in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{mod.name}")
        for key, entry in getattr(module, "CATALOG", {}).items():
            if key in catalog and catalog[key] != entry:
                raise KeyError(f"i18n key {key!r} of {mod.name} is already defined")
            catalog[key] = entry
        value_labels.update(getattr(module, "VALUE_LABELS", {}))
