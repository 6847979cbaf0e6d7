"""Render bench/results/*.json into PNG plots and bench/results/RESULTS.md (tables).

    python bench/plots.py            # reads whatever result files exist
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import RESULTS, table

COLUMNS = ["single-hop", "multi-hop", "temporal", "open-domain", "adversarial", "overall"]


def _markdown(text: str) -> str:
    """The console report ("title" line, then a table) as markdown: bold titles, blank lines."""
    out = []
    for line in text.splitlines():
        out.append(line if not line or line.startswith("|") else f"\n**{line}**\n")
    return "\n".join(out) + "\n"


def _load(name: str) -> dict[str, Any] | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def locomo(data: dict[str, Any], md: list[str]) -> None:
    from bench.locomo import DRAGON, report

    ok = {n: r for n, r in data["systems"].items() if "metrics" in r}
    md.append(f"## LoCoMo retrieval ({len(data['conversations'])} conversations, {data['turns']} turns, "
              f"{data['questions']} questions)\n")
    md.append(f"Data: `{Path(data['data']).name}` (sha256 {data['data_sha256']}); run {data['environment']['date']}. "
              f"Evidence ids repaired {data['skipped']['evidence_repaired']}, dropped {data['skipped']['evidence_dropped']}, "
              f"questions skipped {data['skipped']['questions_skipped']}. Questions per category: "
              f"{data['questions_per_category']}.\n")
    failed = {n: r["error"] for n, r in data["systems"].items() if "error" in r}
    for n, e in failed.items():
        md.append(f"- **{n} failed**: `{e[:200]}`\n")
    md.append(_markdown(report(data["systems"])))
    if not ok:
        return
    series = {n: [r["metrics"].get(c, {}).get("recall@5", 0) for c in COLUMNS] for n, r in ok.items()}
    series["DRAGON (paper)"] = [DRAGON[5][c] for c in COLUMNS]
    _grouped_bars(series, COLUMNS, ylabel="recall@5 (%)", title="LoCoMo: evidence recall@5 by category",
                  file="locomo_recall5.png", hatched=frozenset({"DRAGON (paper)"}), size=(10, 4.5))
    plt = _plt()

    fig, ax = plt.subplots(figsize=(6, 4.5))
    ks = data["ks"]
    for n, r in ok.items():
        ax.plot(ks, [r["metrics"]["overall"][f"recall@{k}"] for k in ks], marker="o", label=n)
    ax.plot([5, 10, 25, 50], [DRAGON[k]["overall"] for k in (5, 10, 25, 50)], "k--", marker="x", label="DRAGON (paper)")
    ax.set_xscale("log")
    ax.set_xticks(ks, [str(k) for k in ks])
    ax.set_xlabel("k")
    ax.set_ylabel("overall recall@k (%)")
    ax.set_title("LoCoMo: recall@k")
    ax.legend(fontsize=8)
    _save(fig, "locomo_recall_at_k.png")
    md.append("![recall@5 by category](locomo_recall5.png) ![recall@k](locomo_recall_at_k.png)\n")


def locomo_postgres(md: list[str]) -> None:
    """LoCoMo run twice in one sitting, on SQLite and on PostgreSQL (``bench/locomo.py --db-url``)."""
    sqlite, postgres = _load("locomo_sqlite"), _load("locomo_postgres")
    if not sqlite or not postgres:
        return
    md.append("## LoCoMo on PostgreSQL vs SQLite\n")
    commits = dict.fromkeys([sqlite["environment"]["git_commit"], postgres["environment"]["git_commit"]])
    md.append(f"The same data and questions, memdb as on {' and '.join(map(str, commits))}, run one after the other: "
              "`bench/locomo.py "
              "--recipes lexical,default`, into a SQLite folder per conversation and, with `--db-url`, into a "
              "PostgreSQL database per conversation (a private cluster on loopback, `memdb/store/pgcluster.py`). "
              "Overall recall (%) and its difference:\n")
    md.append("| system | k | SQLite | PostgreSQL | PostgreSQL − SQLite |")
    md.append("|---|---|---|---|---|")
    worst = 0.0
    for name, on_postgres in postgres["systems"].items():
        on_sqlite = sqlite["systems"].get(name, {})
        if "metrics" not in on_postgres or "metrics" not in on_sqlite:
            continue
        for k in postgres["ks"]:
            a, b = on_sqlite["metrics"]["overall"][f"recall@{k}"], on_postgres["metrics"]["overall"][f"recall@{k}"]
            md.append(f"| {name} | {k} | {a:.1f} | {b:.1f} | {b - a:+.1f} |")
            worst = max(worst, abs(b - a))
    seconds = {n: (sqlite["systems"][n].get("seconds_per_question", 0), r.get("seconds_per_question", 0))
               for n, r in postgres["systems"].items() if n in sqlite["systems"]}
    md.append(f"\nThe largest difference is {worst:.1f} points. BM25 is the same formula over the same statistics (a conversation's "
              "turns); what differs is the text search underneath: PostgreSQL's parser and Snowball English stemmer "
              "split and stem a few words otherwise than FTS5's unicode61 tokenizer and Porter stemmer (an e-mail "
              "address is one token, not three; FTS5 keeps words under three letters unstemmed), so a few questions "
              "rank an evidence turn a place higher or lower. The graph, fact, time and vector signals are the same "
              "rows read through the other dialect.\n")
    md.append("Seconds per question (SQLite / PostgreSQL; other work shared the machine, load "
              f"{_load_of(sqlite)} and {_load_of(postgres)}): "
              + ", ".join(f"{n} {a * 1000:.0f} / {b * 1000:.0f} ms" for n, (a, b) in seconds.items())
              + " — a search's statements each cross a loopback connection instead of a function call.\n")


def _load_of(data: dict[str, Any]) -> str:
    load = data.get("environment", {}).get("load_average_1_5_15") or [0.0]
    return f"{load[0]:.0f}"


def _save(fig: Any, file: str) -> None:
    """Write a figure to results/ and free it."""
    fig.tight_layout()
    fig.savefig(RESULTS / file, dpi=110)
    _plt().close(fig)


def _grouped_bars(series: dict[str, list[float]], columns: list[str], *, ylabel: str, title: str, file: str,
                  hatched: frozenset[str] = frozenset(), size: tuple[float, float] = (9, 4.5)) -> None:
    """One bar per system in each column group, saved under results/."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=size)
    width = 0.8 / len(series)
    for j, (name, values) in enumerate(series.items()):
        ax.bar([i + j * width for i in range(len(columns))], values, width, label=name,
               hatch="//" if name in hatched else None)
    ax.set_xticks([i + 0.4 - width / 2 for i in range(len(columns))], columns)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=8, ncol=2 if len(series) > 4 else 1)
    _save(fig, file)


