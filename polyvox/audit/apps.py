from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "polyvox.audit"
    label = "audit"
