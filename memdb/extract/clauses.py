"""Facts read from whole clauses the verb-first rule table cannot express: the object comes
first ("Pho is my favourite food", "Berlin is home now", "Google hired me"), or the object is
a level ("I've moved up to B1 in German"); couples (a pair as the subject) are couples.py's, homes
home_clauses.py's.
"""

from __future__ import annotations

import re

from memdb.extract import lexicon as lx
from memdb.extract import patterns as pt
from memdb.extract import phrases as ph
from memdb.extract.entities import Span, chunk_at
from memdb.extract.couples import APART, read_couple_clauses
from memdb.extract.home_clauses import read_home_clauses
from memdb.extract.objects import known_place, typed
from memdb.extract.places import LANGUAGES
from memdb.extract.tastes import read_favourite, read_pastime_told
from memdb.extract.turn import (
    UNNAMED, RawFact, Turn, add_fact, as_person, person_at, resolve_pronoun, subject_before, tok_index,
)

_NEGATION = frozenset(("not", "n't", "never", "no"))
_PERSONISH = ("person", "concept")  # a name that can be a person's
# "Northwind hired me", "… hired Jo", "Argos snapped her up": taken on by the firm
_HIRED = re.compile(r"\s+(?:(?:has|have|'s|'ve|just|finally|officially|then)\s+)*"
                    r"(?:(?:hired|recruited|poached|headhunted|employs|employed)\s+(?P<who>me|us|him|her|(?:my|our)\s+[a-z-]+|(?-i:[A-Z])[\w'-]*)"
                    r"|(?:took|taken)\s+(?P<on>me|us|him|her|(?-i:[A-Z])[\w'-]*)\s+on|snapped\s+(?P<up>me|us|him|her)\s+up"
                    # "Woolworths has me on the night fill", "Walmart put me on the self-checkouts": one's employer
                    r"|(?:has|had|put|puts|got)\s+(?P<put>me)\s+(?:on|doing|working|covering|stacking)\b(?!\s+(?:hold|speaker|the\s+list)\b))\b"
                    r"(?:\s+as\s+)?")
# "Goodbye Tesco, hello Google!", "bye bye Leeds, hello York": one's home or job swapped for another
_GOODBYE_HELLO = re.compile(r"\b(?:good\s*-?\s*bye|bye(?:\s+bye)?|farewell|so\s+long)\s+(?:to\s+)?(?P<old>(?-i:[A-Z]))[^,.!;]*?"
                            r"(?:\s*[,;—–-]+\s*|\s+)(?:and\s+)?hello\s+(?:to\s+)?(?P<new>(?-i:[A-Z]))", re.IGNORECASE)
# "Amy got Kev a job at Google", "my uncle found me a job with Arup": a job someone else found for one
_GOT_A_JOB_FOR = re.compile(r"\b(?:got|found|sorted|lined\s+up)\s+(?P<who>me|us|him|her|(?-i:[A-Z])[\w'-]*)\s+a\s+"
                            r"(?:new\s+|proper\s+|full-time\s+|part-time\s+)?(?:job|role|position)\s+(?:at|with)\s+(?=(?:the\s+)?(?-i:[A-Z]))")
# "Tealbyte Labs in Bengaluru offered me an SDET role and after a lot of thinking I accepted", "Northwind made
# me an offer and I said yes": a job taken
_OFFERED_ME = re.compile(
    r"(?:\s+in\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)?\s+(?:(?:has|have|just|finally|then)\s+)*"
    r"(?:offered\s+me\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:role|job|position|post)|made\s+me\s+(?:an?\s+)?(?:job\s+)?offer)\b"
    r"(?=[^.!?]*\bI\s+(?:(?:have|'ve|finally|just|happily)\s+)*(?:accepted|said\s+yes|took\s+it)\b)")
_NAMED_PET = re.compile(r"\b(?:I|[Ww]e)(?:'ve|\s+have)?\s+(?:just\s+|finally\s+)?(?:named|called)\s+"
                        r"(?:him|her|it|them|the\s+\w+)\s+(?=[A-Z])")
