"""memdb: a time-aware conversation memory database for chatbots and agents.

Episodes (conversation turns), their vectors, and a bi-temporal graph of entities and facts,
searched by meaning, words, graph and time together — with no LLM and no server.
"""

from memdb.config import Settings
from memdb.db import MemoryDB
from memdb.client import MemoryClient  # noqa: I001 - after MemoryDB, which it builds on
from memdb.embed import Embedder, HashingEmbedder, SentenceTransformerEmbedder
from memdb.errors import (
    AuthenticationError,
    ConfigError,
    ConflictError,
    EmbeddingError,
    InternalError,
    InvalidInputError,
    MalformedRequestError,
    MemdbError,
    MethodNotAllowedError,
    NotFoundError,
    PayloadTooLargeError,
    PermissionDeniedError,
    RequestTimeoutError,
    ServerBusyError,
    StorageError,
    VectorIndexError,
)
from memdb.extract import Extractor, RuleExtractor
from memdb.models import Entity, Episode, Fact, Hit
from memdb.retrieve import RECIPES, Recipe
from memdb.vectors import FaissIndex, NumpyIndex, VectorIndex

__version__ = "0.1.0"

__all__ = [
    "AuthenticationError",
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
    "InternalError",
    "InvalidInputError",
    "MalformedRequestError",
    "MemdbError",
    "MemoryClient",
    "MemoryDB",
    "MethodNotAllowedError",
    "NotFoundError",
    "NumpyIndex",
    "PayloadTooLargeError",
    "PermissionDeniedError",
    "RECIPES",
    "Recipe",
    "RequestTimeoutError",
    "RuleExtractor",
    "SentenceTransformerEmbedder",
    "ServerBusyError",
    "Settings",
    "StorageError",
    "VectorIndex",
    "VectorIndexError",
]
