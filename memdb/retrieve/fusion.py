"""Fusion as pure functions over per-candidate signal values, each returning the per-signal
contributions so every hit can explain its score."""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np


def scale_by_max(values: Mapping[int, float]) -> dict[int, float]:
    """Divide by the largest value, so the best candidate of a signal scores 1."""
    top = max(values.values(), default=0.0)
    return {k: (v / top if top > 0 else 0.0) for k, v in values.items()}


def weighted_sum(
    features: Mapping[str, Mapping[int, float]], weights: Mapping[str, float]
) -> dict[int, dict[str, float]]:
    """candidate → {signal: weight × value}; values are expected in [0, 1]."""
    out: dict[int, dict[str, float]] = {}
    for signal, values in features.items():
        w = weights.get(signal, 0.0)
        if w <= 0:
            continue
        for cand, value in values.items():
            out.setdefault(cand, {})[signal] = w * value
    return out


def rrf(
    features: Mapping[str, Mapping[int, float]], weights: Mapping[str, float], *, k: int = 60
) -> dict[int, dict[str, float]]:
    """Reciprocal-rank fusion: candidate → {signal: weight / (k + rank)}, rank 1-based over the
    candidates the signal scored above zero."""
    out: dict[int, dict[str, float]] = {}
    for signal, values in features.items():
        w = weights.get(signal, 0.0)
        if w <= 0:
            continue
        ranked = sorted((c for c, v in values.items() if v > 0), key=lambda c: (-values[c], c))
        for rank, cand in enumerate(ranked, start=1):
            out.setdefault(cand, {})[signal] = w / (k + rank)
    return out


def mmr(
    order: Sequence[int], relevance: Mapping[int, float], vectors: Mapping[int, np.ndarray],
    *, lambda_: float, k: int,
) -> list[int]:
    """Maximal marginal relevance: pick, k times, the candidate maximizing
    λ·relevance − (1−λ)·(max cosine to those already picked). Relevance is scaled to [0, 1]."""
    top = max((relevance[c] for c in order), default=0.0) or 1.0
    picked: list[int] = []
    remaining = list(order)
    while remaining and len(picked) < k:
        def gain(c: int) -> float:
            redundancy = max(
                (float(vectors[c] @ vectors[p]) for p in picked if c in vectors and p in vectors), default=0.0
            )
            return lambda_ * relevance[c] / top - (1 - lambda_) * redundancy

        best = max(remaining, key=lambda c: (gain(c), -order.index(c)))
        picked.append(best)
        remaining.remove(best)
    return picked