_LEVEL = re.compile(
    r"\b(?:I(?:'ve|\s+have|'m|\s+am)?|[Mm]y\s+(?P<lang1>[A-Z][a-z]+)\s+(?:is|'s))\s+"
    r"(?:(?:just|finally|now|officially|already|at|level|moved\s+up\s+to|made\s+it\s+to|"
    r"reached|got\s+to|passed|up\s+to)\s+)*(?P<level>[ABC][12])\b"
    r"(?:\s+(?:level\s+)?in\s+(?P<lang2>[A-Z][a-z]+))?")
_HOME_NOW = re.compile(r"(?:\s+(?:is|feels\s+like|has\s+been)|\s*'s(?:\s+been)?|(?<='s)(?:\s+been)?)\s+(?:finally\s+|really\s+|officially\s+|now\s+)?"
                       r"(?:(?:my\s+|our\s+)?home\b(?:\s+(?:for|to)\s+(?P<who>(?-i:[A-Z])[\w'-]*|him|her)\b"
                       r"|(?!\s+(?:to|of|for\s+(?:the|a|an|some|many))\b))"  # "Leeds is home for Ana"
                       r"|where\s+(?:I|we)\s+(?:live|'re\s+based|am\s+based|are\s+based)\b(?!\s+(?:to|if|when)\b))")  # "Cardiff's where I live now"
_DIED = re.compile(r"\s+(?:has\s+|had\s+)?(?:sadly\s+|just\s+|finally\s+|peacefully\s+|suddenly\s+)?"
                   r"(?:passed\s+away|passed\s+on|died|was\s+put\s+(?:down|to\s+sleep)|"
                   r"had\s+to\s+be\s+put\s+(?:down|to\s+sleep)|crossed\s+the\s+rainbow\s+bridge)\b")
_DEATH_WORDS = frozenset(("passed", "died", "put", "crossed"))
# "Initech let me go", "Pellucid laid off half the team, including me": the speaker left them
_LET_GO = re.compile(
    r"\s*(?:just\s+|finally\s+|suddenly\s+)?(?:laid\s+(?:me|us)\s+off|fired\s+(?:me|us)|sacked\s+(?:me|us)"
    r"|let\s+(?:me|us)\s+go\b(?!\s+(?:on\s+(?:holiday|vacation|leave|a|an|the)|to|for|out|home|early|with|and|of|ahead"
    r"|first|back|there)\b)|made\s+(?:me|us)\s+redundant|laid\s+off\b[^.;!?]{0,60}?\bincluding\s+(?:me|us|myself))\b",
    re.IGNORECASE)
_SIGNING_OFF = frozenset("so anyway well now then but".split())
_LET_GO_WORDS = frozenset(("laid", "let", "fired", "sacked", "redundant"))
# "Barclays let my brother go on Thursday", "they laid Craig off": that person left them
_WHO = r"(?P<who>him|her|(?:my|our|his|her)\s+[a-z-]+|(?-i:[A-Z])[\w'-]+)"
_LET_OTHER_GO = [re.compile(p, re.IGNORECASE) for p in (
    rf"\blet\s+{_WHO}\s+go\b(?!\s+(?:on\s+(?:holiday|vacation|leave|a|an|the)|to|for|out|home|early|with|and|of|ahead"
    r"|first|back|there)\b)", rf"\blaid\s+{_WHO}\s+off\b", rf"\bmade\s+{_WHO}\s+redundant\b",
    rf"\b(?:fired|sacked)\s+{_WHO}\b")]
_MAYBE = pt.GAP_MODAL - {"to"} | {"if"}
# "we share the flat with a grumpy old cat called Pickle": the speaker's pet, named
_CALLED_PET = re.compile(rf"\b(?:a|an|our|my)\s+{ph.PET_MODIFIERS}(?:[\w-]+\s+){{0,2}}?(?P<animal>{ph.ANIMAL_WORDS})"
                         r"\s*,?\s+(?:named|called)\s+(?=[A-Z])", re.IGNORECASE)
