from django.urls import path

from polyvox.recruitment import views

app_name = "recruitment"
urlpatterns = [
    path("recruitment/sites/<int:site_id>/", views.manage, name="manage"),
    path(
        "recruitment/sites/<int:site_id>/categories/",
        views.categories_upload,
        name="categories-upload",
    ),
    path("recruitment/sites/<int:site_id>/import/", views.pool_import, name="pool-import"),
    path(
        "recruitment/imports/<int:import_id>/",
        views.pool_import_detail,
        name="pool-import-detail",
    ),
    path(
        "recruitment/sites/<int:site_id>/registration/",
        views.registration_switch,
        name="registration-switch",
    ),
    path("recruitment/sites/<int:site_id>/quotas/", views.quotas, name="quotas"),
    path("recruitment/sites/<int:site_id>/quotas/check/", views.quota_check, name="quota-check"),
    path(
        "recruitment/sites/<int:site_id>/selection/",
        views.selection_prepare,
        name="selection-prepare",
    ),
    path("recruitment/selections/<int:run_id>/", views.run_detail, name="run"),
    path(
        "recruitment/selections/<int:run_id>/invitations/",
        views.invitations_send,
        name="invitations-send",
    ),
    path("recruitment/selections/<int:run_id>/report/", views.report, name="report"),
    path(
        "recruitment/selections/<int:run_id>/verification.zip",
        views.verification_bundle,
        name="verification",
    ),
    path(
        "dialogues/<slug:slug>/sites/<slug:site_slug>/register/",
        views.register,
        name="register",
    ),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
]
