"""No foreign key leads from what citizens answered, voted or wrote back to who they are:
the model graph, walked along every forward relation, never reaches the vault."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models

ANSWER_SIDE_APPS = ("deliberation", "consultation", "results")
# The vault, and the pool rows that tie a person to a site.
IDENTITY_MODELS = {"people.Person", "recruitment.Volunteer", "recruitment.Invitation"}


def reachable_from(model: type[models.Model]) -> dict[str, list[str]]:
    """Every model reachable along forward relations, with the path that reaches it."""
    paths: dict[str, list[str]] = {model._meta.label: [model._meta.label]}
    queue = [model]
    while queue:
        current = queue.pop()
        for field in current._meta.get_fields():
            if not (field.is_relation and field.concrete and field.related_model):
                continue
            target = field.related_model
            assert not isinstance(target, str)
            if target._meta.label in paths:
                continue
            paths[target._meta.label] = [
                *paths[current._meta.label],
                f"{field.name} → {target._meta.label}",
            ]
            queue.append(target)
    return paths


def answer_side_models() -> list[type[models.Model]]:
    return [model for app in ANSWER_SIDE_APPS for model in apps.get_app_config(app).get_models()]


@pytest.mark.parametrize("model", answer_side_models(), ids=lambda model: model._meta.label)
def test_no_answer_side_model_leads_to_a_person(model: type[models.Model]) -> None:
    paths = reachable_from(model)
    leaks = {label: path for label, path in paths.items() if label in IDENTITY_MODELS}
    assert leaks == {}


def test_the_walk_does_follow_foreign_keys() -> None:
    assert "dialogues.Dialogue" in reachable_from(apps.get_model("deliberation", "Answer"))
    assert "people.Person" in reachable_from(apps.get_model("recruitment", "Invitation"))


def test_the_answer_side_covers_answers_votes_and_statements() -> None:
    labels = {model._meta.label for model in answer_side_models()}
    assert {"deliberation.Answer", "consultation.Vote", "consultation.Statement"} <= labels
