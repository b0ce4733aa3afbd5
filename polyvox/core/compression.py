"""Compressed text responses: a results page of a large dialogue is 200-700 KB of HTML,
most of it inline SVG, and a tenth of that gzipped; on a phone's slow link that is the
difference between a page that shows in one second and one that takes several.

Django's GZipMiddleware pads each response with random bytes ("Heal the Breach"), so
compressed pages carrying CSRF tokens do not leak them by their length (BREACH). Files that
are compressed already (zip, XLSX, PDF, images) are left alone: compressing them again
costs time and saves nothing.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase
from django.middleware.gzip import GZipMiddleware

COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/javascript",
    "application/xml",
    "image/svg+xml",
)


class TextGZipMiddleware(GZipMiddleware):
    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)
