"""results: public pages, open data and reports of a dialogue."""

from django.urls import URLPattern, URLResolver, path

from polyvox.results import views

app_name = "results"
urlpatterns: list[URLPattern | URLResolver] = [
    path("results/<slug:slug>/", views.results_page, name="results"),
    path("results/<slug:slug>/live/", views.results_live, name="live"),
    path("results/<slug:slug>/which-country/", views.which_country, name="which-country"),
    path(
        "results/<slug:slug>/download/<slug:dataset>.<slug:fmt>",
        views.download,
        name="download",
    ),
    path("results/<slug:slug>/reports/<int:report_id>/", views.report_download, name="report"),
    path("results/<slug:slug>/reports/new/", views.report_new, name="report-new"),
    path("results/<slug:slug>/recompute/", views.recompute, name="recompute"),
]
