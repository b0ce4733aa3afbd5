from django.apps import AppConfig


class DeliberationConfig(AppConfig):
    name = "polyvox.deliberation"
    label = "deliberation"

    def ready(self) -> None:
        # Recruitment (below) announces draws, answers and promotions through its panel seam;
        # deliberation owns the participants and answers. Imported here, not at the top,
        # because models may be imported only once the app registry is ready.
        from polyvox.deliberation import panel

        panel.connect()
