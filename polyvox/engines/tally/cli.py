"""`polyvox tally`: shares and their companions from an answers CSV.

    polyvox tally --answers ANSWERS.csv --out DIR [options]

ANSWERS.csv has the columns participant,site,country,region,question,option, any
demographic columns, and optionally count (a counted paper tally: the row stands for
`count` people; give each counted option its own participant id). One row per chosen
option; rows are numbered as a spreadsheet shows them (header = row 1). Site ids must
be unique across countries, participant ids across sites.

Files written to DIR:
  shares.csv       level,group,question,option,weighting,count,n,share
                   levels global (group "all"), region, country, site; weighting
                   "pooled" at every level (every citizen once) and "country_equal"
                   (mean of country shares) at the levels made of whole countries
                   (global, region, and subregion or income_group when asked for),
                   plus "population_weighted" there with --populations. count and n are
                   empty for the country means. Every option of a question appears in
                   every group (share 0 when nobody chose it); a group where nobody
                   answered the question has n 0 and an empty share. Multiple-choice
                   shares may sum above 1 (n counts participants).
  intervals.csv    (--intervals) level,group,question,option,count,n,share,low,high:
                   pooled shares with their Wilson 95% interval.
  comparisons.csv  (--comparisons) level,group,question,option,share,rest_share,
                   difference,z,p_value: each region, country and site against all
                   other participants (two-proportion z-test, two-sided p-value).
  reference_data.txt  when the shipped country table was used (--populations builtin,
                   levels subregion or income_group, or regions without a region
                   column): its sha256, vintages and the attribution to show with it.
  breakdowns.csv   (--breakdowns COLUMN[,COLUMN]) level,group,question,category,value,
                   option,count,n,share: shares within each value of a demographic
                   column; count and share are empty where a cell under 10 is hidden or
                   hidden to protect one (see suppression.py); n is the people in that
                   category value who answered.
  scale_means.csv  (--scales) level,group,question,n,mean,low,high: mean and 95%
                   interval for every question whose options are all numbers.

Other options:
  --options FILE         question,option rows giving each question's options in ballot
                         order, including options nobody chose.
  --populations FILE     country,population rows (or the word "builtin" for the shipped
                         table: World Bank 2024, see engines/tally/data/SOURCE.md) for
                         population-weighted shares. A country without a figure (TW, RE,
                         ...) is refused, never dropped: give it in a FILE.
  --levels LIST          comma-separated levels (default global,region,country,site;
                         also subregion and income_group, from the country table).

Exit status: 0 on success, 2 on bad input, with one line naming file, row and column.
"""

from __future__ import annotations

import argparse
import csv
import sys
from itertools import chain
from pathlib import Path

from .answers import Answers
from .breakdowns import compute_breakdowns
from .comparisons import compare_units
from .countries import ATTRIBUTION, TABLE_NAME, builtin_populations, reference_table
from .csv_input import AnswersFileError, read_answers_csv
from .errors import TallyInputError
from .levels import ALL_LEVELS, COUNTRY, GLOBAL, REGION, SITE
from .output import (
    BREAKDOWNS_HEADER,
    COMPARISONS_HEADER,
    INTERVALS_HEADER,
    SCALES_HEADER,
    SHARES_HEADER,
    breakdown_rows,
    comparison_rows,
    interval_rows,
    scale_rows,
    share_rows,
    write_csv,
)
from .scales import scale_means
from .shares import POOLED, compute_share_tables
from .tallies import SiteTallies, tally_sites

DEFAULT_LEVELS = (GLOBAL, REGION, COUNTRY, SITE)
BAD_INPUT = 2


class UsageError(Exception):
    pass


def main(argv: list[str]) -> int:
    try:
        arguments = _parser().parse_args(argv)
    except SystemExit as exit_request:  # argparse has printed its message
        return int(exit_request.code or 0)
    try:
        _run(arguments)
    except AnswersFileError as error:
        return _fail(str(error))
    except TallyInputError as error:
        return _fail(_locate(arguments.answers, error))
    except UsageError as error:
        return _fail(str(error))
    return 0


def _fail(message: str) -> int:
    print(f"polyvox tally: error: {message}", file=sys.stderr)
    return BAD_INPUT


def _locate(path: Path, error: TallyInputError) -> str:
    where = [str(path)]
    where += [f"row {error.row + 2}"] if error.row is not None else []
    where += [f"column {error.column!r}"] if error.column else []
    return f"{', '.join(where)}: {error.message}"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="polyvox tally", description="Shares, intervals and breakdowns from answers."
    )
    parser.add_argument("--answers", type=Path, required=True, help="answers CSV")
    parser.add_argument("--out", type=Path, required=True, help="output directory")
    parser.add_argument("--options", type=Path, help="question,option CSV of option sets")
    parser.add_argument("--populations", help='country,population CSV, or "builtin"')
    parser.add_argument("--levels", default=",".join(DEFAULT_LEVELS), help="levels to report")
    parser.add_argument("--intervals", action="store_true", help="write intervals.csv")
    parser.add_argument("--comparisons", action="store_true", help="write comparisons.csv")
    parser.add_argument("--breakdowns", default="", help="demographic columns to break down by")
    parser.add_argument("--scales", action="store_true", help="write scale_means.csv")
    return parser


