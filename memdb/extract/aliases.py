"""Name keys for entity resolution: pure functions, no state.

``normalize_name`` turns a display name into the key two mentions must share to be one entity
("The Support Groups'" and "support group" meet at "support group"); ``alias_keys`` lists every
key an entity answers to; ``is_nickname_of`` tells that "Mel" may be "Melanie".
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from memdb.extract.names import NICKNAMES, is_first_name

_TITLES = frozenset("dr mr mrs ms mx miss prof sir madam".split())
_ARTICLES = frozenset(("the", "a", "an"))
_POSSESSIVE_RE = re.compile(r"(?:'s|s')$")
_PUNCT_RE = re.compile(r"[^\w\s]|_")
_SPACE_RE = re.compile(r"\s+")
_OWNED = re.compile(r"^\S+(?:'s|s')\s")


@lru_cache(maxsize=65_536)  # called for every n-gram of every query and mention
def normalize_name(name: str) -> str:
    """Casefolded key: no possessive, punctuation, title or leading article, spaces collapsed,
    and the last word singular when it was written in lower case ("support groups" → "support
    group", but "James", "Paris" and "Texas" keep their s)."""
    text = unicodedata.normalize("NFKC", name).replace("\u2019", "'").replace("&", " and ")
    text = _SPACE_RE.sub(" ", text).strip()
    words = text.split(" ")
    if words and words[-1]:
        last = words[-1]
        if last.endswith("s'") and len(last) > 2:
            words[-1] = last[:-1]
        else:
            words[-1] = _POSSESSIVE_RE.sub("", last) if last.endswith("'s") else last
    lowercase_tail = bool(words) and words[-1][:1].islower()
    key = _PUNCT_RE.sub(" ", " ".join(words).replace("'", "")).casefold().split()
    while len(key) > 1 and key[0] in _TITLES:
        key = key[1:]
    while len(key) > 1 and key[0] in _ARTICLES:
        key = key[1:]
    if key and lowercase_tail:
        key[-1] = _singular(key[-1])
    return " ".join(key)


def alias_keys(name: str, type: str) -> list[str]:
    """Keys the entity can be looked up by: its normalised name and, for a person with two or
    more words, the first name too ("Caroline Smith" → ["caroline smith", "caroline"])."""
    full = normalize_name(name)
    keys = [full] if full else []
    parts = full.split()
    if type == "person" and len(parts) >= 2 and parts[0] not in keys and not _OWNED.match(name):
        keys.append(parts[0])  # "Caroline Smith" is "Caroline"; "Sam's wife" is no "Sam"
    elif type == "organization" and len(parts) >= 2 and _is_company_suffix(parts[1:]) and not _is_place(parts[0]):
        keys.append(parts[0])  # "Tidewater Analytics" is "Tidewater" too (but "Leeds Software" no "Leeds")
    return keys


# Words that end a company's name without being what it is called by ("Northwind Robotics").
_COMPANY_SUFFIXES = frozenset("""inc corp corporation co company ltd llc plc gmbh labs lab analytics robotics
    technologies technology tech systems solutions services software consulting consultancy ventures holdings
    enterprises industries group partners studios studio media digital and college academy institute""".split())


def _is_company_suffix(words: list[str]) -> bool:
    return all(w in _COMPANY_SUFFIXES for w in words) and words[-1] != "and"


def _is_place(word: str) -> bool:
    from memdb.extract.places import PLACES  # lazy: the gazetteer is only needed for company names

    return word in PLACES


def is_nickname_of(short: str, full: str) -> bool:
    """True when `short` is a short form of `full` ("Mel"/"Melanie", "Bob"/"Robert").

    Compares first names (and requires equal surnames when both are given); a prefix of at least
    three letters counts, as do the table's nicknames. Case-insensitive; equal names are not
    nicknames of each other.
    """
    s_parts = normalize_name(short).split()
    f_parts = normalize_name(full).split()
    if not s_parts or not f_parts:
        return False
    if len(s_parts) > 1 and len(f_parts) > 1 and s_parts[1:] != f_parts[1:]:
        return False
    if len(s_parts) > 1 and len(f_parts) == 1:
        return False
    s, f = s_parts[0], f_parts[0]
    if s == f:
        return False
    if len(s) >= 3 and len(s) < len(f) and f.startswith(s):
        return True
    if s in NICKNAMES.get(f, ()) or pet_form_of(s, f):
        return True
    # one short form grown from another of the same name ("Rob", "Robbo": Robert) — not two
    # different ones ("Bill" and "Will" are likelier two Williams)
    return (f.startswith(s) or s.startswith(f)) and any(s in shorts and f in shorts for shorts in _SHORT_FORMS)


# A pet form grown on a name's first letters ("Jordo" for Jordan, "Dougie" for Douglas, "Davo" for
# David): only when it is no first name of its own ("Kelly" is no Kelvin, "Mary" no Maryam).
_PET_FORM = re.compile(r"(?P<stem>[a-z]{3,}?)(?:o|ie|y|za|zza|sy)")


# "Gaz", "Shaz", "Dazza": the first syllable and a z (Gareth, Sharon, Darren): a British and Australian habit
_Z_FORM = re.compile(r"(?P<stem>[a-z]{2,3}?)(?:z|zza)")


def pet_form_of(short: str, full: str) -> bool:
    z = _Z_FORM.fullmatch(short)
    if z is not None and full.startswith(z.group("stem")) and len(full) > len(short):
        return True
    m = _PET_FORM.fullmatch(short)
    if m is None or is_first_name(short):
        return False
    stem = m.group("stem")
    stems = {stem, stem[:-1]} if len(stem) > 3 and stem[-1] == stem[-2] else {stem}  # "Dazza": Da(r)…
    return any(full.startswith(s) and len(full) > len(s) for s in stems)


_SHORT_FORMS = tuple(shorts for shorts in NICKNAMES.values() if len(shorts) > 1)


@lru_cache(maxsize=16384)
def _singular(word: str) -> str:
    if not word.endswith("s") or word.endswith(("ss", "us", "is")) or len(word) < 4:
        return word
    from lemminflect import getAllLemmas  # lazy: its tables load on first use

    nouns = getAllLemmas(word, upos="NOUN").get("NOUN")
    if nouns:
        return str(nouns[0])
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    return word[:-1]
