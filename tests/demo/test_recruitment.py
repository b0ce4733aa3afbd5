from __future__ import annotations

import pytest

from polyvox.demo import dialogue as dialogue_demo
from polyvox.demo import recruitment as demo
from polyvox.engines import sortition
from polyvox.recruitment.models import SelectionRun, Volunteer
from polyvox.recruitment.records import frozen_pool_load

pytestmark = pytest.mark.django_db


def test_the_demo_has_pools_and_valid_selections_and_loads_twice() -> None:
    dialogue = dialogue_demo.load()
    demo.load(dialogue=dialogue)
    demo.load(dialogue=dialogue)
    for site in dialogue.sites.all():
        assert 150 <= Volunteer.objects.filter(site=site).count() <= 300
    runs = list(SelectionRun.objects.filter(site__dialogue=dialogue))
    assert len(runs) == demo.DRAWN_SITES
    assert all(run.status == SelectionRun.Status.DRAWN for run in runs)
    assert not SelectionRun.objects.filter(site__slug=demo.UNDRAWN_SITE).exists()
    for run in runs:
        pool, quotas = frozen_pool_load(run.frozen).engine_input()
        index = {person_id: n for n, person_id in enumerate(pool.ids)}
        members = [index[i] for i in run.selected_ids]
        assert sortition.panel_violations(pool, quotas, run.panel_size, members) == []