def temporal(data: dict[str, Any], md: list[str]) -> None:
    from bench.temporal import KINDS, report

    md.append(f"## Time-aware suite ({data['users']} users, {data['turns']} turns, {data['questions']} questions, "
              f"seed {data['seed']})\n")
    md.append(f"Questions per kind: {data['questions_per_kind']}; run {data['environment']['date']}.\n")
    for n, r in data["systems"].items():
        if "error" in r:
            md.append(f"- **{n} failed**: `{r['error'][:200]}`\n")
    md.append(_markdown(report(data["systems"])))
    ok = {n: r for n, r in data["systems"].items() if "metrics" in r}
    if not ok:
        return
    cols = [*KINDS, "overall"]
    _grouped_bars({n: [r["metrics"].get(c, {}).get("recall@1", 0) for c in cols] for n, r in ok.items()}, cols,
                  ylabel="recall@1 (%)", title="Time-aware suite: the currently valid answer at rank 1",
                  file="temporal_recall1.png", size=(9, 4.5))
    md.append("![temporal recall@1](temporal_recall1.png)\n")


def temporal_heldout(data: dict[str, Any], md: list[str]) -> None:
    from bench.temporal_heldout import report

    md.append(f"## Held-out time-aware set, set B ({data['users']} users, {data['turns']} turns, {data['questions']} "
              f"questions, seed {data['seed']})\n")
    md.append(f"Never tuned on. Questions per kind: {data['questions_per_kind']}; run {data['environment']['date']} "
              f"on {data['environment']['git_commit']}. A question counts as found at k when any of its evidence "
              f"turns is in the top k.\n")
    md.append(_markdown(report(data["systems"])))


def temporal_conversations(data: dict[str, Any], md: list[str]) -> None:
    from bench.temporal_conversations import report

    md.append(f"## Time questions over the tuning conversations, set T ({data['turns']} turns, {data['questions']} "
              f"questions)\n")
    md.append(f"Tuned on: the seven labelled tuning conversations between sessions of LoCoMo chat. Questions per "
              f"kind: {data['questions_per_kind']}; run {data['environment']['date']} on "
              f"{data['environment']['git_commit']}. Found at k when any evidence turn is in the top k.\n")
    md.append(_markdown(report(data["systems"])))


