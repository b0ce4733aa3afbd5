from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "polyvox.results"
    label = "results"
