"""The day's forms: every POST of the staff and citizen pages is parsed here, never by hand."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Literal, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from polyvox.accounts.models import User
from polyvox.core.forms import ConfirmedForm
from polyvox.core.translation import language_name, pick_text
from polyvox.deliberation.ballots import OPEN_TEXT_LIMIT
from polyvox.deliberation.breakouts import ONLINE_ROOM_SIZE
from polyvox.deliberation.checkin import (
    DEFAULT_TABLE_SIZE,
    MAX_TABLE_SIZE,
    MIN_TABLE_SIZE,
    CheckInMark,
)
from polyvox.deliberation.counts import MAX_COUNT, CountLine
from polyvox.deliberation.models import Recommendation, SiteDay, Table, TableNote, TallyCount
from polyvox.deliberation.online import SITE_FIELDS, TableRoom
from polyvox.deliberation.recommendations import PaperApprovals
from polyvox.deliberation.selectors import CHECK_IN_QUERY_LIMIT
from polyvox.dialogues.models import TABLE_QUESTION_KINDS, Question, Session, Site
from polyvox.dialogues.rooms import validate_https_url, validate_room_template

# Ids beyond a database integer are refused as input errors, never sent to the database.
MAX_ID = 2**63 - 1
ASCII_DIGITS = re.compile(r"[0-9]+", re.ASCII)
ON_OFF = [("on", _("On")), ("off", _("Off"))]
ENTRIES = TallyCount.Entry.choices


def _is_on(value: str) -> bool:
    return value == "on"


class IdField(forms.IntegerField):
    """A record's id in a hidden input: a whole number a database can hold."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:  # Any: Django's field options, passed through
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)


class BallotCountField(forms.IntegerField):
    """A number of ballots: ASCII digits only ("²".isdigit() is true), at most the
    largest count the database and the count import accept."""

    def __init__(self, **kwargs: Any) -> None:  # Any: Django's field options, passed through
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric"}))
        super().__init__(min_value=0, max_value=MAX_COUNT, **kwargs)
        self.error_messages["max_value"] = _("This count is too large.")

    def to_python(self, value: object) -> int | None:
        raw = str(value if value is not None else "").strip()
        if not raw:
            return None
        if not ASCII_DIGITS.fullmatch(raw):
            raise ValidationError(
                _("'%(value)s' is not a whole number of ballots."),
                code="invalid",
                params={"value": raw[:40]},
            )
        if len(raw.lstrip("0")) > len(str(MAX_COUNT)):  # int() of huge strings is slow
            raise ValidationError(self.error_messages["max_value"], code="max_value")
        return int(raw)


class ActionForm(forms.Form):
    """Which of a page's forms was sent: its hidden `action` names the form to parse."""

    action = forms.CharField(max_length=20)

    def __init__(self, data: QueryDict, *, actions: Iterable[str]) -> None:
        super().__init__(data)
        self.fields["action"] = forms.ChoiceField(choices=[(name, name) for name in actions])


# --- Staff: check-in, seating, run sheet ------------------------------------------------


class CheckInForm(ConfirmedForm):
    """One mark at the door. Marking someone absent takes their vote and calls a reserve:
    it asks first (`confirm`); checking in and undoing a check-in do not."""

    status = forms.ChoiceField(
        choices=[
            ("present", _("Check in")),
            ("absent", _("Mark absent")),
            ("undo", _("Undo check-in")),
        ]
    )
    # The search the host was in, so the page comes back to it (never required or refused:
    # CheckInSearchForm reads it on its own).
    q = forms.CharField(required=False, widget=forms.HiddenInput)

    @property
    def present(self) -> bool:
        """Whether the mark keeps the citizen on the panel (see access_participant_for_check_in)."""
        return bool(self.cleaned_data["status"] != "absent")

    @property
    def mark(self) -> CheckInMark:
        status = self.cleaned_data["status"]
        assert status in ("present", "absent", "undo")
        return cast(CheckInMark, status)

    @property
    def needs_confirmation(self) -> bool:
        return self.cleaned_data["status"] == "absent" and not self.confirmed


class CheckInSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=CHECK_IN_QUERY_LIMIT,
        required=False,
        strip=True,
    )

    def query(self) -> str:
        """The search, or "" when it is not one (too long, a NUL): the full list then."""
        return str(self.cleaned_data["q"]) if self.is_valid() else ""


class CardsForm(forms.Form):
    """Print the cards not printed yet, or print cards again under new codes: one
    citizen's (a lost card) or, without a check-in number, everyone's."""

    action = forms.ChoiceField(
        choices=[("print", _("Print")), ("reissue", _("Print again"))], widget=forms.HiddenInput
    )
    participant = forms.IntegerField(
        label=_("Check-in number"), min_value=1, max_value=MAX_ID, required=False
    )
    format = forms.ChoiceField(
        label=_("Format"), choices=[("html", _("Web page")), ("pdf", "PDF")], initial="html"
    )


class SeatForm(ConfirmedForm):
    """Seating everyone moves people between tables, so it is confirmed first; seating
    latecomers moves nobody and is not."""

    table_size = forms.IntegerField(
        label=_("Citizens per table"),
        min_value=MIN_TABLE_SIZE,
        max_value=MAX_TABLE_SIZE,
        initial=DEFAULT_TABLE_SIZE,
    )
    mode = forms.ChoiceField(
        choices=[("all", _("Seat everyone present")), ("latecomers", _("Seat latecomers only"))]
    )


class BreakoutsForm(ConfirmedForm):
    """Re-drawing a session's breakouts moves everyone present, so it is confirmed first."""

    table_size = forms.IntegerField(
        label=_("Citizens per room"),
        min_value=MIN_TABLE_SIZE,
        max_value=MAX_TABLE_SIZE,
        initial=ONLINE_ROOM_SIZE,
    )


class WindowForm(ConfirmedForm):
    """Opening, closing or reopening a question acts at every table: confirmed first."""

    question = IdField()
    action = forms.ChoiceField(choices=[("open", _("Open voting")), ("close", _("Close voting"))])


# --- Staff: paper counts ------------------------------------------------------------------


class DoubleEntryForm(forms.Form):
    double_entry = forms.TypedChoiceField(choices=ON_OFF, coerce=_is_on)


class CountQuestionForm(forms.Form):
    """The question a count form is for, read first: its options make the count fields."""

    question = IdField()


class CountEntryForm(forms.Form):
    """Counts for one question: a table (or the whole site), a stratum, an entry, and a
    number of ballots per option (blank options are left alone)."""

    question = IdField()
    table = forms.ModelChoiceField(
        queryset=Table.objects.none(), required=False, empty_label=_("Whole site")
    )
    stratum = forms.CharField(
        label=_("Stratum (optional, e.g. an age band)"),
        max_length=TallyCount._meta.get_field("stratum").max_length,
        required=False,
    )
    entry = forms.TypedChoiceField(
        label=_("Count"), choices=ENTRIES, coerce=int, required=False, empty_value=None
    )

    def entry_number(self) -> int:
        """First count unless a second was chosen (the field shows only with double entry)."""
        return int(self.cleaned_data["entry"] or TallyCount.Entry.FIRST)

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        question: Question,
        tables: QuerySet[Table],
        source: str,
        whole_site: bool = True,
    ) -> None:
        """`tables` are those the person may count for; without `whole_site` (a
        facilitator) a table must be chosen."""
        super().__init__(data, initial={"question": question.id}, auto_id=f"q{question.id}-%s")
        self.for_question = question
        table_field = self.fields["table"]
        assert isinstance(table_field, forms.ModelChoiceField)
        table_field.queryset = tables
        table_field.label = _("Table")
        if not whole_site:
            table_field.required = True
            table_field.empty_label = None
        for option in question.options.all():
            self.fields[f"count-{option.id}"] = BallotCountField(
                label=pick_text(option.text, fallback=source)
            )

    def count_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("count-")]

    def lines(self) -> list[CountLine]:
        return [
            CountLine(
                table=self.cleaned_data["table"],
                question=self.for_question,
                option=option,
                stratum=self.cleaned_data["stratum"],
                count=count,
            )
            for option in self.for_question.options.all()
            if (count := self.cleaned_data[f"count-{option.id}"]) is not None
        ]


