"""Reading facts out of one sentence with the rule table in patterns.py.

A rule's match marks the verb phrase. The subject is found by walking back over adverbs and
auxiliaries ("I've just moved", "Caroline finally moved"); the object is read forward from the end
of the match as a named span or a noun phrase. Negation ("don't", "no longer", "anymore"),
modality ("want to", "would") and questions suppress the positive fact.
"""

from __future__ import annotations

import re
from itertools import pairwise

from memdb.extract import lexicon as lx
from memdb.extract import patterns as pt
from memdb.extract.entities import Span, chunk_at
from memdb.extract.kinship import read_kinship
from memdb.extract.text import Sentence, Token
from memdb.extract.turn import RawFact, Turn, add_fact, as_person, resolve_pronoun, tok_index

_DETS = frozenset("a an the my our his her their your this that these those some another".split())
_PERSONISH = ("person", "concept")
_ORG_CLUBS = frozenset("club group team society association band choir league community "
                       "orchestra union".split())
_SCHOOLS = frozenset("university college school academy institute".split())
_LIST_SEP = frozenset((",", "and", "or", "&"))
_HAVE3 = frozenset(("got", "hav", "has", "own"))
_OBJ_WORDS = frozenset("me you him her us them it a an the my your his our their".split())
# "lost my job at X", "quit her job as a nurse": the job is a past one.
_ENDED = frozenset("lost losing quit quitting left leaving".split())
_FORMER = frozenset("former previous old".split())
_FORMER_RE = re.compile(r"\b(?:old|former|previous)\s+(?:job|position|role)", re.IGNORECASE)
# Negated with "anymore"/"no longer", these labels end the current fact (memdb maps them back).
_ENDING = {"lives_in": "moved_out_of", "works_at": "left", "partner_of": "broke_up_with"}


def read_sentence(turn: Turn, si: int) -> None:
    """Append every fact stated in sentence `si` to `turn.facts`."""
    sent = turn.sentences[si]
    if sent.text.rstrip().endswith("?") or not sent.tokens:
        return
    last_subject: str | None = None
    consumed: set[int] = set()
    read_kinship(turn, si)
    low = sent.text.lower()
    for rule in pt.rules_for(low):
        for m in rule.pattern.finditer(sent.text):
            vi = tok_index(sent, sent.start + m.start())
            oi = tok_index(sent, sent.start + m.end())
            if vi < 0 or vi in consumed:  # "love the love theme": the 2nd love is an object
                continue
            subject, gap, elided = _subject(turn, si, vi, last_subject)
            if subject is None:
                continue
            verb = sent.tokens[vi].lower
            if elided and verb not in pt.ELIDABLE:
                continue
            if "if" in sent.text[: m.start()].lower().split():
                continue
            label, exclusive = rule.label, rule.exclusive
            negated = bool(gap & pt.GAP_NEGATION) or " not " in f" {m.group().lower()} "
            if _modal(gap) or (rule.need_be and not gap & pt.BE_WORDS):
                continue
            if _FORMER_RE.search(m.group()):
                gap = gap | {"used"}  # "my old job at Target"
            if "ended" in gap and label == "works_at":
                label, exclusive = "left", False  # "lost my job at Door Dash"
            elif rule.past != "keep" and _is_past(verb, gap):
                if rule.past == "drop":
                    continue
                label, exclusive = rule.past, False
            objects = _objects(turn, si, oi, rule, m)
            if rule.obj == "visit":
                objects += _place_nearby(turn, si, objects[-1][0].last + 1 if objects else oi)
            if not objects:
                continue
            end = max(o.last for o, _ in objects)
            no_longer = "longer" in gap or _negated_after(sent, end)
            if negated or no_longer:
                if no_longer and label in _ENDING:
                    label, exclusive = _ENDING[label], False  # "I don't live in Lyon anymore"
                elif label != "likes" or verb.startswith(("lov", "ador")) or no_longer:
                    continue
                else:
                    label = "dislikes"
            last_subject = subject
            subjects = [subject, *_coordinated(turn, si, vi, subject)]
            consumed.update(k for o, _ in objects for k in range(o.first, o.last + 1))
            if rule.label == "works_as":  # "I'm a nurse at Mercy Hospital"
                objects += _employer_after(turn, si, end, label)
            for obj, override in objects:
                final = override or label
                for name in subjects:
                    if obj.name != name:
                        exclusive_now = exclusive and final in pt.EXCLUSIVE
                        add_fact(turn, RawFact(name, obj, final, exclusive_now, si))


