from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "polyvox.core"
    label = "core"

    def ready(self) -> None:
        from polyvox.core import checks  # noqa: F401  (registers the system checks)
