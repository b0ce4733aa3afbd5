"""Form fields shared by the apps."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from polyvox.core.translation import TranslatedText, is_known_language, language_name

NEW_LANGUAGE = "__new_language"
NEW_TEXT = "__new_text"


class TranslatedTextWidget(forms.Widget):
    """One text area per language, plus one blank pair to add a language.

    Works without JavaScript: every language is a plain form field named
    `<field>__<code>`. `languages` lists the languages to offer even when still empty.
    """

    template_name = "core/widgets/translated_text.html"

    def __init__(
        self, attrs: Mapping[str, object] | None = None, languages: list[str] | None = None
    ):
        super().__init__(None if attrs is None else dict(attrs))
        self.languages = languages or []

    # Any: Django's Widget.get_context returns its template context, a dict of anything.
    def get_context(
        self, name: str, value: object, attrs: Mapping[str, object] | None
    ) -> dict[str, Any]:
        context = super().get_context(name, value, None if attrs is None else dict(attrs))
        texts: TranslatedText = value if isinstance(value, dict) else {}
        codes = list(dict.fromkeys([*self.languages, *texts]))
        context["widget"]["rows"] = [
            {
                "code": code,
                "label": language_name(code),
                "name": f"{name}__{code}",
                "text": texts.get(code, ""),
            }
            for code in codes
        ]
        context["widget"]["new_language_name"] = name + NEW_LANGUAGE
        context["widget"]["new_text_name"] = name + NEW_TEXT
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> TranslatedText:
        prefix = name + "__"
        texts = {
            key.removeprefix(prefix): str(data[key]).strip()
            for key in data
            if key.startswith(prefix) and key not in (name + NEW_LANGUAGE, name + NEW_TEXT)
        }
        new_code = str(data.get(name + NEW_LANGUAGE, "")).strip().lower()
        new_text = str(data.get(name + NEW_TEXT, "")).strip()
        if new_code or new_text:
            texts[new_code] = new_text
        return {code: text for code, text in texts.items() if text}

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(key.startswith(name + "__") for key in data)


class TranslatedTextFormField(forms.JSONField):
    widget = TranslatedTextWidget

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.pop("encoder", None)
        kwargs.pop("decoder", None)
        super().__init__(*args, **kwargs)

    def to_python(self, value: Any) -> Any:
        return value if isinstance(value, dict) else super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        return value

    def bound_data(self, data: Any, initial: Any) -> Any:
        return initial if self.disabled else data

    def has_changed(self, initial: Any, data: Any) -> bool:
        return (initial or {}) != (data or {})

    def validate(self, value: Any) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        for code in value or {}:
            if not is_known_language(code):
                raise ValidationError(
                    _("Unknown language code: %(code)s."), params={"code": code}, code="language"
                )


class ConfirmedForm(forms.Form):
    """A form for a consequential action: without `confirm=yes` it only asks first (the view
    shows core/confirm.html, which posts the same fields back with `confirm=yes`)."""

    confirm = forms.ChoiceField(
        choices=[("", ""), ("yes", "yes")], required=False, widget=forms.HiddenInput
    )

    @property
    def confirmed(self) -> bool:
        return self.is_valid() and self.cleaned_data["confirm"] == "yes"
