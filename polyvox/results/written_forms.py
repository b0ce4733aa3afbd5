"""Forms of the reports people write and of the record of impact."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from polyvox.core.translation import language_name
from polyvox.results.models import ImpactEntry
from polyvox.results.written_reports import Slot, unknown_references

SECTION_MAX_CHARS = 20_000
DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_LINKS = 10


class SectionsForm(forms.Form):
    """One text box per section of a report, in one language."""

    def __init__(
        self,
        data: Any = None,
        *,
        slots: list[Slot],
        texts: dict[str, str],
        question_keys: list[str],
    ) -> None:
        super().__init__(data)
        self.slots = slots
        self.question_keys = question_keys
        for slot in slots:
            self.fields[slot.key] = forms.CharField(
                label=slot.label,
                required=False,
                strip=False,
                max_length=SECTION_MAX_CHARS,
                initial=texts.get(slot.key, ""),
                widget=forms.Textarea(attrs={"rows": 8}),
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for slot in self.slots:
            unknown = unknown_references(cleaned.get(slot.key) or "", self.question_keys)
            if unknown:
                self.add_error(
                    slot.key,
                    _(
                        "Section “%(section)s”: %(references)s names no question with "
                        "figures. Use [[figure:key]] or [[chart:key]] with a key from the list."
                    )
                    % {"section": slot.label, "references": ", ".join(unknown)},
                )
        return cleaned

    def texts(self) -> dict[str, str]:
        """The sections the request sent: one it left out keeps its text."""
        return {
            slot.key: self.cleaned_data.get(slot.key) or ""
            for slot in self.slots
            if slot.key in self.data
        }


class WorkflowForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("submit", "submit"), ("approve", "approve"), ("return", "return")]
    )


def _https_links(value: str) -> list[str]:
    links = [line.strip() for line in value.splitlines() if line.strip()]
    if len(links) > EVIDENCE_MAX_LINKS:
        raise forms.ValidationError(
            _("Give at most %(count)d links.") % {"count": EVIDENCE_MAX_LINKS}
        )
    for link in links:
        parts = urlsplit(link)
        if parts.scheme != "https" or not parts.hostname or len(link) > 500 or " " in link:
            raise forms.ValidationError(
                _("“%(link)s” is not an https:// address.") % {"link": link[:80]}
            )
    return links


class ImpactEntryForm(forms.Form):
    institution = forms.CharField(label=_("Institution"), max_length=200)
    event = forms.CharField(label=_("Event"), max_length=200, required=False)
    received_on = forms.DateField(
        label=_("Date received"), widget=forms.DateInput(attrs={"type": "date"})
    )
    language = forms.ChoiceField(label=_("Language of the results they received"))
    status = forms.ChoiceField(label=_("Follow-up"), choices=ImpactEntry.FollowUp.choices)
    response_text = forms.CharField(
        label=_("What they answered"),
        required=False,
        max_length=SECTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    response_document = forms.FileField(
        label=_("Their answer as a PDF document"),
        required=False,
        help_text=_("A PDF file of at most 10 MB. It is public once the results are."),
    )
    remove_document = forms.BooleanField(label=_("Remove the document"), required=False)
    evidence_links = forms.CharField(
        label=_("Evidence links"),
        required=False,
        help_text=_("One https:// address per line."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, languages: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [  # type: ignore[attr-defined]
            (code, language_name(code)) for code in languages
        ]

    def clean_evidence_links(self) -> list[str]:
        return _https_links(self.cleaned_data.get("evidence_links") or "")

    def clean_response_document(self) -> UploadedFile | None:
        document: UploadedFile | None = self.cleaned_data.get("response_document")
        if document is None:
            return None
        if (document.size or 0) > DOCUMENT_MAX_BYTES:
            raise forms.ValidationError(_("The document is larger than 10 MB."))
        document.seek(0)
        if document.read(5) != b"%PDF-":
            raise forms.ValidationError(_("The document is not a PDF file."))
        document.seek(0)
        return document


def impact_initial(entry: ImpactEntry) -> dict[str, Any]:
    return {
        "institution": entry.institution,
        "event": entry.event,
        "received_on": entry.received_on,
        "language": entry.language,
        "status": entry.status,
        "response_text": entry.response_text,
        "evidence_links": "\n".join(entry.evidence_links),
    }