class CountImportForm(forms.Form):
    # Empty files reach the importer, which says what a count file needs.
    file = forms.FileField(label=_("File"), allow_empty_file=True)
    entry = forms.TypedChoiceField(
        label=_("Count"), choices=ENTRIES, coerce=int, required=False, empty_value=None
    )

    def entry_number(self) -> int:
        """First count unless a second was chosen (the field shows only with double entry)."""
        return int(self.cleaned_data["entry"] or TallyCount.Entry.FIRST)


# --- Staff: recommendations ---------------------------------------------------------------


class VoteOpenForm(ConfirmedForm):
    """Opening or closing the vote on the recommendations acts for every citizen of the
    site: confirmed first."""

    # Posted back by the confirmation page with the rest, so the page knows the action.
    action = forms.ChoiceField(choices=[("ranking", "ranking")], widget=forms.HiddenInput)
    open = forms.TypedChoiceField(choices=ON_OFF, coerce=_is_on)
    session = forms.ModelChoiceField(
        queryset=Session.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        sessions: QuerySet[Session],
        initial: dict[str, object] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        field = self.fields["session"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sessions


class SessionChoiceForm(forms.Form):
    """Which session's recommendations the page shows (a GET form)."""

    session = forms.ModelChoiceField(
        queryset=Session.objects.none(), label=_("Session"), empty_label=None
    )

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        sessions: QuerySet[Session],
        initial: dict[str, object] | None = None,
    ) -> None:
        super().__init__(data, auto_id="show-%s", initial=initial)
        field = self.fields["session"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sessions


class MethodForm(forms.Form):
    method = forms.ChoiceField(
        label=_("How citizens vote on the recommendations"), choices=SiteDay.Method.choices
    )


def _language_field(languages: Sequence[str]) -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Language"), choices=[(code, code) for code in languages])


def _translation_fields(
    form: forms.Form, *, target: str, queryset: QuerySet[Any], languages: Sequence[str]
) -> None:
    """A translation form's own parts: which text it translates (one of `queryset`), into
    which of the site's languages, then the text."""
    field = form.fields[target]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset
    form.fields["language"] = _language_field(languages)
    form.order_fields([target, "language", "text"])


class TranslateForm(forms.Form):
    recommendation = forms.ModelChoiceField(
        queryset=Recommendation.objects.none(), widget=forms.HiddenInput
    )
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 2, "cols": False}))

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        recommendations: QuerySet[Recommendation],
        languages: Sequence[str],
        recommendation_id: int = 0,
    ) -> None:
        super().__init__(
            data,
            initial={"recommendation": recommendation_id or None},
            auto_id=f"tr-{recommendation_id}-%s" if recommendation_id else "tr-%s",
        )
        _translation_fields(
            self, target="recommendation", queryset=recommendations, languages=languages
        )