def _place_nearby(turn: Turn, si: int, i: int) -> list[tuple[Span, str | None]]:
    """"went to a place in London", "went to a castle in Scotland": the place a few words on."""
    toks = turn.sentences[si].tokens
    for k in range(i, min(i + 6, len(toks) - 1)):
        if not toks[k].alpha:
            return []
        if toks[k].lower in ("in", "near"):
            span = turn.name_at(si, k + 2 if toks[k + 1].lower == "the" else k + 1)
            if span is not None and span.type == "place":
                return [(span, "visited")]
    return []


def _employer_after(turn: Turn, si: int, end: int, label: str
                    ) -> list[tuple[Span, str | None]]:
    toks = turn.sentences[si].tokens
    i = end + 1
    if i < len(toks) and toks[i].lower in ("at", "for", "with"):
        j = i + 1 + (i + 1 < len(toks) and toks[i + 1].lower == "the")
        span = turn.name_at(si, j)
        if span is not None and _typed(span, "org") is not None:
            return [(span, "worked_at" if label == "worked_as" else "works_at")]
    return []


def _subject(turn: Turn, si: int, vi: int, last_subject: str | None
             ) -> tuple[str | None, frozenset[str], bool]:
    """(subject name, gap words, elided?) for the verb at token `vi`."""
    toks = turn.sentences[si].tokens
    if toks[vi].lower in ("my", "our", "his", "her", "'s"):
        first = toks[vi].lower
        before = toks[vi - 1].lower if vi > 0 else ""
        past = (frozenset(("ended", "used")) if before in _ENDED else
                frozenset(("used",)) if before in _FORMER else frozenset())
        if first in ("my", "our"):
            return turn.speaker, past, False
        if first == "'s":
            span = turn.name_ending(si, vi)
            return (as_person(turn, span) if span else None), past, False
        return resolve_pronoun(turn, si, vi), past, False
    gap: list[str] = []
    k = vi - 1
    while k >= 0:
        w = toks[k].lower
        if w in pt.GAP_NEUTRAL or w in pt.GAP_NEGATION or w in pt.GAP_MODAL or w in ("used", "no"):
            gap.append(w)
            k -= 1
            continue
        break
    gapset = frozenset(gap)
    if "to" in gap:  # "used to live" is past; "want to live" is not a fact
        idx = gap.index("to")
        before = gap[idx + 1] if idx + 1 < len(gap) else ""
        gapset = gapset - {"to"} | ({"used"} if before == "used" else
                                    set() if before in ("decided", "started", "began", "got")
                                    else {"would"})
    if k < 0 or _only_openers(turn, si, k):
        return turn.speaker, gapset, True
    w = toks[k].lower
    if w in ("i", "we"):
        return turn.speaker, gapset, False
    if w in ("he", "she"):
        return resolve_pronoun(turn, si, k), gapset, False
    if w in ("and", ",") and last_subject is not None and _verb_use(toks, vi):
        return last_subject, gapset, False  # "I quit and moved to Rome" (not "… and love theme")
    span = turn.name_ending(si, k)
    if span is not None and span.last == k:
        return as_person(turn, span), gapset, False
    return None, gapset, False


def _verb_use(toks: list[Token], vi: int) -> bool:
    """Is the token at vi used as a verb? "works at" yes, "love theme" no."""
    if "NOUN" not in lx.pos_tags(toks[vi].lower):
        return True
    return vi + 1 < len(toks) and toks[vi + 1].lower in lx.STOPWORDS


def _coordinated(turn: Turn, si: int, vi: int, subject: str) -> list[str]:
    """Other named subjects joined to the found one: "John and Maria went to …"."""
    toks = turn.sentences[si].tokens
    k = vi - 1
    while k >= 0 and toks[k].lower in pt.GAP_NEUTRAL:
        k -= 1
    span = turn.name_ending(si, k) if k >= 0 else None
    if span is None or span.name != subject:
        return []
    out = []
    while span.first >= 2 and toks[span.first - 1].lower in ("and", ","):
        span = turn.name_ending(si, span.first - 2)
        if span is None or span.type != "person" or span.vocative:
            break
        out.append(span.name)
    return out


