"""results: public pages, open data and reports of a dialogue."""

from django.urls import URLPattern, URLResolver, path

from polyvox.results import (
    evaluation_views,
    impact_views,
    manage_views,
    population_views,
    theme_views,
    views,
    written_views,
)

app_name = "results"
urlpatterns: list[URLPattern | URLResolver] = [
    path("results/<slug:slug>/", views.results_page, name="results"),
    path("results/<slug:slug>/live/", views.results_live, name="live"),
    path("results/<slug:slug>/manage/", manage_views.results_manage, name="manage"),
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

# Reports people write and the record of impact (results.written_views, results.impact_views).
urlpatterns += [
    path("results/<slug:slug>/written/", written_views.written_index, name="written"),
    path(
        "results/<slug:slug>/written/<slug:scope>/<slug:language>/",
        written_views.written_public,
        name="written-public",
    ),
    path(
        "results/<slug:slug>/written/<slug:scope>/<slug:language>/edit/",
        written_views.written_edit,
        name="written-edit",
    ),
    path(
        "results/<slug:slug>/written/<slug:scope>/<slug:language>/workflow/",
        written_views.written_workflow,
        name="written-workflow",
    ),
    path("results/<slug:slug>/impact/", impact_views.impact_public, name="impact"),
    path("results/<slug:slug>/impact/manage/", impact_views.impact_manage, name="impact-manage"),
    path(
        "results/<slug:slug>/impact/<int:entry_id>/edit/",
        impact_views.impact_edit,
        name="impact-edit",
    ),
    path(
        "results/<slug:slug>/impact/<int:entry_id>/delete/",
        impact_views.impact_delete,
        name="impact-delete",
    ),
    path(
        "results/<slug:slug>/impact/<int:entry_id>/document/",
        impact_views.impact_document,
        name="impact-document",
    ),
]
