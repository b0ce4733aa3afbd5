from django.urls import path

from polyvox.audit import views

app_name = "audit"
urlpatterns = [
    path("dialogues/<int:dialogue_id>/audit/", views.dialogue_audit, name="dialogue"),
]
