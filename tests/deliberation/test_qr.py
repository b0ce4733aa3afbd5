"""QR codes on voting cards open the citizen's ballot, signed in; table lists have none."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import vl_convert
import zxingcpp
from django.test import Client
from django.urls import reverse
from PIL import Image

from polyvox.deliberation.checkin import tables_seat
from polyvox.deliberation.models import Participant
from tests.client import Response
from tests.conftest import World
from tests.deliberation.helpers import make_agenda, make_participants, open_all

pytestmark = pytest.mark.django_db

SVG = re.compile(r"<svg [^>]*>.*?</svg>", re.DOTALL)


def decoded_qr_codes(html: str) -> list[str]:
    """Rasterises every inline SVG of the page and reads it as a phone camera would."""
    texts = []
    for svg in SVG.findall(html):
        svg = svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
        drawn = Image.open(io.BytesIO(vl_convert.svg_to_png(svg, scale=2))).convert("RGBA")
        paper = Image.new("RGBA", drawn.size, "white")
        paper.alpha_composite(drawn)  # the SVG has no background: print it on white
        (barcode,) = zxingcpp.read_barcodes(paper.convert("L"))
        assert barcode.format == zxingcpp.BarcodeFormat.QRCode
        texts.append(barcode.text)
    return texts


def code_in(url: str) -> str:
    (code,) = parse_qs(urlsplit(url).query)["code"]
    return code


def print_cards(world: World, **data: str) -> Response:
    url = reverse("deliberation:cards", args=[world.own_site.id])
    return world.client_for("host").post(url, {"action": "print", "format": "html", **data})


@pytest.fixture
def seated(world: World) -> list[Participant]:
    agenda = make_agenda(world.own)
    open_all(world.own_site, agenda)
    citizens = make_participants(world.own_site, 4)
    tables_seat(site=world.own_site, table_size=2)
    return citizens


class TestCards:
    def test_each_card_carries_a_qr_code_of_its_own_code(
        self, world: World, seated: list[Participant]
    ) -> None:
        page = print_cards(world)
        urls = decoded_qr_codes(page.content.decode())
        assert sorted(code_in(url) for url in urls) == sorted(c.code for c in seated)
        # The address is our own server's, in the citizen's language (they speak French).
        assert all(url.startswith("http://testserver/fr/vote/?code=") for url in urls)

    def test_the_cards_print_as_pdf(self, world: World, seated: list[Participant]) -> None:
        pdf = print_cards(world, format="pdf")
        assert pdf.content.startswith(b"%PDF")

    def test_declined_and_absent_citizens_get_no_card(
        self, world: World, seated: list[Participant]
    ) -> None:
        declined = seated[0]
        Participant.objects.filter(id=declined.id).update(status=Participant.Status.DECLINED)
        page = print_cards(world)
        assert declined.code not in [
            code_in(url) for url in decoded_qr_codes(page.content.decode())
        ]


class TestTableList:
    def test_the_table_list_shows_no_voting_code(
        self, world: World, seated: list[Participant]
    ) -> None:
        """Issue 12 item 7: codes are on the cards only, whose printing is audited."""
        page = world.client_for("host").get(
            reverse("deliberation:tables", args=[world.own_site.id])
        )
        assert "<svg" not in page.content.decode()
        assert not any(c.code in page.content.decode() for c in seated)


class TestScanning:
    def test_scanning_signs_the_citizen_in_and_drops_the_code_from_the_address(
        self, world: World, seated: list[Participant]
    ) -> None:
        url = decoded_qr_codes(print_cards(world).content.decode())[0]
        phone = Client()
        # A camera app opens the link from outside the browser.
        response = phone.get(url, headers={"Sec-Fetch-Site": "none", "Sec-Fetch-Dest": "document"})
        assert response.status_code == 302
        assert response["Location"] == reverse("deliberation:ballot")
        assert response["Referrer-Policy"] == "no-referrer"
        ballot = phone.get(response["Location"])
        assert ballot.status_code == 200
        assert "Votre bulletin" in ballot.content.decode()

    def test_a_link_from_another_site_only_fills_in_the_form(
        self, world: World, seated: list[Participant]
    ) -> None:
        citizen = seated[0]
        client = Client()
        response = client.get(
            reverse("deliberation:vote-login"),
            {"code": citizen.code},
            headers={"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "document"},
        )
        assert response.status_code == 200
        assert f'value="{citizen.code}"' in response.content.decode()
        assert response["Referrer-Policy"] == "no-referrer"
        assert response["Cache-Control"] == "no-store"
        assert client.get(reverse("deliberation:ballot")).status_code == 302

    def test_a_scanned_unknown_code_is_refused_clearly(
        self, world: World, seated: list[Participant]
    ) -> None:
        response = Client().get(reverse("deliberation:vote-login"), {"code": "NOPE2345"})
        assert response.status_code == 400
        assert "This code is not valid" in response.content.decode()
