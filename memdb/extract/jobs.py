"""Jobs told around the words: a new employer named by a word no reader knows as a firm, read
from what the turn or memory already says of the person's work. "She's left Contoso! She's at
Northwind now", "Jo left Tesco for Argos", and, of someone memory knows works at Tesco, "Jo's
with Argos these days" or "Jo has switched to Argos"."""

from __future__ import annotations

import re
from collections.abc import Mapping

from memdb.extract import phrases as ph
from memdb.extract.aliases import is_nickname_of
from memdb.extract.entities import Span
from memdb.extract.objects import is_job, known_place, typed
from memdb.extract.turn import UNNAMED, RawFact, Turn, add_fact, subject_past_adverbs, tok_index

# "she's at Northwind now": where someone is now, a job where the turn is about one
_AT_NOW = re.compile(r"(?:\b(?:is|am|are)|'s|'m|'re)\s+(?:now\s+)?(?:at|with)\s+(?=(?-i:[A-Z]))", re.IGNORECASE)
# … told as now, after the name: "Jo's with Argos these days"
_NOW_AFTER = re.compile(r"\s+(?:now|these\s+days|nowadays)\b", re.IGNORECASE)
# "Jo has switched to Argos", "she's gone over to Argos": a new employer, of one who has a job
_OVER_TO = re.compile(r"\b(?:switched|switching|(?:moved|gone|went|going)\s+over|jumped|jumping)\s+to\s+(?=(?-i:[A-Z]))",
                      re.IGNORECASE)
# "Jo left Tesco for Argos", "traded Tesco for a job at Argos": the employer left, then the one gone to
_FOR_ANOTHER = re.compile(r"\b(?:left|leaving|leaves|quit|quitting|traded|swapped|ditched)\s+(?=(?-i:[A-Z]))",
                          re.IGNORECASE)
_FOR = re.compile(r"\s+for\s+(?:a\s+(?:new\s+)?(?:job|role|position)\s+(?:at|with)\s+)?(?:the\s+)?(?=(?-i:[A-Z]))",
                  re.IGNORECASE)
# A turn telling of a new job: "Jo has a new job. She's at Argos."
_NEW_JOB = re.compile(r"\bnew\s+(?:job|role|position|employer)\b", re.IGNORECASE)
# Where a told home or a visit read of a firm is the firm's job instead
_NOT_JOBS = frozenset(("lives_in", "moving_to", "moved_out_of", "visited"))


def read_jobs_told_around(turn: Turn, jobs: Mapping[str, str]) -> None:
    """A turn about someone's job — it tells the job ended ("She's left Contoso!"), answers the
    assistant's question of it ("Is Leah still at Contoso?"), or memory knows the job (``jobs``:
    person → employer, ``Context.jobs``) — tells the next one by a name no reader knows as a firm."""
    asked = turn.asked_about or (turn.speaker if turn.asked_you else None)  # whom the assistant asked of
    _left_for_another(turn, jobs)
    # (a retirement is no move to another job: "My parents are retired. They live in Devon.")
    left_by = {f.sentence: f.subject for f in turn.facts
               if f.label in ("left", "quit") and not (f.obj.type == UNNAMED and "retir" in f.obj.text.lower())}
    told = set(left_by.values()) | ({asked} if asked is not None and turn.asked_job else set())
    new_job = any(_NEW_JOB.search(sent.text) for sent in turn.sentences)
    for f in turn.facts:
        if (f.label in ("lives_in", "moving_to") and (f.subject in told or new_job and _job_of(jobs, f.subject) is not None)
                and f.obj.type in ("place", "organization")
                and not known_place(f.obj) and not ph.A_HOME_WORD.search(turn.sentences[f.sentence].text)):
            f.label, f.obj.type = "works_at", "organization"  # "No, she moved to Northwind in April."
    if not told and not jobs:
        return
    for si, sent in enumerate(turn.sentences):
        for m in _AT_NOW.finditer(sent.text):
            k = tok_index(sent, sent.start + m.start())
            who = subject_past_adverbs(turn, si, k) or (  # "Jo's left Tesco and is now at Argos"
                left_by.get(si) if k > 0 and sent.tokens[k - 1].lower == "and" else None)
            span = turn.name_at(si, tok_index(sent, sent.start + m.end()))
            if span is None or who is None:
                continue
            known = _job_of(jobs, who) is not None
            now = _NOW_AFTER.match(sent.text, span.end - sent.start) or "now" in m.group().lower().split()
            if who in told or known and (new_job or now):  # "Kev's now at Google", "… at Google these days"
                _new_job(turn, si, who, span, jobs)
        for m in _OVER_TO.finditer(sent.text):
            who = subject_past_adverbs(turn, si, tok_index(sent, sent.start + m.start()))
            span = turn.name_at(si, tok_index(sent, sent.start + m.end()))
            if span is not None and who is not None and (who in told or _job_of(jobs, who) is not None):
                _new_job(turn, si, who, span, jobs)


