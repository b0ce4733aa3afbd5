from django.urls import path

from polyvox.jobs import views

app_name = "jobs"
urlpatterns = [
    path("jobs/<uuid:job_id>/", views.job_detail, name="detail"),
    path("jobs/<uuid:job_id>/progress/", views.job_progress, name="progress"),
    path("jobs/<uuid:job_id>/cancel/", views.job_cancel, name="cancel"),
]
