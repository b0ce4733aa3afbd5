import pytest

from polyvox.engines.themes import Text, Theme, ThemesError, merge_themes


def theme(number: int, terms: tuple[str, ...], *bodies: str) -> Theme:
    texts = tuple(Text(f"{number}-{index}", body) for index, body in enumerate(bodies))
    return Theme(id=number, label_terms=terms, members=texts, representative=texts[:1])


THEMES = [
    theme(1, ("bus", "transport"), "buses", "trains", "trams"),
    theme(2, ("bike", "lanes"), "bike lanes", "bike parking"),
    theme(3, ("privacy", "data"), "privacy", "data"),
    theme(4, ("cycling", "bike"), "cycling"),
]


def test_it_merges_themes_into_the_first_one_s_place() -> None:
    merged = merge_themes(THEMES, {4, 2})
    assert [t.id for t in merged] == [1, 2, 3]
    combined = merged[1]
    assert [t.id for t in combined.members] == ["2-0", "2-1", "4-0"]
    assert combined.label_terms == ("bike", "cycling", "lanes")
    assert [t.id for t in combined.representative] == ["2-0", "4-0"]


def test_it_leaves_the_other_themes_untouched() -> None:
    merged = merge_themes(THEMES, [1, 3])
    assert merged[0].id == 1
    assert merged[1:] == [THEMES[1], THEMES[3]]


def test_merging_a_single_theme_changes_nothing() -> None:
    assert merge_themes(THEMES, [3]) == THEMES


def test_it_names_unknown_theme_ids() -> None:
    with pytest.raises(ThemesError, match="no theme with id 7, 9"):
        merge_themes(THEMES, [1, 7, 9])
