from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    name = "polyvox.deliberation"
    label = "deliberation"
