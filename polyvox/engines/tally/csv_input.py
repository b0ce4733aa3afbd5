"""Reading an answers CSV fast, and refusing bad input with its file, row and column.

Rows are numbered as a spreadsheet shows them: the header is row 1. Files without
quote characters (the usual export) are split in numpy on the raw bytes; files with
quotes go through the csv module. Both give the same Answers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .answers import Answers, Factor, IntArray, factorize

ANSWER_COLUMNS = ("participant", "site", "country", "region", "question", "option")
COUNT_COLUMN = "count"
COMMA, NEWLINE = ord(","), ord("\n")
# Keeps the top k bytes of a big-endian 8-byte word: KEEP_TOP_BYTES[k].
KEEP_TOP_BYTES = np.array([((1 << (8 * k)) - 1) << (8 * (8 - k)) for k in range(9)], np.uint64)


class AnswersFileError(Exception):
    def __init__(self, path: Path, row: int | None, column: str | None, message: str):
        where = (
            [str(path)]
            + ([f"row {row}"] if row else [])
            + ([f"column {column!r}"] if column else [])
        )
        super().__init__(f"{', '.join(where)}: {message}")
        self.path, self.row, self.column = path, row, column


def read_answers_csv(path: Path, *, category_columns: Sequence[str] = ()) -> Answers:
    """Answers from `participant,site,country,region,question,option[,count][,...]`."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise AnswersFileError(
            path, None, None, f"cannot read the file ({error.strerror})"
        ) from None
    data = data.removeprefix(b"\xef\xbb\xbf")
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n")
    header_end = data.find(b"\n")
    header_bytes = data if header_end < 0 else data[:header_end]
    names = next(csv.reader([_decode(path, header_bytes, 1)]), [])
    wanted = _check_header(path, names, category_columns)
    body = b"" if header_end < 0 else data[header_end + 1 :].rstrip(b"\n")
    if not body:
        raise AnswersFileError(path, 2, None, "no answers after the header")
    reader = _read_quoted if b'"' in body else _read_plain
    columns, counts = reader(path, body + b"\n", names, wanted)
    return _answers(columns, counts, category_columns)


def _check_header(path: Path, names: list[str], category_columns: Sequence[str]) -> list[str]:
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise AnswersFileError(path, 1, duplicates[0], "the column appears twice in the header")
    for column in (*ANSWER_COLUMNS, *category_columns):
        if column not in names:
            raise AnswersFileError(path, 1, column, "missing column in the header")
    optional = [COUNT_COLUMN] if COUNT_COLUMN in names else []
    return [*ANSWER_COLUMNS, *category_columns, *optional]


def _answers(
    columns: dict[str, Factor], counts: IntArray | None, category_columns: Sequence[str]
) -> Answers:
    row_count = len(columns["participant"])
    return Answers(
        participant=columns["participant"],
        site=columns["site"],
        country=columns["country"],
        question=columns["question"],
        option=columns["option"],
        count=np.ones(row_count, np.int64) if counts is None else counts,
        region=columns["region"],
        categories={name: columns[name] for name in category_columns},
    )


def _decode(path: Path, raw: bytes, row: int) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise AnswersFileError(path, row, None, "the text is not UTF-8") from None


def _read_plain(
    path: Path, body: bytes, names: list[str], wanted: list[str]
) -> tuple[dict[str, Factor], IntArray | None]:
    """Split on the raw bytes: separators found in one vectorised pass, no per-row Python."""
    raw = np.frombuffer(body, np.uint8)
    separators = np.flatnonzero((raw == COMMA) | (raw == NEWLINE))
    ends = _field_ends(path, raw, separators, len(names))
    starts = np.empty_like(ends)
    starts.reshape(-1)[0] = 0
    starts.reshape(-1)[1:] = ends.reshape(-1)[:-1] + 1
    lengths = ends - starts
    # Padding lets every field be read as whole 8-byte words without running off the end.
    padded = body + bytes(int(lengths.max()) + 8)
    columns, counts = {}, None
    for name in wanted:
        index = names.index(name)
        _refuse_blank(path, name, lengths[:, index])
        if name == COUNT_COLUMN:
            counts = _parse_counts(path, padded, starts[:, index], lengths[:, index])
        else:
            columns[name] = _factorize_fields(path, padded, starts[:, index], lengths[:, index])
    return columns, counts


