"""The day's forms: every POST of the staff and citizen pages is parsed here, never by hand."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from polyvox.accounts.models import User
from polyvox.core.forms import ConfirmedForm
from polyvox.core.translation import pick_text
from polyvox.deliberation.ballots import OPEN_TEXT_LIMIT
from polyvox.deliberation.checkin import DEFAULT_TABLE_SIZE, MAX_TABLE_SIZE, MIN_TABLE_SIZE
from polyvox.deliberation.counts import MAX_COUNT, CountLine
from polyvox.deliberation.models import Recommendation, SiteDay, Table, TableNote, TallyCount
from polyvox.deliberation.recommendations import PaperApprovals
from polyvox.dialogues.models import Question, Session

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


class CheckInForm(forms.Form):
    status = forms.ChoiceField(choices=[("present", _("Present")), ("absent", _("Absent"))])

    @property
    def present(self) -> bool:
        return bool(self.cleaned_data["status"] == "present")


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


class WindowForm(ConfirmedForm):
    """Closing or reopening a question is confirmed first; opening it is not."""

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


class VoteOpenForm(forms.Form):
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
        field = self.fields["recommendation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = recommendations
        self.fields["language"] = _language_field(languages)
        self.order_fields(["recommendation", "language", "text"])


class FacilitatorsForm(forms.Form):
    """One choice per table: which of the site's facilitators is in charge of it."""

    def __init__(
        self,
        data: QueryDict | None = None,
        *,
        tables: Sequence[Table],
        facilitators: QuerySet[User],
    ) -> None:
        super().__init__(data, auto_id="facilitator-%s")
        self.tables = list(tables)
        for table in self.tables:
            self.fields[f"table-{table.id}"] = forms.ModelChoiceField(
                queryset=facilitators,
                required=False,
                empty_label=_("Nobody"),
                label=str(table),
                initial=table.facilitator_id,
            )

    def assignments(self) -> dict[int, User | None]:
        return {table.id: self.cleaned_data[f"table-{table.id}"] for table in self.tables}


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


# --- Citizens -------------------------------------------------------------------------------


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Personal code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class LanguageForm(forms.Form):
    def __init__(
        self, data: QueryDict | None = None, *, languages: Sequence[str], current: str = ""
    ) -> None:
        super().__init__(data, initial={"language": current}, auto_id="ballot-%s")
        self.fields["language"] = forms.ChoiceField(
            label=_("Language of the questions"), choices=[(code, code) for code in languages]
        )


class QuestionPickForm(forms.Form):
    """The question a ballot answers, read first: its kind makes the ballot's fields."""

    question = IdField()


CHOOSE_AMONG = _("Choose among this question's options.")


def repeated_ranks(
    form: forms.Form, cleaned: dict[str, Any], names: Sequence[str], *, error_id: str
) -> str | None:
    """The problem, in words, when two of the inputs `names` share a number ("2 options have
    rank 1"), or None. The inputs that share it point at the error (`error_id`), so a screen
    reader reads it there; the bound form keeps the numbers typed."""
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
    problems = [
        ngettext(
            "%(count)s option has rank %(rank)s",
            "%(count)s options have rank %(rank)s",
            len(shared),
        )
        % {"count": len(shared), "rank": rank}
        for rank, shared in repeated.items()
    ]
    return gettext("%(problems)s. Give each option a different number.") % {
        "problems": "; ".join(problems)
    }


def check_ranks_differ(form: forms.Form, cleaned: dict[str, Any], *, error_id: str) -> None:
    """Refuse the form when two of its `rank-*` inputs share a number."""
    names = [name for name in form.fields if name.startswith("rank-")]
    problem = repeated_ranks(form, cleaned, names, error_id=error_id)
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

    def clean(self) -> dict[str, Any]:  # Any: Django's cleaned_data
        cleaned = super().clean() or {}
        check_ranks_differ(self, cleaned, error_id=RANK_ERROR_ID)
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
        field = self.fields["note"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = notes
        self.fields["language"] = _language_field(languages)
        self.order_fields(["note", "language", "text"])
