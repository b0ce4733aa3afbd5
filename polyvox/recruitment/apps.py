from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "polyvox.recruitment"
    label = "recruitment"
