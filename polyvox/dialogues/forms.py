"""Forms of the dialogue pages: a host's schedule for their site."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from polyvox.core.translation import pick_text
from polyvox.dialogues.models import MAX_SHIFT_MINUTES, Session, SessionStart

# A session's own date stays within this many days of the site's day (a series of
# evenings, not another year).
OWN_DATE_RANGE = datetime.timedelta(days=366)

# What the schedule service takes per session: its own local date and time, or None to
# follow the dialogue's times.
OwnStarts = dict[int, tuple[datetime.date, datetime.time] | None]


class SiteScheduleForm(forms.Form):
    """The site's shift and, per session, an optional date and time of its own."""

    shift_minutes = forms.IntegerField(
        label=_("Move the whole day by (minutes)"),
        min_value=-MAX_SHIFT_MINUTES,
        max_value=MAX_SHIFT_MINUTES,
        help_text=_("For example 60 to start an hour later, −30 to start half an hour earlier."),
        widget=forms.NumberInput(attrs={"aria-describedby": "id_shift_minutes_help"}),
    )

    def __init__(
        self,
        *args: Any,
        sessions: list[Session],
        starts: list[SessionStart],
        language: str,
        day: datetime.date,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.sessions = sessions
        self.day = day
        own = {start.session_id: start for start in starts}
        for session in sessions:
            title = pick_text(session.title, fallback=language)
            start = own.get(session.pk)
            self.fields[f"date_{session.pk}"] = forms.DateField(
                label=_("%(session)s: its own date") % {"session": title},
                required=False,
                initial=start.date if start else None,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
            self.fields[f"time_{session.pk}"] = forms.TimeField(
                label=_("%(session)s: its own start (local time)") % {"session": title},
                required=False,
                initial=start.time if start else None,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )

    def session_rows(self) -> list[tuple[Session, forms.BoundField, forms.BoundField]]:
        return [
            (session, self[f"date_{session.pk}"], self[f"time_{session.pk}"])
            for session in self.sessions
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for session in self.sessions:
            day, at = cleaned.get(f"date_{session.pk}"), cleaned.get(f"time_{session.pk}")
            if day is not None and abs(day - self.day) > OWN_DATE_RANGE:
                self.add_error(
                    f"date_{session.pk}", _("Choose a date within a year of the site's day.")
                )
            elif (day is None) != (at is None) and not self.has_error(f"date_{session.pk}"):
                missing = f"time_{session.pk}" if at is None else f"date_{session.pk}"
                self.add_error(missing, _("Give both a date and a time, or neither."))
        return cleaned

    def own_starts(self) -> OwnStarts:
        starts: OwnStarts = {}
        for session in self.sessions:
            day = self.cleaned_data.get(f"date_{session.pk}")
            at = self.cleaned_data.get(f"time_{session.pk}")
            starts[session.pk] = (day, at) if day is not None and at is not None else None
        return starts
