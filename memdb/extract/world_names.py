"""First names from around the world, for names the compact common list (names.py) does not hold.

Chat is full of names no English list knows: "Siobhán", "Lakshmi", "Tammy", "Oisín". Unknown to
the name finder, such a name mid-sentence is typed a concept, and a concept is nobody's subject:
"He's bringing Tammy, she lives out in Hilliard" told nothing. ``memdb/data/first_names.tsv``
holds ~20k first names with the sex they are given to, taken from the person-name lists of the
Faker package (every locale's Latin-script names: see ``main``; its MIT licence is in
``first_names.LICENSE``). Only names that are no English word are used (``load``): "Will", "Rose"
or "Hope" stay for the common list, which knows when they are names; a place of the gazetteer stays
a place. They weigh less than the common names: after a word of place ("out in Hilliard"), in a
firm's name ("Harlow & Byrne") or where only an employer fits ("a job with Baxter") a cue wins.

Regenerate (Faker is not a dependency of memdb):

    pip install faker==40.63.0 && python -m memdb.extract.world_names
"""

from __future__ import annotations

import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "first_names.tsv"
FEMALE, MALE, EITHER = "f", "m", "x"
_CHAT_WORDS = frozenset("irl doc nan nana amma jaan".split())  # given names somewhere, chat words here


def folded(name: str) -> str:
    """Lower case without accents: "Siobhán" → "siobhan" (people type names both ways); a letter
    that is no accented Latin one ("ə", "ł") stays."""
    return "".join(c for c in unicodedata.normalize("NFKD", name.lower()) if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def load() -> dict[str, str]:
    """Lower-cased name (as written and without accents) → FEMALE, MALE or EITHER, for the names
    that are no English word, place, language or brand memdb knows."""
    from memdb.extract import lexicon as lx
    from memdb.extract.places import LANGUAGES, PLACES

    out: dict[str, str] = {}
    if not DATA.exists():  # a source checkout without the data: the common list alone
        return out
    for line in DATA.read_text(encoding="utf-8").splitlines()[1:]:
        name, sex = line.split("\t")
        for key in {name.lower(), folded(name)}:
            if (len(key) < 3 or lx.is_dictionary_word(key) or key in PLACES or key in LANGUAGES or key in lx.KINSHIP
                    or key in lx.MONTHS or key in lx.WEEKDAYS
                    or key in lx.ORG_BRANDS or key in lx.PRODUCTS or key in _CHAT_WORDS):
                continue
            out[key] = EITHER if out.get(key, sex) != sex else sex
    return out


def main() -> int:
    """Write ``first_names.tsv`` from Faker's person providers: every locale's first names in the
    Latin script, with the sex each list gives them (both: either)."""
    import importlib
    import pkgutil

    import faker
    import faker.providers.person as person

    sexes: dict[str, set[str]] = {}
    for module in pkgutil.iter_modules(person.__path__):
        provider = getattr(importlib.import_module(f"{person.__name__}.{module.name}"), "Provider", None)
        # "first_names" mostly joins a locale's two lists: it tells a name, not its sex
        for attribute, sex in (("first_names_female", FEMALE), ("first_names_male", MALE),
                               ("first_names", ""), ("first_names_nonbinary", EITHER)):
            names = getattr(provider, attribute, None)
            if not isinstance(names, (dict, list, tuple)):
                continue
            for name in names:
                if name[:1].isupper() and all(c.isalpha() and ord(c) < 0x250 or c in "'-" for c in name):
                    sexes.setdefault(name, set()).add(sex)
    told = {name: sex - {""} for name, sex in sexes.items()}
    rows = sorted((name, sex.pop() if len(sex) == 1 else EITHER) for name, sex in told.items())
    DATA.write_text(f"# first names from Faker {faker.VERSION} (MIT), its person providers; f, m or x (either)\n"
                    + "".join(f"{name}\t{sex}\n" for name, sex in rows), encoding="utf-8")
    print(f"wrote {len(rows)} names to {DATA}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