def extraction(data: dict[str, Any], md: list[str]) -> None:
    from bench.extraction import report

    md.append(f"## Extraction on the labelled sample ({data['turns']} turns)\n")
    md.append(f"Sample `{data['sample']}` (sha256 {data['sample_sha256']}); run {data['environment']['date']} on "
              f"{data['environment']['git_commit']}. Targets (the issue's): fact precision ≥ 0.8, state changes ending the old fact ≥ 0.8 "
              f"(ended on time, within 3 days of the labelled window, is the stricter figure beside it).\n")
    md.append(report(data) + "\n")
    md.append("Most common misses and false positives: " + "; ".join(
        f"{what} ({n})" for what, n in data["categories"]["most_common"][:12]) + ".\n")


def scale(data: dict[str, Any], md: list[str]) -> None:
    from bench.scale import report

    md.append("## Speed and scale\n")
    e = data.get("ingest_e2e")
    if e:
        md.append(f"End-to-end ingest of {e['turns']} fresh turns in sessions of {e['batch']}: memdb "
                  f"**{e['ingest_turns_per_s']:.0f} turns/s** vs the model alone on the same batches "
                  f"{e['raw_embed_turns_per_s_same_batches']:.0f} turns/s (one big call: "
                  f"{e['raw_embed_turns_per_s_one_call']:.0f}) → ratio **{e['ratio']:.2f}** (target ≥ 0.9).\n")
    if data.get("query_embed_ms_median") is not None:
        md.append(f"Query embedding by the model (not in the latencies below): median "
                  f"{data['query_embed_ms_median']:.1f} ms.\n")
    md.append(_markdown(report(data)))
    load = data.get("environment", {}).get("load_average_1_5_15")
    md.append(f"Machine load when the run started (1/5/15 min): {load}. " if load else
              "Machine load not recorded for this run. ")
    md.append("Timings are only comparable on an idle machine (2 cores).\n")
    if data.get("notes", {}).get("http"):
        md.append(f"HTTP: {data['notes']['http']}.\n")
    runs = [r for r in data["runs"] if "search" in r and "error" not in r["search"]]
    if not runs:
        return
    plt = _plt()
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.2))
    for shape, style in (("single", "o-"), ("many", "s--")):
        rs = sorted((r for r in runs if r["shape"] == shape), key=lambda r: r["size"])
        if not rs:
            continue
        xs = [r["size"] for r in rs]
        for recipe in ("default", "semantic"):
            ys = [r["search"].get(recipe, {}).get("ms", {}).get("p95") for r in rs]
            if all(y is not None for y in ys):
                axes[0].plot(xs, ys, style, label=f"{recipe}, {shape}")
        http = [r["search"].get("http", {}).get("ms", {}).get("p95") for r in rs]
        if all(y is not None for y in http):
            axes[0].plot(xs, http, style[0] + ":", label=f"HTTP, {shape}")
        axes[1].plot(xs, [r["ingest"]["store_turns_per_s"] for r in rs], style, label=shape)
        axes[2].plot(xs, [r["search"]["peak_rss_mb"] for r in rs], style, label=f"search RSS, {shape}")
        axes[2].plot(xs, [r["ingest"]["disk_mb"] for r in rs], style.rstrip("-") + ":", label=f"disk, {shape}")
    axes[0].axhline(25, color="grey", lw=0.8)
    axes[0].axhline(40, color="grey", lw=0.8, ls="--")
    axes[0].set_yscale("log")
    axes[0].set_title("search p95 (ms)")
    axes[1].set_title("ingest, precomputed vectors (turns/s)")
    axes[2].set_title("memory and disk (MB)")
    for ax in axes:
        ax.set_xscale("log")
        ax.set_xlabel("stored turns")
        ax.legend(fontsize=8)
    _save(fig, "scale.png")
    md.append("![cost growth](scale.png)\n")


