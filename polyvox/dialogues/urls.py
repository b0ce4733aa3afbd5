from django.urls import path

from polyvox.dialogues import translation_views, views

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
    path(
        "dialogues/<int:dialogue_id>/translations/",
        translation_views.dialogue_translations,
        name="translations",
    ),
    path(
        "dialogues/<int:dialogue_id>/translations/<str:language>.xlf",
        translation_views.dialogue_translations_export,
        name="translations-export",
    ),
    path(
        "sites/<int:site_id>/translations/",
        translation_views.site_translations,
        name="site-translations",
    ),
    path(
        "sites/<int:site_id>/translations/<str:language>.xlf",
        translation_views.site_translations_export,
        name="site-translations-export",
    ),
    path("dialogues/<int:dialogue_id>/agenda/", views.global_agenda, name="global-agenda"),
    path("sites/<int:site_id>/schedule/", views.site_schedule, name="site-schedule"),
]
