from django.apps import AppConfig
from django.utils.translation import gettext

from polyvox.lib import problems


class CoreConfig(AppConfig):
    name = "polyvox.core"
    label = "core"

    def ready(self) -> None:
        from polyvox.core import checks  # noqa: F401  (registers the system checks)

        # Problems from uploads read in the user's language (polyvox.lib knows no Django).
        problems.use_translation(gettext)
