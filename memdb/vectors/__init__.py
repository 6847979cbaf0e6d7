"""Vector indexes: the seam (``base``), FAISS (default) and a brute-force numpy reference."""

from memdb.vectors.base import IndexState, VectorIndex
from memdb.vectors.bruteforce import NumpyIndex
from memdb.vectors.faiss_index import FaissIndex

__all__ = ["FaissIndex", "IndexState", "NumpyIndex", "VectorIndex"]
