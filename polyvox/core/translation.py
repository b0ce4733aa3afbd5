"""Participant-facing texts in any number of languages.

A translated text is a JSON object mapping a language code to its text, stored in the
row it belongs to: one read gets every language, a site may add a language without a
schema change, and open data exports it as it is. Interface strings use gettext instead.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

TranslatedText = dict[str, str]


def is_known_language(code: str) -> bool:
    return code in LANG_INFO and "fallback" not in LANG_INFO[code]


def language_name(code: str) -> str:
    info = LANG_INFO.get(code, {})
    return str(info.get("name_local", code))


def language_name_in_sentence(code: str) -> str:
    """A language named in the reader's own language ("in French"), for sentences; the
    choosers show language_name (each language in its own name) instead."""
    if code not in LANG_INFO or "name" not in LANG_INFO[code]:
        return code
    return str(_(LANG_INFO[code]["name"]))


def pick_text(text: TranslatedText | None, language: str | None = None, fallback: str = "") -> str:
    """The text in `language`, else in the base language (fr-ca -> fr), else `fallback`'s, else any."""
    if not text:
        return ""
    wanted = (language or get_language() or settings.LANGUAGE_CODE).lower()
    for code in (wanted, wanted.split("-")[0], fallback, settings.LANGUAGE_CODE):
        if code and text.get(code):
            return text[code]
    return next((value for value in text.values() if value), "")


def validate_translated_text(value: Any) -> None:
    if not isinstance(value, dict):
        raise ValidationError(_("Enter the text as a mapping from language code to text."))
    for code, text in value.items():
        if not is_known_language(code):
            raise ValidationError(_("Unknown language code: %(code)s."), params={"code": code})
        if not isinstance(text, str):
            raise ValidationError(_("The %(code)s text must be a string."), params={"code": code})


class TranslatedTextField(models.JSONField):
    """A JSON object {language code: text}; see the module docstring for why."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", dict)
        kwargs.setdefault("validators", [validate_translated_text])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        from polyvox.core.forms import TranslatedTextFormField

        return super().formfield(**{"form_class": TranslatedTextFormField, **kwargs})