_FIRST_PERSON = frozenset(("i", "we"))
_SOMEONE_ELSES = frozenset(("his", "her", "their", "'s", "he", "she", "they"))
# "I've started seeing someone! Her name's Joanna", "I've met someone! His name's Tom": a partner named
# in the next sentence (not "I met someone at the conference")
_SEEING_SOMEONE = re.compile(r"\b(?:seeing|dating)\s+someone(?:\s+new)?\b"
                             r"|\b(?:a|my)\s+new\s+(?:boyfriend|girlfriend|partner)\b"
                             r"|\b(?:I|I've|I\s+have)\s+(?:(?:finally|just|actually)\s+)?met\s+(?:someone|somebody)"
                             r"(?:\s+(?:new|special|lovely|nice))?\b(?!\s+(?:at|from|for|who|in)\b)", re.IGNORECASE)
# "We got a puppy! His name is Rocket.", "Ruby has a horse now!!! his name is Duke": a pet named in the next sentence
_NEW_PET = re.compile(rf"\b(?:got|adopted|rescued|brought\s+home|took\s+in|taken\s+in|has|have)\s+(?:a|an)\s+{ph.PET_MODIFIERS}"
                      rf"(?:[\w-]+\s+)?(?:{ph.ANIMAL_WORDS})\b", re.IGNORECASE)
# "Kieran has a girlfriend now?? her name's Bethany": someone's partner named in the next sentence
_HAS_SOMEONE = re.compile(r"\b(?:has|have|'s\s+got|has\s+got|got)\s+(?:a|a\s+new)\s+(?:boyfriend|girlfriend|partner|fella|bf|gf)\b",
                          re.IGNORECASE)
_NAME_ALONE = re.compile(r"^\s*(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?\s*[.!]*\s*$")
_THEIR_NAME = re.compile(r"^(?:(?i:his|her|their|its)\s+name(?:'s|\s+is)"
                         r"|(?i:he|she|they|it)(?:'s|\s+is|'re|\s+are)\s+called)"
                         r"\s+(?=[A-Z])")


def read_clauses(turn: Turn, si: int, told_from: int = 0) -> None:
    """Append the facts of sentence `si` that need a whole-clause template; what it tells starts at
    ``told_from`` in its text (after an opening aside: "I can't believe it, Jo and Tom got engaged!")."""
    sent = turn.sentences[si]
    words = {t.lower for t in sent.tokens}
    toks = sent.tokens
    answer = len(toks) > 1 and toks[0].lower == "no" and toks[1].text == ","  # "No, they broke up in April."
    apart = {tok_index(sent, sent.start + m.start()) for m in APART.finditer(sent.text)}
    first = tok_index(sent, sent.start + told_from) if told_from else 0  # the aside's negation is its own
    if any(t.lower in _NEGATION and i not in apart for i, t in enumerate(toks) if i >= max(first, 2 if answer else 0)):
        return
    if "favourite" in words or "favorite" in words:
        read_favourite(turn, si)
    if words & {"hired", "recruited", "poached", "headhunted", "employs", "employed", "took", "taken", "snapped"} or (
            "me" in words and words & {"has", "had", "put", "puts", "got"}):
        _hired(turn, si)
    if words & {"job", "role", "position"}:
        _got_a_job_for(turn, si)
    if turn.speaker is not None and "hello" in words:
        _goodbye_hello(turn, si)
    if turn.speaker is not None and ("offered" in words or "offer" in words):
        _offered_me(turn, si)
    read_couple_clauses(turn, si, words)
    if words & {"named", "called"}:
        _named_pet(turn, si)
    if turn.speaker is not None and ("home" in words or "where" in words):
        _home_now(turn, si)
    if turn.speaker is not None and words & {"dead", "over", "done", "finished", "history", "lasted"}:
        _diet_over(turn, si)
    if turn.speaker is not None and words & {"thing", "obsession", "hobby", "passion", "all", "swapped", "traded",
                                             "ditched", "gave", "given", "taken", "bug", "now", "days", "nowadays", "phase",
                                             "era", "usual", "weekly", "daily", "regular", "class", "club", "session",
                                             "practice", "lesson", "training"}:
        read_pastime_told(turn, si)
    read_home_clauses(turn, si, words)
    if turn.speaker is not None and words & _DEATH_WORDS:
        _died(turn, si)
    if turn.speaker is not None and words & _LET_GO_WORDS:
        _let_go(turn, si)
    if words & _LET_GO_WORDS:
        _let_other_go(turn, si)
    if turn.speaker is not None and words & {"named", "called"} and words & _FIRST_PERSON:
        _called_pet(turn, si)
    if turn.speaker is not None and si > 0 and (words & {"name", "called"} or len(toks) <= 3):
        _someone_named(turn, si)
    if turn.speaker is not None and "person" in words:
        _person_fragment(turn, si)
    if turn.speaker is not None and any(len(w) == 2 and w[0] in "abc" and w[1] in "12"
                                        for w in words):
        _level(turn, si)


