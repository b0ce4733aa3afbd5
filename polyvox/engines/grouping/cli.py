"""`polyvox tables`: seat the people in a CSV file at mixed tables, write `id,table`.

With `--seated`, the tables already written are kept and only people missing from them
(latecomers) are placed.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from polyvox.engines.grouping.latecomers import seat_latecomers
from polyvox.engines.grouping.model import Person, Seating, SeatingError
from polyvox.engines.grouping.scoring import diversity, imbalance
from polyvox.engines.grouping.seating import seat

USAGE_ERROR = 2


class InputError(Exception):
    """Bad command-line input, reported in one line without a traceback."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise InputError(f"polyvox tables: {message}")


@dataclass(frozen=True)
class Options:
    people: Path
    size: int
    balance: tuple[str, ...]
    household_columns: tuple[str, ...]
    language_column: str | None
    id_column: str
    seed: int
    out: Path
    seated: Path | None


def main(argv: list[str]) -> int:
    try:
        options = parse_options(argv)
        people = read_people(options)
        seating = _seating(options, people)
        write_tables(options.out, people, seating)
    except (InputError, SeatingError) as error:
        print(f"error: {error}", file=sys.stderr)
        return USAGE_ERROR
    print(
        f"{len(people)} people at {len(seating.tables)} tables "
        f"(diversity {diversity(seating)}, imbalance {imbalance(seating):.1f}) -> {options.out}"
    )
    return 0


def parse_options(argv: Sequence[str]) -> Options:
    parser = _Parser(prog="polyvox tables", description=__doc__)
    parser.add_argument("--people", type=Path, required=True, help="CSV, one row per person")
    parser.add_argument("--size", type=int, required=True, help="largest table size")
    parser.add_argument("--balance", required=True, help="comma-separated columns to mix on")
    parser.add_argument("--household-columns", default="", help="columns naming a household")
    parser.add_argument("--language-column", help="keep each table to one language")
    parser.add_argument("--id-column", default="id")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True, help="CSV to write: id,table")
    parser.add_argument("--seated", type=Path, help="earlier tables CSV (id,table) to keep")
    args = parser.parse_args(list(argv))
    if args.size < 1:
        raise InputError(f"--size must be at least 1, got {args.size}")
    return Options(
        people=args.people,
        size=args.size,
        balance=_column_list(args.balance),
        household_columns=_column_list(args.household_columns),
        language_column=args.language_column or None,
        id_column=args.id_column,
        seed=args.seed,
        out=args.out,
        seated=args.seated,
    )


def _column_list(text: str) -> tuple[str, ...]:
    return tuple(column.strip() for column in text.split(",") if column.strip())


def read_people(options: Options) -> list[Person]:
    attributes = [*options.balance, *options.household_columns]
    if options.language_column:
        attributes.append(options.language_column)
    rows = _read_rows(options.people, [options.id_column, *attributes])
    return [
        Person(id=row[options.id_column], attributes={name: row[name] for name in attributes})
        for row in _unique_ids(options.people, rows, options.id_column)
    ]


Row = tuple[int, dict[str, str]]  # the file's line number, for messages, and the cells


def _read_rows(path: Path, required: Sequence[str]) -> list[Row]:
    """Rows with every required cell filled; errors name the file, line and column."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as file:
            reader = csv.DictReader(file)
            header = reader.fieldnames or []
            for column in required:
                if column not in header:
                    raise InputError(f"{path}: no column {column!r} (columns: {', '.join(header)})")
            rows = []
            for row in reader:
                rows.append((reader.line_num, _checked_row(path, reader.line_num, row, required)))
            return rows
    except OSError as error:
        raise InputError(f"{path}: cannot read ({error.strerror})") from None
    except (csv.Error, UnicodeDecodeError) as error:
        raise InputError(f"{path}: not a readable UTF-8 CSV file ({error})") from None


def _checked_row(
    path: Path, line: int, row: dict[str, str | None], required: Sequence[str]
) -> dict[str, str]:
    checked = {}
    for column in required:
        cell = (row.get(column) or "").strip()
        if not cell:
            raise InputError(f"{path}, row {line}, column {column!r}: blank cell")
        checked[column] = cell
    return checked


def _unique_ids(path: Path, rows: list[Row], id_column: str) -> list[dict[str, str]]:
    first_line: dict[str, int] = {}
    for line, row in rows:
        person_id = row[id_column]
        if person_id in first_line:
            raise InputError(
                f"{path}, row {line}, column {id_column!r}: duplicate id {person_id!r} "
                f"(first on row {first_line[person_id]})"
            )
        first_line[person_id] = line
    return [row for _, row in rows]


def _seating(options: Options, people: list[Person]) -> Seating:
    if options.seated is None:
        return seat(
            people,
            table_size=options.size,
            balance=options.balance,
            household_attributes=options.household_columns,
            language_attribute=options.language_column,
            seed=options.seed,
        )
    existing = read_seating(options.seated, people, options.balance)
    seated_ids = {person.id for person in existing.people}
    return seat_latecomers(
        existing,
        [person for person in people if person.id not in seated_ids],
        table_size=options.size,
        household_attributes=options.household_columns,
        language_attribute=options.language_column,
    )


def read_seating(path: Path, people: list[Person], balance: Sequence[str]) -> Seating:
    """An earlier `id,table` file; everyone in it must still be in the people file."""
    by_id = {person.id: person for person in people}
    tables: dict[int, list[Person]] = {}
    for line, row in _read_rows(path, ["id", "table"]):
        if row["id"] not in by_id:
            raise InputError(
                f"{path}, row {line}, column 'id': {row['id']!r} is not in the people file"
            )
        if not (row["table"].isascii() and row["table"].isdigit()):  # "²".isdigit() is true
            raise InputError(
                f"{path}, row {line}, column 'table': {row['table']!r} is not a table number"
            )
        tables.setdefault(int(row["table"]), []).append(by_id[row["id"]])
    ordered = [tuple(tables[number]) for number in sorted(tables)]
    return Seating(tables=tuple(ordered), balance=tuple(balance))


def write_tables(path: Path, people: list[Person], seating: Seating) -> None:
    """One row per person in the people file's order, tables numbered from 1."""
    numbers = seating.table_numbers()
    try:
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(["id", "table"])
            writer.writerows([person.id, numbers[person.id]] for person in people)
    except OSError as error:
        raise InputError(f"{path}: cannot write ({error.strerror})") from None
