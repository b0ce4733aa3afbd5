from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "polyvox.consultation"
    label = "consultation"

    def ready(self) -> None:
        from polyvox.consultation import translatable

        translatable.register()
