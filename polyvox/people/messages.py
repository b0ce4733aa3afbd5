"""What the vault's pages tell people. The pages live in polyvox.deliberation
(personal_data_views); their wording stays with the vault and its catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ERASED = _("The person's data has been erased.")
ALREADY_ERASED = _("This person's data had already been erased.")
CONFIRM_ERASURE = _("Tick the box to confirm the erasure.")
YOUR_DATA_ERASED = _("Your personal data has been erased.")
