"""Conversation files: Polis openData CSV folders (read and write) and Polis API dumps (read).

openData: comments.csv, votes.csv (agree = 1), participants-votes.csv (with Polis's
group-id), summary.csv. API dump: votes.json (agree = +1), comments.json.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

import numpy as np
import numpy.typing as npt

from polyvox.engines.opinion.matrix import build_vote_matrix
from polyvox.engines.opinion.model import AGREE, DISAGREE, IntArray, OpinionResult, Votes


class OpinionInputError(ValueError):
    """Bad input, with the file and row to look at."""

    def __init__(self, path: Path, row: str, message: str) -> None:
        super().__init__(f"{path}: {row}: {message}")


# Polis numbers its statements and participants from 0; anything past a 32-bit integer
# is a broken file (and would not fit the database's columns).
LARGEST_ID = 2**31 - 1
# Milliseconds since 1970 up to the last day of year 9999, as far as datetime goes.
LARGEST_TIMESTAMP = 253_402_300_799_999


@contextmanager
def _reading(path: Path) -> Iterator[None]:
    """Undecodable or unparsable text becomes an error naming the file."""
    try:
        yield
    except UnicodeDecodeError as error:
        raise OpinionInputError(path, f"byte {error.start}", "the file is not UTF-8 text") from None
    except csv.Error as error:
        raise OpinionInputError(path, "file", f"not a readable CSV file ({error})") from None


def _check_text(path: Path, row: str, text: str) -> str:
    if "\x00" in text:
        raise OpinionInputError(path, row, "the text contains a NUL character")
    return text


@dataclass(frozen=True)
class Statement:
    id: int
    text: str = ""
    author_id: int | None = None
    moderated: int = 0
    is_meta: bool = False
    created: float | None = None


@dataclass(frozen=True)
class Conversation:
    votes: Votes
    statements: tuple[Statement, ...]
    topic: str = ""

    @property
    def moderated_out(self) -> list[int]:
        return [s.id for s in self.statements if s.moderated == -1]

    @property
    def meta(self) -> list[int]:
        return [s.id for s in self.statements if s.is_meta]


# ---------------------------------------------------------------- detection


def read_conversation(folder: Path) -> Conversation:
    """Read either format, told apart by the files present."""
    if not folder.is_dir():
        raise OpinionInputError(folder, "folder", "not a directory")
    if (folder / "votes.csv").is_file():
        return read_open_data(folder)
    if (folder / "votes.json").is_file():
        return read_polis_api(folder)
    raise OpinionInputError(
        folder, "folder", "no votes.csv (Polis openData) or votes.json (Polis API dump) found"
    )


# ---------------------------------------------------------------- openData CSV


def _csv_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows as dicts with their line number (the header is line 1)."""
    if not path.is_file():
        raise OpinionInputError(path, "file", "missing")
    with _reading(path), path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            yield reader.line_num, row


def _int_field(
    path: Path, line: int, row: dict[str, str], name: str, largest: int = LARGEST_ID
) -> int:
    raw = row.get(name)
    if raw is None:
        raise OpinionInputError(path, f"line {line}", f"missing column {name!r}")
    try:
        value = float(raw)
    except ValueError:
        raise OpinionInputError(
            path, f"line {line}", f"{name} {raw[:40]!r} is not a number"
        ) from None
    if not value.is_integer():
        raise OpinionInputError(path, f"line {line}", f"{name} {raw[:40]!r} is not an integer")
    if not -1 <= value <= largest:
        raise OpinionInputError(path, f"line {line}", f"{name} {raw[:40]!r} is out of range")
    return int(value)