def _only_openers(turn: Turn, si: int, k: int) -> bool:
    """True when tokens 0..k are only interjections, punctuation or a vocative ("Wow, Mel,")."""
    toks = turn.sentences[si].tokens
    voc = {i for s in turn.names[si] if s.vocative for i in range(s.first, s.last + 1)}
    return all(
        not t.alpha or t.lower in lx.INTERJECTIONS or i in voc
        or t.lower in ("and", "so", "but", "then", "also", "well", "plus", "just", "finally")
        for i, t in enumerate(toks[: k + 1])
    )


def _modal(gap: frozenset[str]) -> bool:
    return bool(gap & (pt.GAP_MODAL - {"to"}))


def _is_past(verb: str, gap: frozenset[str]) -> bool:
    if "used" in gap or verb in ("was", "were") or gap & {"was", "were"}:
        return True
    return verb in pt.PAST_VERBS and not gap & pt.PERFECT


def _negated_after(sent: Sentence, end: int) -> bool:
    words = [t.lower for t in sent.tokens[end + 1 :]]
    return "anymore" in words or any(
        a in ("any", "no") and b == "more" for a, b in pairwise(words)
    )


# --------------------------------------------------------------------------------------- objects
def _objects(turn: Turn, si: int, oi: int, rule: pt.Rule, m: re.Match[str]
             ) -> list[tuple[Span, str | None]]:
    """The object(s) after token `oi`: "Paris, Rome and London" gives three."""
    toks = turn.sentences[si].tokens
    out: list[tuple[Span, str | None]] = []
    i = oi
    while i < len(toks) and len(out) < 4:
        got = _object(turn, si, i, rule, m)
        if got is None:
            break
        if out and toks[got[0].first].cap != toks[out[0][0].first].cap:
            break  # "Under Armour, working with them": list items are alike
        out.append(got)
        j = got[0].last + 1
        if j < len(toks) and toks[j].lower in _LIST_SEP:
            j += 1
            if j < len(toks) and toks[j].lower in ("and", "or"):
                j += 1
            i = j
            continue
        break
    return out


def _object(turn: Turn, si: int, i: int, rule: pt.Rule, m: re.Match[str]
            ) -> tuple[Span, str | None] | None:
    sent = turn.sentences[si]
    toks = sent.tokens
    kind = rule.obj
    if i < len(toks) and toks[i].text == '"':  # we love "Home Alone"
        i += 1
    j = i
    while j < len(toks) and toks[j].lower in _DETS:
        j += 1
    named = turn.name_at(si, j)
    if named is not None and named.type == "date":
        return None
    if (named is not None and named.type in ("concept", "organization", "product", "person")
            and kind not in ("org", "school", "person", "pet_name", "pet")
            and _starts_noun(sent, named.last + 1)):
        j = named.last + 1  # "the LGBTQ support group": the name only modifies the noun
        named = None
    if kind == "org" and named is None and j > i:  # "I work at a small bakery"
        span = chunk_at(sent, j, taken=set())
        if span is None or span.name.split()[-1].lower() not in lx.WORKPLACES:
            return None
        return turn.concept(si, span), None
    if kind in ("place", "org", "person", "school", "pet_name"):
        if named is None or j - i > 1 or (j > i and toks[i].lower != "the"):
            return None
        return _typed(named, kind)
    if kind == "pet":
        animal = m.group("animal")
        if m.group().rstrip().endswith(("named", "called")) and named is not None:
            named.type = "person"  # a named pet is a named individual: typed like a person
            return named, None
        span = chunk_at(sent, tok_index(sent, sent.start + m.start("animal")), taken=set(),
                        max_len=1)
        if span is None:
            return None
        span.name = _singular(animal.lower())
        return turn.concept(si, span), None
    if named is not None:
        return _named_object(named, kind)
    taken = {k for s in turn.names[si] for k in range(s.first, s.last + 1)}
    gerund = kind in ("likeable", "likeable_any", "subject")
    span = chunk_at(sent, j if kind != "subject" else i, taken=taken, gerund=gerund)
    if span is None:
        return None
    head = span.name.split()[-1].lower()
    after = toks[span.last + 1].lower if span.last + 1 < len(toks) else ""
    if span.first == span.last and head.endswith("s") and "VERB" in lx.pos_tags(head) and (
            (j > i and toks[j - 1].lower in ("that", "this")) or (j == i and after in _OBJ_WORDS)):
        return None  # "a company I like that needs …", "the things I love makes me …"
    if kind in ("likeable", "likeable_any") and span.first == span.last and after in _DETS:
        more = chunk_at(sent, span.last + 2, taken=taken)  # "prepping the feast"
        if more is not None and more.first == span.last + 2:
            text = sent.text[span.start - sent.start : more.end - sent.start]
            span = Span(text, text, "concept", span.start, more.end, span.first, more.last)
    override: str | None = None
    if kind in ("job", "job_any"):
        if head in lx.NOT_JOBS or (kind == "job" and not _is_job(span.name.lower())):
            return None
    elif kind == "visit":
        if head in lx.PLACE_NOUNS and head not in lx.EVENTISH:
            override = "visited"  # "visited the beach", "went to a castle"
        elif head in lx.EVENTISH:
            override = "attended"
        else:
            return None
    elif kind in ("event", "attend"):
        if head not in lx.EVENTISH:
            return None
        override = "attended"
    elif kind == "join":
        override = "attended" if head in lx.ONE_OFF_EVENTS else "member_of"
    elif kind == "ownable":
        if (toks[j].lower in ("favorite", "favourite") or head in lx.NOT_OWNED
                or lx.is_plural_noun(head) and m.group().lower()[:3] in _HAVE3):
            return None  # "got some new offers" is not ownership; "bought new shoes" is
        if head in lx.ANIMALS:
            override = "has_pet"
    elif kind in ("org", "org_or_concept") and head in lx.GENERIC_NOUNS:
        return None
    return turn.concept(si, span), override