class FacilitatorsForm(forms.Form):
    """Two choices per table: which of the site's facilitators is in charge of it, and
    which of its note-takers writes for it."""

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        tables: Sequence[Table],
        facilitators: QuerySet[User],
        note_takers: QuerySet[User] | None = None,
    ) -> None:
        super().__init__(data, auto_id="facilitator-%s")
        self.tables = list(tables)
        for table in self.tables:
            self.fields[f"table-{table.id}"] = forms.ModelChoiceField(
                queryset=facilitators,
                required=False,
                empty_label=_("Nobody"),
                label=_("%(table)s: facilitator") % {"table": table},
                initial=table.facilitator_id,
            )
            self.fields[f"note-taker-{table.id}"] = forms.ModelChoiceField(
                queryset=note_takers if note_takers is not None else User.objects.none(),
                required=False,
                empty_label=_("Nobody"),
                label=_("%(table)s: note-taker") % {"table": table},
                initial=table.note_taker_id,
            )

    def assignments(self) -> dict[int, User | None]:
        return {table.id: self.cleaned_data[f"table-{table.id}"] for table in self.tables}

    def note_taker_assignments(self) -> dict[int, User | None]:
        return {table.id: self.cleaned_data[f"note-taker-{table.id}"] for table in self.tables}


class WriteForm(forms.Form):
    """A new recommendation of a table in a session (a table writes several)."""

    table = forms.ModelChoiceField(queryset=Table.objects.none(), label=_("Table"))
    session = forms.ModelChoiceField(
        queryset=Session.objects.none(),
        label=_("Session"),
        required=False,
        empty_label=_("The session under way"),
    )
    text = forms.CharField(
        label=_("Recommendation"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": False}),
    )

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        tables: QuerySet[Table],
        sessions: QuerySet[Session],
        languages: Sequence[str],
        initial: dict[str, object] | None = None,
    ) -> None:
        super().__init__(data, auto_id="write-%s", initial=initial)
        for name, queryset in (("table", tables), ("session", sessions)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        self.fields["language"] = _language_field(languages)
        self.order_fields(["table", "session", "language", "text"])


class PaperCountsForm(forms.Form):
    """The paper approval ballots of the session the site votes on."""

    ballots = BallotCountField(label=_("Paper ballots counted"), required=True)

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        recommendations: Sequence[Recommendation],
        counted: PaperApprovals,
    ) -> None:
        initial = {"ballots": counted.ballots} | {
            f"approvals-{rid}": count for rid, count in counted.approvals.items()
        }
        super().__init__(data, initial=initial, auto_id="paper-%s")
        self.recommendations = recommendations
        for item in recommendations:
            self.fields[f"approvals-{item.id}"] = BallotCountField(
                label=_("Ticks for recommendation %(id)s of table %(number)s")
                % {"id": item.id, "number": item.table.number}
            )

    def approval_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("approvals-")]

    def counted(self) -> PaperApprovals:
        return PaperApprovals(
            ballots=self.cleaned_data["ballots"],
            approvals={
                item.id: self.cleaned_data[f"approvals-{item.id}"] or 0
                for item in self.recommendations
            },
        )


