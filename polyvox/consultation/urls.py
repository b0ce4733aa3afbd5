"""consultation."""

from django.urls import URLPattern, URLResolver, path

from polyvox.consultation import views

app_name = "consultation"
urlpatterns: list[URLPattern | URLResolver] = [
    path("consultations/", views.consultation_list, name="list"),
    path("consultations/<slug:slug>/", views.consultation_detail, name="detail"),
    path("consultations/<slug:slug>/vote/", views.vote, name="vote"),
    path("consultations/<slug:slug>/statements/", views.submit_statement, name="submit"),
    path("consultations/<slug:slug>/about-you/", views.describe, name="describe"),
    path("consultations/<slug:slug>/map/", views.opinion_map, name="map"),
    path("consultations/<slug:slug>/moderation/", views.moderation, name="moderation"),
    path(
        "consultations/<slug:slug>/moderation/<int:number>/",
        views.moderate_statement,
        name="moderate",
    ),
    path(
        "consultations/<slug:slug>/participants/<int:participant_id>/ban/",
        views.ban_participant,
        name="ban",
    ),
    path("consultations/<slug:slug>/recompute/", views.recompute, name="recompute"),
    path("consultations/<slug:slug>/export.zip", views.export, name="export"),
]