def role_after(turn: Turn, si: int, end: int) -> list[tuple[Span, str | None]]:
    """"… Northwind Robotics as a machine-learning engineer": works_as after an employer."""
    toks = turn.sentences[si].tokens
    i = end + 1
    # "… Pellucid Games on the 1st of July as a concept artist": a date between
    k = i + (i < len(toks) and toks[i].lower in ("on", "in", "from", "at", "by"))
    k += k < len(toks) and toks[k].lower == "the"
    i = next((s.last + 1 for s in turn.names[si] if s.type == "date" and s.first == k), i)
    if i >= len(toks) or toks[i].lower != "as":
        return []
    i += 1 + (i + 1 < len(toks) and toks[i + 1].lower in ("a", "an", "their", "the", "our"))
    span = chunk_at(turn.sentences[si], i, taken=set())
    if span is None or span.first != i or span.name.split()[-1].lower() in lx.NOT_JOBS:
        return []
    return [(turn.concept(si, span), "works_as")]


def _hired(turn: Turn, si: int) -> None:
    """"Northwind hired me (as an engineer)", "Northwind took me on", "Argos hired Jo": works_at
    (and works_as); not "Tom hired a van", nor a person hiring."""
    sent = turn.sentences[si]
    for span in list(turn.names[si]):
        m = _HIRED.match(sent.text, span.end - sent.start)
        if m is None or span.type == "person" or typed(span, "org") is None:
            continue
        group = next(g for g in ("who", "on", "up", "put") if m.group(g))
        word, k = m.group(group).lower(), tok_index(sent, sent.start + m.start(group))
        if word in ("me", "us"):
            who = turn.speaker
        elif word in ("him", "her"):  # of someone this turn names ("Argos snapped her up"), not of a turn before
            who = resolve_pronoun(turn, si, k)
            who = who if any(n.name == who for per in turn.names[: si + 1] for n in per) else None
        elif word.startswith(("my ", "our ")) and word.split()[1] in lx.PERSON_NOUNS:  # "Northwind hired my brother"
            kin = turn.name_ending(si, k + 1)
            who = as_person(turn, kin) if kin is not None else None
        else:
            named = turn.name_at(si, k)
            who = named.name if named is not None and named.type == "person" else None
        if who is None:
            continue
        add_fact(turn, RawFact(who, span, "works_at", True, si))
        if m.group().rstrip().endswith("as"):
            last = tok_index(sent, sent.start + m.end()) - 1
            for obj, label in role_after(turn, si, last - 1):
                add_fact(turn, RawFact(who, obj, label or "works_as", True, si))


def _goodbye_hello(turn: Turn, si: int) -> None:
    """"Goodbye Leeds, hello York!": the speaker's home (two places), else job (two firms), swapped."""
    assert turn.speaker is not None
    sent = turn.sentences[si]
    for m in _GOODBYE_HELLO.finditer(sent.text):
        old, new = (turn.name_at(si, tok_index(sent, sent.start + m.start(g))) for g in ("old", "new"))
        if old is None or new is None or new.type == "person" or old.type == "person" and not known_place(old) and (
                new.type != "organization" or old.name in turn.known):  # ("bye bye Reading": a town, not a person)
            continue  # (not "Goodbye Tom, hello Mark"; "Goodbye Tesco" is addressed, no person for it)
        places = all(s.type == "place" or known_place(s) for s in (old, new))
        for span, label in ((old, "moved_out_of" if places else "left"), (new, "lives_in" if places else "works_at")):
            if typed(span, "town" if places else "org") is not None:
                add_fact(turn, RawFact(turn.speaker, span, label, label in ("lives_in", "works_at"), si))


