from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from polyvox import operations
from polyvox.accounts import urls as accounts_urls
from polyvox.api import api
from polyvox.core import health, metrics
from polyvox.deliberation import personal_data_views as people_views
from polyvox.dialogues import staff_views
from polyvox.dialogues.views import uploaded_file

# Staff pages about dialogues keep their names in the accounts and audit namespaces,
# though they live in dialogues (the layer that knows dialogues).
accounts_pages = [
    *accounts_urls.urlpatterns,
    path("me/", staff_views.dashboard, name="dashboard"),
]
# The vault's pages (export and erasure) span recruitment and the day, so they live in
# deliberation; they keep the "people" namespace.
people_pages = [
    path("people/sites/<int:site_id>/", people_views.site_people, name="site"),
    path("people/<int:person_id>/", people_views.person_detail, name="person"),
    path("people/<int:person_id>/export.json", people_views.person_export, name="person-export"),
    path("people/<int:person_id>/erase/", people_views.person_erase, name="person-erase"),
    path("my-data/", people_views.self_service_request, name="self-request"),
    path("my-data/<str:token>/", people_views.self_service, name="self"),
    path("my-data/<str:token>/export.json", people_views.self_service_export, name="self-export"),
    path("my-data/<str:token>/erase/", people_views.self_service_erase, name="self-erase"),
]
audit_pages = [
    path("dialogues/<int:dialogue_id>/audit/", staff_views.dialogue_audit, name="dialogue"),
]

# Pages carry their language in the address (/en/…, /fr/…) so a shared link opens in the
# language it was shared in; "/" redirects by Accept-Language or the language cookie.
urlpatterns: list[URLPattern | URLResolver] = [
    # Probes and metrics: no language prefix, no login (polyvox.core.health answers them
    # before the other middleware).
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, {"checks": operations.READINESS_CHECKS}, name="readyz"),
    path("metrics", metrics.metrics, {"collectors": operations.COLLECTORS}, name="metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
]
urlpatterns += i18n_patterns(
    path("", include("polyvox.dialogues.urls")),
    path("", include((accounts_pages, "accounts"))),
    path("", include("polyvox.jobs.urls")),
    path("", include("polyvox.recruitment.urls")),
    path("", include("polyvox.deliberation.urls")),
    path("", include("polyvox.results.urls")),
    path("", include("polyvox.consultation.urls")),
    path("", include("polyvox.core.urls")),
    path("", include((people_pages, "people"))),
    path("", include((audit_pages, "audit"))),
    path("admin/", admin.site.urls),
)
# Uploads go through a view that checks who may see each one, in production too: the web
# server must not serve MEDIA_ROOT itself (it also holds private files such as reports).
urlpatterns += [
    path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", uploaded_file, name="uploaded-file")
]
