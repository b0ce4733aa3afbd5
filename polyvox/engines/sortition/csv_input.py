"""Reading pools and quotas from CSV files, with errors that name file, row and column.

Two formats are accepted for quotas:
- sortition-algorithms: `feature,value,min,max[,min_flex,max_flex]`, people with an id column;
- the paper / Panelot: `category,feature,min,max`, respondents without ids (row numbers are ids).
Row numbers count the header as row 1, as spreadsheets show them.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from polyvox.engines.sortition.model import Pool, Quota
from polyvox.engines.sortition.problem import normalise

SA_COLUMNS = ("feature", "value", "min", "max")
PAPER_COLUMNS = ("category", "feature", "min", "max")


class InputFileError(Exception):
    def __init__(self, path: Path, row: int | None, column: str | None, message: str) -> None:
        where = [path.name]
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}")


@dataclass(frozen=True)
class QuotaFile:
    quotas: list[Quota]
    paper_format: bool
    rows: list[int]  # file row of each quota


@dataclass(frozen=True)
class PoolFile:
    pool: Pool
    header: list[str]
    rows: list[dict[str, str]]


def _read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = [name.strip() for name in reader.fieldnames or []]
            rows = [
                {(k or "").strip(): (v if isinstance(v, str) else "") for k, v in row.items()}
                for row in reader
            ]
    except FileNotFoundError:
        raise InputFileError(path, None, None, "file not found") from None
    except (UnicodeDecodeError, csv.Error) as error:
        raise InputFileError(path, None, None, f"not a readable UTF-8 CSV file ({error})") from None
    if not header:
        raise InputFileError(path, 1, None, "the file is empty or has no header row")
    folded = [name.casefold() for name in header]
    twice = [
        name for name, key in zip(header, folded, strict=True) if key and folded.count(key) > 1
    ]
    if twice:
        # Only one of the two would be read, and which one is a guess.
        raise InputFileError(path, 1, twice[0], "this column appears twice in the header")
    return header, rows


def _columns_by_name(header: Sequence[str]) -> dict[str, str]:
    return {name.casefold(): name for name in header}


def _integer(path: Path, row: int, column: str, text: str) -> int:
    if not text.strip():
        raise InputFileError(path, row, column, "blank cell; a whole number is needed")
    try:
        number = int(text.strip())
    except ValueError:
        raise InputFileError(path, row, column, f"{text.strip()!r} is not a whole number") from None
    if number < 0:
        raise InputFileError(path, row, column, f"{number} is negative")
    return number


def _text(path: Path, row: int, column: str, text: str) -> str:
    if not text.strip():
        raise InputFileError(path, row, column, "blank cell")
    return text.strip()


def read_quotas(path: Path, panel_size: int) -> QuotaFile:
    header, rows = _read_rows(path)
    columns = _columns_by_name(header)
    paper = all(name in columns for name in PAPER_COLUMNS)
    if not paper and not all(name in columns for name in SA_COLUMNS):
        raise InputFileError(
            path,
            1,
            None,
            "expected columns feature,value,min,max[,min_flex,max_flex] or category,feature,min,max",
        )
    category_column, value_column = (
        (columns["category"], columns["feature"])
        if paper
        else (columns["feature"], columns["value"])
    )
    quotas: list[Quota] = []
    file_rows: list[int] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows, start=2):
        quota = _quota_from_row(path, number, row, columns, category_column, value_column)
        key = (normalise(quota.category), normalise(quota.value))
        if key in seen:
            raise InputFileError(
                path,
                number,
                value_column,
                f"{quota.category}={quota.value} already given on row {seen[key]}",
            )
        seen[key] = number
        quotas.append(quota)
        file_rows.append(number)
    if not quotas:
        raise InputFileError(path, 2, None, "no quotas in the file")
    _check_category_sums(path, quotas, file_rows, panel_size, columns)
    return QuotaFile(quotas=quotas, paper_format=paper, rows=file_rows)


def _quota_from_row(
    path: Path,
    number: int,
    row: dict[str, str],
    columns: dict[str, str],
    category_column: str,
    value_column: str,
) -> Quota:
    category = _text(path, number, category_column, row.get(category_column, ""))
    value = _text(path, number, value_column, row.get(value_column, ""))
    low = _integer(path, number, columns["min"], row.get(columns["min"], ""))
    high = _integer(path, number, columns["max"], row.get(columns["max"], ""))
    if low > high:
        raise InputFileError(path, number, columns["min"], f"min {low} is above max {high}")
    flex = {}
    for name in ("min_flex", "max_flex"):
        if name in columns and row.get(columns[name], "").strip():
            flex[name] = _integer(path, number, columns[name], row[columns[name]])
    if flex.get("min_flex", low) > low:
        raise InputFileError(path, number, columns.get("min_flex"), "min_flex is above min")
    if flex.get("max_flex", high) < high:
        raise InputFileError(path, number, columns.get("max_flex"), "max_flex is below max")
    return Quota(category, value, low, high, flex.get("min_flex"), flex.get("max_flex"))


def _check_category_sums(
    path: Path,
    quotas: list[Quota],
    rows: list[int],
    panel_size: int,
    columns: dict[str, str],
) -> None:
    by_category: dict[str, list[int]] = defaultdict(list)
    for index, quota in enumerate(quotas):
        by_category[normalise(quota.category)].append(index)
    for members in by_category.values():
        name = quotas[members[0]].category
        span = (
            f"rows {rows[members[0]]}-{rows[members[-1]]}"
            if len(members) > 1
            else f"row {rows[members[0]]}"
        )
        lows = sum(quotas[i].min for i in members)
        highs = sum(quotas[i].max for i in members)
        if lows > panel_size:
            raise InputFileError(
                path,
                None,
                columns["min"],
                f"{span} ({name}): the minimums add up to {lows}, more than the panel size {panel_size}",
            )
        if highs < panel_size:
            raise InputFileError(
                path,
                None,
                columns["max"],
                f"{span} ({name}): the maximums add up to {highs}, less than the panel size {panel_size}",
            )


def read_pool(
    path: Path,
    quota_file: QuotaFile,
    *,
    id_column: str | None,
    household_columns: Sequence[str],
) -> PoolFile:
    header, rows = _read_rows(path)
    columns = _columns_by_name(header)
    id_name = _id_column(path, columns, id_column, quota_file.paper_format)
    categories = _category_columns(path, columns, quota_file.quotas)
    household_names = [_required_column(path, columns, name) for name in household_columns]
    allowed = _allowed_values(quota_file.quotas)
    ids = _ids(path, rows, id_name)
    features: dict[str, list[str]] = {category: [] for category in categories.values()}
    for number, row in enumerate(rows, start=2):
        for key, column in categories.items():
            value = _text(path, number, column, row.get(column, ""))
            if normalise(value) not in allowed[key]:
                known = ", ".join(sorted(allowed[key].values()))
                raise InputFileError(
                    path, number, column, f"value {value!r} has no quota (known values: {known})"
                )
            features[column].append(allowed[key][normalise(value)])
    households = _households(rows, household_names) if household_names else None
    pool = Pool(
        ids=tuple(ids),
        features={column: tuple(values) for column, values in features.items()},
        households=households,
    )
    return PoolFile(pool=pool, header=header, rows=rows)


def _id_column(
    path: Path, columns: dict[str, str], requested: str | None, paper: bool
) -> str | None:
    if requested is not None:
        return _required_column(path, columns, requested)
    if "id" in columns:
        return columns["id"]
    if paper:
        return None  # Panelot respondents carry no id: row numbers serve.
    raise InputFileError(path, 1, "id", "no id column (name it with --id-column)")


def _required_column(path: Path, columns: dict[str, str], name: str) -> str:
    if name.casefold() not in columns:
        raise InputFileError(path, 1, name, "column not found in the header")
    return columns[name.casefold()]


def _category_columns(path: Path, columns: dict[str, str], quotas: list[Quota]) -> dict[str, str]:
    result: dict[str, str] = {}
    for quota in quotas:
        key = normalise(quota.category)
        if key not in result:
            result[key] = _required_column(path, columns, quota.category.strip())
    return result


def _allowed_values(quotas: list[Quota]) -> dict[str, dict[str, str]]:
    allowed: dict[str, dict[str, str]] = defaultdict(dict)
    for quota in quotas:
        allowed[normalise(quota.category)][normalise(quota.value)] = quota.value
    return allowed


def _ids(path: Path, rows: list[dict[str, str]], id_name: str | None) -> list[str]:
    if id_name is None:
        return [str(number) for number in range(1, len(rows) + 1)]
    seen: dict[str, int] = {}
    ids = []
    for number, row in enumerate(rows, start=2):
        person_id = _text(path, number, id_name, row.get(id_name, ""))
        if person_id in seen:
            raise InputFileError(
                path, number, id_name, f"id {person_id!r} already used on row {seen[person_id]}"
            )
        seen[person_id] = number
        ids.append(person_id)
    if not ids:
        raise InputFileError(path, 2, None, "no people in the file")
    return ids


def _households(rows: list[dict[str, str]], columns: list[str]) -> tuple[str | None, ...]:
    keys: list[str | None] = []
    for row in rows:
        parts = [normalise(row.get(column, "")) for column in columns]
        keys.append("\x1f".join(parts) if any(parts) else None)
    return tuple(keys)
