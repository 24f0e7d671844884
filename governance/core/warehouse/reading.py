"""Reading a county's export the way a clerk would, and saying how it was read.

Real exports are spreadsheets made for people: a title and a 单位：万元 row above the header, an instructions sheet
before the data, 合计 rows and 注： lines under the table, amounts in 元, county names instead of codes, 95.2% and
2026年10月 as text, full-width digits. ``read_export`` finds the table in such a file and turns every cell into the
plain text the loader casts (numbers in the data dictionary's unit, ISO dates, GB/T 2260 codes), keeping each row's
spreadsheet row number. Every interpretation becomes a ``Note``; whatever it cannot read unambiguously becomes an
``Issue`` (an unknown unit, a name that is two counties, a formula, a merged header …) and the file is refused.

Values it does not recognise are passed on unchanged, so the loader's type and rule checks name them.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from pathlib import Path

import pandas as pd

from governance.core.regions import CITY_BY_CODE, PROVINCE_NAME, counties
from governance.core.warehouse.datasets import DATASET_BY_NAME, Column, table_schema
from governance.core.warehouse.issues import Issue, Note, ValidationError

HEADER_SCAN_ROWS = 30  # the header is looked for in the first rows of each sheet
MAX_ISSUES = 20


@dataclass(frozen=True)
class Limits:
    """Caps on what one file may hold (None: no cap). Imports are capped; the demo build is not."""

    max_file_bytes: int | None = None
    max_unpacked_bytes: int | None = None  # XLSX: total size of the XML inside the zip, checked before parsing
    max_rows: int | None = None


IMPORT_LIMITS = Limits(max_file_bytes=50 * 2**20, max_unpacked_bytes=200 * 2**20, max_rows=200_000)
NO_LIMITS = Limits()

# Money: the dictionary's unit is 万元; these convert exactly (Decimal) into it.
MONEY_UNITS = {"元": Decimal("0.0001"), "千元": Decimal("0.1"), "万元": Decimal(1), "亿元": Decimal(10000)}
COUNTY_HEADERS = ("区县", "区县名称", "地区", "县(市、区)", "县(市,区)", "县市区", "县区", "区县名", "地区名称",
                  "行政区划", "行政区划代码", "区划代码")
TOTAL_WORDS = ("合计", "小计", "总计")
NOTE_RE = re.compile(r"^(注|说明|备注|附注|数据来源|资料来源|填表说明|填报说明|填表人|填报人|制表人|制表|审核人|审核|"
                     r"负责人|单位负责人|联系人|联系电话|填报日期|填表日期)\s*(\d|[:：.、,，(（]|$)")
UNIT_ROW_RE = re.compile(r"单位\s*[:：]\s*([^\s,，;；、()（）]+)")
# Units a header may name for a non-money column: when one differs from the dictionary's, the file is refused.
UNIT_WORDS = {"%", "‰", "户", "人", "张", "件", "次", "份", "个", "人次", "小时", "分钟", "秒", "天", "日", "月", "年",
              "吨", "千克", "公斤", "kg", "t", "克", "分", "米", "公里", "km", "平方米", "亩", "°"}
TRUE_EXTRA = {"有": "是", "✓": "是", "✔": "是", "√": "是"}
FALSE_EXTRA = {"无": "否", "×": "否", "✗": "否"}
EXCEL_EPOCH = date(1899, 12, 30)


# ---------------------------------------------------------------------------------------------- cells from XLSX

class _Formula(str):
    """An XLSX formula cell (its text); data rows must carry values."""


class _ExcelError(str):
    """An XLSX error value such as #DIV/0!."""


class _Percent(float):
    """A number shown with a % format in Excel (0.952 displayed as 95.2%)."""


# ---------------------------------------------------------------------------------------------- the result

@dataclass
class ReadResult:
    frame: pd.DataFrame  # _row (spreadsheet row) + one text column per schema column
    notes: list[Note] = field(default_factory=list)
    sheet: str | None = None
    header_row: int = 1


def _nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", _nfkc(str(text)))


def _label_key(text: str) -> str:
    return _squash(text).lstrip("*※★").lower()


def split_header(text: str) -> tuple[str, str | None]:
    """'一般公共预算支出（元）' -> ('一般公共预算支出', '元'); '总投资(单位:万元)' -> ('总投资', '万元')."""
    t = _label_key(text)
    m = re.search(r"[(\[【]([^)\]】]*)[)\]】]$", t)
    if not m:
        if "/" in t:  # 总投资/万元
            head, _, tail = t.rpartition("/")
            if head and tail:
                return head, tail
        return t, None
    unit = re.sub(r"^(计量)?单位[:：]?", "", m.group(1))
    return t[: m.start()], unit or None


def _unit_key(unit: str) -> str:
    return _squash(unit).lower()