def _got_a_job_for(turn: Turn, si: int) -> None:
    """"Amy got Kev a job at Google": works_at for the one the job was found for (not who found it)."""
    sent = turn.sentences[si]
    for m in _GOT_A_JOB_FOR.finditer(sent.text):
        who = person_at(turn, si, tok_index(sent, sent.start + m.start("who")))
        k = tok_index(sent, sent.start + m.end())
        org = turn.name_at(si, k + (sent.tokens[k].lower == "the"))
        if who is not None and org is not None and typed(org, "org") is not None:
            add_fact(turn, RawFact(who, org, "works_at", True, si))


def _offered_me(turn: Turn, si: int) -> None:
    """"Tealbyte Labs offered me an SDET role and … I accepted": works_at Tealbyte Labs."""
    assert turn.speaker is not None
    sent = turn.sentences[si]
    for span in list(turn.names[si]):
        if (span.type != "place" and _OFFERED_ME.match(sent.text, span.end - sent.start) is not None
                and typed(span, "org") is not None):
            add_fact(turn, RawFact(turn.speaker, span, "works_at", True, si))
            return  # "Tealbyte Labs in Bengaluru offered me …": the employer, not its town


def _let_go(turn: Turn, si: int) -> None:
    """"Initech let me go", "Pellucid laid off half the art team, including me": the speaker
    left that employer, or, with none named, the current one."""
    assert turn.speaker is not None
    sent = turn.sentences[si]
    toks = sent.tokens
    for m in _LET_GO.finditer(sent.text):
        vi = tok_index(sent, sent.start + m.start())
        if {t.lower for t in toks[:vi]} & _MAYBE:
            continue  # "if they let me go", "they might fire me": nothing happened
        if m.group().lower().lstrip().startswith("let") and all(
                t.lower in lx.INTERJECTIONS or t.lower in _SIGNING_OFF or not t.alpha for t in toks[:vi]):
            continue  # "Okay, let me go.": a goodbye, no one fired
        span = turn.name_ending(si, vi - 1) if vi > 0 else None
        if span is not None and typed(span, "employer") is not None:
            add_fact(turn, RawFact(turn.speaker, span, "left", False, si))
        else:
            last = tok_index(sent, sent.start + m.end()) - 1
            current = Span(m.group(), "", UNNAMED, sent.start + m.start(), sent.start + m.end(), vi, last)
            add_fact(turn, RawFact(turn.speaker, current, "left", False, si))


def _let_other_go(turn: Turn, si: int) -> None:
    """"Barclays let my brother go", "they laid Craig off": the person left that employer, or,
    with none named, their current one."""
    sent = turn.sentences[si]
    toks = sent.tokens
    for pattern in _LET_OTHER_GO:
        for m in pattern.finditer(sent.text):
            vi = tok_index(sent, sent.start + m.start())
            wi = max(k for k, t in enumerate(toks) if t.start < sent.start + m.end("who"))  # the who's last word
            if {t.lower for t in toks[:vi]} & _MAYBE:
                continue
            if toks[wi].lower in ("him", "her"):
                who = resolve_pronoun(turn, si, wi)
            else:
                span = turn.name_ending(si, wi)
                who = as_person(turn, span) if span is not None else None
            if who is None or who == turn.speaker:
                continue
            employer = turn.name_ending(si, vi - 1) if vi > 0 else None
            if employer is not None and typed(employer, "employer") is not None:
                add_fact(turn, RawFact(who, employer, "left", False, si))
            else:
                current = Span(m.group(), "", UNNAMED, sent.start + m.start(), sent.start + m.end(), vi, wi)
                add_fact(turn, RawFact(who, current, "left", False, si))


def _called_pet(turn: Turn, si: int) -> None:
    """"We share the flat with a grumpy old cat called Pickle": the speaker's pet, when the
    sentence speaks of the speaker and of nobody else's."""
    assert turn.speaker is not None
    sent = turn.sentences[si]
    for m in _CALLED_PET.finditer(sent.text):
        before = {t.lower for t in sent.tokens[: tok_index(sent, sent.start + m.start())]}
        named_before = any(s.type == "person" and s.start < sent.start + m.start() and s.name != turn.speaker
                           for s in turn.names[si])
        if not before & _FIRST_PERSON or before & _SOMEONE_ELSES or named_before:
            continue
        span = turn.name_at(si, tok_index(sent, sent.start + m.end()))
        if span is not None and span.type in _PERSONISH:
            span.type = "person"
            add_fact(turn, RawFact(turn.speaker, span, "has_pet", False, si))


