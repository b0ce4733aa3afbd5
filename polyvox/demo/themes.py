"""The demo organiser's work on the computed themes: a name in English and French for
each (themes are published only once named), then the merges the editor suggests of one
idea written in two languages."""

from __future__ import annotations

from collections import Counter

from polyvox.accounts.models import User
from polyvox.dialogues.models import Dialogue
from polyvox.results.models import Theme, theme_strings_load
from polyvox.results.selectors import (
    theme_is_named,
    theme_merge_suggestions,
    theme_texts_by_id,
    themes_for_editor,
)
from polyvox.results.services import theme_update, themes_merge

FREE_WIFI = {"en": "Free public wifi", "fr": "Wifi public gratuit"}
VILLAGES = {
    "en": "Fast, cheap internet everywhere",
    "fr": "Un internet rapide et bon marché partout",
}
SURVEILLANCE = {"en": "Less surveillance", "fr": "Moins de surveillance"}
TRACKING = {
    "en": "Stop apps collecting our data",
    "fr": "Que les applications cessent de nous pister",
}
FAKE_NEWS = {
    "en": "Teach children to spot fake news",
    "fr": "Apprendre aux enfants à repérer les fausses informations",
}
OLDER = {"en": "Digital classes for older people", "fr": "Des cours de numérique pour les aînés"}
HATE = {
    "en": "Remove hate and harassment faster",
    "fr": "Supprimer plus vite la haine et le harcèlement",
}
SCHOOLS = {
    "en": "Digital skills at school, at every age",
    "fr": "Le numérique à l'école, à tout âge",
}
ALGORITHMS = {
    "en": "Platforms explain their algorithms",
    "fr": "Des plateformes qui expliquent leurs algorithmes",
}
BROADBAND = {
    "en": "Affordable broadband as a public service",
    "fr": "Un haut débit abordable, service public",
}
PORTABILITY = {"en": "Take your data with you", "fr": "Emporter ses données"}
AI_AUDIT = {
    "en": "An independent audit of artificial intelligence",
    "fr": "Un audit indépendant de l'intelligence artificielle",
}
JOURNALISTS = {
    "en": "Protect journalists and fact-checkers",
    "fr": "Protéger journalistes et vérificateurs",
}
GOVERNANCE = {
    "en": "Citizens in internet governance",
    "fr": "Des citoyens dans la gouvernance d'internet",
}
ADVERTISING = {
    "en": "Ban advertising targeted on sensitive data",
    "fr": "Interdire la publicité ciblée sur des données sensibles",
}

# By the text most of a theme's members say (the demo's texts, data/texts.json).
NAMES: dict[str, dict[str, str]] = {
    "More free public wifi in parks, libraries and on buses.": FREE_WIFI,
    "Plus de wifi public gratuit dans les bibliothèques et les gares.": FREE_WIFI,
    "Cheap, fast internet in every village, not only in cities.": VILLAGES,
    "Un internet rapide et pas cher dans tous les villages.": VILLAGES,
    "Affordable broadband for poor families.": BROADBAND,
    "Less surveillance by companies and governments.": SURVEILLANCE,
    "Moins de surveillance de nos données personnelles.": SURVEILLANCE,
    "Stop apps from tracking everything I do.": TRACKING,
    "Que les applications arrêtent de collecter nos données personnelles.": TRACKING,
    "Real privacy: my data should belong to me.": {
        "en": "My data belongs to me",
        "fr": "Mes données m'appartiennent",
    },
    "Teach children early how to spot fake news.": FAKE_NEWS,
    "Former les enfants tôt à repérer les fausses informations.": FAKE_NEWS,
    "Digital skills classes for older people.": OLDER,
    "Des cours de numérique pour les personnes âgées.": OLDER,
    "Schools should teach how the internet and algorithms work.": SCHOOLS,
    "Platforms must remove hate and harassment faster.": HATE,
    "Supprimer plus vite les messages de haine et le harcèlement.": HATE,
    "Protect children from bullying and harmful content online.": {
        "en": "Protect children online",
        "fr": "Protéger les enfants en ligne",
    },
    "Fair taxes for the big tech companies.": {
        "en": "Fair taxes for big tech",
        "fr": "Une fiscalité juste pour les géants du numérique",
    },
    "Teach digital skills in every school, for all ages.": SCHOOLS,
    "Enseigner le numérique dans toutes les écoles, à tout âge.": SCHOOLS,
    "Make platforms explain how their algorithms rank what we see.": ALGORITHMS,
    "Obliger les plateformes à expliquer leurs algorithmes de classement.": ALGORITHMS,
    "Guarantee affordable broadband as a public service.": BROADBAND,
    "Garantir un haut débit abordable comme service public.": BROADBAND,
    "Let people take their data with them when they leave a service.": PORTABILITY,
    "Permettre d'emporter ses données en quittant un service.": PORTABILITY,
    "Create an independent body to audit artificial intelligence.": AI_AUDIT,
    "Créer une autorité indépendante pour auditer l'intelligence artificielle.": AI_AUDIT,
    "Protect journalists and fact-checkers online.": JOURNALISTS,
    "Protéger les journalistes et les vérificateurs de faits en ligne.": JOURNALISTS,
    "Give citizens a seat in internet governance forums.": GOVERNANCE,
    "Donner aux citoyens une place dans la gouvernance d'internet.": GOVERNANCE,
    "Ban targeted advertising based on sensitive data.": ADVERTISING,
    "Interdire la publicité ciblée fondée sur des données sensibles.": ADVERTISING,
}


def load(*, dialogue: Dialogue) -> None:
    """Name every theme of the whole dialogue not named yet, then merge the suggested
    pairs; safe to run twice."""
    organiser = User.objects.filter(username="organiser").first()
    if organiser is None:
        return
    main = dialogue.source_language
    themes = Theme.objects.filter(dialogue=dialogue, site=None).select_related("dialogue", "site")
    for theme in themes:
        if not theme_is_named(theme, main):
            theme_update(
                theme=theme,
                title=_name(theme, main),
                quote_ids=[quote["id"] for quote in theme.quotes],
                actor=organiser,
            )
    for source in themes_for_editor(dialogue=dialogue, site=None).values():
        for pair in theme_merge_suggestions(source, main_language=main):
            themes_merge(themes=[pair.first, pair.second], actor=organiser)


def _name(theme: Theme, main: str) -> dict[str, str]:
    """The demo's name of what most of its texts say; a text outside the demo's own (as in
    tests) names the theme by itself."""
    bodies = Counter(
        text.body for text in theme_texts_by_id(theme_strings_load(theme.members)).values()
    )
    said = bodies.most_common(1)[0][0] if bodies else ", ".join(theme.label_terms)
    name = NAMES.get(said, {})
    return name if main in name else {main: said}
