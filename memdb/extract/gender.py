"""Whom a turn tells to be a woman or a man, by the words it names them with: "my sister Hannah",
"this guy Marcus", "Paul, her husband", "her name's Cass". A "she" after two people named just
before means the one not told to be a man ("my sister Hannah has been seeing this guy Marcus" —
"she works at Brightwell Insurance"). Read from the text alone, so a turn stored earlier tells
the same when a later batch reads its context again (ingest.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from memdb.extract import world_names
from memdb.extract.lexicon import _words
from memdb.extract.names import COMMON_FIRST_NAMES, NICKNAMES

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


# "my sister Hannah", "this guy called Marcus", "my sister-in-law, Bea": the word, then the name
_WORD_BEFORE = re.compile(rf"\b(?P<word>{_WORD})(?:-in-law)?(?:,|[!:]+)?\s+(?:(?:is\s+)?(?:called|named)\s+)?", re.IGNORECASE)
# "her name's Cass", "his name is Omar"
_NAME_IS = re.compile(r"\b(?P<word>her|his)\s+name(?:'s|\s+is)\s+", re.IGNORECASE)
# "Paul, her husband", "Hannah (my sister)": the name, then the word
_WORD_AFTER = re.compile(rf"\s*[,(]\s*(?:my|his|her|our|their|the|a)\s+(?:[\w-]+\s+)?(?P<word>{_WORD})\b", re.IGNORECASE)


def genders_told(text: str, people: Iterable[tuple[str, str]]) -> dict[str, str]:
    """name → FEMALE or MALE for each person (surface as written, name) the text names with a
    word for a woman or a man; a person told both ways is left out."""
    people = [(surface, name) for surface, name in people if surface]
    if not people:
        return {}
    low = text.lower()
    told: dict[str, set[str]] = {}
    for m in (*_WORD_BEFORE.finditer(text), *_NAME_IS.finditer(text)):
        for surface, name in people:
            if low.startswith(surface.lower(), m.end()) and not low[m.end() + len(surface) : m.end() + len(surface) + 1].isalnum():
                word = m["word"].lower()
                told.setdefault(name, set()).add(PRONOUN_GENDER.get(word) or _GENDER_OF[word])
    for surface, name in people:
        at = low.find(surface.lower())
        while at >= 0:
            m = _WORD_AFTER.match(text, at + len(surface))
            if m is not None and (at == 0 or not low[at - 1].isalnum()):
                told.setdefault(name, set()).add(_GENDER_OF[m["word"].lower()])
            at = low.find(surface.lower(), at + 1)
    return {name: g.pop() for name, g in told.items() if len(g) == 1}


# The common first names (names.py) that are a man's, and those given to both; the rest are a
# woman's. Evidence of the text wins over the name: "my sister Sam", "my brother Jess".
_MEN = _words("""aaron adam adrian aiden alan albert andrew andy anthony austin ben benjamin blake bob bobby brad
    bradley brandon brett brian bruce bryan caleb carl carlos charles chase christian christopher cody colin
    connor craig dan daniel danny darren dave david dean dennis derek diego dominic don donald doug douglas
    dylan eddie edward eli elijah eric ethan evan felix frank fred gabe gabriel gary gavin george graham grant
    greg gregory harold harry henry howard hunter ian isaac jack jackson jacob jake james jared jason jay jeff
    jeffrey jeremy jerry jim jimmy joe joel joey john johnny jon jonathan jose joseph josh joshua juan julian
    justin keith ken kenneth kevin kyle leo leon liam logan louis lucas luis luke marcus mark martin marvin
    mason matt matthew max michael mike miles nate nathan nicholas nick noah oliver oscar owen patrick paul
    pete peter phil philip ralph ray raymond rob robert roger ron ronald russell ryan samuel scott sean seth
    shane shawn stephen steve steven ted theo thomas tim timothy todd tom tommy tony travis trevor tyler victor
    vincent walter wayne will william wyatt xavier zach zachary ahmed amir hiroshi ivan javier kenji mateo
    mohammed muhammad omar pablo raj rahul ravi""")
_EITHER = _words("""alex alexis avery bailey cameron casey charlie chris dale dana jamie jesse jess jo jordan kelly
    kim lee morgan riley robin sam taylor terry tracy sydney harper mackenzie jean ali chen jin li wei yuki mel
    pat sandy drew kai""")
_BY_NAME = {name: MALE if name in _MEN else FEMALE for name in COMMON_FIRST_NAMES if name not in _EITHER}
_WORLD_SEX = {world_names.FEMALE: FEMALE, world_names.MALE: MALE}


@lru_cache(maxsize=4096)
def gender_of_name(name: str) -> str | None:
    """FEMALE or MALE for a common first name given to one only ("Gary", "Tammy"; not "Sam"), by
    itself or as the short form of such names ("Bob" of Robert); None when unknown or either."""
    first = name.split()[0].lower() if name.split() else ""
    if first in _EITHER:
        return None
    if first in _BY_NAME:
        return _BY_NAME[first]
    of = {_BY_NAME.get(full) for full, shorts in NICKNAMES.items() if first in shorts}
    if of:
        return of.pop() if len(of) == 1 else None
    return _WORLD_SEX.get(world_names.load().get(first) or "")
