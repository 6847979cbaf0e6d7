"""Whom a turn tells to be a woman or a man, by the words it names them with: "my sister Hannah",
"this guy Marcus", "Paul, her husband", "her name's Cass". A "she" after two people named just
before means the one not told to be a man ("my sister Hannah has been seeing this guy Marcus" —
"she works at Brightwell Insurance"). Read from the text alone, so a turn stored earlier tells
the same when a later batch reads its context again (ingest.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from memdb.extract.lexicon import _words

FEMALE = "f"
MALE = "m"

_WOMAN = _words("""sister sis mum mom mother mommy mama stepmom stepmum stepmother wife girlfriend gf fiancee
    fiancée missus daughter stepdaughter granddaughter niece aunt auntie grandma grandmother granny nana nan gran
    woman girl lady lass gal""")
_MAN = _words("""brother bro dad father daddy papa stepdad stepfather husband hubby boyfriend bf fiance fiancé
    fella son stepson grandson nephew uncle grandpa grandfather grandad granddad man guy bloke lad boy""")
_GENDER_OF = {**{w: FEMALE for w in _WOMAN}, **{w: MALE for w in _MAN}}
_WORD = "|".join(sorted(map(re.escape, _GENDER_OF), key=len, reverse=True))

# Pronouns that say who they mean is a woman or a man.
PRONOUN_GENDER = {"she": FEMALE, "her": FEMALE, "hers": FEMALE, "herself": FEMALE,
                  "he": MALE, "him": MALE, "his": MALE, "himself": MALE}


def _cues(surface: str) -> re.Pattern[str]:
    name = re.escape(surface)
    return re.compile(
        # "my sister Hannah", "this guy called Marcus", "my sister-in-law, Bea"
        rf"\b(?P<before>{_WORD})(?:-in-law)?,?\s+(?:(?:is\s+)?(?:called|named)\s+)?{name}\b"
        # "Paul, her husband", "Hannah (my sister)"
        rf"|\b{name}\s*[,(]\s*(?:my|his|her|our|their|the|a)\s+(?:[\w-]+\s+)?(?P<after>{_WORD})\b"
        # "her name's Cass", "his name is Omar"
        rf"|\b(?P<pronoun>her|his)\s+name(?:'s|\s+is)\s+{name}\b",
        re.IGNORECASE)


def genders_told(text: str, people: Iterable[tuple[str, str]]) -> dict[str, str]:
    """name → FEMALE or MALE for each person (surface as written, name) the text names with a
    word for a woman or a man; a person told both ways is left out."""
    told: dict[str, set[str]] = {}
    for surface, name in people:
        for m in _cues(surface).finditer(text):
            word = (m["before"] or m["after"] or m["pronoun"]).lower()
            told.setdefault(name, set()).add(PRONOUN_GENDER.get(word) or _GENDER_OF[word])
    return {name: g.pop() for name, g in told.items() if len(g) == 1}
