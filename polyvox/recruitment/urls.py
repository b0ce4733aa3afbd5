from django.urls import path

from polyvox.recruitment import citizen_views, staff_views

app_name = "recruitment"
urlpatterns = [
    path("recruitment/sites/<int:site_id>/", staff_views.manage, name="manage"),
    path(
        "recruitment/sites/<int:site_id>/categories/",
        staff_views.categories_upload,
        name="categories-upload",
    ),
    path("recruitment/sites/<int:site_id>/import/", staff_views.pool_import, name="pool-import"),
    path(
        "recruitment/imports/<int:import_id>/",
        staff_views.pool_import_detail,
        name="pool-import-detail",
    ),
    path(
        "recruitment/sites/<int:site_id>/registration/",
        staff_views.registration_switch,
        name="registration-switch",
    ),
    path("recruitment/sites/<int:site_id>/quotas/", staff_views.quotas_edit, name="quotas"),
    path(
        "recruitment/sites/<int:site_id>/quotas/check/", staff_views.quota_check, name="quota-check"
    ),
    path(
        "recruitment/sites/<int:site_id>/selection/",
        staff_views.selection_prepare,
        name="selection-prepare",
    ),
    path("recruitment/selections/<int:run_id>/", staff_views.run_detail, name="run"),
    path(
        "recruitment/selections/<int:run_id>/invitations/",
        staff_views.invitations_send,
        name="invitations-send",
    ),
    path("recruitment/selections/<int:run_id>/report/", citizen_views.report, name="report"),
    path(
        "recruitment/selections/<int:run_id>/verification.zip",
        citizen_views.verification_bundle,
        name="verification",
    ),
    path(
        "dialogues/<slug:slug>/sites/<slug:site_slug>/register/",
        citizen_views.register,
        name="register",
    ),
    path("invitations/<str:token>/", citizen_views.invitation, name="invitation"),
]
