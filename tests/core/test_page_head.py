"""Every page names its icon and describes itself, so browsers log no 404 for a missing
favicon and search results show a sentence rather than the first words of the menu."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/en/", "/fr/", "/en/consultations/", "/en/vote/"])
def test_pages_carry_an_icon_that_exists_and_a_description(client: Client, path: str) -> None:
    page = client.get(path).content.decode()
    icon = re.search(r'<link rel="icon" href="([^"]+)"', page)
    assert icon is not None
    assert client.get(icon.group(1)).status_code == 200
    description = re.search(r'<meta name="description" content="([^"]+)"', page)
    assert description is not None
    assert len(description.group(1)) > 40
