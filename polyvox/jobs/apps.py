from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class JobsConfig(AppConfig):
    name = "polyvox.jobs"
    label = "jobs"

    def ready(self) -> None:
        # Each app registers its job handlers in its tasks.py.
        autodiscover_modules("tasks")
