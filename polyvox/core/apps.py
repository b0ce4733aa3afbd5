from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "polyvox.core"
    label = "core"
