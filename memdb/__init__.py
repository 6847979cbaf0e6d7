"""memdb: a time-aware conversation memory database for chatbots and agents.

Episodes (conversation turns), their vectors, and a bi-temporal graph of entities and facts,
searched by meaning, words, graph and time together — with no LLM and no server.
"""

from memdb.config import Settings
from memdb.db import MemoryDB
from memdb.embed import Embedder, HashingEmbedder, SentenceTransformerEmbedder
from memdb.errors import (
    ConfigError,
    ConflictError,
    EmbeddingError,
    InvalidInputError,
    MemdbError,
    NotFoundError,
    StorageError,
    VectorIndexError,
)
from memdb.extract import Extractor, RuleExtractor
from memdb.models import Entity, Episode, Fact, Hit
from memdb.retrieve import RECIPES, Recipe
from memdb.vectors import FaissIndex, NumpyIndex, VectorIndex

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "ConflictError",
    "Embedder",
    "EmbeddingError",
    "Entity",
    "Episode",
    "Extractor",
    "Fact",
    "FaissIndex",
    "HashingEmbedder",
    "Hit",
    "InvalidInputError",
    "MemdbError",
    "MemoryDB",
    "NotFoundError",
    "NumpyIndex",
    "RECIPES",
    "Recipe",
    "RuleExtractor",
    "SentenceTransformerEmbedder",
    "Settings",
    "StorageError",
    "VectorIndex",
    "VectorIndexError",
]
