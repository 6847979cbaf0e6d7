"""Search configured as data: a recipe names the signals, their weights and the fusion method.

Recipes are frozen; ``recipe.with_overrides(...)`` returns a new one, so a caller's tweak never
changes a shared recipe.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any, Mapping

from memdb.errors import InvalidInputError

#: Every signal a recipe can weigh, each in [0, 1] for every candidate (fact: [-1, 1]):
#: vector — cosine of query and turn; lexical — BM25 against an ideal match; graph — the
#: entities the query names and their PageRank neighbourhood, mentioned by the turn; fact — the
#: turn states a fact about those entities whose label fits the query, and the fact holds at
#: the reference time (``as_of`` or ``now``) — negative when the query asks about the present and
#: the turn states only what has since stopped being true; context — cosine of the query with the turns just
#: before and after (an answer often replies to the turn that holds the question's words);
#: recency — exponential decay by age; time — how well the turn falls in the time the query
#: mentions ("last week", "in May 2023"), by when it was said or by a time it names inside
#: that period ("yesterday", said on June 1st, is in May); answer — the turn names an entity of the kind the
#: question asks for ("which cities…" → a place), other than those the question names, a word of
#: the kind asked ("what pet…" → "kitten", "what job…" → "head chef"), or — for
#: "when …" — names a time ("July 15th", "yesterday"); speaker —
#: the turn was said by someone the question names ("what did Mel say…" favours Mel's turns);
#: question — how much more of the turn asks than tells ("So Nick is leaving Hackney?" 1;
#: a statement 0): it takes that share, times its weight, off the turn's whole score.
SIGNALS = ("vector", "lexical", "graph", "fact", "context", "recency", "time", "answer", "speaker", "question")
FUSIONS = ("weighted", "rrf")


@dataclass(frozen=True)
class Recipe:
    name: str
    weights: Mapping[str, float]
    fusion: str = "weighted"
    candidates: int = 50           # per candidate source
    half_life_days: float = 90.0
    rrf_k: int = 60
    mmr_lambda: float | None = None  # None: no diversity re-ranking
    context: int = 0                 # neighbouring turns attached to each hit
    parse_time: bool = True          # resolve "last week" … in the query against `now`

    def __post_init__(self) -> None:
        unknown = set(self.weights) - set(SIGNALS)
        if unknown:
            raise InvalidInputError(f"unknown signal(s) {sorted(unknown)}; known: {list(SIGNALS)}")
        if any(not isinstance(w, (int, float)) or w < 0 or w != w for w in self.weights.values()):
            raise InvalidInputError("signal weights must be non-negative numbers")
        if not any(self.weights.values()):
            raise InvalidInputError("at least one signal weight must be positive")
        if self.fusion not in FUSIONS:
            raise InvalidInputError(f"fusion must be one of {list(FUSIONS)}, got {self.fusion!r}")
        if self.half_life_days <= 0 or self.candidates < 1 or self.rrf_k < 1 or self.context < 0:
            raise InvalidInputError("half_life_days, candidates and rrf_k must be positive; context ≥ 0")
        if self.mmr_lambda is not None and not 0 <= self.mmr_lambda <= 1:
            raise InvalidInputError("mmr_lambda must be between 0 and 1")
        object.__setattr__(self, "weights", MappingProxyType({s: float(self.weights.get(s, 0.0)) for s in SIGNALS}))

    def with_overrides(self, **changes: Any) -> "Recipe":
        """A new recipe; ``weights`` given here are merged over this recipe's."""
        if "weights" in changes and changes["weights"] is not None:
            if not isinstance(changes["weights"], Mapping):
                raise InvalidInputError("weights must be a mapping of signal → weight")
            changes["weights"] = {**self.weights, **changes["weights"]}
        changes = {k: v for k, v in changes.items() if v is not None}
        return replace(self, **changes)

    def uses(self, signal: str) -> bool:
        return self.weights.get(signal, 0.0) > 0


_BALANCED = {"vector": 1.0, "lexical": 0.7, "graph": 0.5, "fact": 0.5, "context": 0.5, "recency": 0.05, "time": 1.5,
             "answer": 0.2, "speaker": 0.1, "question": 0.3}

RECIPES: Mapping[str, Recipe] = MappingProxyType({
    r.name: r
    for r in (
        Recipe("default", _BALANCED),
        Recipe("rrf", _BALANCED, fusion="rrf"),
        Recipe("semantic", {"vector": 1.0}, parse_time=False),
        Recipe("lexical", {"lexical": 1.0}, parse_time=False),
        Recipe("recent", {**_BALANCED, "recency": 1.0}, half_life_days=7.0),
        Recipe("diverse", _BALANCED, mmr_lambda=0.7),
    )
})


def get_recipe(name: str) -> Recipe:
    try:
        return RECIPES[name]
    except (KeyError, TypeError):
        raise InvalidInputError(f"unknown recipe {name!r}; known: {sorted(RECIPES)}") from None
