from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "polyvox.consultation"
    label = "consultation"
