"""Admin pieces every app's admin shares, with no notion of who may see what."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from polyvox.core.forms import TranslatedTextWidget
from polyvox.core.translation import TranslatedTextField

DEFAULT_LANGUAGES = ["en", "fr"]


class TranslatedTextAdminMixin:
    """Offers a text area for each language the object's dialogue uses."""

    def formfield_for_dbfield(
        self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> Any:
        if isinstance(db_field, TranslatedTextField):
            languages = getattr(request, "polyvox_languages", DEFAULT_LANGUAGES)
            kwargs["widget"] = TranslatedTextWidget(languages=languages)
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
