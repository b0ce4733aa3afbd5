from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from polyvox.accounts import urls as accounts_urls
from polyvox.api import api
from polyvox.dialogues import staff_views
from polyvox.dialogues.views import uploaded_file

# Staff pages about dialogues keep their names in the accounts and audit namespaces,
# though they live in dialogues (the layer that knows dialogues).
accounts_pages = [
    *accounts_urls.urlpatterns,
    path("me/", staff_views.dashboard, name="dashboard"),
]
audit_pages = [
    path("dialogues/<int:dialogue_id>/audit/", staff_views.dialogue_audit, name="dialogue"),
]

# Pages carry their language in the address (/en/…, /fr/…) so a shared link opens in the
# language it was shared in; "/" redirects by Accept-Language or the language cookie.
urlpatterns: list[URLPattern | URLResolver] = [
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
    path("", include("polyvox.people.urls")),
    path("", include((audit_pages, "audit"))),
    path("admin/", admin.site.urls),
)
# Uploads go through a view that checks who may see each one, in production too: the web
# server must not serve MEDIA_ROOT itself (it also holds private files such as reports).
urlpatterns += [
    path(f"{settings.MEDIA_URL.strip('/')}/<path:name>", uploaded_file, name="uploaded-file")
]
