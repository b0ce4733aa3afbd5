from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "polyvox.people"
    label = "people"
