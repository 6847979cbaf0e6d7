"""Concurrent small embedding calls share one model call, and each gets exactly its own vectors."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from memdb.embed.coalesce import Coalescer


class SlowModel:
    """Embeds a text as [its number, batch size]; each call takes ``seconds``; records batches."""

    def __init__(self, seconds: float = 0.2, fail_on: str | None = None) -> None:
        self.seconds, self.fail_on = seconds, fail_on
        self.batches: list[list[str]] = []
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def __call__(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            self.batches.append(list(texts))
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        time.sleep(self.seconds)
        with self._lock:
            self.running -= 1
        if self.fail_on in texts:
            raise RuntimeError("model failed")
        return np.array([[float(t.split()[-1]), len(texts)] for t in texts], dtype=np.float32)


def test_a_lone_call_runs_at_once_alone() -> None:
    model = SlowModel(seconds=0.0)
    together = Coalescer(model)
    assert together(["text 1", "text 2"]).tolist() == [[1, 2], [2, 2]]
    assert together(["text 3"]).tolist() == [[3, 1]] and model.batches == [["text 1", "text 2"], ["text 3"]]


def test_calls_that_arrive_while_the_model_runs_share_the_next_batch() -> None:
    model = SlowModel(seconds=0.3)
    together = Coalescer(model)
    with ThreadPoolExecutor(9) as pool:
        first = pool.submit(together, ["q 0"])
        time.sleep(0.1)  # the model is busy with the first: these eight wait and go as one batch
        rest = [pool.submit(together, [f"q {n}", f"q {n + 100}"]) for n in range(1, 9)]
        assert first.result().tolist() == [[0, 1]]
        for n, future in enumerate(rest, start=1):
            assert future.result()[:, 0].tolist() == [n, n + 100]  # its own vectors, in its order
    assert len(model.batches) == 2 and sorted(model.batches[1]) == sorted(f"q {n}" for n in (*range(1, 9), *range(101, 109)))
    assert model.most_at_once == 1 and together.batches == 2


def test_a_failed_batch_fails_each_of_its_calls_and_the_next_batch_runs() -> None:
    model = SlowModel(seconds=0.2, fail_on="q 2")
    together = Coalescer(model)
    with ThreadPoolExecutor(3) as pool:
        first = pool.submit(together, ["q 0"])
        time.sleep(0.05)
        failing = [pool.submit(together, [f"q {n}"]) for n in (1, 2)]
        assert first.result().tolist() == [[0, 1]]
        for future in failing:
            with pytest.raises(RuntimeError, match="model failed"):
                future.result()
    assert together(["q 3"]).tolist() == [[3, 1]]


def test_many_threads_many_calls_each_get_their_own_vectors() -> None:
    model = SlowModel(seconds=0.002)
    together = Coalescer(model)

    def call(n: int) -> list[float]:
        return together([f"t {n}"])[:, 0].tolist()

    with ThreadPoolExecutor(16) as pool:
        assert list(pool.map(call, range(400))) == [[n] for n in range(400)]
    assert model.most_at_once == 1 and len(model.batches) < 400