def _read_open_data_statements(
    path: Path,
) -> tuple[tuple[Statement, ...], dict[int, tuple[int, int]]]:
    statements, counts = [], {}
    first_line: dict[int, int] = {}
    for line, row in _csv_rows(path):
        statement_id = _int_field(path, line, row, "comment-id")
        if statement_id < 0:
            raise OpinionInputError(path, f"line {line}", f"comment-id {statement_id} is negative")
        if statement_id in first_line:
            message = f"comment-id {statement_id} already on line {first_line[statement_id]}"
            raise OpinionInputError(path, f"line {line}", message)
        first_line[statement_id] = line
        if row.get("agrees") and row.get("disagrees"):
            counts[_int_field(path, line, row, "comment-id")] = (
                _int_field(path, line, row, "agrees"),
                _int_field(path, line, row, "disagrees"),
            )
        statements.append(
            Statement(
                id=statement_id,
                text=_check_text(path, f"line {line}", _revived(row.get("comment-body") or "")),
                author_id=_int_field(path, line, row, "author-id")
                if row.get("author-id")
                else None,
                moderated=_int_field(path, line, row, "moderated") if row.get("moderated") else 0,
                is_meta=(row.get("is-meta") or "").strip().lower() in {"1", "true"},
                created=_int_field(path, line, row, "timestamp", LARGEST_TIMESTAMP)
                if row.get("timestamp")
                else None,
            )
        )
    return tuple(statements), counts


VOTE_COLUMNS = ("timestamp", "comment-id", "voter-id", "vote")


def _read_vote_columns(path: Path) -> tuple[list[list[str]], _LineOf]:
    """The four vote columns as text, and a way to find a row's line number for errors."""
    if not path.is_file():
        raise OpinionInputError(path, "file", "missing")
    with _reading(path), path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        missing = [name for name in VOTE_COLUMNS if name not in header]
        if missing:
            raise OpinionInputError(path, "line 1", f"missing column(s) {', '.join(missing)}")
        rows = [row for row in reader if row]
    line_of = _LineOf(path)
    short = [index for index, row in enumerate(rows) if len(row) < len(header)]
    if short:
        fields = len(rows[short[0]])
        message = f"{fields} fields, expected {len(header)}"
        raise OpinionInputError(path, f"line {line_of(short[0])}", message)
    columns = [[row[header.index(name)] for row in rows] for name in VOTE_COLUMNS]
    return columns, line_of


