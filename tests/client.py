"""The type of a test client's answer, for helpers that return one.

django-stubs types `Client.get/post` as returning `_MonkeyPatchedWSGIResponse` (an
HttpResponse with the test client's extras: `.json()`, `.context`, `.templates`,
`.redirect_chain`); it exists only in the stubs, hence the alias."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeAlias

from django.http import StreamingHttpResponse
from django.http.response import HttpResponseRedirectBase

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

    Response: TypeAlias = _MonkeyPatchedWSGIResponse
else:
    from django.http import HttpResponse as Response

__all__ = ["Response", "redirect_url", "streamed_body"]


def redirect_url(response: Response) -> str:
    """Where a redirect points: `response.url`, which the stubs know only on redirects."""
    assert isinstance(response, HttpResponseRedirectBase), response
    return response.url


def streamed_body(response: Response) -> bytes:
    """The whole body of a streamed answer (a FileResponse, for instance)."""
    assert isinstance(response, StreamingHttpResponse), response
    return b"".join(response.streaming_content)
