"""A phone on a slow link gets the results page compressed, and the downloads that are
compressed already (zip, XLSX) as they are."""

from __future__ import annotations

import gzip
import io
import zipfile

import pytest
from django.test import Client
from django.urls import reverse

from tests.results.conftest import Results
from tests.results.test_pages import publish

pytestmark = pytest.mark.django_db


def test_the_results_page_comes_gzipped_to_browsers_that_accept_it(
    client: Client, results: Results
) -> None:
    publish(results)
    url = reverse("results:results", args=["own"])
    plain = client.get(url)
    compressed = client.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    page = gzip.decompress(compressed.content).decode()
    assert "<h1>Results" in page
    assert len(compressed.content) < len(plain.content) / 3
    assert not plain.has_header("Content-Encoding")


def test_a_zip_download_is_sent_as_it_is(client: Client, results: Results) -> None:
    publish(results)
    url = reverse("results:download", args=["own", "shares", "csv"])
    response = client.get(url, headers={"accept-encoding": "gzip"})
    assert not response.has_header("Content-Encoding")
    assert "shares.csv" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
