from django.urls import path

from polyvox.dialogues import views

app_name = "dialogues"
urlpatterns = [
    path("", views.home, name="home"),
    path("dialogues/<slug:slug>/", views.dialogue_detail, name="dialogue"),
    path("dialogues/<slug:slug>/sites/<slug:site_slug>/", views.site_detail, name="site"),
]
urlpatterns += [
    path(
        "dialogues/<int:dialogue_id>/translation-check/",
        views.translation_check,
        name="translation-check",
    ),
    path("dialogues/<int:dialogue_id>/agenda/", views.global_agenda, name="global-agenda"),
    path("sites/<int:site_id>/schedule/", views.site_schedule, name="site-schedule"),
]