class _LineOf:
    """Line number of the n-th data row, found by re-reading: only errors need it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, index: int) -> int:
        with self.path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.reader(handle)
            next(reader, None)
            seen = -1
            for row in reader:
                seen += bool(row)
                if seen == index:
                    return reader.line_num
        return -1


def _integer_column(
    path: Path, name: str, texts: list[str], line_of: _LineOf, largest: int = LARGEST_ID
) -> IntArray:
    """Parse a whole column at once; on failure, find and name the first bad row."""
    try:
        numbers = np.array(texts, dtype=np.float64)
    except ValueError:
        _raise_first_bad(path, name, texts, line_of, largest)
    # NaN fails every comparison, so it is refused here too.
    if not np.all((numbers == np.round(numbers)) & (numbers >= -1) & (numbers <= largest)):
        _raise_first_bad(path, name, texts, line_of, largest)
    return numbers.astype(np.int64)


def _raise_first_bad(
    path: Path, name: str, texts: list[str], line_of: _LineOf, largest: int
) -> NoReturn:
    for index, text in enumerate(texts):
        try:
            number = float(text)
        except ValueError:
            problem = "is not a number"
        else:
            if not number.is_integer():
                problem = "is not an integer"
            elif not -1 <= number <= largest:
                problem = "is out of range"
            else:
                continue
        raise OpinionInputError(path, f"line {line_of(index)}", f"{name} {text[:40]!r} {problem}")
    raise OpinionInputError(path, "file", f"unreadable {name} column")


def read_open_data(folder: Path) -> Conversation:
    statements, counts = _read_open_data_statements(folder / "comments.csv")
    path = folder / "votes.csv"
    (stamps, statement_texts, voter_texts, vote_texts), line_of = _read_vote_columns(path)
    statement_ids = _integer_column(path, "comment-id", statement_texts, line_of)
    unknown = ~np.isin(statement_ids, [s.id for s in statements])
    if unknown.any():
        index = int(np.argmax(unknown))
        message = f"unknown comment-id {statement_ids[index]}"
        raise OpinionInputError(path, f"line {line_of(index)}", message)
    values = _integer_column(path, "vote", vote_texts, line_of)
    out_of_range = ~np.isin(values, (AGREE, DISAGREE, 0))
    if out_of_range.any():
        index = int(np.argmax(out_of_range))
        message = f"vote {values[index]} is not -1, 0 or 1"
        raise OpinionInputError(path, f"line {line_of(index)}", message)
    votes = Votes(
        participant_ids=_integer_column(path, "voter-id", voter_texts, line_of),
        statement_ids=statement_ids,
        values=values.astype(np.int8),
        timestamps=_integer_column(path, "timestamp", stamps, line_of, LARGEST_TIMESTAMP).astype(
            np.float64
        ),
    )
    _check_sign_convention(
        path, lambda i: f"line {line_of(i)}", votes, folder / "comments.csv", counts
    )
    return Conversation(votes=votes, statements=statements, topic=_read_topic(folder))


def _read_topic(folder: Path) -> str:
    path = folder / "summary.csv"
    if not path.is_file():
        return ""
    with _reading(path), path.open(newline="", encoding="utf-8-sig") as handle:
        for row in csv.reader(handle):
            if len(row) >= 2 and row[0] == "topic":
                return _check_text(path, "topic", _revived(row[1]))
    return ""


# ---------------------------------------------------------------- sign convention


def _check_sign_convention(
    path: Path,
    row_label: Callable[[int], str],
    votes: Votes,
    comments_path: Path,
    stated_totals: dict[int, tuple[int, int]],
) -> None:
    """Refuse files where some statements' votes use agree = -1 (Polis's internal sign).

    Each statement's final agree/disagree tallies are compared with the totals the
    comments file states; a statement whose tallies match only when swapped is flipped.
    A few flipped statements among many matching ones are taken for coincidence; a file
    flipped throughout is refused too, since agree must be +1.
    """
    if not stated_totals:
        return
    tallies = _final_tallies(votes)
    flipped, direct = [], []
    for statement, (agrees, disagrees) in stated_totals.items():
        got = tallies.get(statement)
        if got is None or agrees == disagrees:
            continue
        if got == (agrees, disagrees):
            direct.append(statement)
        elif got == (disagrees, agrees):
            flipped.append(statement)
    if not flipped or (len(flipped) < len(direct) / 4 and len(direct) > 4):
        return
    statement = flipped[0]
    row = row_label(int(np.flatnonzero(votes.statement_ids == statement)[0]))
    what = "mixed sign conventions" if direct else "votes use agree = -1"
    raise OpinionInputError(
        path,
        row,
        f"{what}: the votes on statement {statement} match {comments_path.name}'s "
        "agree/disagree totals only with signs swapped; agree must be +1",
    )


def _final_votes(votes: Votes) -> dict[tuple[int, int], int]:
    """The last vote per (participant, statement)."""
    order = (
        np.arange(len(votes))
        if votes.timestamps is None
        else np.argsort(votes.timestamps, kind="stable")
    )
    final: dict[tuple[int, int], int] = {}
    for p, s, v in zip(
        votes.participant_ids[order].tolist(),
        votes.statement_ids[order].tolist(),
        votes.values[order].tolist(),
        strict=True,
    ):
        final[(p, s)] = v
    return final


def _final_tallies(votes: Votes) -> dict[int, tuple[int, int]]:
    """Final agrees and disagrees per statement."""
    matrix = build_vote_matrix(votes)
    n_statements = matrix.shape[1]
    agrees = np.bincount(matrix.cols[matrix.values == AGREE], minlength=n_statements)
    disagrees = np.bincount(matrix.cols[matrix.values == DISAGREE], minlength=n_statements)
    return {
        statement: (int(a), int(d))
        for statement, a, d in zip(matrix.statement_ids.tolist(), agrees, disagrees, strict=True)
    }


# ---------------------------------------------------------------- Polis API dump


def _load_json(path: Path) -> Any:
    with _reading(path):
        text = path.read_text(encoding="utf-8-sig")
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise OpinionInputError(
            path, f"line {error.lineno}", f"invalid JSON: {error.msg}"
        ) from None
    except RecursionError:
        raise OpinionInputError(path, "top level", "invalid JSON: nested too deeply") from None


def _load_json_list(path: Path) -> list[object]:
    if not path.is_file():
        raise OpinionInputError(path, "file", "missing")
    data = _load_json(path)
    if not isinstance(data, list):
        raise OpinionInputError(path, "top level", "expected a JSON list")
    return data


def _json_object(path: Path, index: int, entry: object) -> dict[str, object]:
    if not isinstance(entry, dict):
        raise OpinionInputError(path, f"entry {index}", "expected a JSON object")
    return entry


def _json_int(path: Path, index: int, entry: object, *names: str, largest: int = LARGEST_ID) -> int:
    entry = _json_object(path, index, entry)
    for name in names:
        if name in entry and entry[name] is not None:
            value = entry[name]
            try:
                number = float(value)  # type: ignore[arg-type]  # any JSON: float() checks it
            except (TypeError, ValueError, OverflowError):
                break
            if number.is_integer() and not -1 <= number <= largest:
                raise OpinionInputError(path, f"entry {index}", f"{name} is out of range")
            if number.is_integer():
                return int(number)
            break
    raise OpinionInputError(path, f"entry {index}", f"missing or non-integer {' / '.join(names)}")


def _read_api_statements(path: Path) -> tuple[tuple[Statement, ...], dict[int, tuple[int, int]]]:
    statements, counts = [], {}
    seen: set[int] = set()
    for index, raw in enumerate(_load_json_list(path)):
        entry = _json_object(path, index, raw)
        statement_id = _json_int(path, index, entry, "statement_id", "tid")
        if statement_id < 0:
            raise OpinionInputError(path, f"entry {index}", f"statement {statement_id} is negative")
        if statement_id in seen:
            raise OpinionInputError(path, f"entry {index}", f"statement {statement_id} repeated")
        seen.add(statement_id)
        has_author = entry.get("participant_id", entry.get("pid")) is not None
        statements.append(
            Statement(
                id=statement_id,
                text=_check_text(path, f"entry {index}", str(entry.get("txt") or "")),
                author_id=_json_int(path, index, entry, "participant_id", "pid")
                if has_author
                else None,
                moderated=_json_int(path, index, entry, "moderated", "mod")
                if entry.get("moderated", entry.get("mod")) is not None
                else 0,
                is_meta=bool(entry.get("is_meta")),
            )
        )
        if "agree_count" in entry and "disagree_count" in entry:
            counts[statement_id] = (
                _json_int(path, index, entry, "agree_count", largest=2**62),
                _json_int(path, index, entry, "disagree_count", largest=2**62),
            )
    return tuple(statements), counts


def read_polis_api(folder: Path) -> Conversation:
    comments_path = folder / "comments.json"
    statements, counts = _read_api_statements(comments_path)
    known = {s.id for s in statements}
    path = folder / "votes.json"
    participants, statement_ids, values, timestamps = [], [], [], []
    for index, entry in enumerate(_load_json_list(path)):
        statement = _json_int(path, index, entry, "statement_id", "tid")
        if statement not in known:
            raise OpinionInputError(path, f"entry {index}", f"unknown statement id {statement}")
        value = _json_int(path, index, entry, "vote")
        if value not in (AGREE, DISAGREE, 0):
            raise OpinionInputError(path, f"entry {index}", f"vote {value} is not -1, 0 or 1")
        participants.append(_json_int(path, index, entry, "participant_id", "pid"))
        statement_ids.append(statement)
        values.append(value)
        modified = _json_int(path, index, entry, "modified", largest=LARGEST_TIMESTAMP)
        timestamps.append(float(modified))
    votes = Votes.from_lists(participants, statement_ids, values, timestamps)
    _check_sign_convention(path, lambda i: f"entry {i}", votes, comments_path, counts)
    return Conversation(votes=votes, statements=statements, topic=_api_topic(folder))


def _api_topic(folder: Path) -> str:
    path = folder / "conversation.json"
    if not path.is_file():
        return ""
    data = _load_json(path)
    topic = str(data.get("topic") or "") if isinstance(data, dict) else ""
    return _check_text(path, "topic", topic)


# ---------------------------------------------------------------- Polis groups


def read_polis_groups(folder: Path) -> dict[int, int | None]:
    """Polis's own group per participant from participants-votes.csv (None = not grouped)."""
    path = folder / "participants-votes.csv"
    groups: dict[int, int | None] = {}
    for line, row in _csv_rows(path):
        participant = _int_field(path, line, row, "participant")
        raw = (row.get("group-id") or "").strip()
        groups[participant] = _int_field(path, line, row, "group-id") if raw else None
    return groups


