from pathlib import Path

import numpy as np
import pytest

from memdb import FaissIndex, NumpyIndex, VectorIndexError
from memdb.vectors import IndexState


def unit(rows: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    x = np.random.default_rng(seed).normal(size=(rows, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


@pytest.fixture(params=[FaissIndex, NumpyIndex])
def index(request: pytest.FixtureRequest):
    return request.param(16)


def test_faiss_matches_brute_force_reference() -> None:
    x, q = unit(500), unit(20, seed=1)
    faiss_index, reference = FaissIndex(16), NumpyIndex(16)
    for ix in (faiss_index, reference):
        ix.add("a", np.arange(500), x)
        ix.add("b", np.arange(1000, 1100), unit(100, seed=2))
    for v in q:
        assert [i for i, _ in faiss_index.search("a", v, 10)] == [i for i, _ in reference.search("a", v, 10)]
        allowed = list(range(0, 500, 7))
        assert [i for i, _ in faiss_index.search("a", v, 5, allowed=allowed)] == [
            i for i, _ in reference.search("a", v, 5, allowed=allowed)
        ]


def test_partitions_are_isolated(index) -> None:
    index.add("a", np.arange(10), unit(10))
    index.add("b", np.arange(10, 20), unit(10, seed=3))
    assert {i for i, _ in index.search("a", unit(1, seed=4)[0], 50)} == set(range(10))
    assert index.search("nobody", unit(1)[0], 5) == []
    index.drop_partition("a")
    assert index.search("a", unit(1)[0], 5) == [] and len(index) == 10


def test_remove_and_reconstruct(index) -> None:
    x = unit(10)
    index.add("a", np.arange(10), x)
    index.remove("a", [3, 99])
    assert 3 not in {i for i, _ in index.search("a", x[3], 10)}
    got = index.vectors("a", [1, 3])
    assert set(got) == {1} and np.allclose(got[1], x[1])


def test_save_load_round_trip_keeps_state(index, tmp_path: Path) -> None:
    x = unit(30)
    index.add("a", np.arange(30), x)
    index.state = IndexState(change=7, last_seq=30, model="m", store="s")
    index.save(tmp_path / "v.npz")
    fresh = type(index)(16)
    fresh.load(tmp_path / "v.npz")
    assert fresh.state == IndexState(7, 30, "m", "s")
    assert fresh.search("a", x[7], 1)[0][0] == 7


@pytest.mark.parametrize("damage", ["missing", "truncated", "garbage"])
def test_damaged_file_raises_index_error(index, tmp_path: Path, damage: str) -> None:
    path = tmp_path / "v.npz"
    index.add("a", np.arange(5), unit(5))
    index.save(path)
    if damage == "missing":
        path.unlink()
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:100])
    else:
        path.write_bytes(b"not an index at all")
    with pytest.raises(VectorIndexError):
        type(index)(16).load(path)


def test_wrong_shape_is_refused() -> None:
    with pytest.raises(VectorIndexError):
        FaissIndex(16).add("a", np.arange(2), unit(2, dim=8))


def clustered(rows: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    """Vectors around 40 centres: like real embeddings, unlike uniform noise, they cluster."""
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(40, dim))
    x = (centres[rng.integers(0, 40, rows)] + 0.3 * rng.normal(size=(rows, dim))).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_a_large_partition_becomes_ivf_and_stays_accurate(tmp_path: Path) -> None:
    import faiss

    x = clustered(6000)
    index, reference = FaissIndex(16, ivf_threshold=5000, nprobe=16), NumpyIndex(16)
    for ix in (index, reference):
        ix.add("big", np.arange(0, 3000), x[:3000])
        ix.add("big", np.arange(3000, 6000), x[3000:])
        ix.add("small", np.arange(10_000, 10_100), x[:100])
    assert isinstance(index._parts["big"], faiss.IndexIVF) and isinstance(index._parts["small"], faiss.IndexIDMap2)
    queries = clustered(50, seed=1)
    recall = np.mean([
        len({i for i, _ in index.search("big", q, 10)} & {i for i, _ in reference.search("big", q, 10)}) / 10
        for q in queries
    ])
    assert recall >= 0.9
    index.remove("big", [7])
    assert 7 not in {i for i, _ in index.search("big", x[7], 5)}
    assert np.allclose(index.vectors("big", [8])[8], x[8], atol=1e-6)
    assert [i for i, _ in index.search("big", x[9], 1, allowed=list(range(0, 6000, 3)))] == [9]
    index.save(tmp_path / "v.npz")
    again = FaissIndex(16, ivf_threshold=5000, nprobe=16)
    again.load(tmp_path / "v.npz")
    assert isinstance(again._parts["big"], faiss.IndexIVF) and len(again) == len(index)
    assert again.search("big", x[9], 1)[0][0] == 9


def test_size_is_counted_through_every_change(index, tmp_path: Path) -> None:
    index.add("a", np.arange(10), unit(10))
    index.add("b", np.arange(10, 15), unit(5, seed=1))
    index.remove("a", [1, 2, 999])  # an unknown id removes nothing
    assert len(index) == 13 and index.partition_size("a") == 8
    index.save(tmp_path / "v.npz")
    index.drop_partition("b")
    assert len(index) == 8
    fresh = type(index)(16)
    fresh.load(tmp_path / "v.npz")
    assert len(fresh) == 13
    fresh.clear()
    assert len(fresh) == 0


def test_vectors_of_ids_partly_elsewhere(index) -> None:
    x = unit(6)
    index.add("a", np.arange(3), x[:3])
    index.add("b", np.arange(3, 6), x[3:])
    got = index.vectors("a", [2, 4, 0, 2])  # 4 is another partition's, 2 asked twice
    assert sorted(got) == [0, 2] and np.allclose(got[2], x[2], atol=1e-6)
    assert index.vectors("a", []) == {}


def test_a_flat_partition_saved_above_the_threshold_loads_as_ivf(tmp_path: Path) -> None:
    import faiss

    x = unit(3000)
    small = FaissIndex(16, ivf_threshold=10_000)
    small.add("a", np.arange(3000), x)
    small.save(tmp_path / "v.npz")
    lowered = FaissIndex(16, ivf_threshold=2000, nprobe=16)
    lowered.load(tmp_path / "v.npz")
    assert isinstance(lowered._parts["a"], faiss.IndexIVF) and len(lowered) == 3000
    assert lowered.search("a", x[42], 1)[0][0] == 42