def durability(md: list[str]) -> None:
    """Several processes, kill -9 and erasure (bench/processes.py, kill_ingest.py [--http], erasure.py)."""
    procs, kills, http, erasure = _load("processes"), _load("kill_ingest"), _load("kill_http"), _load("erasure")
    if not (procs or kills or http or erasure):
        return
    md.append("## Several processes, kill -9, erasure\n")
    if procs:
        p = procs["processes"]
        delay, first = p["propagation_ms"], p.get("propagation_first_search_of_a_process_ms", {})
        md.append(f"`processes.py` ({procs['environment']['date'][:10]}, {p['seconds']:.0f} s, {p['processes']} "
                  f"processes on one folder): {p['rounds']} rounds, {p['turns_acknowledged']} turns acknowledged, "
                  f"{p['deletes']} deletes, {p['forgets']} forgets, {p['closes']} closes, {p['kills']} kill -9 in the "
                  f"middle of an add — {p['lost']} lost, {p['resurrected']} resurrected, {p['half_batches']} half "
                  f"batches, {p['stale_hits']} stale hits, vectors = episodes. A turn written by one process was "
                  f"found by the next search of another in p50 **{delay['p50']:.0f} ms**, p95 {delay['p95']:.0f} ms, "
                  f"max {delay['max']:.0f} ms (a search each, no waiting"
                  + (f"; a fresh process's first search: p50 {first['p50']:.0f} ms, max {first['max']:.0f} ms"
                     if first.get("probes") else "") + f"). `follow()` with nothing new: p50 "
                  f"**{p['follow_idle_us']['p50']:.0f} µs**. Change log: {p['change_log']['changes_written']} changes "
                  f"written, {p['change_log']['rows_left_after_compaction']} rows left after compaction.\n")
    if kills:
        k = kills["kill_ingest"]
        md.append(f"`kill_ingest.py` ({kills['environment']['date'][:10]}): **{k['kills']} kill -9** of a library "
                  f"writer: {k['acknowledged_turns']} turns acknowledged, {k['stored_turns']} stored, "
                  f"{k['lost']} lost, {k['duplicated']} duplicated, {k['half_batches']} half batches, every turn "
                  f"indexed once ({k['kills_during_an_index_save']} kills during an index save).\n")
    if http:
        k, ready = http["kill_http"], http["kill_http"]["recovery_seconds"]
        md.append(f"`kill_ingest.py --http` ({http['environment']['date'][:10]}): **{k['kills']} kill -9 of `memdb "
                  f"serve`** during HTTP ingest ({k['clients']} clients posting batches of {k['size']} turns; "
                  f"{k['kills_during_an_index_save']} kills during an index save): {k['acknowledged_turns']} turns "
                  f"acknowledged, {k['stored_turns']} stored, {k['lost']} lost, {k['duplicated']} duplicated, "
                  f"{k['half_batches']} half batches; {k['in_flight_at_kills']} batches in flight at the kills, "
                  f"{k['in_flight_and_stored']} of them stored, then sent again. After each restart "
                  + ("every acknowledged turn was found by full text and by vector search, stats' vectors = "
                     "episodes, no temporary file" if not k["problems"] else
                     f"**{len(k['problems'])} rounds had a finding** (kill_http.json)")
                  + f". The new server answered /readyz in p50 **{ready['ready_s']['p50']:.1f} s** (max "
                  f"{ready['ready_s']['max']:.1f} s; most of it the process's imports, at a load average of "
                  f"{http['environment']['load_average_1_5_15'][0]:.1f} on 2 cores), its first request "
                  f"(/v1/stats, vectors caught up) p50 {ready['caught_up_s']['p50']:.1f} s after the restart.\n")
    if erasure:
        rows = [[r["turns"], r["delete_ms"]["median"], r["delete_without_merge_ms"]["median"], r["forget_ms"]["median"],
                 r["merge_ms"]["median"], r["fulltext_mb"]] for r in erasure["erasure"]]
        md.append(f"`erasure.py` ({erasure['environment']['date'][:10]}; medians, ms): what erasing costs — the "
                  "full-text merge grows with the whole store.\n")
        md.append(_markdown(table(["turns", "delete_episode", "same, no merge", "forget (1% of turns)",
                                   "merge alone", "full-text MB"], rows)))
def server_load(md: list[str]) -> None:
    from bench.server_load import report

    runs = sorted((json.loads(p.read_text()) for p in RESULTS.glob("server_load*.json")),
                  key=lambda r: r["environment"]["date"])
    if runs:
        md.append("## The HTTP server under load\n")
        md.append("`memdb serve`, clients sending searches (80%) and adds (20%) back to back; see "
                  "bench/README.md. Other work shared the 2 CPUs (machine load column): compare CPU ms "
                  "per request, which it does not move, more than req/s and latencies, which it does.\n")
        md.append(report(runs))


