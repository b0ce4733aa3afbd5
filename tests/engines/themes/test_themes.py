import pytest

from polyvox.engines.themes import Text, Theme, ThemesError, find_themes

ENGLISH = {
    "transport": [
        "More bus lines and cheaper public transport tickets",
        "Buses should run more often, public transport is too expensive",
        "Free public transport for young people and buses at night",
        "Public transport buses and trains must be cheaper",
    ],
    "cycling": [
        "Build safe bike lanes so people can cycle to work",
        "Cycling needs protected bike lanes and bike parking",
        "Bike lanes everywhere, cycling should be safe for children",
    ],
    "food": [
        "Support local farmers and organic food in school canteens",
        "Less meat in canteens, more local organic food",
        "Farmers need fair prices for local organic food",
    ],
    "privacy": [
        "Protect privacy online, ban selling personal data",
        "Internet platforms must not sell our personal data",
        "Stronger privacy rules for internet companies and personal data",
    ],
}

FRENCH = {
    "vélo": [
        "Il faut plus de pistes cyclables pour aller au travail à vélo",
        "Des pistes cyclables sécurisées et des parkings à vélos",
        "Les vélos doivent avoir leur place en ville, avec des pistes cyclables",
    ],
    "transports": [
        "Des transports en commun gratuits pour les jeunes",
        "Les transports en commun doivent être moins chers",
        "Plus de bus, des transports en commun moins chers et plus fréquents",
    ],
    "données": [
        "Protéger les données personnelles sur internet",
        "Interdire la vente des données personnelles par les plateformes",
        "La vie privée et les données personnelles sur internet doivent être protégées",
    ],
}

CHINESE = {
    "transport": [
        "我们需要更多的公交车和地铁",
        "公交车票价太贵了 地铁也要便宜",
        "地铁和公交车应该更频繁",
    ],
    "privacy": [
        "保护个人隐私 禁止出售数据",
        "互联网公司不能出售个人数据",
        "网上隐私需要更强的保护",
    ],
}


def as_texts(groups: dict[str, list[str]]) -> list[Text]:
    return [
        Text(id=f"{topic}-{number}", body=body)
        for topic, bodies in groups.items()
        for number, body in enumerate(bodies)
    ]


def topics_of(themes: list[Theme]) -> list[set[str]]:
    """Each theme's set of source topics (from the text ids)."""
    return [{text.id.split("-")[0] for text in theme.members} for theme in themes]


class TestSeparableTexts:
    @pytest.mark.parametrize(
        ("groups", "language"), [(ENGLISH, "en"), (FRENCH, "fr"), (CHINESE, "zh")]
    )
    def test_it_puts_each_topic_in_a_theme_of_its_own(
        self, groups: dict[str, list[str]], language: str
    ) -> None:
        themes = find_themes(as_texts(groups), language=language)
        assert len(themes) == len(groups)
        assert all(len(topics) == 1 for topics in topics_of(themes))

    def test_it_labels_themes_with_their_own_words(self) -> None:
        themes = find_themes(as_texts(ENGLISH), language="en")
        labels = {
            next(iter(topics)): theme.label_terms
            for topics, theme in zip(topics_of(themes), themes, strict=True)
        }
        assert "bike" in labels["cycling"]
        assert "privacy" in labels["privacy"] or "personal data" in labels["privacy"]

    def test_it_keeps_french_stop_words_out_of_labels(self) -> None:
        themes = find_themes(as_texts(FRENCH), language="fr")
        terms = {word for theme in themes for term in theme.label_terms for word in term.split()}
        assert terms
        assert not terms & {"les", "des", "de", "la", "le", "et", "en", "sur", "doivent"}

    def test_it_respects_max_themes(self) -> None:
        themes = find_themes(as_texts(ENGLISH), language="en", max_themes=2)
        assert len(themes) <= 2
        assert sum(theme.size for theme in themes) == 13


class TestThemeShape:
    def test_representatives_are_members_most_central_first(self) -> None:
        for theme in find_themes(as_texts(ENGLISH), language="en", representatives=2):
            assert 1 <= len(theme.representative) <= 2
            assert set(theme.representative) <= set(theme.members)

    def test_themes_are_numbered_from_one_largest_first(self) -> None:
        themes = find_themes(as_texts(ENGLISH), language="en")
        assert [theme.id for theme in themes] == list(range(1, len(themes) + 1))
        assert [theme.size for theme in themes] == sorted(
            (theme.size for theme in themes), reverse=True
        )

    def test_every_text_lands_in_exactly_one_theme(self) -> None:
        texts = as_texts(ENGLISH)
        themes = find_themes(texts, language="en")
        assert sorted(text.id for theme in themes for text in theme.members) == sorted(
            t.id for t in texts
        )


class TestDeterminism:
    def test_it_gives_the_same_themes_for_the_same_seed(self) -> None:
        texts = as_texts(ENGLISH)
        assert find_themes(texts, language="en", seed=5) == find_themes(
            texts, language="en", seed=5
        )

    def test_it_does_not_depend_on_the_language_code_s_region(self) -> None:
        texts = as_texts(FRENCH)
        assert find_themes(texts, language="fr-CA") == find_themes(texts, language="fr")


class TestTinyAndOddInput:
    def test_no_texts_make_no_themes(self) -> None:
        assert find_themes([], language="en") == []

    def test_one_text_is_one_theme(self) -> None:
        text = Text("a", "We need more trains")
        (theme,) = find_themes([text], language="en")
        assert theme.members == (text,)
        assert theme.representative == (text,)
        assert "trains" in theme.label_terms

    def test_two_texts_are_one_theme(self) -> None:
        texts = [Text("a", "We need more trains"), Text("b", "Protect our privacy")]
        (theme,) = find_themes(texts, language="en")
        assert theme.members == tuple(texts)

    def test_it_leaves_out_texts_without_words(self) -> None:
        texts = [Text("a", "We need more trains"), Text("b", "   "), Text("c", "?!")]
        (theme,) = find_themes(texts, language="en")
        assert theme.members == (texts[0],)

    def test_it_copes_with_texts_made_only_of_stop_words(self) -> None:
        texts = [Text("a", "the and of"), Text("b", "it is what it is"), Text("c", "and so on")]
        themes = find_themes(texts, language="en")
        assert sum(theme.size for theme in themes) == 3

    def test_it_copes_with_identical_texts(self) -> None:
        texts = [Text(str(number), "More buses please") for number in range(5)]
        (theme,) = find_themes(texts, language="en")
        assert theme.size == 5

    def test_it_handles_a_language_without_stop_words(self) -> None:
        texts = [
            Text("a", "Treni più frequenti"),
            Text("b", "Treni più economici"),
            Text("c", "Proteggere la privacy"),
        ]
        assert sum(theme.size for theme in find_themes(texts, language="it")) == 3

    def test_it_refuses_duplicate_ids(self) -> None:
        with pytest.raises(ThemesError, match="'a' appears twice"):
            find_themes([Text("a", "trains"), Text("a", "buses")], language="en")

    def test_it_refuses_zero_themes(self) -> None:
        with pytest.raises(ThemesError, match="at least 1"):
            find_themes([Text("a", "trains")], language="en", max_themes=0)

    def test_it_refuses_zero_representatives(self) -> None:
        with pytest.raises(ThemesError, match="representatives must be at least 1"):
            find_themes([Text("a", "trains")], language="en", representatives=0)