class RoomsForm(forms.Form):
    """A site's venue, contact and online rooms, and each table's room (hosts only)."""

    venue_address = forms.CharField(
        label=_("Venue address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "cols": False}),
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=40)
    room_template = forms.CharField(
        label=_("Room template"),
        required=False,
        max_length=300,
        validators=[validate_room_template],
        help_text=_(
            "An https:// address with {table} and {session}, for example "
            "https://meet.jit.si/our-dialogue-{table}-{session}."
        ),
    )
    plenary_room_url = forms.CharField(
        label=_("Plenary room"), required=False, max_length=300, validators=[validate_https_url]
    )

    def __init__(
        self, data: QueryDict | None = None, *, site: Site, tables: Sequence[Table]
    ) -> None:
        initial = {name: getattr(site, name) for name in SITE_FIELDS}
        super().__init__(data, initial=initial, auto_id="rooms-%s")
        self.tables = list(tables)
        self.hybrid = site.mode == Site.Mode.HYBRID
        for table in self.tables:
            if self.hybrid:
                self.fields[f"online-{table.id}"] = forms.BooleanField(
                    label=_("%(table)s meets online") % {"table": table},
                    required=False,
                    initial=table.online,
                )
            self.fields[f"room-{table.id}"] = forms.CharField(
                label=_("Room of %(table)s") % {"table": table},
                required=False,
                max_length=300,
                validators=[validate_https_url],
                initial=table.room_url,
                help_text=_("Leave empty to use the room template."),
            )

    def table_rows(self) -> list[tuple[Table, forms.BoundField | None, forms.BoundField]]:
        return [
            (
                table,
                self[f"online-{table.id}"] if self.hybrid else None,
                self[f"room-{table.id}"],
            )
            for table in self.tables
        ]

    def site_values(self) -> dict[str, str]:
        return {name: self.cleaned_data[name].strip() for name in SITE_FIELDS}

    def table_rooms(self) -> dict[int, TableRoom]:
        return {
            table.id: TableRoom(
                table_id=table.id,
                online=self.cleaned_data[f"online-{table.id}"] if self.hybrid else table.online,
                room_url=self.cleaned_data[f"room-{table.id}"].strip(),
            )
            for table in self.tables
        }


class KitLanguageForm(forms.Form):
    def __init__(
        self, data: QueryDict | None = None, *, languages: Sequence[str], current: str = ""
    ) -> None:
        super().__init__(data, initial={"language": current}, auto_id="kit-%s")
        self.fields["language"] = forms.ChoiceField(
            label=_("Language of the instructions"), choices=[(code, code) for code in languages]
        )


# --- Citizens -------------------------------------------------------------------------------


def after_sign_in(form: forms.Form) -> str:
    """Where a citizen goes next: their "my day" page when the form asks for it (a QR code
    or link with next=my-day), else their ballot."""
    chosen = getattr(form, "cleaned_data", {}).get("next")
    return "deliberation:my-day" if chosen == "my-day" else "deliberation:ballot"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Personal code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
    # Free text, read by destination(): an unknown value must not make a good code fail.
    next = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    def destination(self) -> str:
        """The page to open after signing in: "my day" when asked, else the ballot."""
        return after_sign_in(self)


class LanguageForm(forms.Form):
    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        languages: Sequence[str],
        current: str = "",
        next_page: str = "",
    ) -> None:
        super().__init__(
            data, initial={"language": current, "next": next_page}, auto_id="ballot-%s"
        )
        # One control for the page and its questions: named in their own language
        # ("français"), since a reader who cannot read this page must still find theirs.
        self.fields["language"] = forms.ChoiceField(
            label=_("Language"), choices=[(code, language_name(code)) for code in languages]
        )
        self.fields["next"] = forms.CharField(
            required=False, max_length=20, widget=forms.HiddenInput
        )

    def destination(self) -> str:
        """The citizen's page the control was on: the ballot unless it names another."""
        if getattr(self, "cleaned_data", {}).get("next") == "rank":
            return "deliberation:rank"
        return after_sign_in(self)


class QuestionPickForm(forms.Form):
    """The question a ballot answers, read first: its kind makes the ballot's fields."""

    question = IdField()


CHOOSE_AMONG = _("Choose among this question's options.")


# What the numbered inputs rank, as the error names them: a question's options, or the
# recommendations of the citizens' vote.
RankedThings = Literal["options", "recommendations"]


def repeated_ranks(
    form: forms.Form,
    cleaned: dict[str, Any],
    names: Sequence[str],
    *,
    error_id: str,
    ranked: RankedThings = "options",
) -> str | None:
    """The problem, in words, when two of the inputs `names` share a number ("2 options have
    rank 1", or "2 recommendations have rank 1"), or None. The inputs that share it point at
    the error (`error_id`), so a screen reader reads it there; the bound form keeps the
    numbers typed."""
    by_rank: dict[int, list[str]] = {}
    for name in names:
        rank = cleaned.get(name)
        if rank is not None:
            by_rank.setdefault(rank, []).append(name)
    repeated = {rank: shared for rank, shared in sorted(by_rank.items()) if len(shared) > 1}
    if not repeated:
        return None
    for shared in repeated.values():
        for name in shared:
            form.fields[name].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": error_id}
            )
    problems = "; ".join(
        _shared_rank(len(shared), rank, ranked=ranked) for rank, shared in repeated.items()
    )
    if ranked == "recommendations":
        return gettext("%(problems)s. Give each recommendation a different number.") % {
            "problems": problems
        }
    return gettext("%(problems)s. Give each option a different number.") % {"problems": problems}


