"""Which participant texts of a dialogue translators work on, and how each is named.

A text is one language map (a TranslatedTextField) of one row, named by a stable key
"<kind>:<id>:<field>" that the XLIFF files carry as unit ids. Each kind also gives the
longest translation accepted (a question must fit a phone screen; a booklet summary may
be long) and a label a translator can place ("Question q1 of session 'The internet'").
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db.models import Model
from django.urls import reverse
from django.utils.translation import gettext as _

from polyvox.core.translation import TranslatedText, pick_text
from polyvox.dialogues.models import Dialogue, Option, Organisation, Question, Session
from polyvox.dialogues.selectors import dialogue_agenda

# The longest translation accepted, by kind and field: a little above the longest source
# text of its kind in the 2020 edition, so a translation cannot break a page layout.
MAX_LENGTHS = {
    ("dialogue", "title"): 200,
    ("dialogue", "theme"): 200,
    ("dialogue", "description"): 5000,
    ("organisation", "description"): 2000,
    ("session", "title"): 200,
    ("session", "information"): 10000,
    ("question", "text"): 1000,
    ("option", "text"): 300,
}
KINDS: dict[str, type[Model]] = {
    "dialogue": Dialogue,
    "organisation": Organisation,
    "session": Session,
    "question": Question,
    "option": Option,
}


@dataclass(frozen=True)
class TranslatableText:
    key: str
    label: str
    text: TranslatedText
    max_length: int
    admin_url: str

    @property
    def kind(self) -> str:
        return self.key.split(":", 1)[0]


def text_key(obj: Model, field: str) -> str:
    kind = type(obj).__name__.lower()
    return f"{kind}:{obj.pk}:{field}"


def source_digest(text: str) -> str:
    """What a translation remembers of the source it was made from."""
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# Apps above this one (consultations, say) add their texts here when they start, so one
# file for translators covers the whole dialogue while the imports keep pointing down.
EXTRA_SOURCES: list[Callable[[Dialogue], Iterable[TranslatableText]]] = []


def register_texts(
    *,
    kind: str,
    model: type[Model],
    max_lengths: dict[str, int],
    texts: Callable[[Dialogue], Iterable[TranslatableText]],
) -> None:
    KINDS[kind] = model
    MAX_LENGTHS.update({(kind, field): length for field, length in max_lengths.items()})
    if texts not in EXTRA_SOURCES:
        EXTRA_SOURCES.append(texts)


def dialogue_texts(*, dialogue: Dialogue) -> list[TranslatableText]:
    """Every text participants or the public read, in the order of the dialogue's pages."""
    extra = [text for source in EXTRA_SOURCES for text in source(dialogue)]
    return [*_texts(dialogue), *extra]


def _texts(dialogue: Dialogue) -> Iterator[TranslatableText]:
    source = dialogue.source_language
    for field in ("title", "theme", "description"):
        yield text_entry(
            dialogue, field, _("Dialogue: %(field)s") % {"field": _field(dialogue, field)}
        )
    for partnership in dialogue.partnerships.select_related("organisation"):
        organisation = partnership.organisation
        if organisation.description:
            yield text_entry(
                organisation,
                "description",
                _("Partner %(name)s: description") % {"name": organisation.name},
            )
    for session in dialogue_agenda(dialogue=dialogue):
        yield from session_texts(session=session, source=source)


# How long a quoted source text may run in a label before it is cut.
QUOTE_LENGTH = 60


def session_texts(*, session: Session, source: str) -> Iterator[TranslatableText]:
    """A session's texts, each labelled by what a person reads (the session's title, the
    question and answer in the source language), not by internal keys like "q1-1/a"."""
    name = pick_text(session.title, source) or session.key
    yield text_entry(session, "title", _("Session “%(session)s”: title") % {"session": name})
    yield text_entry(
        session, "information", _("Session “%(session)s”: information") % {"session": name}
    )
    for question in session.questions.all():
        asked = _quote(pick_text(question.text, source)) or question.key
        where = {"session": name, "question": asked}
        yield text_entry(
            question, "text", _("Session “%(session)s”, question “%(question)s”") % where
        )
        for option in question.options.all():
            answer = _quote(pick_text(option.text, source)) or option.key
            yield text_entry(
                option,
                "text",
                _("Question “%(question)s”, answer “%(option)s”")
                % {"question": asked, "option": answer},
                admin_of=question,
            )


def _quote(text: str) -> str:
    return text if len(text) <= QUOTE_LENGTH else text[: QUOTE_LENGTH - 1].rstrip() + "…"


def text_entry(
    obj: Model, field: str, label: str, admin_of: Model | None = None
) -> TranslatableText:
    """One text of `obj`, edited on the admin page of `admin_of` (an option on its question's)."""
    kind = type(obj).__name__.lower()
    owner = admin_of or obj
    meta = owner._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[owner.pk])
    return TranslatableText(
        key=text_key(obj, field),
        label=label,
        text=getattr(obj, field) or {},
        max_length=MAX_LENGTHS[(kind, field)],
        admin_url=url,
    )


def _field(obj: Model, field: str) -> str:
    return str(getattr(obj._meta.get_field(field), "verbose_name", field))
