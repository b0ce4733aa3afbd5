from django.apps import AppConfig


class DialoguesConfig(AppConfig):
    name = "polyvox.dialogues"
    label = "dialogues"
