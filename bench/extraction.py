"""Extraction quality on a labelled sample: the entities and facts memdb builds from turns, against
what a careful reader finds in them (bench/data/extraction_sample.json).

The sample's two sources (five sessions of the demo conversation; a conversation written for the
held-out time-aware set) are added to one fresh store, one user each, session by session, with
the turns' timestamps — as the README tells users to. Then only the public API is read:
``entities``, ``timeline(entity=…)`` (the turns that mention one), ``facts``. Measured:

  entities      inventory precision/recall (a memdb entity matches a labelled one when a name or
                alias of one is a name or alias of the other, after case, accents, "the" and
                possessives), type accuracy of the matched, entities split in two
  mentions      per turn: labelled (turn, entity) pairs memdb links, and links that are labelled
  facts         distinct (subject, label, object): precision/recall with the label exact and with
                its family (lives_in ~ moved_out_of …); symmetric labels in either direction
  state changes labelled ends of a one-at-a-time fact (home, job, partner, diet …): the share
                memdb ended at all, and at about the right time (within 3 days of the window)

    python bench/extraction.py [--sample bench/data/extraction_sample.json] [--out bench/results/extraction.json]

The sample measures and is never tuned on. Rules are tuned on a conversation of its own, in the
same format with one source (bench/data/extraction_tuning.json, "Ines's year"):

    python bench/extraction.py --sample bench/data/extraction_tuning.json --out -

and on two written later, independently, in other styles (extraction_tuning_b.json, casual texting;
extraction_tuning_c.json, long sentences about other people).
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import BENCH, RESULTS, WORK, environment, model_embedder, sha256_file, table, show_and_save

SAMPLE = BENCH / "data" / "extraction_sample.json"
FAMILIES = {
    "home": ("lives_in", "moved_out_of", "born_in", "moving_to"), "work": ("works_at", "worked_at", "left", "quit"),
    "role": ("works_as",), "study": ("studies_at",), "partner": ("partner_of", "broke_up_with", "ex_partner_of"),
    "pet": ("has_pet", "owns"), "diet": ("diet", "stopped_diet", "eats"), "taste": ("likes", "dislikes"),
    "family": ("sibling_of", "parent_of", "child_of"), "social": ("friend_of", "colleague_of", "roommate_of", "reports_to"),
    "activity": ("visited", "attended", "member_of"), "habit": ("habit", "quit_habit"),
}
FAMILY = {label: family for family, labels in FAMILIES.items() for label in labels}
SYMMETRIC = {"partner_of", "broke_up_with", "ex_partner_of", "sibling_of", "friend_of", "colleague_of", "roommate_of"}
INVERSE = {"parent_of": "child_of", "child_of": "parent_of"}
SLACK = timedelta(days=3)


def norm(name: str) -> str:
    """A name as compared: no accents, lower case, no leading "the", no possessive, words only."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"['’]s$", "", text)
    return " ".join(re.findall(r"[a-z0-9&']+", text))


# ------------------------------------------------------------------ the sample's labels
class Labels:
    """One source's labelled inventory, mentions, facts and state changes."""

    def __init__(self, sample: dict[str, Any], source: str) -> None:
        self.source = source
        self.user = sample["sources"][source]["user_id"]
        self.speaker = sample["sources"][source]["speaker"]
        self.entities = {e["name"]: e for e in sample["entities"][source]}
        self.names: dict[str, str] = {}  # normalised name or alias -> canonical
        for e in self.entities.values():
            for n in (e["name"], *e["aliases"]):
                self.names[norm(n)] = e["name"]
        self.vocabulary = set(sample["vocabulary"])
        self.turns = [t for t in sample["turns"] if t["source"] == source]
        self.facts = {(f["subject"], f["label"], f["object"]) for t in self.turns for f in t["facts"]}
        windows: dict[tuple[str, str, str], list[datetime]] = {}
        for t in self.turns:
            for e in t["ends"]:
                key = (e["subject"], e["label"], e["object"])
                a, b = (datetime.fromisoformat(d) for d in e["effective"])
                old = windows.get(key)
                windows[key] = [min(a, old[0]), max(b, old[1])] if old else [a, b + timedelta(hours=23, minutes=59)]
        self.ends = windows

    def canonical(self, *names: str) -> str | None:
        for n in names:
            hit = self.names.get(norm(n))
            if hit:
                return hit
        return None


# ------------------------------------------------------------------ reading memdb back
def read_back(db: Any, labels: Labels) -> dict[str, Any]:
    """memdb's entities (with the labelled entity each stands for), the turns each is linked to, facts."""
    entities = db.entities(user_id=labels.user, limit=10_000)
    mapped = {}
    for e in entities:
        mapped[e.id] = labels.canonical(e.name, *e.aliases)
    links = {e.id: {ep.id for ep in db.timeline(user_id=labels.user, entity=e.id, limit=10_000)} for e in entities}
    by_name = {}
    for e in entities:
        for n in (e.name, *e.aliases):
            by_name.setdefault(norm(n), mapped[e.id])
    facts = db.facts(user_id=labels.user)
    return {"entities": entities, "mapped": mapped, "links": links, "by_name": by_name, "facts": facts}


def fact_key(subject: str | None, label: str, obj: str | None, *, family: bool = False) -> tuple[Any, ...]:
    """A fact as compared: symmetric labels unordered, inverses turned round, labels or families."""
    if label in INVERSE and label == "child_of":
        subject, obj, label = obj, subject, INVERSE[label]
    name = FAMILY.get(label, label) if family else label
    return (name, frozenset((subject, obj))) if label in SYMMETRIC else (name, subject, obj)


def score_entities(labels: Labels, got: dict[str, Any]) -> dict[str, Any]:
    entities, mapped = got["entities"], got["mapped"]
    found = defaultdict(list)
    for e in entities:
        if mapped[e.id]:
            found[mapped[e.id]].append(e)
    tp = sum(1 for e in entities if mapped[e.id])
    typed = [(labels.entities[name]["type"], es[0].type) for name, es in found.items()]
    return {
        "precision": tp / len(entities) if entities else 0.0,
        "recall": len(found) / len(labels.entities),
        "type_accuracy": sum(a == b for a, b in typed) / len(typed) if typed else 0.0,
        "memdb_entities": len(entities), "labelled": len(labels.entities), "matched": len(found),
        "split": {name: [e.name for e in es] for name, es in found.items() if len(es) > 1},
        "false_positives": [{"name": e.name, "type": e.type, "mentions": e.mention_count, "aliases": list(e.aliases)}
                            for e in entities if not mapped[e.id]],
        "misses": [{"name": n, "type": e["type"]} for n, e in labels.entities.items() if n not in found],
        "wrong_type": [{"name": name, "labelled": labels.entities[name]["type"], "memdb": es[0].type}
                       for name, es in found.items() if labels.entities[name]["type"] != es[0].type],
    }


def score_mentions(labels: Labels, got: dict[str, Any]) -> dict[str, Any]:
    linked: dict[str, set[str]] = defaultdict(set)  # turn -> labelled names (or "?name") memdb links it to
    for e in got["entities"]:
        for turn in got["links"][e.id]:
            linked[turn].add(got["mapped"][e.id] or f"?{e.name}")
    named = [(t["id"], m["name"]) for t in labels.turns for m in t["entities"] if "via" not in m]
    referred = [(t["id"], m["name"], m["via"]) for t in labels.turns for m in t["entities"] if "via" in m]
    labelled = {(t["id"], m["name"]) for t in labels.turns for m in t["entities"]}
    speakers = {t["id"]: labels.speaker for t in labels.turns if t["role"] == "user"}
    links = [(turn, name) for turn, names in linked.items() for name in names
             if not (speakers.get(turn) == name and (turn, name) not in labelled)]  # a speaker's own turns: not scored
    return {
        "recall_named": sum(n in linked[t] for t, n in named) / len(named) if named else 0.0,
        "recall_by_role_or_pronoun": sum(n in linked[t] for t, n, _ in referred) / len(referred) if referred else 0.0,
        "precision": sum(1 for t, n in links if (t, n) in labelled) / len(links) if links else 0.0,
        "named": len(named), "by_role_or_pronoun": len(referred), "memdb_links": len(links),
        "misses": [{"turn": t, "entity": n} for t, n in named if n not in linked[t]],
        "false_positives": [{"turn": t, "entity": n} for t, n in links if (t, n) not in labelled],
    }


def memdb_facts(labels: Labels, got: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for f in got["facts"]:
        s = got["by_name"].get(norm(f.subject)) or labels.canonical(f.subject)
        o = got["by_name"].get(norm(f.object)) or labels.canonical(f.object)
        out.append({"fact": f, "subject": s, "object": o})
    return out


def score_facts(labels: Labels, got: dict[str, Any]) -> dict[str, Any]:
    mine = memdb_facts(labels, got)
    out: dict[str, Any] = {}
    for family in (False, True):
        wanted = {fact_key(*f, family=family): f for f in labels.facts}
        have: dict[tuple[Any, ...], dict[str, Any]] = {}
        for m in mine:
            have.setdefault(fact_key(m["subject"] or f"?{m['fact'].subject}", m["fact"].label,
                                     m["object"] or f"?{m['fact'].object}", family=family), m)
        right = [k for k in have if k in wanted]
        suffix = "_family" if family else ""
        out[f"precision{suffix}"] = len(right) / len(have) if have else 0.0
        out[f"recall{suffix}"] = len(right) / len(wanted) if wanted else 0.0
        if not family:
            known = [k for k, m in have.items() if m["fact"].label in labels.vocabulary]
            out["precision_in_vocabulary"] = sum(k in wanted for k in known) / len(known) if known else 0.0
            out.update(memdb_facts=len(have), labelled=len(wanted), matched=len(right),
                       labels_outside_vocabulary=dict(Counter(m["fact"].label for m in have.values()
                                                              if m["fact"].label not in labels.vocabulary)))
            out["false_positives"] = [describe(m) for k, m in have.items() if k not in wanted]
            pairs: dict[frozenset[Any], set[str]] = defaultdict(set)  # what memdb says about two entities
            for m in mine:
                pairs[frozenset((m["subject"], m["object"]))].add(m["fact"].label)
            out["misses"] = [{"subject": s, "label": lab, "object": o, "speaker_is_subject": s == labels.speaker,
                              "memdb_labels_for_the_pair": sorted(pairs.get(frozenset((s, o)), ()))}
                             for k, (s, lab, o) in wanted.items() if k not in have]
    return out


def describe(m: dict[str, Any]) -> dict[str, Any]:
    f = m["fact"]
    return {"subject": f.subject, "label": f.label, "object": f.object, "text": f.fact,
            "valid_at": f.valid_at, "invalid_at": f.invalid_at, "episodes": list(f.episode_ids),
            "subject_labelled": m["subject"], "object_labelled": m["object"]}


def score_changes(labels: Labels, got: dict[str, Any]) -> dict[str, Any]:
    mine = memdb_facts(labels, got)
    rows = []
    for (s, label, o), (a, b) in labels.ends.items():
        same = [m["fact"] for m in mine if fact_key(m["subject"], m["fact"].label, m["object"]) == fact_key(s, label, o)]
        ended = [f for f in same if f.invalid_at is not None]
        on_time = [f for f in ended if a - SLACK <= _naive(f.invalid_at) <= b + SLACK]
        reason = ("ended" if on_time else f"ended at {min(_naive(f.invalid_at) for f in ended):%Y-%m-%d}" if ended
                  else "not ended" if same else "old fact not extracted")
        # what memdb holds of the pair instead, when it holds no such fact (a label confused, or nothing) — and
        # of the subject with anything, and of anyone with the object: a name or a phrasing missed
        pair, of_subject, of_object = ([], [], []) if same else (
            _labels(m for m in mine if {m["subject"], m["object"]} == {s, o}),
            _labels(m for m in mine if m["subject"] == s), _labels(m for m in mine if m["object"] == o))
        rows.append({"subject": s, "label": label, "object": o, "window": [a.date(), b.date()], "result": reason,
                     "memdb_labels_for_the_pair": pair, "memdb_labels_of_the_subject": of_subject,
                     "memdb_labels_of_the_object": of_object})
    n = len(rows)
    ended = sum(r["result"] == "ended" or r["result"].startswith("ended at") for r in rows)
    return {"n": n, "ended": ended / n if n else 0.0,
            "ended_on_time": sum(r["result"] == "ended" for r in rows) / n if n else 0.0, "changes": rows}


def _labels(found: Iterable[dict[str, Any]]) -> list[str]:
    return sorted({m["fact"].label for m in found})


def _naive(t: datetime) -> datetime:
    return t.replace(tzinfo=None) if t.tzinfo else t


# ------------------------------------------------------------------ running it
def ingest(db: Any, sample: dict[str, Any]) -> None:
    for source, info in sample["sources"].items():
        sessions: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for t in sample["turns"]:
            if t["source"] == source:
                message = {"role": t["role"], "content": t["content"], "id": t["id"], "timestamp": t["timestamp"]}
                if t.get("name"):
                    message["name"] = t["name"]
                sessions[t["session"]].append(message)
        for session, messages in sessions.items():
            db.add(messages, user_id=info["user_id"], session_id=session)


def summarise(parts: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Overall figures from the sources' counts (micro-averaged)."""
    parts = list(parts)
    e = [p["entities"] for p in parts]
    f = [p["facts"] for p in parts]
    c = [p["state_changes"] for p in parts]
    total = sum(x["n"] for x in c)
    return {
        "entities": {"precision": sum(x["precision"] * x["memdb_entities"] for x in e) / max(1, sum(x["memdb_entities"] for x in e)),
                     "recall": sum(x["matched"] for x in e) / max(1, sum(x["labelled"] for x in e))},
        "facts": {"precision": sum(x["matched"] for x in f) / max(1, sum(x["memdb_facts"] for x in f)),
                  "recall": sum(x["matched"] for x in f) / max(1, sum(x["labelled"] for x in f))},
        "state_changes": {"n": total,
                          "ended": sum(x["ended"] * x["n"] for x in c) / max(1, total),
                          "ended_on_time": sum(x["ended_on_time"] * x["n"] for x in c) / max(1, total)},
    }


HOLIDAYS = {"day", "eve", "new year", "valentine", "boxing day", "christmas", "easter", "halloween", "spring",
            "summer", "autumn", "winter", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


def entity_noise(name: str, labelled: Sequence[str]) -> str:
    """Why a name no reader would list might have been taken for an entity."""
    n = norm(name)
    if n == "assistant":
        return "the assistant"
    if n in HOLIDAYS or any(n in h.split() or h in n.split() for h in HOLIDAYS if " " not in h):
        return "a date or holiday word"
    for full in labelled:
        words = re.sub(r"'s\b", "", full).split()
        if n != full and any(words[i:i + len(n.split())] == n.split() for i in range(len(words))):
            return "a fragment of a labelled name"
    return "lowercase noun phrase" if name[:1].islower() else "capitalised word or phrase"


def categories(parts: dict[str, dict[str, Any]], labels_of: dict[str, Labels]) -> dict[str, list[tuple[str, int]]]:
    """What the misses and false positives have in common, most frequent first."""
    count: Counter[str] = Counter()
    for source, p in parts.items():
        for x in p["facts"]["false_positives"]:
            count[f"fact FP: {x['label']}" + ("" if x["subject_labelled"] and x["object_labelled"]
                                               else " (a name no reader would label)")] += 1
        for x in p["facts"]["misses"]:
            read = x["memdb_labels_for_the_pair"]
            count[f"fact missed: {x['label']} of {'the speaker' if x['speaker_is_subject'] else 'someone else'}, "
                  + (f"read as {'/'.join(read)}" if read else "not read")] += 1
        names = [norm(e["name"]) for e in labels_of[source].entities.values()]
        for x in p["entities"]["false_positives"]:
            count[f"entity FP: {x['type']}, {entity_noise(x['name'], names)}"] += 1
        for x in p["entities"]["misses"]:
            count[f"entity missed: {x['type']}"] += 1
        for x in p["entities"]["wrong_type"]:
            count[f"entity type: {x['labelled']} read as {x['memdb']}"] += 1
        for x in p["state_changes"]["changes"]:
            if x["result"] != "ended":
                count[f"state change {x['label']}: {x['result'].split(' at ')[0]}"] += 1
    return {"most_common": count.most_common(40)}


def run(sample_path: Path = SAMPLE, *, work: Path = WORK, embedder: Any = None,
        say: Callable[[str], None] = print) -> dict[str, Any]:
    import json

    from memdb import MemoryDB

    sample = json.loads(Path(sample_path).read_text(encoding="utf-8"))
    embedder = embedder or model_embedder()
    folder = work / "extraction" / f"run-{sha256_file(sample_path)}"
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    parts: dict[str, dict[str, Any]] = {}
    labels_of: dict[str, Labels] = {}
    try:
        with MemoryDB(folder, embedder=embedder) as db:
            ingest(db, sample)
            for source in sample["sources"]:
                labels = labels_of[source] = Labels(sample, source)
                got = read_back(db, labels)
                parts[source] = {"turns": len(labels.turns), "entities": score_entities(labels, got),
                                 "mentions": score_mentions(labels, got), "facts": score_facts(labels, got),
                                 "state_changes": score_changes(labels, got)}
                say(f"  {source}: {len(labels.turns)} turns, {len(got['entities'])} entities, {len(got['facts'])} facts")
    finally:
        if hasattr(embedder, "save"):
            embedder.save()
        shutil.rmtree(folder, ignore_errors=True)
    return {"benchmark": "extraction", "sample": str(Path(sample_path).name), "sample_sha256": sha256_file(sample_path),
            "turns": len(sample["turns"]), "overall": summarise(parts.values()), "sources": parts,
            "categories": categories(parts, labels_of), "seconds": time.perf_counter() - started, "environment": environment(),
            # issue 14's done-when: "fact precision ≥ 0.8, state changes ending the old fact ≥ 0.8" (ended on time,
            # within 3 days of the labelled window, is reported beside it, a stricter reading with no target)
            "targets": {"fact_precision": 0.8, "state_changes_ended": 0.8}}


def report(result: dict[str, Any]) -> str:
    rows = []
    for name, p in [*result["sources"].items()]:
        rows.append([name, p["turns"], p["entities"]["precision"], p["entities"]["recall"], p["entities"]["type_accuracy"],
                     p["mentions"]["recall_named"], p["facts"]["precision"], p["facts"]["precision_in_vocabulary"],
                     p["facts"]["recall"],
                     p["facts"]["precision_family"], p["facts"]["recall_family"], p["state_changes"]["ended"],
                     p["state_changes"]["ended_on_time"]])
    o = result["overall"]
    rows.append(["overall", result["turns"], o["entities"]["precision"], o["entities"]["recall"], None, None,
                 o["facts"]["precision"], None, o["facts"]["recall"], None, None, o["state_changes"]["ended"],
                 o["state_changes"]["ended_on_time"]])
    head = ["source", "turns", "entity P", "entity R", "type acc.", "mention R", "fact P", "fact P (vocab.)", "fact R", "fact P (family)",
            "fact R (family)", "changes ended", "ended on time"]
    return table(head, rows, fmt="{:.2f}")


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sample", type=Path, default=SAMPLE)
    p.add_argument("--out", type=Path, default=RESULTS / "extraction.json", help="JSON results ('-' for none)")
    p.add_argument("--work", type=Path, default=WORK, help="cache folder (embeddings, the run's store)")
    args = p.parse_args(argv)
    result = run(args.sample, work=args.work)
    common = "".join(f"\n  {n:3d}  {what}" for what, n in result["categories"]["most_common"][:20])
    show_and_save(f"{report(result)}\n\nmost common misses and false positives:{common}", result, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
