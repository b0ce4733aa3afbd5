"""Reading an answers CSV fast, and refusing bad input with its file, row and column.

Rows are numbered as a spreadsheet shows them: the header is row 1. Files without
quote characters (the usual export) are split in numpy on the raw bytes; files with
quotes go through the csv module. Both give the same Answers.

Why the byte-level path stays hand-written (issue #11 asked to measure it): reading every
file through the csv module (the `_read_quoted` path below) made the whole
`polyvox tally` command on bench/tally's 1,000,000-row file take 4.8 s of CPU instead of
1.6 s (12.1 s wall instead of 3.4 s on the shared 2-core machine), which put it at
1.71x DuckDB's best wall time, 2.20x its median and 1.84x its CPU: no longer safely
within the 2x target, where the numpy path stays at 0.75x. The csv module still reads
every quoted file, so both paths are covered by the same hostile-input tests.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from .answers import Answers, Factor, IntArray, factorize

ANSWER_COLUMNS = ("participant", "site", "country", "region", "question", "option")
COUNT_COLUMN = "count"
COMMA, NEWLINE = ord(","), ord("\n")
# Zero bytes after the data; a field longer than this goes through the csv module instead.
PADDING = 4096
SCAN_CHUNK = 1 << 22
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
    data = _read_padded(path)
    header_end = data.find(b"\n")
    try:
        names = next(csv.reader([_decode(path, bytes(data[:header_end]), 1)]), [])
    except csv.Error as error:  # a lone carriage return, a field past 128 KiB
        raise AnswersFileError(path, 1, None, f"not a readable CSV header ({error})") from None
    wanted = _check_header(path, names, category_columns)
    body = (header_end + 1, len(data) - PADDING + 1)  # data rows, with their final newline
    if body[0] >= body[1]:
        raise AnswersFileError(path, 2, None, "no answers after the header")
    quoted = data.find(b'"', *body) >= 0
    columns, counts = (_read_quoted if quoted else _read_plain)(path, data, body, names, wanted)
    return _answers(columns, counts, category_columns)


def _read_padded(path: Path) -> bytearray:
    """The file in one read, ending in a newline and zero padding.

    The padding lets the fast reader load any field as whole 8-byte words without
    running off the end, and reading straight into it saves copying the file.
    """
    try:
        with path.open("rb") as file:
            size = os.fstat(file.fileno()).st_size
            data = bytearray(size + PADDING)
            read = file.readinto(memoryview(data)[:size])
    except OSError as error:
        raise AnswersFileError(
            path, None, None, f"cannot read the file ({error.strerror})"
        ) from None
    del data[read:]
    if data.startswith(b"\xef\xbb\xbf"):
        del data[:3]
    if b"\r" in data:
        data = bytearray(data.replace(b"\r\n", b"\n"))
    while data.endswith(b"\n"):
        del data[-1:]
    data += b"\n" + bytes(PADDING - 1)
    return data


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
    path: Path, data: bytearray, body: tuple[int, int], names: list[str], wanted: list[str]
) -> tuple[dict[str, Factor], IntArray | None]:
    """Split on the raw bytes: separators found in vectorised passes, no per-row Python."""
    separators = _separator_positions(data, body)
    width = len(names)
    _check_fields_per_row(path, data, separators, width)
    columns, counts = {}, None
    for name in wanted:
        index = names.index(name)
        starts, lengths = _field_spans(separators, index, width, body[0])
        if int(lengths.max()) > PADDING - 8:
            return _read_quoted(path, data, body, names, wanted)
        _refuse_blank(path, name, lengths)
        if name == COUNT_COLUMN:
            counts = _parse_counts(path, data, starts, lengths)
        else:
            columns[name] = _factorize_fields(path, data, starts, lengths)
    return columns, counts


def _separator_positions(data: bytearray, body: tuple[int, int]) -> IntArray:
    """Positions of every comma and newline in the body, in order.

    Scanned in chunks through one reused mask: allocating file-sized temporaries costs
    more in page faults than the comparisons themselves.
    """
    raw = np.frombuffer(data, np.uint8)
    mask = np.empty(SCAN_CHUNK, np.bool_)
    pieces = []
    for chunk_start in range(body[0], body[1], SCAN_CHUNK):
        chunk = raw[chunk_start : min(chunk_start + SCAN_CHUNK, body[1])]
        # Bytes up to "," are rare in text, so this keeps few candidates to look at twice.
        candidates = np.flatnonzero(np.less_equal(chunk, COMMA, out=mask[: len(chunk)]))
        candidate_bytes = chunk[candidates]
        is_separator = (candidate_bytes == COMMA) | (candidate_bytes == NEWLINE)
        pieces.append(candidates[is_separator] + chunk_start)
    return np.concatenate(pieces)


def _check_fields_per_row(path: Path, data: bytearray, separators: IntArray, width: int) -> None:
    is_newline = np.frombuffer(data, np.uint8)[separators] == NEWLINE
    rows = len(separators) // width
    # Every row ends at its width, and no newline falls inside a row.
    fits = len(separators) == rows * width and bool(is_newline[width - 1 :: width].all())
    if fits and np.count_nonzero(is_newline) == rows:
        return
    line_ends = np.flatnonzero(is_newline)
    fields_per_line = np.diff(line_ends, prepend=-1)
    line = int(np.flatnonzero(fields_per_line != width)[0])
    previous_end = int(separators[line_ends[line - 1]]) if line else data.find(b"\n")
    empty = int(separators[line_ends[line]]) == previous_end + 1
    raise AnswersFileError(
        path, line + 2, None, _field_count_message(fields_per_line[line], width, empty)
    )


def _field_count_message(found: int, width: int, empty: bool) -> str:
    if empty:
        return "empty row"
    missing = "" if found >= width else f" (no {_ordinal(found + 1)} field)"
    return f"{found} field{'s' if found > 1 else ''} where the header has {width}{missing}"


def _field_spans(
    separators: IntArray, index: int, width: int, body_start: int
) -> tuple[IntArray, IntArray]:
    """Start and length of column `index` in every row."""
    ends = separators[index::width]
    if index:
        starts = separators[index - 1 :: width] + 1
    else:
        starts = np.empty_like(ends)
        starts[0] = body_start
        starts[1:] = separators[width - 1 : -1 : width] + 1
    return starts, ends - starts


def _ordinal(number: int) -> str:
    return f"{number}{'th' if 10 <= number % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th')}"


def _refuse_blank(path: Path, name: str, lengths: IntArray) -> None:
    blank = np.flatnonzero(lengths == 0)
    if len(blank):
        raise AnswersFileError(path, int(blank[0]) + 2, name, "blank cell")


def _factorize_fields(path: Path, data: bytearray, starts: IntArray, lengths: IntArray) -> Factor:
    """Codes for byte strings, compared as big-endian 8-byte words (so in byte order)."""
    words = np.ndarray(shape=(len(data) - 7,), dtype=">u8", buffer=data, strides=(1,))
    codes = np.zeros(len(starts), np.int64)
    for offset in range(0, int(lengths.max()), 8):
        kept = np.clip(lengths - offset, 0, 8)
        word_codes, distinct_count = _factorize_words(words[starts + offset] & KEEP_TOP_BYTES[kept])
        codes = _combine_codes(codes, word_codes, distinct_count)
    if data.find(b"\x00", 0, len(data) - PADDING) >= 0:
        # Words are zero-padded, so "a" and "a<NUL>" tie on them: the length parts them.
        length_codes, length_count = _factorize_words(lengths)
        codes = _combine_codes(codes, length_codes, length_count)
    first_row = np.empty(int(codes.max()) + 1, np.int64)
    first_row[codes[::-1]] = np.arange(len(codes) - 1, -1, -1)
    labels = [
        _decode(path, bytes(data[start : start + length]), row + 2)
        for row, start, length in zip(
            first_row.tolist(), starts[first_row].tolist(), lengths[first_row].tolist(), strict=True
        )
    ]
    return Factor(codes=codes, labels=labels)


def _factorize_words(words: np.ndarray) -> tuple[IntArray, int]:
    """Codes into the sorted distinct words: a sample finds most of them, a sort the rest.

    Columns like country or option hold few distinct values, so a binary search into a
    small sorted sample costs far less than sorting a million rows.
    """
    distinct = np.unique(words[:: max(1, len(words) // 4096)])
    for _ in range(2):
        codes = np.searchsorted(distinct, words)
        missing = distinct[np.minimum(codes, len(distinct) - 1)] != words
        if not missing.any():
            break
        distinct = np.union1d(distinct, words[missing])
    return codes.astype(np.int64), len(distinct)


def _combine_codes(codes: IntArray, word_codes: IntArray, word_count: int) -> IntArray:
    """Codes of (previous words, this word) pairs, in lexicographic order."""
    combined = codes * word_count + word_codes
    key_space = (int(codes.max()) + 1) * word_count
    if key_space <= 4 * len(codes) + 1024:
        present = np.zeros(key_space, np.bool_)
        present[combined] = True
        return np.asarray((np.cumsum(present) - 1)[combined], np.int64)
    return np.asarray(np.unique(combined, return_inverse=True)[1], np.int64)


def _parse_counts(path: Path, data: bytearray, starts: IntArray, lengths: IntArray) -> IntArray:
    raw = np.frombuffer(data, np.uint8)
    if int(lengths.max()) > 15:
        _refuse_count(path, int(np.argmax(lengths)), "the number is too large for a count")
    value = np.zeros(len(starts), np.int64)
    for offset in range(int(lengths.max())):
        inside = offset < lengths
        digit = raw[starts + offset].astype(np.int64) - ord("0")
        bad = np.flatnonzero(inside & ((digit < 0) | (digit > 9)))
        if len(bad):
            row = int(bad[0])
            text = bytes(data[starts[row] : starts[row] + lengths[row]]).decode("utf-8", "replace")
            _refuse_count(path, row, f"{text!r} is not a whole number of people")
        value = np.where(inside, value * 10 + digit, value)
    return value


def _refuse_count(path: Path, row: int, message: str) -> None:
    raise AnswersFileError(path, row + 2, COUNT_COLUMN, message)


def _read_quoted(
    path: Path, data: bytearray, body: tuple[int, int], names: list[str], wanted: list[str]
) -> tuple[dict[str, Factor], IntArray | None]:
    """The csv module's reading, for files that quote fields."""
    text = _decode(path, bytes(data[body[0] : body[1]]), 2)
    indexes = [names.index(name) for name in wanted]
    values: list[list[str]] = [[] for _ in wanted]
    reader = enumerate(csv.reader(io.StringIO(text)), start=2)
    row_number = 1
    while True:
        try:
            row_number, row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:  # a field past the csv module's 128 KiB limit
            raise AnswersFileError(
                path, row_number + 1, None, f"unreadable row ({error})"
            ) from None
        if len(row) != len(names):
            message = _field_count_message(len(row), len(names), empty=not row)
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
