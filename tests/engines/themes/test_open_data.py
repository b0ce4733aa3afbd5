"""Smoke tests on real answers: Polis comments from the shared open data (CC BY 4.0, "Data
was gathered using the Polis software (compdemocracy.org/polis) and is sub-licensed under
CC BY 4.0 with Attribution to The Computational Democracy Project")."""

import csv
from pathlib import Path

import pytest

from polyvox.engines.themes import Text, find_themes
from polyvox.engines.themes.stopwords import GERMAN


def comments(folder: Path) -> list[Text]:
    with (folder / "comments.csv").open(newline="", encoding="utf-8") as file:
        return [Text(row["comment-id"], row["comment-body"]) for row in csv.DictReader(file)]


@pytest.fixture
def austrian_climate(shared_data: Path) -> list[Text]:
    return comments(shared_data / "polis" / "austria-climate.5twd2jsnkf.2022-08-08")


@pytest.fixture
def vtaiwan(shared_data: Path) -> list[Text]:
    return comments(shared_data / "polis" / "vtaiwan.uberx")


def test_it_groups_five_hundred_german_answers_without_one_text_themes(
    austrian_climate: list[Text],
) -> None:
    themes = find_themes(austrian_climate, language="de")
    assert 2 <= len(themes) <= 8
    assert min(theme.size for theme in themes) >= 2
    assert sum(theme.size for theme in themes) == len(austrian_climate)
    labels = {word for theme in themes for term in theme.label_terms for word in term.split()}
    assert not labels & GERMAN


def test_it_labels_chinese_answers_with_chinese_terms(vtaiwan: list[Text]) -> None:
    themes = find_themes(vtaiwan, language="zh-TW")
    assert len(themes) >= 2
    assert all(theme.label_terms for theme in themes)
    assert any("計程車" in theme.label_terms for theme in themes)  # taxi