def _shared_rank(count: int, rank: int, *, ranked: RankedThings) -> str:
    # Whole sentences for the translators, one per kind of thing ranked.
    if ranked == "recommendations":
        text = ngettext(
            "%(count)s recommendation has rank %(rank)s",
            "%(count)s recommendations have rank %(rank)s",
            count,
        )
    else:
        text = ngettext(
            "%(count)s option has rank %(rank)s", "%(count)s options have rank %(rank)s", count
        )
    return text % {"count": count, "rank": rank}


def check_ranks_differ(
    form: forms.Form,
    cleaned: dict[str, Any],
    *,
    error_id: str,
    ranked: RankedThings = "options",
) -> None:
    """Refuse the form when two of its `rank-*` inputs share a number."""
    names = [name for name in form.fields if name.startswith("rank-")]
    problem = repeated_ranks(form, cleaned, names, error_id=error_id, ranked=ranked)
    if problem is not None:
        raise ValidationError(problem, code="duplicate")


class BallotForm(forms.Form):
    """A citizen's answer to one question, shaped by its kind: a text, one option, several
    options, or numbers that rank the options."""

    question = IdField()

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        question: Question,
        language: str,
        source: str,
        chosen: Sequence[int] = (),
        text: str = "",
    ) -> None:
        super().__init__(data, initial={"question": question.id}, auto_id=f"q{question.id}-%s")
        self.for_question = question
        options = [
            (option.id, pick_text(option.text, language, source))
            for option in question.options.all()
        ]
        kind = question.kind
        if kind == Question.Kind.OPEN:
            self.fields["text"] = forms.CharField(
                label=_("Your answer"),
                required=False,
                strip=False,
                max_length=OPEN_TEXT_LIMIT,
                widget=forms.Textarea(attrs={"rows": 4, "cols": False}),
                initial=text,
            )
        elif kind == Question.Kind.RANKING:
            for option_id, label in options:
                self.fields[f"rank-{option_id}"] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=1,
                    max_value=len(options),
                    initial=chosen.index(option_id) + 1 if option_id in chosen else None,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
        elif kind == Question.Kind.MULTIPLE:
            self.fields["choice"] = forms.TypedMultipleChoiceField(
                choices=options,
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={"invalid_choice": CHOOSE_AMONG},
                initial=list(chosen),
            )
        else:
            self.fields["choice"] = forms.TypedChoiceField(
                choices=options,
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "invalid_choice": CHOOSE_AMONG,
                    "required": _("Choose one option."),
                },
                initial=chosen[0] if chosen else None,
            )

    def rank_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("rank-")]

    def clean(self) -> dict[str, Any]:  # Any: Django's cleaned_data
        cleaned = super().clean() or {}
        check_ranks_differ(self, cleaned, error_id=self.error_id)
        return cleaned

    @property
    def error_id(self) -> str:
        return f"q{self.for_question.id}-error"

    def choice(self) -> int | list[int] | str:
        """What the ballot service takes: a text, an option id, or option ids in order."""
        if self.for_question.kind == Question.Kind.OPEN:
            return str(self.cleaned_data["text"])
        if self.for_question.kind == Question.Kind.RANKING:
            ranked = sorted(
                (rank, int(name.removeprefix("rank-")))
                for name, rank in self.cleaned_data.items()
                if name.startswith("rank-") and rank is not None
            )
            return [option_id for _rank, option_id in ranked]
        value = self.cleaned_data["choice"]
        return list(value) if isinstance(value, list) else int(value)


RANK_ERROR_ID = "rank-error"


def rank_anchor(recommendation_id: int) -> str:
    """The fragment of a recommendation on the citizens' vote (rank.html)."""
    return f"r-{recommendation_id}"


