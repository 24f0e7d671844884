"""Table exports (CSV for Excel, XLSX) that are safe to open: pure functions, no Streamlit.

Formula injection (CSV/Excel "DDE"): a cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return can be run as a formula by a spreadsheet. ``neutralise_formulas`` prefixes such text cells with an
apostrophe, which spreadsheets show as plain text. Numbers are left alone (a negative number is a number, not
text); column headers are treated like cells.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import streamlit as st

from governance.i18n import t

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """'=1+1' -> "'=1+1"; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` in which every text cell (and header) that a spreadsheet would read as a formula starts
    with an apostrophe. Non-text columns are untouched; the input is not modified."""
    out = df.copy()
    for col in out.columns:
        dtype = out[col].dtype
        if isinstance(dtype, pd.CategoricalDtype) or pd.api.types.is_object_dtype(dtype):
            out[col] = out[col].astype(object).map(neutralise_cell)
        elif pd.api.types.is_string_dtype(dtype):
            out[col] = out[col].map(neutralise_cell).astype(dtype)
    out.columns = [neutralise_cell(c) for c in out.columns]
    return out


def prepare_export(df: pd.DataFrame, labels: dict[str, str] | None = None) -> pd.DataFrame:
    """Columns renamed with ``labels`` (column -> header, e.g. Chinese), limited to the labelled columns when
    ``labels`` is given, formula cells neutralised, timezone-aware datetimes made naive (Excel has no zones)."""
    out = df
    if labels:
        keep = [c for c in df.columns if c in labels]
        out = df[keep].rename(columns=labels)
    out = out.copy()
    for col in out.columns:
        if isinstance(out[col].dtype, pd.DatetimeTZDtype):
            out[col] = out[col].dt.tz_localize(None)
    return neutralise_formulas(out)


def to_csv_bytes(df: pd.DataFrame, labels: dict[str, str] | None = None) -> bytes:
    """CSV encoded UTF-8 with BOM, which Excel needs to show Chinese correctly."""
    return prepare_export(df, labels).to_csv(index=False).encode("utf-8-sig")


def to_xlsx_bytes(df: pd.DataFrame, labels: dict[str, str] | None = None, sheet_name: str = "数据") -> bytes:
    """An .xlsx workbook (openpyxl) with one sheet; text cells are written as text, never as formulas."""
    data = prepare_export(df, labels)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        data.to_excel(writer, index=False, sheet_name=sheet_name[:31] or "Sheet1")
        ws = writer.sheets[sheet_name[:31] or "Sheet1"]
        for row in ws.iter_rows(min_row=1):
            for cell in row:
                if cell.data_type == "f":  # defence in depth: nothing we write is a formula
                    cell.data_type = "s"
        for i, col in enumerate(data.columns, start=1):  # readable column widths (CJK counts double)
            texts = [str(col)] + [str(v) for v in data[col].head(200).tolist()]
            width = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in s) for s in texts)
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(max(width + 2, 8), 60)
    return buf.getvalue()


def export_filename(basename: str, ext: str, when: dt.date | None = None) -> str:
    """'<basename>_<YYYYMMDD>.<ext>', with characters unsafe in file names replaced."""
    safe = "".join("_" if ch in '\\/:*?"<>|' or ord(ch) < 32 else ch for ch in basename).strip() or "export"
    return f"{safe}_{(when or dt.date.today()):%Y%m%d}.{ext}"


# ==================================================================================================== downloads
def download_buttons(df: pd.DataFrame, basename: str, labels: dict[str, str] | None = None,
                     key: str | None = None, sheet_name: str | None = None) -> None:
    """'下载 CSV' and '下载 Excel' buttons for ``df``: headers renamed with ``labels`` (column -> label; only the
    labelled columns are exported when given), CSV in UTF-8 with BOM for Excel, formula cells neutralised.
    Files are generated only when clicked; the click doesn't rerun the page."""
    key = key or f"dl_{basename}"
    frame = df.copy()
    c1, c2, _ = st.columns([1, 1, 4])
    with c1:
        st.download_button(
            t("common.download_csv"), data=lambda: to_csv_bytes(frame, labels),
            file_name=export_filename(basename, "csv"), mime="text/csv", key=f"{key}_csv",
            on_click="ignore", icon=":material/download:",
        )
    with c2:
        st.download_button(
            t("common.download_xlsx"),
            data=lambda: to_xlsx_bytes(frame, labels, sheet_name=sheet_name or basename),
            file_name=export_filename(basename, "xlsx"),
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}_xlsx",
            on_click="ignore", icon=":material/download:",
        )