def _run(arguments: argparse.Namespace) -> None:
    levels = _levels(arguments.levels)
    categories = [name for name in arguments.breakdowns.split(",") if name]
    options = _options(arguments.options) if arguments.options else None
    populations = _populations(arguments.populations)
    answers = read_answers_csv(arguments.answers, category_columns=categories)
    tallies = tally_sites(answers, options)
    out: Path = arguments.out
    out.mkdir(parents=True, exist_ok=True)
    tables = compute_share_tables(answers, populations=populations, levels=levels, tallies=tallies)
    if _uses_table(arguments.populations, levels, has_region=answers.region is not None):
        (out / "reference_data.txt").write_text(_reference_note(), encoding="utf-8")
    write_csv(out / "shares.csv", SHARES_HEADER, chain.from_iterable(share_rows(t) for t in tables))
    pooled = [table for table in tables if table.weighting == POOLED]
    if arguments.intervals:
        write_csv(
            out / "intervals.csv",
            INTERVALS_HEADER,
            chain.from_iterable(interval_rows(t) for t in pooled),
        )
    if arguments.comparisons:
        _write_comparisons(out, answers, tallies, levels)
    if categories:
        breakdowns = chain.from_iterable(
            compute_breakdowns(answers, category=name, levels=levels, options_by_question=options)
            for name in categories
        )
        write_csv(out / "breakdowns.csv", BREAKDOWNS_HEADER, breakdown_rows(breakdowns))
    if arguments.scales:
        means = scale_means(answers, levels=levels, tallies=tallies)
        write_csv(out / "scale_means.csv", SCALES_HEADER, scale_rows(means))


def _write_comparisons(
    out: Path, answers: Answers, tallies: SiteTallies, levels: list[str]
) -> None:
    compared = [level for level in levels if level != GLOBAL]
    tables = [compare_units(answers, level=level, tallies=tallies) for level in compared]
    write_csv(
        out / "comparisons.csv",
        COMPARISONS_HEADER,
        chain.from_iterable(comparison_rows(t) for t in tables),
    )


def _uses_table(populations: str | None, levels: list[str], *, has_region: bool) -> bool:
    from_table = {"subregion", "income_group"} | (set() if has_region else {"region"})
    return populations == "builtin" or bool(from_table & set(levels))


def _reference_note() -> str:
    table = reference_table()
    years = ", ".join(str(year) for year in table.population_years)
    return (
        f"Country table: {TABLE_NAME}, sha256 {table.sha256}.\n"
        f"Regions: UN M49. Population: World Bank, {years}. "
        f"Income groups: World Bank, {', '.join(table.income_group_years)}.\n"
        f"Attribution: {ATTRIBUTION}\n"
    )


def _levels(text: str) -> list[str]:
    levels = [level.strip() for level in text.split(",") if level.strip()]
    unknown = [level for level in levels if level not in ALL_LEVELS]
    if unknown:
        raise UsageError(f"unknown level {unknown[0]!r}; levels are {', '.join(ALL_LEVELS)}")
    return levels


def _populations(source: str | None) -> dict[str, float] | None:
    if source is None:
        return None
    if source == "builtin":
        return builtin_populations()
    path = Path(source)
    rows = _read_pairs(path, "country", "population")
    return {country: _positive_number(path, row, text) for row, country, text in rows}


def _options(path: Path) -> dict[str, list[str]]:
    options: dict[str, list[str]] = {}
    for _, question, option in _read_pairs(path, "question", "option"):
        options.setdefault(question, []).append(option)
    return options


def _positive_number(path: Path, row: int, text: str) -> float:
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if not number > 0:
        raise AnswersFileError(path, row, "population", f"{text!r} is not a positive number")
    return number


def _read_pairs(path: Path, key_column: str, value_column: str) -> list[tuple[int, str, str]]:
    """(row number, key, value) from a CSV with those two columns; blank cells refused."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as file:
            reader = csv.DictReader(file)
            rows = list(reader)
            header = reader.fieldnames or []
    except OSError as error:
        raise AnswersFileError(
            path, None, None, f"cannot read the file ({error.strerror})"
        ) from None
    for column in (key_column, value_column):
        if column not in header:
            raise AnswersFileError(path, 1, column, "missing column in the header")
    pairs = []
    for row_number, row in enumerate(rows, start=2):
        for column in (key_column, value_column):
            if not row.get(column):
                raise AnswersFileError(path, row_number, column, "blank cell")
        pairs.append((row_number, row[key_column], row[value_column]))
    return pairs