class RecommendationVoteForm(forms.Form):
    """A citizen's vote on their site's recommendations: boxes to approve, or numbers to rank."""

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        items: Sequence[tuple[int, str]],
        approval: bool,
        order: Sequence[int] = (),
    ) -> None:
        super().__init__(data)
        self.approval = approval
        if approval:
            self.fields["approve"] = forms.TypedMultipleChoiceField(
                choices=list(items),
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "invalid_choice": _("Choose among the recommendations of your site, each once.")
                },
                initial=list(order),
            )
            return
        for item_id, label in items:
            self.fields[f"rank-{item_id}"] = forms.IntegerField(
                label=label,
                required=False,
                min_value=1,
                max_value=len(items),
                initial=order.index(item_id) + 1 if item_id in order else None,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def rank_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith("rank-")]

    def rank_rows(self) -> list[tuple[str, forms.BoundField]]:
        """Each recommendation's number input with the anchor the page can open at."""
        return [
            (rank_anchor(int(field.name.removeprefix("rank-"))), field)
            for field in self.rank_fields()
        ]

    def clean(self) -> dict[str, Any]:  # Any: Django's cleaned_data
        cleaned = super().clean() or {}
        check_ranks_differ(self, cleaned, error_id=RANK_ERROR_ID, ranked="recommendations")
        return cleaned

    def choice(self) -> list[int]:
        if self.approval:
            return list(self.cleaned_data["approve"])
        ranked = sorted(
            (rank, int(name.removeprefix("rank-")))
            for name, rank in self.cleaned_data.items()
            if name.startswith("rank-") and rank is not None
        )
        return [item_id for _rank, item_id in ranked]


# --- Staff: group answers of the tables ----------------------------------------------------


class TableAnswerForm(BallotForm):
    """A table's group answer: which of the person's own tables, then the answer shaped by
    the question's kind as on a citizen's ballot."""

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        question: Question,
        tables: QuerySet[Table],
        language: str,
        source: str,
    ) -> None:
        super().__init__(data, question=question, language=language, source=source)
        only = tables.first() if tables.count() == 1 else None
        self.fields["table"] = forms.ModelChoiceField(
            queryset=tables,
            label=_("Table"),
            initial=only.id if only is not None else None,
            empty_label=None if only is not None else "—",
            error_messages={"invalid_choice": _("Choose one of your own tables.")},
        )
        if question.kind == Question.Kind.OPEN:
            self.fields["text"].label = _("The table's answer")
            self.fields["text"].required = True
        self.order_fields(["question", "table"])


class TableAnswerImportForm(forms.Form):
    # Empty files reach the importer, which says what a table sheet needs.
    file = forms.FileField(label=_("File of table sheets (CSV or XLSX)"), allow_empty_file=True)


# --- Hosts: a local topic for their own site ----------------------------------------------

MAX_LOCAL_OPTIONS = 12
OPTION_TEXT_LIMIT = 200


