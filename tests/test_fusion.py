import numpy as np
import pytest

from memdb import InvalidInputError, RECIPES, Recipe
from memdb.retrieve.fusion import mmr, rrf, scale_by_max, weighted_sum
from memdb.retrieve.retriever import time_match
from memdb.temporal import TimeRange
from datetime import datetime, timezone


@pytest.mark.parametrize(
    "values, expected",
    [
        ({1: 2.0, 2: 1.0}, {1: 1.0, 2: 0.5}),
        ({1: 0.0, 2: 0.0}, {1: 0.0, 2: 0.0}),
        ({}, {}),
        ({7: 3.0}, {7: 1.0}),
    ],
)
def test_scale_by_max(values, expected) -> None:
    assert scale_by_max(values) == expected


@pytest.mark.parametrize(
    "features, weights, expected",
    [
        ({"vector": {1: 0.5, 2: 1.0}}, {"vector": 2.0}, {1: {"vector": 1.0}, 2: {"vector": 2.0}}),
        ({"vector": {1: 1.0}, "lexical": {1: 0.5}}, {"vector": 1.0, "lexical": 0.0}, {1: {"vector": 1.0}}),
        ({"vector": {1: 1.0}, "lexical": {1: 0.5}}, {"vector": 1.0, "lexical": 1.0}, {1: {"vector": 1.0, "lexical": 0.5}}),
    ],
)
def test_weighted_sum(features, weights, expected) -> None:
    assert weighted_sum(features, weights) == expected


@pytest.mark.parametrize(
    "features, weights, k, expected",
    [
        # ranks 1 and 2 of one signal
        ({"lexical": {1: 9.0, 2: 3.0}}, {"lexical": 1.0}, 60, {1: {"lexical": 1 / 61}, 2: {"lexical": 1 / 62}}),
        # zero scores are not ranked at all
        ({"lexical": {1: 9.0, 2: 0.0}}, {"lexical": 1.0}, 60, {1: {"lexical": 1 / 61}}),
        # weights scale, ties break by candidate id
        ({"graph": {5: 1.0, 4: 1.0}}, {"graph": 2.0}, 1, {4: {"graph": 1.0}, 5: {"graph": 2 / 3}}),
    ],
)
def test_rrf(features, weights, k, expected) -> None:
    got = rrf(features, weights, k=k)
    assert got.keys() == expected.keys()
    for cand, parts in expected.items():
        assert got[cand] == pytest.approx(parts)


def test_mmr_prefers_novel_candidates_over_near_duplicates() -> None:
    a = np.array([1.0, 0.0])
    near_a = np.array([0.999, 0.0447])
    b = np.array([0.0, 1.0])
    vectors = {1: a, 2: near_a / np.linalg.norm(near_a), 3: b}
    relevance = {1: 1.0, 2: 0.95, 3: 0.6}
    assert mmr([1, 2, 3], relevance, vectors, lambda_=0.5, k=2) == [1, 3]
    assert mmr([1, 2, 3], relevance, vectors, lambda_=1.0, k=2) == [1, 2]


UTC = timezone.utc


@pytest.mark.parametrize(
    "when, expected",
    [
        (datetime(2024, 5, 10, tzinfo=UTC), 1.0),               # inside May
        (datetime(2024, 6, 1, tzinfo=UTC), 0.5 ** (1 / 7.5)),    # a day past a 30-day range: halves per 7.5 days
        (datetime(2024, 6, 8, 12, tzinfo=UTC), 0.5 ** (8.5 / 7.5)),  # a quarter-width (and a day) later: under half
        (datetime(2024, 4, 23, 12, tzinfo=UTC), 0.5 ** (7.5 / 7.5)),  # a quarter-width before the start: half
    ],
)
def test_time_match(when, expected) -> None:
    may = TimeRange(start=datetime(2024, 5, 1, tzinfo=UTC), end=datetime(2024, 5, 31, tzinfo=UTC), text="May", span=(0, 3))
    assert time_match(when.timestamp(), [may]) == pytest.approx(expected)
    assert time_match(when.timestamp(), []) == 0.0


def test_recipes_are_frozen_and_overrides_make_new_ones() -> None:
    default = RECIPES["default"]
    tuned = default.with_overrides(weights={"recency": 5.0})
    assert tuned.weights["recency"] == 5.0 and default.weights["recency"] != 5.0
    with pytest.raises(TypeError):
        default.weights["vector"] = 0  # type: ignore[index]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weights": {"vibes": 1.0}},
        {"weights": {"vector": -1.0}},
        {"weights": {"vector": 0.0}},
        {"weights": {"vector": 1.0}, "fusion": "magic"},
        {"weights": {"vector": 1.0}, "half_life_days": 0},
        {"weights": {"vector": 1.0}, "mmr_lambda": 2.0},
    ],
)
def test_bad_recipes_are_refused(kwargs) -> None:
    with pytest.raises(InvalidInputError):
        Recipe("bad", **kwargs)