# ---------------------------------------------------------------- openData writing

# Text starting with these runs as a formula when a CSV is opened in a spreadsheet
# (statements come from anonymous participants): it is written after an apostrophe,
# as OWASP advises, and read back without it.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _revived(text: str) -> str:
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def _datetime_text(milliseconds: float) -> str:
    moment = datetime.fromtimestamp(milliseconds / 1000, tz=UTC)
    return moment.strftime("%a %b %d %H:%M:%S UTC %Y")


def write_open_data(
    folder: Path, conversation: Conversation, result: OpinionResult | None = None
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    final = _final_votes(conversation.votes)
    _write_comments(folder / "comments.csv", conversation.statements, final)
    _write_votes(folder / "votes.csv", conversation.votes)
    groups = {} if result is None else {p.id: p.group for p in result.participants}
    _write_participants_votes(folder / "participants-votes.csv", conversation, final, groups)
    _write_summary(folder / "summary.csv", conversation, final, result)


def _write_comments(
    path: Path, statements: Sequence[Statement], final: dict[tuple[int, int], int]
) -> None:
    tallies = Counter((s, v) for (_, s), v in final.items())
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["timestamp", "datetime", "comment-id", "author-id", "agrees", "disagrees",
             "moderated", "is-meta", "comment-body"]
        )  # fmt: skip
        for s in statements:
            created = "" if s.created is None else str(int(s.created))
            when = "" if s.created is None else _datetime_text(s.created)
            writer.writerow(
                [created, when, s.id, "" if s.author_id is None else s.author_id,
                 tallies[(s.id, AGREE)], tallies[(s.id, DISAGREE)], s.moderated,
                 int(s.is_meta), _inert(s.text)]
            )  # fmt: skip