def _someone_named(turn: Turn, si: int) -> None:
    """"I've started seeing someone! Her name's Joanna.": the speaker's partner; "We got a
    puppy! His name is Rocket.": the speaker's pet."""
    assert turn.speaker is not None
    sent = turn.sentences[si]
    m = _THEIR_NAME.match(sent.text)
    before = turn.sentences[si - 1].text
    label = ("partner_of" if _SEEING_SOMEONE.search(before) or _HAS_SOMEONE.search(before)
             else "has_pet" if _NEW_PET.search(before) else None)
    if label is None:
        return
    if m is not None:
        span = turn.name_at(si, tok_index(sent, sent.start + m.end()))
    elif len(turn.names[si]) == 1 and _NAME_ALONE.match(sent.text):
        span = turn.names[si][0]  # "I've been seeing someone. Leah."
    else:
        return
    owner = (turn.speaker if label == "partner_of" and not _HAS_SOMEONE.search(before)
             else _owner(turn, si - 1, _HAS_SOMEONE if label == "partner_of" else _NEW_PET))
    if span is not None and span.type in _PERSONISH and owner is not None:
        span.type = "person"
        add_fact(turn, RawFact(owner, span, label, label == "partner_of", si))


def _owner(turn: Turn, si: int, news: re.Pattern[str]) -> str | None:
    """Who got the pet (or partner) sentence `si` tells of (``news``): "We got a puppy" the speaker, "Ana
    brought home a puppy" Ana, "Kieran has a girlfriend now" Kieran."""
    sent = turn.sentences[si]
    m = news.search(sent.text)
    k = tok_index(sent, sent.start + m.start()) if m is not None else 0
    while k > 0 and sent.tokens[k - 1].lower in ("just", "finally", "have", "'ve", "has", "'s", "went", "and"):
        k -= 1
    if k < 1 or sent.tokens[k - 1].lower in ("i", "we"):
        return turn.speaker
    return subject_before(turn, si, k)


def _named_pet(turn: Turn, si: int) -> None:
    """"I adopted a dog … I've named him Biscuit": a pet, when the turn speaks of an animal."""
    if turn.speaker is None:
        return
    upto = [t.lower for s in turn.sentences[: si + 1] for t in s.tokens]
    if not lx.ANIMALS.intersection(upto):
        return
    sent = turn.sentences[si]
    for m in _NAMED_PET.finditer(sent.text):
        span = turn.name_at(si, tok_index(sent, sent.start + m.end()))
        if span is not None and span.type in ("person", "concept"):
            span.type = "person"
            add_fact(turn, RawFact(turn.speaker, span, "has_pet", False, si))


def _person_fragment(turn: Turn, si: int) -> None:
    """"Tea person, forever.", "Dog person!": the speaker's taste said without "I'm a"."""
    assert turn.speaker is not None
    toks = turn.sentences[si].tokens
    words = [t for t in toks if t.alpha]
    if len(toks) < 2 or toks[1].lower != "person" or len(words) > 5 or not toks[0].alpha:
        return
    tags = lx.pos_tags(toks[0].lower)
    if toks[0].lower in lx.STOPWORDS or tags and ("NOUN" not in tags or "ADJ" in tags):
        return  # "Good person.", "Some person …"
    span = Span(toks[0].text, toks[0].text, "concept", toks[0].start, toks[0].end, 0, 0)
    add_fact(turn, RawFact(turn.speaker, turn.concept(si, span), "likes", False, si))


