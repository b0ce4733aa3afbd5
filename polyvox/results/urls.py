"""results: public pages, open data and reports of a dialogue."""

from django.urls import URLPattern, URLResolver, path

from polyvox.results import evaluation_views, population_views, theme_views, views

app_name = "results"
urlpatterns: list[URLPattern | URLResolver] = [
    path("results/<slug:slug>/", views.results_page, name="results"),
    path("results/<slug:slug>/live/", views.results_live, name="live"),
    path("results/<slug:slug>/which-country/", views.which_country, name="which-country"),
    path("results/<slug:slug>/evaluation/", evaluation_views.evaluation_page, name="evaluation"),
    path(
        "results/<slug:slug>/evaluation/questionnaire/",
        evaluation_views.questionnaire_add,
        name="evaluation-questionnaire",
    ),
    path(
        "results/<slug:slug>/download/<slug:dataset>.<slug:fmt>",
        views.download,
        name="download",
    ),
    path("results/<slug:slug>/reports/<int:report_id>/", views.report_download, name="report"),
    path("results/<slug:slug>/reports/new/", views.report_new, name="report-new"),
    path("results/<slug:slug>/recompute/", views.recompute, name="recompute"),
    path("results/<slug:slug>/publication/", views.publication, name="publication"),
    path("results/<slug:slug>/populations/", population_views.populations, name="populations"),
    path("results/<slug:slug>/themes/", theme_views.themes_editor, name="themes"),
    path("results/<slug:slug>/themes/export/", theme_views.themes_export, name="themes-export"),
    path(
        "results/<slug:slug>/sites/<slug:site_slug>/themes/",
        theme_views.themes_editor,
        name="site-themes",
    ),
    path(
        "results/<slug:slug>/sites/<slug:site_slug>/themes/export/",
        theme_views.themes_export,
        name="site-themes-export",
    ),
    path("results/<slug:slug>/themes/compute/", theme_views.themes_compute, name="themes-compute"),
    path("results/<slug:slug>/themes/merge/", theme_views.themes_merge_view, name="themes-merge"),
    path("results/<slug:slug>/themes/<int:theme_id>/", theme_views.theme_edit, name="theme"),
]