def backends(data: dict[str, Any], md: list[str]) -> None:
    from bench.backends import report

    md.append("## PostgreSQL against SQLite\n")
    md.append(f"`backends.py` ({data['environment']['date'][:10]}, commit {data['environment']['git_commit']}): "
              "in-process search (k=10, query vectors given) and the store's own ingest rate, the same precomputed "
              "vectors on both backends (embedded once, cached; see bench/README.md); `open s`: opening the filled "
              "store in a new process (PostgreSQL: the FAISS index rebuilt from SQL); machine load: the 1-minute "
              "load average as the store's run ended (2 cores; other work shared them)."
              + (" Then ingest against raw embedding with the real model." if data.get("ingest_e2e") else
                 " Ingest against raw embedding was not run on both backends here (SQLite's: see Speed and scale).")
              + "\n")
    md.append(report(data))
    for caveat in data.get("caveats", []):
        md.append(f"Caveat: {caveat}\n")
    for run in data.get("discarded_runs", []):
        md.append(f"Discarded: {run['backend']}, {run['shape']}, {run['size']:,} turns — {run['discarded']}.\n")


def replicas(data: dict[str, Any], md: list[str]) -> None:
    from bench.replicas import report

    c = data["config"]
    md.append("## Replicas on one PostgreSQL\n")
    md.append(f"`replicas.py` ({data['environment']['date'][:10]}, commit {data['environment']['git_commit']}): "
              f"{c['clients']} clients × {c['seconds']:g} s ({c['search_share']:.0%} search), {c['embedder']} "
              f"embedder; machine load (1/5/15 min) {[round(x, 1) for x in data['environment']['load_average_1_5_15']]} "
              "from other work. The machine has 2 cores for the clients, every replica, PostgreSQL and that work: "
              "read scaling off the CPU per request, not req/s or latency. Propagation: a probe's turn is added "
              "through one replica and searched for through the next; "
              + ("every one was found by the first search, so its delay is that search's latency in the queue. "
                 if all(r["propagation"]["found_by_first_search"] == r["propagation"]["probes"] for r in data["runs"])
                 else "the column says how many were found by the first search. ")
              + "On more cores, N replicas serve about N × the per-replica-core rate until PostgreSQL's cores, at "
              "the per-database-core rate, bound them.\n")
    md.append(report(data))
    for run in data["runs"]:
        if "measured_separately" in run:
            m = run["measured_separately"]
            md.append(f"The {run['backend']} row is another run (`{m['command']}`, {m['date'][:10]}, commit "
                      f"{m['git_commit']}, machine load {[round(x, 1) for x in m['load_average_1_5_15']]}): the "
                      "replicas read a streaming hot standby, consistently (each read first waits until the "
                      "standby has replayed what the primary had committed).\n")


def filtered(data: dict[str, Any], md: list[str]) -> None:
    md.append(f"## Metadata filters on one user of {data['size']:,} turns\n")
    md.append("Search (default recipe, k=10) and timeline (newest 100) with a metadata filter of each selectivity; "
              "every hit checked against its filter; turns and queries embedded by the hashing embedder at 384 "
              "dimensions (`bench/filtered.py`). Compare the rows with each other: the run's machine load is below.\n")
    md.append("| filter | search p50 ms | search p95 ms | hits | timeline p50 ms | timeline p95 ms |")
    md.append("|---|---|---|---|---|---|")
    for name, s in data["search"].items():
        t = data["timeline"][name]
        md.append(f"| {name} | {s['ms']['p50']:.1f} | {s['ms']['p95']:.1f} | {s['mean_hits']:.1f} | "
                  f"{t['ms']['p50']:.1f} | {t['ms']['p95']:.1f} |")
    load = data.get("environment", {}).get("load_average_1_5_15")
    md.append(f"\nMachine load when the run started (1/5/15 min): {load}.\n" if load else "")


def main() -> int:
    md = ["# Benchmark results\n", ("Generated by `python bench/plots.py` from the JSON files in this folder; "
                                   "every number comes from a run of the scripts in bench/ (see bench/README.md).\n")]
    for name, render in (("locomo", locomo), ("temporal", temporal), ("temporal_heldout", temporal_heldout),
                         ("temporal_conversations", temporal_conversations), ("extraction", extraction), ("scale", scale), ("filtered", filtered),
                         ("backends", backends), ("replicas", replicas)):
        data = _load(name)
        if data:
            render(data, md)
    locomo_postgres(md)
    durability(md)
    server_load(md)
    (RESULTS / "RESULTS.md").write_text("\n".join(md), encoding="utf-8")
    print(f"wrote {RESULTS / 'RESULTS.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
