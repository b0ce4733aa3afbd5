from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from polyvox.engines.tally.anonymity import OTHER, k_anonymise, small_groups

AGES = ["16-29", "30-49", "50-64", "65+"]


def crowd(site: str, count: int, **values: str) -> tuple[list[str], list[dict[str, str]]]:
    return [site] * count, [dict(values) for _ in range(count)]


def test_groups_of_k_or_more_are_published_unchanged() -> None:
    sites, people = crowd("paris", 5, age="16-29", gender="woman")
    more_sites, more_people = crowd("paris", 6, age="30-49", gender="man")
    result = k_anonymise(sites + more_sites, people + more_people, k=5)
    assert result.published == people + more_people
    assert not result.sites["paris"].changed


def test_a_rare_age_band_is_merged_with_its_smaller_neighbour() -> None:
    sites, people = [], []
    for band, count in [("16-29", 10), ("30-49", 12), ("50-64", 4), ("65+", 2)]:
        more_sites, more_people = crowd("lyon", count, age=band)
        sites += more_sites
        people += more_people
    result = k_anonymise(sites, people, k=5)
    assert Counter(p["age"] for p in result.published) == {"16-29": 10, "30-49": 12, "50+": 6}
    assert result.sites["lyon"].merged == {"age": {"50-64": "50+", "65+": "50+"}}


def test_rare_values_of_a_category_without_order_go_to_other() -> None:
    sites, people = [], []
    for job, count in [("farmer", 2), ("nurse", 3), ("teacher", 9), ("driver", 8)]:
        more_sites, more_people = crowd("rome", count, job=job)
        sites += more_sites
        people += more_people
    result = k_anonymise(sites, people, k=4)
    assert Counter(p["job"] for p in result.published) == {OTHER: 5, "teacher": 9, "driver": 8}


def test_a_category_that_cannot_be_saved_is_dropped_for_that_site_only() -> None:
    sites, people = crowd("oslo", 6, gender="woman")
    one_sites, one_people = crowd("oslo", 1, gender="man")
    safe_sites, safe_people = crowd("rome", 5, gender="man")
    result = k_anonymise(sites + one_sites + safe_sites, people + one_people + safe_people, k=5)
    assert result.sites["oslo"].dropped == ("gender",)
    assert result.published[:7] == [{}] * 7
    assert result.published[7:] == safe_people


def test_a_few_people_at_risk_are_withheld_with_at_least_k_others() -> None:
    sites, people = [], []
    for band, count in [("16-29", 20), ("30-49", 25), ("50-64", 20), ("65+", 24)]:
        for gender in ("woman", "man"):
            more_sites, more_people = crowd("kyiv", count // 2, age=band, gender=gender)
            sites += more_sites
            people += more_people
    lone_sites = ["kyiv"] * 5
    lone_people = [{"age": band, "gender": "other"} for band in [*AGES, "65+"]]
    result = k_anonymise(sites + lone_sites, people + lone_people, k=5)
    protection = result.sites["kyiv"]
    assert protection.withheld == 5
    assert (protection.dropped, protection.merged) == ((), {})
    assert result.published[-5:] == [{}] * 5
    assert not small_groups(sites + lone_sites, result.published, 5)


def test_a_site_smaller_than_k_publishes_no_demographics() -> None:
    sites, people = crowd("tiny", 3, age="16-29")
    result = k_anonymise(sites, people, k=5)
    assert result.published == [{}, {}, {}]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.sampled_from([*AGES, ""]),
            st.sampled_from(["woman", "man", "other", ""]),
            st.sampled_from(["x", "y", "z", "w"]),
        ),
        max_size=120,
    ),
    st.integers(min_value=1, max_value=8),
)
def test_every_published_combination_is_shared_by_k_people(
    rows: list[tuple[str, str, str, str]], k: int
) -> None:
    sites = [row[0] for row in rows]
    people = [
        {
            name: value
            for name, value in zip(("age", "gender", "job"), row[1:], strict=True)
            if value
        }
        for row in rows
    ]
    result = k_anonymise(sites, people, k=k)
    site_size = Counter(sites)
    at_risk = small_groups(sites, result.published, k)
    # Only a site smaller than k can hold a group smaller than k: its site alone.
    assert all(site_size[sites[i]] < k and result.published[i] == {} for i in at_risk)
    assert k_anonymise(sites, people, k=k) == result  # deterministic
    for person, published in zip(people, result.published, strict=True):
        assert set(published) <= set(person)


def test_one_person_at_risk_is_withheld_with_the_last_of_the_largest_group() -> None:
    sites, people = crowd("lima", 10, age="25+")
    lone_sites, lone_people = crowd("lima", 1, age="18-24")
    result = k_anonymise(sites + lone_sites, people + lone_people, k=5)
    # The one aged 18-24 alone would be found by subtracting the others from the site's
    # totals: four of the ten aged 25+ are withheld with them, and six keep their band.
    assert result.published == [{"age": "25+"}] * 6 + [{}] * 5
    assert result.sites["lima"].withheld == 5