def _died(turn: Turn, si: int) -> None:
    """"Rex passed away last night", "Grandpa Joe died": the speaker lost them (a pet of theirs,
    a partner, is theirs no more). A name opening the sentence counts even when it is also a
    word ("Rex", "Bean"): what dies is someone."""
    assert turn.speaker is not None
    sent = turn.sentences[si]
    toks = sent.tokens
    spans = [s for s in turn.names[si] if s.type in _PERSONISH and not s.vocative]
    if toks[0].cap and toks[0].alpha and toks[0].lower not in lx.STOPWORDS and not any(s.first == 0 for s in spans):
        spans.append(Span(toks[0].text, toks[0].text, "concept", toks[0].start, toks[0].end, 0, 0))
    for span in spans:
        if not _DIED.match(sent.text, span.end - sent.start):
            continue
        k = span.first - 1
        while k >= 0 and (toks[k].lower in lx.ANIMALS or toks[k].lower in lx.KINSHIP or toks[k].lower in ("old", "little")):
            k -= 1  # "Kate's old dog Rex"
        if k >= 0 and toks[k].lower in ("his", "her", "their", "'s") or span.name == turn.speaker:
            continue  # someone else's loss
        if span.first == 0 and turn.name_at(si, 0) is None:
            turn.names[si].insert(0, span)
        span.type = "person"
        add_fact(turn, RawFact(turn.speaker, span, "lost", False, si))


# "the vegan thing is dead", "let me be honest, keto is finished": the speaker's diet is over
_DIET_OVER = re.compile(rf"(?:^|[,;:]\s*)(?:(?:also|and|so|but|ok|honestly|btw|actually|well)[\s,]+)*(?:the\s+|my\s+)?"
                        rf"(?P<diet>{ph.DIET_WORDS})(?:\s+(?:thing|diet|life|phase|experiment))?\s+(?:is|'s|was)\s+"
                        r"(?:(?:well\s+and\s+truly|officially|totally|so)\s+)?(?:dead|over|done|finished|history)\b"
                        # "my vegetarian lasted till the club dinner dance on the 4th"
                        r"|(?:^|[,;:]\s*|\b(?:my|the)\s+)(?P<lasted>" + ph.DIET_WORDS + r")(?:\s+(?:thing|diet|phase|experiment))?"
                        r"\s+(?:only\s+)?lasted\b", re.IGNORECASE)


def _diet_over(turn: Turn, si: int) -> None:
    sent = turn.sentences[si]
    for m in _DIET_OVER.finditer(sent.text):
        group = "diet" if m["diet"] else "lasted"
        di = tok_index(sent, sent.start + m.start(group))
        span = chunk_at(sent, di, taken=set(), max_len=1)
        if span is not None:
            span.name = m[group].lower()
            add_fact(turn, RawFact(turn.speaker, turn.concept(si, span), "stopped_diet", False, si))


def _home_now(turn: Turn, si: int) -> None:
    """"Berlin is home now": lives_in; "Leeds is home for Ana": hers."""
    assert turn.speaker is not None
    sent = turn.sentences[si]
    for span in turn.names[si]:
        m = _HOME_NOW.match(sent.text, span.end - sent.start)
        if m is None or not typed(span, "place"):
            continue
        who = turn.speaker
        if m.group("who"):
            k = tok_index(sent, sent.start + m.start("who"))
            named = turn.name_at(si, k)
            who = (resolve_pronoun(turn, si, k) if m.group("who").lower() in ("him", "her")
                   else named.name if named is not None and named.type in ("person", "concept") else None)
        if who is not None:
            add_fact(turn, RawFact(who, span, "lives_in", True, si))


def _level(turn: Turn, si: int) -> None:
    """"I've moved up to B1 in German", "my Spanish is B2 now": reached_level "German B1"."""
    assert turn.speaker is not None
    sent = turn.sentences[si]
    for m in _LEVEL.finditer(sent.text):
        lang = m.group("lang1") or m.group("lang2")
        if lang is None:  # "My German teacher says I've moved up to B1"
            lang = next((t.text for t in sent.tokens if t.cap and t.lower in LANGUAGES), None)
        elif lang.lower() not in LANGUAGES:
            continue
        end = m.end("lang2") if m.group("lang2") else m.end("level")
        first = tok_index(sent, sent.start + m.start("level"))
        last = tok_index(sent, sent.start + end) - 1
        for s in [s for s in turn.names[si] if first <= s.first <= last]:
            turn.names[si].remove(s)  # "B1" is no place, "German" is read into the level
        text = sent.text[m.start("level") : end]
        name = f"{lang} {m.group('level')}" if lang else m.group("level")
        span = Span(text, name, "concept", sent.start + m.start("level"), sent.start + end,
                    first, last)
        add_fact(turn, RawFact(turn.speaker, turn.concept(si, span), "reached_level", False, si))
