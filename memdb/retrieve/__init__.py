"""Retrieval: recipes (configuration as data), fusion (pure functions) and the retriever."""

from memdb.retrieve.recipes import RECIPES, SIGNALS, Recipe, get_recipe
from memdb.retrieve.retriever import Query, Retriever

__all__ = ["Query", "RECIPES", "Recipe", "Retriever", "SIGNALS", "get_recipe"]
