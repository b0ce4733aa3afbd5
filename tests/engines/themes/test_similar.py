from polyvox.engines.themes import Text, ThemeProfile, cross_language_pairs, find_themes


def profile(id_: int, language: str, name: str, reading: str = "") -> ThemeProfile:
    return ThemeProfile(id_, language, name=name, reading=reading)


def test_it_pairs_themes_of_two_languages_named_alike() -> None:
    pairs = cross_language_pairs(
        [
            profile(1, "en", "Free public wifi"),
            profile(2, "en", "Less surveillance"),
            profile(3, "fr", "Public wifi for free"),
            profile(4, "fr", "Fewer ads"),
        ]
    )
    assert [(pair.first, pair.second) for pair in pairs] == [(1, 3)]
    assert pairs[0].similarity >= 0.6


def test_it_never_pairs_themes_of_the_same_language() -> None:
    assert cross_language_pairs([profile(1, "en", "Wifi"), profile(2, "en", "Wifi")]) == []


def test_each_theme_is_in_one_pair_at_most_its_closest() -> None:
    pairs = cross_language_pairs(
        [
            profile(1, "en", "Public wifi"),
            profile(2, "fr", "Public wifi"),
            profile(3, "de", "Public wifi in parks"),
        ]
    )
    assert [(pair.first, pair.second) for pair in pairs] == [(1, 2)]


def test_unnamed_themes_compare_by_their_readings() -> None:
    pairs = cross_language_pairs(
        [
            profile(1, "en", "", "teach digital skills at school"),
            profile(2, "fr", "", "digital skills taught at school"),
            profile(3, "fr", "", "less advertising"),
        ]
    )
    assert [(pair.first, pair.second) for pair in pairs] == [(1, 2)]


def test_nothing_to_read_pairs_nothing() -> None:
    assert cross_language_pairs([profile(1, "en", ""), profile(2, "fr", "?")]) == []


def test_a_theme_holding_unrelated_answers_is_quoted_by_its_main_idea_only() -> None:
    """Two themes allowed for three ideas: one theme holds two. Its quotes are distinct
    texts close to its most central one, never the other idea's."""
    ideas = {
        "bus": ["More buses at night", "Buses at night, more often", "Night buses please"],
        "bike": ["Safe bike lanes", "Bike lanes and bike parking"],
        "data": ["Protect personal data", "No selling of personal data"],
    }
    texts = [
        Text(f"{key}-{index}", body)
        for key, bodies in ideas.items()
        for index, body in enumerate(bodies)
    ]
    for theme in find_themes(texts, language="en", max_themes=2, representatives=3):
        quoted = {text.id.split("-")[0] for text in theme.representative}
        assert len(quoted) == 1, theme.representative
        assert len({text.body for text in theme.representative}) == len(theme.representative)