def _job_of(jobs: Mapping[str, str], who: str) -> str | None:
    """The employer memory knows ``who`` works at ("" just after a job ended), by name, by the first
    name of the one full name it begins ("Daniel" of memory's "Daniel Okafor"), or as the one whose
    short name it is ("Rob" of memory's "Robert")."""
    if who in jobs:
        return jobs[who]
    found = [job for name, job in jobs.items() if " " in name and name.split()[0] == who or is_nickname_of(who, name)]
    return found[0] if len(found) == 1 else None


def _new_job(turn: Turn, si: int, who: str, span: Span, jobs: Mapping[str, str]) -> None:
    """``who`` works at ``span`` now, unless it names no employer (a place, a date, a person) or
    the job memory knows; a home or visit read of it is the job's instead."""
    if span.name == _job_of(jobs, who) or span.type == "date" or known_place(span) or typed(span, "employer") is None:
        return
    turn.facts = [f for f in turn.facts if not (f.obj is span and f.label in _NOT_JOBS)]
    if not any(f.obj is span and f.label == "works_at" for f in turn.facts):
        span.type = "organization"
        add_fact(turn, RawFact(who, span, "works_at", True, si))


def _left_for_another(turn: Turn, jobs: Mapping[str, str]) -> None:
    """"Jo left Tesco for Argos": a firm left (by memory or the reading of a left job) for another."""
    left = {(f.subject, id(f.obj)) for f in turn.facts if f.label in ("left", "quit")}
    for si, sent in enumerate(turn.sentences):
        for m in _FOR_ANOTHER.finditer(sent.text):
            old = turn.name_at(si, tok_index(sent, sent.start + m.end()))
            if old is None:
                continue
            who = next((who for who, obj in left if obj == id(old)), None)
            if who is None:
                who = subject_past_adverbs(turn, si, tok_index(sent, sent.start + m.start()))
                who = who if old.type == "organization" or who is not None and _job_of(jobs, who) == old.name else None
            to = _FOR.match(sent.text, old.end - sent.start)
            span = turn.name_at(si, tok_index(sent, sent.start + to.end())) if to else None
            if who is not None and span is not None:
                turn.facts = [f for f in turn.facts if not (f.obj is old and f.label in _NOT_JOBS)]
                _new_job(turn, si, who, span, {})


def read_job_moves(turn: Turn) -> None:
    """"Moved from Okonkwo Partners to Afribank Capital": a move from an employer is to another; "Ben's moved
    to Dishoom as head chef": a move told with a title is to an employer."""
    left = {(f.sentence, f.subject) for f in turn.facts if f.label == "left" and f.obj.type == "organization"}
    for f in list(turn.facts):
        if f.label != "lives_in" or not f.obj.name or known_place(f.obj):
            continue
        sent = turn.sentences[f.sentence]
        title = ph.AS_TITLE.match(sent.text, f.obj.end - sent.start)
        title = title if title is not None and is_job(title["title"].lower()) else None
        if title is None and not ((f.sentence, f.subject) in left and "from" in sent.text):
            continue
        f.label, f.obj.type = "works_at", "organization"
        if title is not None:
            start, end = sent.start + title.start("title"), sent.start + title.end("title")
            span = Span(title["title"], title["title"].lower(), "concept", start, end,
                        tok_index(sent, start), tok_index(sent, end) - 1)
            add_fact(turn, RawFact(f.subject, turn.concept(f.sentence, span), "works_as", True, f.sentence))


def read_schools_not_jobs(turn: Turn) -> None:
    """"Ella starts at Hillside Primary in September": read as a school started (the rule table), not
    also as a job begun there (the frames' "starts at")."""
    schools = {(f.subject, f.obj.name) for f in turn.facts if f.label == "studies_at"}
    turn.facts = [f for f in turn.facts if not (f.label == "works_at" and (f.subject, f.obj.name) in schools)]
