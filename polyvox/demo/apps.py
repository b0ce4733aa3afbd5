from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "polyvox.demo"
    label = "demo"
    verbose_name = "Demo"