@cache
def _column_keys(dataset: str) -> dict[str, str]:
    """normalised header text -> column name (English name, Chinese label, county synonyms)."""
    ds = DATASET_BY_NAME[dataset]
    keys: dict[str, str] = {}
    for col in table_schema(dataset).columns:
        keys[_label_key(col.name)] = col.name
        keys[_label_key(col.label_zh)] = col.name
        if ds.foreign_keys.get(col.name) == ("regions", "code"):
            for syn in COUNTY_HEADERS:
                keys.setdefault(_label_key(syn), col.name)
    return keys


def _match_header(dataset: str, cell) -> tuple[str | None, str | None]:
    """(column name, unit written in the header) for one header cell, or (None, None)."""
    if cell is None or isinstance(cell, (int, float, datetime, date)):
        return None, None
    keys = _column_keys(dataset)
    full = _label_key(cell)
    if not full:
        return None, None
    if full in keys:
        return keys[full], None
    label, unit = split_header(str(cell))
    if label in keys and unit:
        return keys[label], unit
    return None, None


# ---------------------------------------------------------------------------------------------- counties

@lru_cache(maxsize=1)
def _county_index() -> tuple[dict[str, str], dict[str, list[str]]]:
    full: dict[str, str] = {}
    bare: dict[str, list[str]] = defaultdict(list)
    for c in counties():
        city = CITY_BY_CODE[c.city_code].name
        full[city + c.name] = c.code
        full[PROVINCE_NAME + city + c.name] = c.code
        bare[c.name].append(c.code)
    return full, dict(bare)


def county_display(code: str) -> str:
    c = next(c for c in counties() if c.code == code)
    return f"{CITY_BY_CODE[c.city_code].name}{c.name}（{code}）"


def resolve_county(text: str) -> tuple[str | None, list[str]]:
    """A county's full name (南京市玄武区, 江苏省南京市玄武区) or unique bare name (江阴市) -> (code, []);
    an ambiguous bare name (鼓楼区) -> (None, [both codes]); unknown -> (None, [])."""
    name = _squash(text)
    full, bare = _county_index()
    if name in full:
        return full[name], []
    if name.startswith(PROVINCE_NAME) and name[len(PROVINCE_NAME):] in bare:
        name = name[len(PROVINCE_NAME):]
    codes = bare.get(name, [])
    if len(codes) == 1:
        return codes[0], []
    return None, list(codes)


# ---------------------------------------------------------------------------------------------- raw grids

def _refuse(fname: str, problem: str, problem_zh: str, row: int | None = None, column: str | None = None,
            value: str | None = None) -> ValidationError:
    return ValidationError([Issue(fname, row, column, value, problem, problem_zh)])


def _decode(fname: str, raw: bytes, notes: list[Note]) -> str:
    if raw.startswith(codecs.BOM_UTF8):
        notes.append(Note(None, None, "encoding: UTF-8 (with BOM)", "编码：UTF-8（带 BOM）"))
        return raw[3:].decode("utf-8", errors="strict")
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        notes.append(Note(None, None, "encoding: UTF-16 (Excel 'Unicode text')", "编码：UTF-16（Excel“Unicode 文本”）"))
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        # the encoding that read further is the one meant: name the line where it broke
        line = raw[: max(utf8_error, exc.start)].count(b"\n") + 1
        raise _refuse(fname, "text encoding not recognised (expected UTF-8 or GBK/GB18030)",
                      "无法识别文件编码（应为 UTF-8 或 GBK/GB18030）", row=line) from None
    notes.append(Note(None, None, "encoding: GBK/GB18030", "编码：GBK/GB18030"))
    return text


def _csv_rows(path: Path, fname: str, notes: list[Note]) -> list[list]:
    raw = path.read_bytes()
    if raw.startswith(b"PK\x03\x04"):
        raise _refuse(fname, "this is an XLSX/ZIP file, not CSV: give it the .xlsx extension",
                      "该文件是 XLSX/ZIP 文件而非 CSV：请使用 .xlsx 扩展名")
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(fname, "this is an old Excel (.xls) or encrypted workbook: save it as .xlsx or CSV",
                      "这是旧版 Excel（.xls）或加密工作簿：请另存为 .xlsx 或 CSV")
    if b"\x00" in raw[:65536] and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise _refuse(fname, "binary data, not a text (CSV) file", "文件含二进制内容，不是文本（CSV）文件", row=line)
    text = _decode(fname, raw, notes)
    lines = [ln for ln in text.splitlines()[:20] if ln.strip()]
    tabbed = sum("\t" in ln for ln in lines)
    delim = "\t" if lines and tabbed * 2 >= len(lines) else ","
    if delim == "\t":
        notes.append(Note(None, None, "columns separated by tabs", "列以制表符分隔"))
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delim)]
    except csv.Error as exc:
        raise _refuse(fname, f"CSV cannot be read: {exc}", f"CSV 无法读取：{exc}") from None


