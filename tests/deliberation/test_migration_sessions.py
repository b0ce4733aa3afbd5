"""The 0005 data migration: a day's single recommendation per table, its votes and paper
counts move to the dialogue's last session (what the recommendation summed up)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("deliberation", "0007_online_tables_attendance")]
AFTER = [("deliberation", "0009_sessions_required")]


def test_existing_recommendations_go_to_the_last_session() -> None:
    executor = MigrationExecutor(connection)
    others = [n for n in executor.loader.graph.leaf_nodes() if n[0] != "deliberation"]
    executor.migrate(BEFORE)
    executor.loader.build_graph()
    # Every other app as it is now, deliberation as it was.
    old = executor.loader.project_state([*BEFORE, *others]).apps
    organisation = old.get_model("dialogues", "Organisation").objects.create(
        name="Org", country="FR"
    )
    dialogue = old.get_model("dialogues", "Dialogue").objects.create(
        slug="d",
        organiser=organisation,
        title={"en": "D"},
        source_language="en",
        start_date="2026-12-05",
        end_date="2026-12-05",
    )
    session_model = old.get_model("dialogues", "Session")
    session_model.objects.create(dialogue=dialogue, key="first", position=0, title={"en": "1"})
    last = session_model.objects.create(
        dialogue=dialogue, key="last", position=2, title={"en": "3"}
    )
    session_model.objects.create(dialogue=dialogue, key="middle", position=1, title={"en": "2"})
    site = old.get_model("dialogues", "Site").objects.create(
        dialogue=dialogue, slug="s", country="FR", city="Paris", date="2026-12-05"
    )
    table = old.get_model("deliberation", "Table").objects.create(site=site, number=1)
    recommendation = old.get_model("deliberation", "Recommendation").objects.create(
        site=site, table=table, language="fr", text={"fr": "Wifi"}
    )
    participant = old.get_model("deliberation", "Participant").objects.create(
        site=site, language="fr"
    )
    old.get_model("deliberation", "RecommendationRanking").objects.create(
        participant=participant, order=[recommendation.id]
    )
    old.get_model("deliberation", "SiteDay").objects.create(site=site, ranking_open=True)

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state([*AFTER, *others]).apps
    moved = new.get_model("deliberation", "Recommendation").objects.get()
    assert moved.session_id == last.id
    assert moved.table_id == table.id
    ranking = new.get_model("deliberation", "RecommendationRanking").objects.get()
    assert (ranking.session_id, ranking.order) == (last.id, [recommendation.id])
    assert new.get_model("deliberation", "SiteDay").objects.get().vote_session_id == last.id
    assert new.get_model("deliberation", "Participant").objects.get().track == "citizens"
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