def _starts_noun(sent: Sentence, i: int) -> bool:
    toks = sent.tokens
    if (i >= len(toks) or not toks[i].alpha or toks[i].cap or toks[i].lower in lx.STOPWORDS
            or toks[i].lower in ("yesterday", "today", "tonight", "tomorrow")):
        return False
    return "NOUN" in lx.pos_tags(toks[i].lower) or not lx.pos_tags(toks[i].lower)


def _typed(span: Span, kind: str) -> tuple[Span, str | None] | None:
    t = span.type
    if kind == "place":
        if t in ("person", "date", "event", "product"):
            return None
        if t == "concept":
            span.type = "place"
    elif kind == "org":
        if t in ("person", "date", "event"):
            return None
        if t in ("concept", "product"):
            span.type = "organization"
    elif kind == "school":
        if t in ("person", "date", "event", "place"):
            return None
        span.type = "organization"
    elif kind in ("person", "pet_name"):
        if t not in _PERSONISH:
            return None
        span.type = "person"
    return span, None


def _named_object(span: Span, kind: str) -> tuple[Span, str | None] | None:
    """A capitalised object for the open-ended readers (visit, join, likes …)."""
    t = span.type
    words = span.name.lower().split()
    if kind == "visit":
        if t == "event":
            return span, "attended"
        if t in ("person", "date", "product"):
            return None
        if t == "concept":
            span.type = "place"
        return span, None
    if kind == "attend":
        if t == "event":
            return span, "attended"
        if t == "organization" and set(words) & _SCHOOLS:
            return span, "studies_at"
        return None
    if kind == "event":
        return (span, "attended") if t == "event" else None
    if kind == "join":
        if t == "event":
            return span, "attended"
        if t in ("person", "place", "date"):
            return None
        if t in ("concept", "product"):
            span.type = "organization"
        return span, ("member_of" if set(words) & _ORG_CLUBS else "works_at")
    if kind in ("likeable", "subject"):
        return None if t == "person" else (span, None)
    if kind == "ownable":
        return (span, None) if t in ("product", "organization", "concept") else None
    if kind in ("org_or_concept",):
        if t in ("person", "date", "event"):
            return None
        if t == "concept":
            span.type = "organization"
        return span, None
    if kind in ("job", "job_any"):
        return None
    return span, None  # likeable_any


def _is_job(phrase: str) -> bool:
    head = phrase.split()[-1]
    return phrase in lx.JOBS or head in lx.JOBS or head.endswith(lx.JOB_SUFFIXES) and len(head) > 5


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word
