"""The demo's online and hybrid days (issue 14): rooms, venues, contacts, materials in
several languages and the facilitator's kit. Runs after the deliberation stage has seated
every site; safe to run twice.

Videos and subtitles point at the reserved `.invalid` domain: the demo has no films, and
a made-up address on a real host would look like one. Booklets are small real PDFs.
"""

from __future__ import annotations

from django.core.files.base import ContentFile

from polyvox.deliberation.models import Table
from polyvox.dialogues.models import Dialogue, FacilitatorStep, Session, SessionMaterial, Site

ROOMS = {
    # Lisbon meets online on Jitsi Meet, which needs no account and no API key.
    "pt-lisbon-online": "https://meet.jit.si/polyvox-demo-{table}-{session}",
    "id-online": "https://meet.jit.si/polyvox-demo-jakarta-{table}-{session}",
    "ca-montreal": "https://meet.jit.si/polyvox-demo-montreal-{table}-{session}",
}
VENUES = {
    "fr-paris": "Sciences Po, 27 rue Saint-Guillaume, 75007 Paris",
    "ca-montreal": "Grande Bibliothèque, 475 boulevard De Maisonneuve Est, Montréal, QC H2L 5C4",
}
MATERIAL_LANGUAGES = ("en", "fr", "pt", "es")
KIT: list[tuple[int, str, dict[str, str]]] = [
    (
        0,
        FacilitatorStep.Kind.PLENARY,
        {
            "en": "Welcome the table, check everyone hears and sees, recall the rules: one voice at a time.",
            "fr": "Accueillez la table, vérifiez que chacun entend et voit, rappelez les règles : une voix à la fois.",
            "pt": "Dê as boas-vindas à mesa, confirme que todos ouvem e veem, lembre as regras: uma voz de cada vez.",
        },
    ),
    (
        5,
        FacilitatorStep.Kind.DISCUSS,
        {
            "en": "A round of first reactions to the video: two minutes each, no replies yet.",
            "fr": "Un tour de premières réactions à la vidéo : deux minutes chacun, sans réponse encore.",
            "pt": "Uma ronda de primeiras reações ao vídeo: dois minutos cada, ainda sem respostas.",
        },
    ),
    (
        25,
        FacilitatorStep.Kind.DISCUSS,
        {
            "en": "Open discussion of the session's questions; make sure the quietest voices are heard.",
            "fr": "Discussion ouverte des questions de la session ; veillez à entendre les voix les plus discrètes.",
            "pt": "Discussão aberta das perguntas da sessão; garanta que as vozes mais discretas são ouvidas.",
        },
    ),
    (
        45,
        FacilitatorStep.Kind.VOTE,
        {
            "en": "Everyone votes on their phone (or on paper): remind them of their personal code.",
            "fr": "Chacun vote sur son téléphone (ou sur papier) : rappelez le code personnel.",
            "pt": "Todos votam no telemóvel (ou em papel): lembre o código pessoal.",
        },
    ),
    (
        55,
        FacilitatorStep.Kind.BREAK,
        {
            "en": "Thank the table and announce when the next session starts.",
            "fr": "Remerciez la table et annoncez le début de la session suivante.",
            "pt": "Agradeça à mesa e anuncie quando começa a próxima sessão.",
        },
    ),
]


def load(*, dialogue: Dialogue) -> None:
    for site in dialogue.sites.all():
        _site(site)
    for session in Session.objects.filter(dialogue=dialogue).prefetch_related("questions"):
        _materials(session)
        _kit(session)


def _site(site: Site) -> None:
    site.contact_email = f"{site.slug}@demo.polyvox.invalid"
    site.venue_address = VENUES.get(site.slug, site.venue_address)
    template = ROOMS.get(site.slug)
    if template:
        site.room_template = template
        site.plenary_room_url = template.format(table="plenary", session="day")
    site.save(
        update_fields=[
            "contact_email",
            "venue_address",
            "room_template",
            "plenary_room_url",
        ]
    )
    if site.mode == Site.Mode.HYBRID:
        # Every other table of the hybrid site meets online.
        for table in Table.objects.filter(site=site):
            online = table.number % 2 == 0
            if table.online != online:
                table.online = online
                table.save(update_fields=["online"])


def _materials(session: Session) -> None:
    for language in MATERIAL_LANGUAGES:
        material, _created = SessionMaterial.objects.update_or_create(
            session=session,
            language=language,
            defaults={
                "video_url": f"https://videos.demo.polyvox.invalid/{session.key}/{language}",
                "subtitles_url": f"https://videos.demo.polyvox.invalid/{session.key}/{language}.vtt",
            },
        )
        if not material.booklet:
            title = session.title.get(language) or session.title.get("en", session.key)
            material.booklet.save(
                f"{session.key}-{language}.pdf", ContentFile(tiny_pdf(title)), save=True
            )


def _kit(session: Session) -> None:
    vote_on = session.questions.first()
    for minute, kind, text in KIT:
        FacilitatorStep.objects.update_or_create(
            session=session,
            minute=minute,
            defaults={
                "kind": kind,
                "text": text,
                "question": vote_on if kind == FacilitatorStep.Kind.VOTE else None,
            },
        )


def tiny_pdf(title: str) -> bytes:
    """A one-page PDF with the session's title: enough for the demo's booklet links."""
    text = title.encode("latin-1", "replace").replace(b"\\", b"\\\\")
    text = text.replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 24 Tf 72 720 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)
