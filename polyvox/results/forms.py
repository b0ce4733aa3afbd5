from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from polyvox.core.collation import sorted_by_name
from polyvox.core.forms import ConfirmedForm, TranslatedTextFormField, TranslatedTextWidget
from polyvox.deliberation.forms import repeated_ranks
from polyvox.results.figures import (
    COUNTRY_EQUAL,
    POOLED,
    POPULATION_WEIGHTED,
    Filters,
    SnapshotReader,
)
from polyvox.results.models import Report, Theme
from polyvox.results.selectors import ThemeText

WEIGHTING_CHOICES = [
    (POOLED, _("Pooled: every citizen counts once")),
    (COUNTRY_EQUAL, _("Every country equal")),
    (POPULATION_WEIGHTED, _("Weighted by country population")),
]
LEVEL_CHOICES = [
    ("", _("Automatic")),
    ("region", _("Region")),
    ("income_group", _("Income group")),
    ("country", _("Country")),
    ("site", _("Site")),
]


class ResultsFilterForm(forms.Form):
    """GET filters of the results page; only values present in the results are offered."""

    region = forms.ChoiceField(label=_("Region"), required=False)
    income_group = forms.ChoiceField(label=_("Income group"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    category = forms.ChoiceField(label=_("Break down by"), required=False)
    level = forms.ChoiceField(label=_("Compare by"), required=False, choices=LEVEL_CHOICES)
    weighting = forms.ChoiceField(
        label=_("Weighting"),
        required=False,
        choices=WEIGHTING_CHOICES,
        initial=POOLED,
        widget=forms.RadioSelect,
    )

    def __init__(self, data: Any, *, reader: SnapshotReader) -> None:
        super().__init__(data)
        everyone = [("", _("All"))]
        sites = reader.sites.values()
        regions_present = sorted({site["region"] for site in sites})
        incomes = sorted({site["income_group"] for site in sites})
        countries_present = sorted({site["country"] for site in sites})
        self.fields["region"].choices = everyone + sorted_by_name(  # type: ignore[attr-defined]
            ((r, reader.group_label("region", r)) for r in regions_present),
            name=lambda choice: choice[1],
        )
        self.fields["income_group"].choices = everyone + [  # type: ignore[attr-defined]
            (g, reader.group_label("income_group", g)) for g in incomes
        ]
        self.fields["country"].choices = everyone + sorted_by_name(  # type: ignore[attr-defined]
            ((c, reader.group_label("country", c)) for c in countries_present),
            name=lambda choice: choice[1],
        )
        self.fields["category"].choices = [("", _("Nothing"))] + [  # type: ignore[attr-defined]
            (c, reader.category_label(c)) for c in reader.snapshot.categories
        ]

    def filters(self) -> Filters:
        if not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            region=data["region"],
            country=data["country"],
            income_group=data["income_group"],
            category=data["category"],
            weighting=data["weighting"] or POOLED,
            level=data["level"],
        )


@dataclass(frozen=True)
class WhichCountryQuestion:
    """One question of the form as the page shows it: its inputs and, for a ranking given
    the same number twice, the problem in words with the id its inputs point to."""

    key: str
    label: str
    kind: str
    fields: list[forms.BoundField]
    error: str | None
    error_id: str


class WhichCountryForm(forms.Form):
    """One question at a time, each with the control citizens had: a visitor's own answers,
    compared with each country's. A ranking is compared on the option ranked first, as
    the countries' shares count citizens' first choices."""

    def __init__(self, data: Any, *, reader: SnapshotReader) -> None:
        super().__init__(data)
        self._questions: list[tuple[str, str, str, list[str]]] = []
        self._ranked: dict[str, list[tuple[str, str]]] = {}  # question -> (field, option)
        self._errors_at: dict[str, str] = {}
        for question in reader.snapshot.questions:
            if question.get("local") or question.get("answered_by") == "table":
                # A local topic is not compared across countries; a table question has no
                # citizens' shares to compare a visitor's answer with.
                continue
            choices = reader.option_labels(question)
            label = reader.question_text(question)
            key = question["key"]
            if question["kind"] == "ranking":
                names = [f"r-{key}-{index}" for index in range(len(choices))]
                for name, (_value, option_label) in zip(names, choices, strict=True):
                    self.fields[name] = forms.IntegerField(
                        label=option_label,
                        required=False,
                        min_value=1,
                        max_value=len(choices),
                        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                    )
                self._ranked[key] = list(zip(names, [value for value, _ in choices], strict=True))
                self._questions.append((key, label, "ranking", names))
                continue
            field: forms.Field
            if question["kind"] == "multiple":
                field = forms.MultipleChoiceField(
                    label=label,
                    choices=choices,
                    required=False,
                    widget=forms.CheckboxSelectMultiple,
                )
            else:
                field = forms.ChoiceField(
                    label=label, choices=choices, required=False, widget=forms.RadioSelect
                )
            self.fields[f"q-{key}"] = field
            self._questions.append((key, label, str(question["kind"]), [f"q-{key}"]))

    def clean(self) -> dict[str, Any]:  # Any: Django's cleaned_data
        cleaned = super().clean() or {}
        for key, ranked in self._ranked.items():
            names = [name for name, _option in ranked]
            problem = repeated_ranks(self, cleaned, names, error_id=f"r-{key}-error")
            if problem is not None:
                self._errors_at[key] = problem
                self.add_error(None, problem)
        return cleaned

    def questions(self) -> list[WhichCountryQuestion]:
        if self.is_bound:
            self.is_valid()  # the errors at each question come from cleaning
        return [
            WhichCountryQuestion(
                key=key,
                label=label,
                kind=kind,
                fields=[self[name] for name in names],
                error=self._errors_at.get(key),
                error_id=f"r-{key}-error",
            )
            for key, label, kind, names in self._questions
        ]

    def visitor_answers(self) -> dict[str, str | list[str]]:
        if not self.is_valid():
            return {}
        answers: dict[str, str | list[str]] = {
            name.removeprefix("q-"): value
            for name, value in self.cleaned_data.items()
            if name.startswith("q-") and value not in ("", [], None)
        }
        for key, ranked in self._ranked.items():
            first = next((option for name, option in ranked if self.cleaned_data[name] == 1), None)
            if first is not None:
                answers[key] = first
        return answers


class ThemeForm(forms.Form):
    """A theme's title in any languages, and which of its texts are quoted."""

    title = TranslatedTextFormField(label=_("Title"))
    quotes = forms.MultipleChoiceField(
        label=_("Quotes"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self, data: Any = None, *, theme: Theme, texts: list[ThemeText], languages: list[str]
    ) -> None:
        initial = {"title": theme.title, "quotes": [quote["id"] for quote in theme.quotes]}
        super().__init__(data, initial=initial)
        self.fields["title"].widget = TranslatedTextWidget(languages=languages)
        self.fields["quotes"].choices = [  # type: ignore[attr-defined]
            (text.id, text.body) for text in texts
        ]


class ThemeScopeForm(forms.Form):
    """Which themes a button acts on: the dialogue's (no site) or one site's, and their source."""

    site = forms.SlugField(required=False, max_length=100)
    source = forms.CharField(required=False, max_length=100)


class IdListField(forms.Field):
    """Every value of a repeated field as a database id; anything else is refused."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: object) -> list[int]:
        if isinstance(value, str):  # "12,15": the ids as the confirmation page sends them back
            value = value.split(",")
        values = [item for item in value if item != ""] if isinstance(value, list | tuple) else []
        # isascii: "²" and "١٢" are digits to str.isdigit() but not to int().
        if not all(
            isinstance(item, str) and item.isascii() and item.isdigit() and len(item) < 10
            for item in values
        ):
            raise forms.ValidationError(_("Choose themes from the list."))
        return [int(item) for item in values]


class ThemeMergeForm(ThemeScopeForm, ConfirmedForm):
    """Ticked themes (`theme`, repeated) or a suggested pair (`themes`, "12,15"); merged
    only once confirmed."""

    theme = IdListField(required=False)
    themes = IdListField(required=False, widget=forms.HiddenInput)

    def theme_ids(self) -> list[int]:
        ids: list[int] = [*self.cleaned_data["theme"], *self.cleaned_data["themes"]]
        return list(dict.fromkeys(ids))

    def for_confirmation(self) -> ThemeMergeForm:
        """The same choice with every id in one field, which the confirmation page can
        send back (it writes one hidden input per field)."""
        return ThemeMergeForm(
            {
                "site": self.cleaned_data["site"],
                "source": self.cleaned_data["source"],
                "themes": ",".join(map(str, self.theme_ids())),
            }
        )


class ReportRequestForm(forms.Form):
    """A report for the whole dialogue (the default) or one of its countries."""

    scope = forms.ChoiceField(required=False)
    language = forms.ChoiceField(required=False, choices=settings.LANGUAGES)

    def __init__(self, data: QueryDict, *, countries: Iterable[str]) -> None:
        super().__init__(data)
        scope = self.fields["scope"]
        assert isinstance(scope, forms.ChoiceField)
        scope.choices = [(Report.GLOBAL, Report.GLOBAL)] + [(code, code) for code in countries]


class PublicationForm(ConfirmedForm):
    """Publishing as final and taking back to provisional are both confirmed first."""

    action = forms.ChoiceField(
        required=False, choices=[("publish", _("Publish")), ("unpublish", _("Unpublish"))]
    )


# More people than any country has: a figure above it is a typing error.
POPULATION_MAX = 2_000_000_000
SOURCE_MAX = 300
_GROUPED_DIGITS = re.compile(r"\d{1,3}(?:([ ,.'\u00a0\u202f])\d{3})(?:\1\d{3})*")


class PopulationOverrideForm(forms.Form):
    """An organiser's own population for one of the dialogue's countries, with its source."""

    country = forms.ChoiceField(label=_("Country"))
    population = forms.CharField(
        label=_("Population"),
        required=False,
        max_length=20,
        help_text=_("A whole number of people, e.g. 23400000 or 23 400 000."),
    )
    source = forms.CharField(
        label=_("Source"),
        required=False,
        max_length=SOURCE_MAX,
        help_text=_(
            "Who published the figure, and for which year, e.g. a national statistics office."
        ),
    )
    action = forms.ChoiceField(
        choices=[("set", _("Use this figure")), ("clear", _("Go back to the World Bank figure"))],
        initial="set",
    )

    def __init__(
        self, data: QueryDict | None = None, *, countries: Iterable[tuple[str, str]]
    ) -> None:
        super().__init__(data)
        country = self.fields["country"]
        assert isinstance(country, forms.ChoiceField)
        country.choices = list(countries)

    def clean_population(self) -> int | None:
        text = self.cleaned_data["population"].strip()
        if not text:
            return None
        if _GROUPED_DIGITS.fullmatch(text):
            text = re.sub(r"\D", "", text)
        if not text.isascii() or not text.isdigit():
            raise forms.ValidationError(_("Write the population as a whole number of people."))
        number = int(text)
        if not 1 <= number <= POPULATION_MAX:
            raise forms.ValidationError(
                _("A population is between 1 and %(max)s people.") % {"max": f"{POPULATION_MAX:,}"}
            )
        return number

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean() or {}
        if cleaned.get("action") == "set":
            if not cleaned.get("population") and "population" not in self.errors:
                self.add_error("population", _("Give the population."))
            if not cleaned.get("source", "").strip() and "source" not in self.errors:
                self.add_error("source", _("Say where the figure comes from."))
        return cleaned