def _field_ends(path: Path, raw: np.ndarray, separators: IntArray, width: int) -> IntArray:
    is_newline = raw[separators] == NEWLINE
    line_ends = np.flatnonzero(is_newline)
    fields_per_line = np.diff(line_ends, prepend=-1)
    bad = np.flatnonzero(fields_per_line != width)
    if len(bad):
        line = int(bad[0])
        found = int(fields_per_line[line])
        column = "" if found >= width else f" (no {_ordinal(found + 1)} field)"
        raise AnswersFileError(
            path, line + 2, None, f"{found} fields where the header has {width}{column}"
        )
    return separators.reshape(-1, width).astype(np.int64)


def _ordinal(number: int) -> str:
    return f"{number}{'th' if 10 <= number % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th')}"


def _refuse_blank(path: Path, name: str, lengths: IntArray) -> None:
    blank = np.flatnonzero(lengths == 0)
    if len(blank):
        raise AnswersFileError(path, int(blank[0]) + 2, name, "blank cell")


def _factorize_fields(path: Path, padded: bytes, starts: IntArray, lengths: IntArray) -> Factor:
    """Codes for byte strings, compared as big-endian 8-byte words (so in byte order)."""
    words = np.ndarray(shape=(len(padded) - 7,), dtype=">u8", buffer=padded, strides=(1,))
    codes = np.zeros(len(starts), np.int64)
    for offset in range(0, int(lengths.max()), 8):
        kept = np.clip(lengths - offset, 0, 8)
        word = words[starts + offset] & KEEP_TOP_BYTES[kept]
        distinct, word_codes = np.unique(word, return_inverse=True)
        if offset:
            _, codes = np.unique(codes * len(distinct) + word_codes, return_inverse=True)
        else:
            codes = word_codes
    first_row = np.full(int(codes.max()) + 1, len(codes), np.int64)
    np.minimum.at(first_row, codes, np.arange(len(codes)))
    labels = [
        _decode(path, padded[start : start + length], int(row) + 2)
        for row, start, length in zip(
            first_row.tolist(), starts[first_row].tolist(), lengths[first_row].tolist(), strict=True
        )
    ]
    return Factor(codes=codes.astype(np.int64), labels=labels)


def _parse_counts(path: Path, padded: bytes, starts: IntArray, lengths: IntArray) -> IntArray:
    raw = np.frombuffer(padded, np.uint8)
    if int(lengths.max()) > 15:
        _refuse_count(path, int(np.argmax(lengths)), "the number is too large for a count")
    value = np.zeros(len(starts), np.int64)
    for offset in range(int(lengths.max())):
        inside = offset < lengths
        digit = raw[starts + offset].astype(np.int64) - ord("0")
        bad = np.flatnonzero(inside & ((digit < 0) | (digit > 9)))
        if len(bad):
            row = int(bad[0])
            text = padded[starts[row] : starts[row] + lengths[row]].decode("utf-8", "replace")
            _refuse_count(path, row, f"{text!r} is not a whole number of people")
        value = np.where(inside, value * 10 + digit, value)
    return value


def _refuse_count(path: Path, row: int, message: str) -> None:
    raise AnswersFileError(path, row + 2, COUNT_COLUMN, message)


def _read_quoted(
    path: Path, body: bytes, names: list[str], wanted: list[str]
) -> tuple[dict[str, Factor], IntArray | None]:
    """The csv module's reading, for files that quote fields."""
    text = _decode(path, body, 2)
    indexes = [names.index(name) for name in wanted]
    values: list[list[str]] = [[] for _ in wanted]
    for row_number, row in enumerate(csv.reader(io.StringIO(text)), start=2):
        if len(row) != len(names):
            message = f"{len(row)} fields where the header has {len(names)}"
            raise AnswersFileError(path, row_number, None, message)
        for column_values, index in zip(values, indexes, strict=True):
            if row[index] == "":
                raise AnswersFileError(path, row_number, names[index], "blank cell")
            column_values.append(row[index])
    columns = {
        name: factorize(column)
        for name, column in zip(wanted, values, strict=True)
        if name != COUNT_COLUMN
    }
    counts = None
    if COUNT_COLUMN in wanted:
        counts = _counts_from_text(path, values[wanted.index(COUNT_COLUMN)])
    return columns, counts


def _counts_from_text(path: Path, texts: list[str]) -> IntArray:
    counts = np.empty(len(texts), np.int64)
    for index, text in enumerate(texts):
        if not text.isascii() or not text.isdigit() or len(text) > 15:
            _refuse_count(path, index, f"{text!r} is not a whole number of people")
        counts[index] = int(text)
    return counts