def _write_votes(path: Path, votes: Votes) -> None:
    stamps: npt.NDArray[np.float64] = (
        votes.timestamps if votes.timestamps is not None else np.arange(len(votes), dtype=float)
    )
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["timestamp", "datetime", "comment-id", "voter-id", "vote"])
        for p, s, v, t in zip(
            votes.participant_ids.tolist(),
            votes.statement_ids.tolist(),
            votes.values.tolist(),
            stamps.tolist(),
            strict=True,
        ):
            writer.writerow([int(t), _datetime_text(t), s, p, v])


def _write_participants_votes(
    path: Path,
    conversation: Conversation,
    final: dict[tuple[int, int], int],
    groups: dict[int, int | None],
) -> None:
    statement_ids = sorted(s.id for s in conversation.statements)
    authored = Counter(s.author_id for s in conversation.statements)
    by_participant: dict[int, dict[int, int]] = {}
    for (p, s), v in final.items():
        by_participant.setdefault(p, {})[s] = v
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["participant", "group-id", "n-comments", "n-votes", "n-agree", "n-disagree",
             *statement_ids]
        )  # fmt: skip
        for participant in sorted(by_participant):
            cast = by_participant[participant]
            group = groups.get(participant)
            writer.writerow(
                [participant, "" if group is None else group, authored[participant], len(cast),
                 sum(v == AGREE for v in cast.values()), sum(v == DISAGREE for v in cast.values()),
                 *(cast.get(s, "") for s in statement_ids)]
            )  # fmt: skip


def _write_summary(
    path: Path,
    conversation: Conversation,
    final: dict[tuple[int, int], int],
    result: OpinionResult | None,
) -> None:
    voters = {p for (p, _) in final}
    rows: list[tuple[str, str | int]] = [
        ("topic", _inert(conversation.topic)),
        ("voters", len(voters)),
        ("voters-in-conv", sum(p.group is not None for p in result.participants) if result else ""),
        ("commenters", len({s.author_id for s in conversation.statements} - {None})),
        ("comments", len(conversation.statements)),
        ("groups", len(result.groups) if result else ""),
    ]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