class LocalQuestionForm(forms.Form):
    """A question for the host's own site only, in one of the site's languages; its
    options one per line (none for an open question)."""

    session = forms.ModelChoiceField(queryset=Session.objects.none(), label=_("Session"))
    key = forms.SlugField(
        label=_("Short key"),
        max_length=30,
        help_text=_("Letters, digits and hyphens, for example energy-prices."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    answered_by = forms.ChoiceField(
        label=_("Answered by"),
        choices=Question.AnsweredBy.choices,
        initial=Question.AnsweredBy.CITIZEN,
    )
    text = forms.CharField(
        label=_("Question"),
        max_length=OPEN_TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 2, "cols": False}),
    )
    options = forms.CharField(
        label=_("Options, one per line"),
        required=False,
        max_length=MAX_LOCAL_OPTIONS * (OPTION_TEXT_LIMIT + 2),
        widget=forms.Textarea(attrs={"rows": 4, "cols": False}),
    )

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        sessions: QuerySet[Session],
        languages: Sequence[str],
    ) -> None:
        super().__init__(data, auto_id="local-%s")
        field = self.fields["session"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sessions
        self.fields["language"] = _language_field(languages)
        # Not plain "Language": the page's own language switcher is labelled so.
        self.fields["language"].label = _("Language of the question")
        self.order_fields(["session", "key", "kind", "answered_by", "language", "text"])

    def clean(self) -> dict[str, Any]:  # Any: Django's cleaned_data
        cleaned = super().clean() or {}
        kind, answered_by = cleaned.get("kind"), cleaned.get("answered_by")
        lines = [line.strip() for line in str(cleaned.get("options", "")).splitlines()]
        cleaned["option_list"] = [line for line in lines if line]
        options = cleaned["option_list"]
        if "\x00" in str(cleaned.get("text", "")) + str(cleaned.get("options", "")):
            raise ValidationError(_("The text cannot contain a NUL character."))
        if answered_by != Question.AnsweredBy.CITIZEN and kind not in TABLE_QUESTION_KINDS:
            self.add_error(
                "kind", _("Tables answer single-choice, ranking or open questions only.")
            )
        if kind == Question.Kind.OPEN and options:
            self.add_error("options", _("An open question has no options: leave this empty."))
        elif kind and kind != Question.Kind.OPEN:
            if not 2 <= len(options) <= MAX_LOCAL_OPTIONS:
                self.add_error(
                    "options",
                    _("Give between 2 and %(n)s options, one per line.") % {"n": MAX_LOCAL_OPTIONS},
                )
            elif any(len(option) > OPTION_TEXT_LIMIT for option in options):
                self.add_error(
                    "options",
                    _("Each option has at most %(n)s characters.") % {"n": OPTION_TEXT_LIMIT},
                )
            elif len(set(options)) != len(options):
                self.add_error("options", _("Two options are the same."))
        return cleaned


# --- Stakeholders ---------------------------------------------------------------------------


class StakeholderForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, data: QueryDict | None = None, *, languages: Sequence[str]) -> None:
        super().__init__(data, auto_id="stakeholder-%s")
        self.fields["language"] = _language_field(languages)


# --- Table notes ----------------------------------------------------------------------------


class NoteForm(forms.Form):
    """A table's note in a session, in the table's language."""

    # No empty choice: a facilitator with one table finds it already chosen on their phone.
    table = forms.ModelChoiceField(
        queryset=Table.objects.none(), label=_("Table"), empty_label=None
    )
    session = forms.ModelChoiceField(
        queryset=Session.objects.none(), label=_("Session"), empty_label=None
    )
    text = forms.CharField(
        label=_("Note"), max_length=8000, widget=forms.Textarea(attrs={"rows": 6, "cols": False})
    )
    public = forms.BooleanField(
        label=_("Quotes from this note may be published"),
        required=False,
        help_text=_("Leave unticked and the note stays with the site's hosts and organisers."),
    )

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        tables: QuerySet[Table],
        sessions: QuerySet[Session],
        languages: Sequence[str],
        initial: dict[str, object] | None = None,
    ) -> None:
        super().__init__(data, auto_id="note-%s", initial=initial)
        for name, queryset in (("table", tables), ("session", sessions)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset
        self.fields["language"] = _language_field(languages)
        self.order_fields(["table", "session", "language", "text", "public"])


class NoteTranslationForm(forms.Form):
    note = forms.ModelChoiceField(queryset=TableNote.objects.none(), widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Translation"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4, "cols": False}),
    )

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        notes: QuerySet[TableNote],
        languages: Sequence[str],
        note_id: int = 0,
    ) -> None:
        super().__init__(
            data,
            initial={"note": note_id or None},
            auto_id=f"nt-{note_id}-%s" if note_id else "nt-%s",
        )
        _translation_fields(self, target="note", queryset=notes, languages=languages)
