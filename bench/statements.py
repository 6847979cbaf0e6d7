"""Statement banks: single chat messages telling a state or its end, read by the rule extractor.

The extraction benchmark (extraction.py) reads whole conversations, where a miss may be a
pronoun, a name or a phrasing; a bank isolates the phrasing: 160 one-message statements per
bank, each labelled with the states it tells (home, employer, job, school, partner, pet), the
states it ends, or nothing (a plan without a date, a trip, a question: the negatives). Two banks
were written on 2026-12-03 by helpers who saw no memdb code, in registers no other set uses
(Nigerian, Singaporean, Welsh, Jamaican English, voice dictation, e-mail, texting): the tuning one
(``statements_tuning.json``) rules may be fixed on; the held-out one (``statements_heldout.json``)
is measured only.

    python bench/statements.py [--bank tuning|heldout] [--out FILE] [--misses]

Reported per state: facts found / labelled (recall), ends found (recall), the share of memdb's
state facts that a label holds (precision), and the negatives that read no state.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import RESULTS, environment, show_and_save, table

DATA = Path(__file__).resolve().parent / "data"
BANKS = {"tuning": DATA / "statements_tuning.json", "heldout": DATA / "statements_heldout.json"}
STATES = ("lives_in", "works_at", "works_as", "studies_at", "partner_of", "has_pet")
# memdb's labels for a state begun (a move with a date is the new home) and for its end
BEGINS = {"lives_in": ("lives_in", "moving_to"), "works_at": ("works_at",), "works_as": ("works_as",),
          "studies_at": ("studies_at",), "partner_of": ("partner_of",), "has_pet": ("has_pet",)}
ENDS = {"lives_in": ("moved_out_of", "lived_in"), "works_at": ("left", "quit", "worked_at"),
        "works_as": ("worked_as", "left", "quit"), "studies_at": ("studied_at",),
        "partner_of": ("broke_up_with", "ex_partner_of"), "has_pet": ("lost",)}


def _same(a: str | None, b: str | None) -> bool:
    """Names match when one holds the other's words ("Leeds Uni" / "Leeds Uni"; "Tom" / "Tom Okafor")."""
    if not a or not b:
        return a == b or not a  # an end told without its object matches any of memdb's
    x, y = (set(s.lower().replace("the ", "").replace("'s", "").split()) for s in (a, b))
    return x <= y or y <= x


def _pairs(f: Any) -> Iterable[tuple[str, str]]:
    yield f.subject, f.object
    if f.label in ("partner_of", "broke_up_with", "ex_partner_of"):
        yield f.object, f.subject  # either side of a couple


def score(bank: list[dict[str, Any]]) -> dict[str, Any]:
    from memdb.extract import RuleExtractor

    extractor = RuleExtractor()
    counts: Counter[str] = Counter()
    misses: list[dict[str, Any]] = []
    for item in bank:
        at = datetime.fromisoformat(item["said_at"]).replace(tzinfo=timezone.utc)
        read = [f for f in extractor.extract(item["text"], speaker=item["speaker"], occurred_at=at).facts]
        state = [f for f in read if any(f.label in BEGINS[s] + ENDS[s] for s in STATES)]
        used: set[int] = set()
        for kind, table_ in (("fact", BEGINS), ("end", ENDS)):
            for want in item["facts" if kind == "fact" else "ends"]:
                counts[f"{kind}:{want['label']}"] += 1
                hit = next((i for i, f in enumerate(state) if f.label in table_[want["label"]] and any(
                    _same(want["subject"], s) and (_same(want["object"], o) or f.unnamed and kind == "end")
                    for s, o in _pairs(f))), None)
                if hit is None:
                    misses.append({"text": item["text"], "missed": {**want, "kind": kind},
                                   "read": [(f.subject, f.label, f.object) for f in state]})
                else:
                    counts[f"{kind}_found:{want['label']}"] += 1
                    used.add(hit)
        # Read right: a labelled state's pair, begun or ended ("my husband Gavin and I have separated"
        # tells the marriage and its end; "Chloe and Ben have split" ends it for each).
        labelled = [(w["label"], w["subject"], w["object"]) for w in item["facts"] + item["ends"]]
        right = {i for i, f in enumerate(state) if i in used or any(
            f.label in BEGINS[label] + ENDS[label] and any(
                (_same(subject, s) or f.unnamed and _same(obj, s)) and (_same(obj, o) or f.unnamed) for s, o in _pairs(f))
            for label, subject, obj in labelled)}
        counts["state_read"] += len(state)
        counts["state_right"] += len(right)
        if not item["facts"] and not item["ends"]:
            counts["negatives"] += 1
            counts["negatives_clean"] += not state
        for i, f in enumerate(state):
            if i not in right:
                misses.append({"text": item["text"], "wrong": (f.subject, f.label, f.object)})
    per = {s: {"facts": counts[f"fact:{s}"], "facts_found": counts[f"fact_found:{s}"],
               "ends": counts[f"end:{s}"], "ends_found": counts[f"end_found:{s}"]} for s in STATES}
    facts, ends = sum(p["facts"] for p in per.values()), sum(p["ends"] for p in per.values())
    return {
        "per_state": per,
        "fact_recall": sum(p["facts_found"] for p in per.values()) / max(facts, 1),
        "end_recall": sum(p["ends_found"] for p in per.values()) / max(ends, 1),
        "precision": counts["state_right"] / max(counts["state_read"], 1),
        "negatives_clean": counts["negatives_clean"] / max(counts["negatives"], 1),
        "messages": len(bank), "misses": misses,
    }


def report(result: dict[str, Any]) -> str:
    rows = [[s, f"{p['facts_found']}/{p['facts']}", f"{p['ends_found']}/{p['ends']}"] for s, p in result["per_state"].items()]
    return (table(["state", "facts found", "ends found"], rows) + "\n\n" + table(
        ["fact recall", "end recall", "precision", "negatives clean"],
        [[result["fact_recall"], result["end_recall"], result["precision"], result["negatives_clean"]]], fmt="{:.2f}"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bank", choices=sorted(BANKS), default="tuning")
    p.add_argument("--out", type=Path, default=None, help="JSON results ('-' for none) [results/statements_<bank>.json]")
    p.add_argument("--misses", action="store_true", help="print what was missed or read wrongly (tuning bank only)")
    args = p.parse_args(argv)
    bank = json.loads(BANKS[args.bank].read_text(encoding="utf-8"))
    result = score(bank)
    if args.misses and args.bank == "tuning":
        for m in result["misses"]:
            print(json.dumps(m, ensure_ascii=False))
    if args.bank == "heldout":
        result.pop("misses")  # never read: the bank stays held out
    result |= {"benchmark": "statements", "bank": args.bank, "environment": environment()}
    show_and_save(report(result), result, args.out or RESULTS / f"statements_{args.bank}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