def _check_zip(path: Path, fname: str, limits: Limits) -> None:
    with open(path, "rb") as f:
        head = f.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(fname, "this is an old Excel (.xls) or password-protected workbook: save it as .xlsx without "
                      "a password", "这是旧版 Excel（.xls）或加密工作簿：请另存为不加密的 .xlsx")
    if not zipfile.is_zipfile(path):
        raise _refuse(fname, "not a valid XLSX file (damaged or another format)", "不是有效的 XLSX 文件（已损坏或格式不符）")
    try:
        with zipfile.ZipFile(path) as z:
            unpacked = sum(i.file_size for i in z.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise _refuse(fname, f"not a valid XLSX file: {exc}", f"不是有效的 XLSX 文件：{exc}") from None
    if limits.max_unpacked_bytes is not None and unpacked > limits.max_unpacked_bytes:
        mb, cap = unpacked / 2**20, limits.max_unpacked_bytes / 2**20
        raise _refuse(fname, f"the workbook unpacks to {mb:,.0f} MB, more than the {cap:,.0f} MB allowed: "
                      "split it or remove other sheets",
                      f"工作簿解压后 {mb:,.0f} MB，超过上限 {cap:,.0f} MB：请拆分文件或删除其他工作表")


_MERGE_RE = re.compile(rb'<mergeCell\s+ref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def col_letter(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _merged_ranges(ws) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of the sheet's merged cells, read from its XML (read-only mode)."""
    out, tail = [], b""
    with ws._get_source() as src:  # mergeCells follow the sheet data: stream the XML rather than load it
        while chunk := src.read(1 << 20):
            buf = tail + chunk
            out += [(_col_number(a.decode()), int(b), _col_number(c.decode()), int(d))
                    for a, b, c, d in _MERGE_RE.findall(buf)]
            cut = buf.rfind(b"<")
            tail = buf[cut:] if cut >= 0 and b">" not in buf[cut:] else b""
    return out


def _xlsx_cell(cell):
    if cell is None or getattr(cell, "value", None) is None:
        return None
    v, kind = cell.value, getattr(cell, "data_type", None)
    if kind == "f" or (isinstance(v, str) and v.startswith("=") and kind != "s"):
        return _Formula(str(v))
    if kind == "e":
        return _ExcelError(str(v))
    if isinstance(v, (int, float)) and not isinstance(v, bool) and "%" in (getattr(cell, "number_format", "") or ""):
        return _Percent(v)
    if type(v).__name__ in ("ArrayFormula", "DataTableFormula"):
        return _Formula(str(getattr(v, "text", v)))
    return v


def _open_workbook(path: Path, fname: str, limits: Limits):
    """The workbook opened read-only, formulas kept as formulas (checked first: a zip within the size cap)."""
    import openpyxl
    _check_zip(path, fname, limits)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:  # noqa: BLE001 - any parser failure means "not a readable workbook"
        raise _refuse(fname, f"the workbook cannot be read: {str(exc)[:200]}",
                      f"工作簿无法读取：{str(exc)[:200]}") from None
    return wb


# ---------------------------------------------------------------------------------------------- the table

@dataclass
class _Table:
    sheet: str | None
    header_row: int  # 1-based
    header: list  # header cells
    rows: list[tuple[int, list]]  # (row number, cells) after the header
    above: list[tuple[int, list]]  # rows above the header
    merged: list[tuple[int, int, int, int]]
    sheet_notes: list[Note]
    score: int = 0  # columns the header row names


def _score(dataset: str, cells: list) -> int:
    return len({c for c, _ in (_match_header(dataset, v) for v in cells) if c})


def _find_header(dataset: str, rows: list[list]) -> tuple[int, int]:
    """(index of the best header row among the first rows, its score)."""
    best, best_i = 0, 0
    for i, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        s = _score(dataset, cells)
        if s > best:
            best, best_i = s, i
    return best_i, best


def _read_table(dataset: str, path: Path, fname: str, limits: Limits, notes: list[Note]) -> _Table:
    suffix = path.suffix.lower()
    if suffix == ".csv" or suffix == ".txt":
        grid = _csv_rows(path, fname, notes)
        i, score = _find_header(dataset, grid)
        return _Table(None, i + 1, grid[i] if grid else [], [(n + 1, r) for n, r in enumerate(grid) if n > i],
                      [(n + 1, r) for n, r in enumerate(grid[:i])], [], [], score)
    if suffix in (".xlsx", ".xlsm"):
        wb = _open_workbook(path, fname, limits)
        try:
            best = None
            skipped = []
            for ws in wb.worksheets:
                ws.reset_dimensions()  # trust the cells, not the stored sheet size
                top = [[_xlsx_cell(c) for c in r] for r in ws.iter_rows(max_row=HEADER_SCAN_ROWS)]
                i, score = _find_header(dataset, top)
                if best is None or score > best[2]:
                    if best is not None:
                        skipped.append(best[0].title)
                    best = (ws, i, score, top)
                else:
                    skipped.append(ws.title)
            if best is None:
                raise _refuse(fname, "the workbook has no sheets", "工作簿中没有工作表")
            ws, i, score, top = best
            sheet_notes = []
            if len(wb.worksheets) > 1:
                sheet_notes.append(Note(None, None, f"data read from sheet '{ws.title}' (found by its header; other "
                                        f"sheets skipped: {', '.join(repr(s) for s in skipped)})",
                                        f"数据取自工作表“{ws.title}”（按表头识别；跳过：{'、'.join(skipped)}）"))
            rows: list[tuple[int, list]] = []
            cap = None if limits.max_rows is None else limits.max_rows + 200  # blank/total rows do not count
            for n, r in enumerate(ws.iter_rows(min_row=i + 2), start=i + 2):
                rows.append((n, [_xlsx_cell(c) for c in r]))
                if cap is not None and len(rows) > cap:
                    break
            merged = _merged_ranges(ws)
        finally:
            wb.close()
        return _Table(ws.title, i + 1, top[i] if top else [], rows, [(n + 1, r) for n, r in enumerate(top[:i])],
                      merged, sheet_notes, score)
    if suffix == ".xls":
        raise _refuse(fname, "old Excel format (.xls): save it as .xlsx or CSV", "旧版 Excel 格式（.xls）：请另存为 .xlsx 或 CSV")
    raise _refuse(fname, f"unsupported file type {suffix!r} (use .csv or .xlsx)",
                  f"不支持的文件类型 {suffix!r}（请使用 .csv 或 .xlsx）")


def _text(v) -> str:
    return "" if v is None else str(v).strip()


def _is_blank(cells: list) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in cells)


def _total_word(cells: list) -> str | None:
    for v in cells:
        if isinstance(v, str) and "计" in v and len(v) <= 16 and not isinstance(v, _Formula):
            s = _squash(v).rstrip(":：")
            if len(s) <= 8 and s.endswith(TOTAL_WORDS):
                return s
    return None


def _note_line(cells: list) -> str | None:
    first = next((v for v in cells if v is not None and _text(v)), None)
    if isinstance(first, str) and NOTE_RE.match(_nfkc(first.strip())):
        return " ".join(_text(v) for v in cells if _text(v))
    return None


def _short(text: str, n: int = 40) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= n else text[: n - 1] + "…"


# ---------------------------------------------------------------------------------------------- values

class _Tally:
    """Counts one kind of interpretation per column and keeps the first example."""

    def __init__(self) -> None:
        self.seen: dict[tuple[str, str], list] = {}

    def add(self, kind: str, column: str, row: int, before, after) -> None:
        entry = self.seen.setdefault((kind, column), [0, row, before, after])
        entry[0] += 1


def _kind(col: Column, ds) -> str:
    t = col.type.upper()
    if ds.foreign_keys.get(col.name) == ("regions", "code"):
        return "county"
    if t in ("INTEGER", "BIGINT", "DOUBLE", "FLOAT") or t.startswith("DECIMAL"):
        return "number"
    if t == "DATE":
        return "date"
    if t == "BOOLEAN":
        return "bool"
    return "text"


def _canon(d: Decimal) -> str:
    d = d.normalize()
    return format(d, "f")


_THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
_FULLWIDTH = re.compile(r"[\uff01-\uff5e\u3000]")


_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _number(v, col: Column, factor: Decimal, row: int, tally: _Tally, problems: list) -> str | None:
    if type(v) is str and factor == 1 and _PLAIN_NUMBER.fullmatch(v):
        return v  # the common case, already what the loader casts
    if isinstance(v, _Percent):
        if col.unit == "%":
            tally.add("pct_format", col.name, row, f"{float(v):g}", None)
            d = Decimal(repr(float(v))) * 100
        else:
            d = Decimal(repr(float(v)))
    elif isinstance(v, bool) or isinstance(v, (datetime, date)):
        return str(v)
    elif isinstance(v, int):
        d = Decimal(v)
    elif isinstance(v, float):
        d = Decimal(repr(v))
    else:
        s = str(v).strip()
        if not s:
            return None
        t = s
        if _FULLWIDTH.search(t):
            t = _nfkc(t)
            tally.add("fullwidth", col.name, row, s, t)
        t = re.sub(r"[\s\u00a0\u2009\u202f']", "", t)
        if "," in t:
            if not _THOUSANDS.fullmatch(t):
                problems.append((row, col.name, s, "unclear number: commas are not thousands separators",
                                 "数字不明确：逗号不是千分位分隔符"))
                return s
            tally.add("thousands", col.name, row, s, None)
            t = t.replace(",", "")
        if t.endswith("%"):
            if col.unit != "%":
                problems.append((row, col.name, s, f"a percentage in a column measured in {col.unit or 'plain numbers'}",
                                 f"该列单位为“{col.unit or '数值'}”，不应为百分数"))
                return s
            tally.add("pct_sign", col.name, row, s, None)
            t = t[:-1]
        if col.type.upper() in ("INTEGER", "BIGINT") and t.endswith("年") and t[:-1].isdigit():
            tally.add("year_suffix", col.name, row, s, t[:-1])
            t = t[:-1]
        try:
            d = Decimal(t)
        except InvalidOperation:
            return s
        if not d.is_finite():
            return s
    if factor != 1:
        d = d * factor
    return _canon(d)


_DATE_PATTERNS = (
    (re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"), "ymd", None),
    (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"), "ymd", "cn_date"),
    (re.compile(r"(\d{4})年(\d{1,2})月份?"), "ym", "cn_month"),
    (re.compile(r"(\d{4})[-/.](\d{1,2})"), "ym", None),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), "ymd", "compact_date"),
    (re.compile(r"(\d{4})(\d{2})"), "ym", "compact_month"),
)


def _serial(n: float) -> date | None:
    if 1 <= n < 2958466:
        return EXCEL_EPOCH + timedelta(days=int(n))
    return None


def _date(v, col: Column, row: int, tally: _Tally) -> str | None:
    if isinstance(v, datetime):
        return v.date().isoformat()
    if isinstance(v, date):
        return v.isoformat()
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        d = _serial(float(v))
        if d is None:
            return str(v)
        tally.add("serial_date", col.name, row, f"{v:g}", d.isoformat())
        return d.isoformat()
    s = str(v).strip()
    if not s:
        return None
    t = _squash(s)
    if re.fullmatch(r"\d{5}(\.\d+)?", t):
        d = _serial(float(t))
        tally.add("serial_date", col.name, row, s, d.isoformat())
        return d.isoformat()
    for pattern, shape, kind in _DATE_PATTERNS:
        m = pattern.fullmatch(t)
        if not m:
            continue
        try:
            y, mo = int(m.group(1)), int(m.group(2))
            d = date(y, mo, int(m.group(3)) if shape == "ymd" else 1)
        except ValueError:
            return s
        if kind:
            tally.add(kind, col.name, row, s, d.isoformat())
        return d.isoformat()
    return s


def _bool(v, col: Column, row: int, tally: _Tally) -> str | None:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return f"{v:g}"
    s = _squash(str(v))
    if s in TRUE_EXTRA or s in FALSE_EXTRA:
        out = TRUE_EXTRA.get(s) or FALSE_EXTRA[s]
        tally.add("bool_word", col.name, row, s, out)
        return out
    return s or None


def _plain(v) -> str | None:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, datetime):
        return v.date().isoformat() if v.time() == datetime.min.time() else v.isoformat(sep=" ")
    if isinstance(v, date):
        return v.isoformat()
    s = str(v).strip()
    return s or None


def _county(v, col: Column, row: int, tally: _Tally, problems: list) -> str | None:
    s = _plain(v)
    if s is None:
        return None
    t = _squash(s)
    if re.fullmatch(r"\d{6}", t):
        return t
    code, candidates = resolve_county(t)
    if code:
        tally.add("county_name", col.name, row, s, code)
        return code
    if candidates:
        problems.append((row, col.name, s,
                         "ambiguous county name: " + " or ".join(county_display(c) for c in candidates)
                         + "; write the full name (e.g. 南京市鼓楼区) or the code",
                         "区县名称有歧义：" + " 或 ".join(county_display(c) for c in candidates)
                         + "；请填写全称（如 南京市鼓楼区）或代码"))
        return s
    if re.search(r"[\u4e00-\u9fff]", t):
        problems.append((row, col.name, s, "unknown county name (not one of the 95 county-level units of Jiangsu)",
                         "未知的区县名称（不属于江苏省 95 个县级行政区）"))
    return s


_NOTE_TEXT = {
    "thousands": ("thousands separators removed in {n} cells (e.g. row {row}: {before!r})",
                  "去除千分位分隔符 {n} 处（如第 {row} 行：{before}）"),
    "fullwidth": ("full-width characters converted in {n} cells (e.g. row {row}: {before!r} → {after!r})",
                  "全角字符转换 {n} 处（如第 {row} 行：{before} → {after}）"),
    "pct_sign": ("percent signs removed in {n} cells, values kept in percent (e.g. row {row}: {before!r})",
                 "去除百分号 {n} 处，数值按百分数保存（如第 {row} 行：{before}）"),
    "pct_format": ("{n} cells formatted as percentages in Excel converted to percent (e.g. row {row}: {before} → ×100)",
                   "Excel 百分比格式单元格 {n} 个换算为百分数（如第 {row} 行：{before} → ×100）"),
    "year_suffix": ("'年' after the year removed in {n} cells (e.g. row {row}: {before!r})",
                    "去除年份后的“年”字 {n} 处（如第 {row} 行：{before}）"),
    "serial_date": ("Excel serial dates converted in {n} cells (e.g. row {row}: {before} → {after})",
                    "Excel 日期序号转换 {n} 处（如第 {row} 行：{before} → {after}）"),
    "cn_date": ("dates written as 年月日 read in {n} cells (e.g. row {row}: {before} → {after})",
                "“年月日”格式日期 {n} 处（如第 {row} 行：{before} → {after}）"),
    "cn_month": ("months written as 年月 read as the month's first day in {n} cells (e.g. row {row}: {before} → {after})",
                 "“年月”格式月份 {n} 处，按当月 1 日保存（如第 {row} 行：{before} → {after}）"),
    "compact_date": ("dates written as YYYYMMDD read in {n} cells (e.g. row {row}: {before} → {after})",
                     "YYYYMMDD 格式日期 {n} 处（如第 {row} 行：{before} → {after}）"),
    "compact_month": ("months written as YYYYMM read in {n} cells (e.g. row {row}: {before} → {after})",
                      "YYYYMM 格式月份 {n} 处（如第 {row} 行：{before} → {after}）"),
    "county_name": ("county names mapped to GB/T 2260 codes in {n} rows (e.g. row {row}: {before} → {after})",
                    "区县名称转换为 GB/T 2260 代码 {n} 行（如第 {row} 行：{before} → {after}）"),
    "bool_word": ("yes/no words read in {n} cells (e.g. row {row}: {before} → {after})",
                  "是/否类词语识别 {n} 处（如第 {row} 行：{before} → {after}）"),
}


# ---------------------------------------------------------------------------------------------- read_export

def read_export(dataset: str, path: Path | str, limits: Limits | None = None) -> ReadResult:
    """Find the table in an export and return its rows as canonical text, with every interpretation made.

    ``limits``: None means ``IMPORT_LIMITS`` (looked up at call time). Raises ValidationError (file, row, column,
    value) for whatever cannot be read without guessing."""
    limits = IMPORT_LIMITS if limits is None else limits
    path = Path(path)
    fname = path.name
    ds = DATASET_BY_NAME[dataset]
    schema = table_schema(dataset)
    if not path.exists():
        raise _refuse(fname, "file not found", "找不到文件")
    size = path.stat().st_size
    if limits.max_file_bytes is not None and size > limits.max_file_bytes:
        raise _refuse(fname, f"the file is {size / 2**20:,.1f} MB, more than the {limits.max_file_bytes / 2**20:,.0f} MB "
                      "allowed per import: split it", f"文件 {size / 2**20:,.1f} MB，超过单次导入上限 "
                      f"{limits.max_file_bytes / 2**20:,.0f} MB：请拆分")
    if size == 0:
        raise _refuse(fname, "the file is empty", "文件为空")
    notes: list[Note] = []
    table = _read_table(dataset, path, fname, limits, notes)
    notes += table.sheet_notes
    hr = table.header_row
    n_cols = len(schema.columns)
    if table.score < min(2, n_cols):
        expected = "、".join(c.label_zh for c in schema.columns[:4])
        raise _refuse(fname, f"no header row found in the first {HEADER_SCAN_ROWS} rows of any sheet (expected column "
                      f"labels such as {expected} …)", f"前 {HEADER_SCAN_ROWS} 行中找不到表头（应含 {expected} 等列名）",
                      row=1)

    # header: which column is which, and the unit written in it
    mapping: dict[str, int] = {}
    header_units: dict[str, str] = {}
    issues: list[Issue] = []
    ignored = []
    for idx, cell in enumerate(table.header):
        col, unit = _match_header(dataset, cell)
        if col is None:
            if _text(cell):
                ignored.append(_text(cell))
            continue
        if col in mapping:
            issues.append(Issue(fname, hr, col, _text(cell),
                                f"two columns mean {col!r}: columns {col_letter(mapping[col] + 1)} and {col_letter(idx + 1)}",
                                f"两列表头都对应 {col}：{col_letter(mapping[col] + 1)} 列和 {col_letter(idx + 1)} 列"))
            continue
        mapping[col] = idx
        if unit:
            header_units[col] = unit
    merged_header = sorted((c0, r0, c1, r1) for c0, r0, c1, r1 in table.merged if r0 <= hr <= r1 and (c1 > c0 or r1 > r0))
    for c in schema.columns:
        if c.name not in mapping and not merged_header:  # a merged header explains the missing columns
            issues.append(Issue(fname, hr, c.name, None,
                                f"required column missing (expected header {c.name!r} or {c.label_zh!r})",
                                f"缺少必需的列（表头应为 {c.name} 或 {c.label_zh}）"))
    for c0, r0, c1, r1 in merged_header:
        issues.append(Issue(fname, hr, col_letter(c0), None,
                            f"merged header cells {col_letter(c0)}{r0}:{col_letter(c1)}{r1}: use one header row "
                            "with one label per column",
                            f"表头有合并单元格 {col_letter(c0)}{r0}:{col_letter(c1)}{r1}：请使用单行表头、每列一个列名"))
    if issues:
        raise ValidationError(issues[:MAX_ISSUES], max(0, len(issues) - MAX_ISSUES))
    if hr > 1:
        shown = "; ".join(f"{n}: {_short(' '.join(_text(v) for v in r if _text(v)))}" for n, r in table.above
                          if not _is_blank(r))
        notes.append(Note(hr, None, f"header found on row {hr}; rows above it skipped ({shown or 'blank'})",
                          f"表头位于第 {hr} 行，其上各行已跳过（{shown or '空行'}）"))
    by_idx = {i: c for c, i in mapping.items()}
    label_of = {c.name: c for c in schema.columns}
    notes.append(Note(hr, None, "columns: " + ", ".join(f"{_text(table.header[i])} → {c}" for i, c in sorted(by_idx.items())),
                      "列对应：" + "，".join(f"{_text(table.header[i])} → {c}" for i, c in sorted(by_idx.items()))))
    if ignored:
        notes.append(Note(hr, None, f"columns not in the dictionary, ignored: {', '.join(ignored)}",
                          f"数据字典中没有的列，已忽略：{'、'.join(ignored)}"))

    # units: in the header, in a 单位 row above it, or in a row of units right under it
    doc_unit, doc_unit_row = None, None
    for n, cells in table.above:
        for v in cells:
            m = UNIT_ROW_RE.search(_nfkc(str(v))) if isinstance(v, str) else None
            if m:
                doc_unit, doc_unit_row = m.group(1), n
    rows = table.rows
    if rows and not _is_blank(rows[0][1]):
        n0, first = rows[0]
        tokens = {i: _squash(v).strip("()（）") for i, v in enumerate(first) if _text(v)}
        known = set(MONEY_UNITS) | {c.unit for c in schema.columns if c.unit}
        if tokens and all(t in known for t in tokens.values()):
            for i, unit in tokens.items():
                if i in by_idx and by_idx[i] not in header_units:
                    header_units[by_idx[i]] = unit
            notes.append(Note(n0, None, "row of units under the header read and skipped", "表头下方的单位行已识别并跳过"))
            rows = rows[1:]
    factors: dict[str, Decimal] = {}
    unit_uses: dict[tuple[str, str], list[str]] = defaultdict(list)  # (unit, source) -> column labels
    for c in schema.columns:
        if c.name not in mapping:
            continue
        unit = header_units.get(c.name)
        source = "header"
        if unit is None and doc_unit is not None and c.unit == "万元":
            unit, source = doc_unit, "unit_row"
        if unit is None:
            continue
        ukey = _unit_key(unit)
        if c.unit == "万元":
            if ukey not in MONEY_UNITS:
                where = doc_unit_row if source == "unit_row" else hr
                issues.append(Issue(fname, where, c.name, unit,
                                    f"unknown unit {unit!r} for {c.label_zh} (use 元, 千元, 万元 or 亿元)",
                                    f"{c.label_zh} 的单位“{unit}”无法识别（应为 元、千元、万元 或 亿元）"))
                continue
            factors[c.name] = MONEY_UNITS[ukey]
            if ukey != "万元" or source == "unit_row":
                unit_uses[(ukey, source)].append(c.label_zh)
        elif c.unit and ukey != _unit_key(c.unit.split()[0]):
            if ukey in UNIT_WORDS or ukey in MONEY_UNITS:
                issues.append(Issue(fname, hr, c.name, unit,
                                    f"unit {unit!r} for {c.label_zh} cannot be converted (the dictionary's unit is {c.unit})",
                                    f"{c.label_zh} 的单位“{unit}”无法换算（数据字典单位为 {c.unit}）"))
            else:
                notes.append(Note(hr, c.name, f"{c.label_zh}: bracketed text {unit!r} in the header ignored",
                                  f"{c.label_zh}：表头括号内文字“{unit}”已忽略"))
    if issues:
        raise ValidationError(issues[:MAX_ISSUES], max(0, len(issues) - MAX_ISSUES))
    for (ukey, source), labels in unit_uses.items():
        where_en = f"the 单位 row (row {doc_unit_row})" if source == "unit_row" else "the header"
        where_zh = f"第 {doc_unit_row} 行单位行" if source == "unit_row" else "表头"
        conv_en = f", converted to 万元 (× {MONEY_UNITS[ukey]:f})" if ukey != "万元" else ""
        conv_zh = f"，已换算为万元（× {MONEY_UNITS[ukey]:f}）" if ukey != "万元" else ""
        notes.append(Note(doc_unit_row if source == "unit_row" else hr, None,
                          f"amounts in {ukey} (from {where_en}){conv_en}: {', '.join(labels)}",
                          f"金额单位为{ukey}（取自{where_zh}）{conv_zh}：{'、'.join(labels)}"))

    # data rows: skip blank, 合计 and 注 lines; convert every cell
    kinds = {c.name: _kind(c, ds) for c in schema.columns}
    tally = _Tally()
    problems: list[tuple] = []
    out_rows: list[int] = []
    out_cols: dict[str, list] = {c.name: [] for c in schema.columns}
    totals, note_lines, blank = [], [], 0
    data_rows: set[int] = set()
    width = max(mapping.values()) + 1
    for n, cells in rows:
        if _is_blank(cells):
            blank += 1
            continue
        word = _total_word(cells)
        if word:
            totals.append((n, word))
            continue
        line = _note_line(cells)
        if line:
            note_lines.append((n, line))
            continue
        if limits.max_rows is not None and len(out_rows) >= limits.max_rows:
            raise _refuse(fname, f"more than {limits.max_rows:,d} data rows: split the file (limit per import)",
                          f"数据超过 {limits.max_rows:,d} 行：请拆分文件（单次导入上限）", row=n)
        cells = list(cells) + [None] * (width - len(cells))
        out_rows.append(n)
        data_rows.add(n)
        for col, idx in mapping.items():
            v = cells[idx]
            c = label_of[col]
            if isinstance(v, _Formula):
                problems.append((n, col, str(v), "formula cell: paste the values (Paste Special → Values) before importing",
                                 "公式单元格：请先“选择性粘贴→数值”后再导入"))
                out_cols[col].append(None)
                continue
            if isinstance(v, _ExcelError):
                problems.append((n, col, str(v), "Excel error value", "Excel 错误值"))
                out_cols[col].append(None)
                continue
            if v is None or (isinstance(v, str) and not v.strip()):
                out_cols[col].append(None)
                continue
            kind = kinds[col]
            if kind == "number":
                out_cols[col].append(_number(v, c, factors.get(col, Decimal(1)), n, tally, problems))
            elif kind == "date":
                out_cols[col].append(_date(v, c, n, tally))
            elif kind == "bool":
                out_cols[col].append(_bool(v, c, n, tally))
            elif kind == "county":
                out_cols[col].append(_county(v, c, n, tally, problems))
            else:
                out_cols[col].append(_plain(v))
    for c0, r0, c1, r1 in table.merged:  # a merged block in the data leaves all but its first row empty
        hit = sorted(r for r in data_rows if r0 <= r <= r1)
        if hit and (r1 > r0 or c1 > c0) and r0 > hr:
            problems.append((hit[0], col_letter(c0), None,
                             f"merged cells {col_letter(c0)}{r0}:{col_letter(c1)}{r1} in the data: unmerge them and fill "
                             "in every row", f"数据区有合并单元格 {col_letter(c0)}{r0}:{col_letter(c1)}{r1}：请取消合并并逐行填写"))
    if problems:
        problems.sort(key=lambda p: (p[0], str(p[1])))
        raise ValidationError([Issue(fname, r, c, v, en, zh) for r, c, v, en, zh in problems[:MAX_ISSUES]],
                              max(0, len(problems) - MAX_ISSUES))

    for n, word in totals:
        notes.append(Note(n, None, f"{word} row skipped (a total, not a county's figure)", f"“{word}”行已跳过（汇总行）"))
    for n, line in note_lines:
        notes.append(Note(n, None, f"note line skipped: {_short(line)}", f"说明行已跳过：{_short(line)}"))
    if blank:
        notes.append(Note(None, None, f"{blank} blank rows skipped", f"跳过空行 {blank} 行"))
    for (kind, column), (count, row, before, after) in tally.seen.items():
        en, zh = _NOTE_TEXT[kind]
        fmt = dict(n=count, row=row, before=before, after=after)
        notes.append(Note(row, column, f"{label_of[column].label_zh}: " + en.format(**fmt),
                          f"{label_of[column].label_zh}：" + zh.format(**fmt)))
    frame = pd.DataFrame({"_row": out_rows, **out_cols})
    return ReadResult(frame, notes, table.sheet, hr)


def guess_dataset(path: Path | str, limits: Limits | None = None) -> str | None:
    """The dataset whose columns the file's header names best (most of its columns, at least 60 %), or None.
    Reads only the first rows of each sheet."""
    limits = IMPORT_LIMITS if limits is None else limits
    path = Path(path)
    fname = path.name
    tops: list[list[list]] = []
    try:
        if path.suffix.lower() in (".csv", ".txt"):
            tops.append(_csv_rows(path, fname, [])[:HEADER_SCAN_ROWS])
        elif path.suffix.lower() in (".xlsx", ".xlsm"):
            wb = _open_workbook(path, fname, limits)
            try:
                for ws in wb.worksheets:
                    ws.reset_dimensions()
                    tops.append([[_xlsx_cell(c) for c in r] for r in ws.iter_rows(max_row=HEADER_SCAN_ROWS)])
            finally:
                wb.close()
    except ValidationError:
        return None
    best, best_key = None, (0.0, 0)
    for name in DATASET_BY_NAME:
        n = len(table_schema(name).columns)
        score = max((_find_header(name, rows)[1] for rows in tops), default=0)
        key = (score / n, score)
        if score / n >= 0.6 and key > best_key:
            best, best_key = name, key
    return best


def header_maps_exactly(dataset: str, headers: list[str]) -> bool:
    """True when a first line names every column plainly (English name or Chinese label, no units): a clean
    export the fast CSV path can load as it is."""
    keys = _column_keys(dataset)
    cols = [keys.get(_label_key(h)) for h in headers]
    names = [c.name for c in table_schema(dataset).columns]
    return sorted(c for c in cols if c) == sorted(names) and len(set(c for c in cols if c)) == len(names)
