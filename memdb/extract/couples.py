"""Couples told by a whole clause: "Lena and Marcus got engaged", "me and Leah are done", "they
broke up in April", "there's this guy, Dan, and we're kind of a thing now", "Dan proposed and I
said yes", "Dan, the guy I'm seeing, …", "Grandma Joan has a boyfriend, his name is Harold"."""

from __future__ import annotations

import re
from itertools import pairwise

from memdb.extract import lexicon as lx
from memdb.extract.aliases import is_nickname_of
from memdb.extract.entities import Span
from memdb.extract.names import is_first_name
from memdb.extract.turn import (
    RawFact, Turn, add_fact, as_person, resolve_pair, resolve_pronoun, subject_before, subject_past_adverbs, tok_index,
)

# "They got engaged", "they broke up in April": a couple named before
_THEY = re.compile(
    r"\b[Tt]hey(?:'ve|\s+have)?(?:\s+|(?='re\b))(?:just\s+|finally\s+|officially\s+|now\s+|both\s+)*"
    r"(?:(?P<wed>got\s+(?:engaged|married|back\s+together)"
    r"|(?:are|'re)\s+(?:(?:now|officially|finally|just|happily|still)\s+)?"
    r"(?:engaged|married|dating|together|a\s+couple|an\s+item|a\s+thing|exclusive|official)"
    r"|tied\s+the\s+knot|started\s+dating)|(?P<split>broke\s+up|split\s+up|got\s+divorced|called\s+it\s+(?:off|quits)"
    r"|(?:split|separated|divorced)(?=\s*(?:[.,;!]|$)|\s+(?:last|in|on|this|yesterday|after|over|for\s+good)\b)))\b")
# "we're kind of a thing now", "we've been together since March": the speaker and the one person named with them
_WE = re.compile(
    r"\b[Ww]e(?:'re|\s+are|'ve|\s+have)?\s+(?:(?:now|officially|finally|just|kind\s+of|sort\s+of|basically|been)\s+)*"
    r"(?:a\s+thing|together|a\s+couple|an\s+item|dating|official|exclusive|going\s+steady|got\s+together"
    r"|started\s+(?:dating|seeing\s+each\s+other)|seeing\s+each\s+other"
    r"|been\s+on\s+(?:a\s+few|a\s+couple\s+of|some|several|loads\s+of|\w+)\s+dates)"
    r"(?=\s*(?:[.!,;]|$)|\s+(?:now|officially|since)\b|\s+for\s+(?:ages|years|months|\d+|a|an|two|three|four|five|six"
    r"|several|a\s+few)\b)")
# "Dan, the guy I'm seeing, …": the speaker's partner, told in an aside
_SEEING_ASIDE = re.compile(r"\s*,\s+the\s+(?:guy|girl|man|woman|one|bloke|lad|lass|fella|person)\s+"
                           r"(?:I'm|I\s+am|I've\s+been|I\s+have\s+been)\s+(?:seeing|dating)\b")
_SAID_YES = re.compile(r"\bI\s+said\s+yes\b")
# "Dan proposed and I said yes", "Tom proposed to Ana last night": engaged (not "Dan proposed a toast")
_PROPOSED = re.compile(r"\s+(?:(?:finally|just|has|had)\s+)*(?:(?:proposed|popped\s+the\s+question)(?:\s+to\s+(?P<to>me|her|him|(?-i:[A-Z])[\w'-]*))?"
                       # "Tom asked me to be his girlfriend", "Dan asked Ana to marry him"
                       r"|asked\s+(?P<asked>me|her|him|(?-i:[A-Z])[\w'-]*)\s+(?:to\s+be\s+(?:his|her|their)\s+"
                       r"(?:girlfriend|boyfriend|partner|wife|husband|other\s+half)|to\s+marry\s+(?:him|her|them)))"
                       r"(?=\s*(?:[.!,;]|$)|\s+(?:and|last|on|at|in|yesterday|over|while|during)\b)")
# "Ana and Luis are no longer together", "… are no more": a negation that tells a couple's end
# ("couldn't make it work", "didn't work out between them", "no longer seeing each other")
APART = re.compile(r"(?:\b(?:no\s+longer|not)\s+|n't\s+)(?:together|a\s+couple|an\s+item|a\s+thing|in\s+the\s+picture"
                   r"|seeing\s+each\s+other)\b|\bno\s+more(?=\s*(?:[.!,;]|$))"
                   r"|(?:n't|\bnot)\s+(?:make\s+(?:it|things)\s+work(?=\s*(?:[.!,;]|$)|\s+(?:between|with)\b)"
                   r"|work\s+out\s+(?:between|with)\b)",
                    re.IGNORECASE)
_COUPLE = re.compile(
    r"\s+(?:(?:are|'re|have|just|finally|officially|recently|now|got|been|getting|both|is|"
    r"were)(?=n't|\s))?\s*(?:(?:just|finally|officially|recently|now|got|been|getting|both)\s+)*"
    r"(?:(?P<wed>married|engaged|eloped|dating|(?:back\s+)?together|a\s+couple|an\s+item|a\s+thing|tied\s+the\s+knot|hitched"
    r"|going\s+steady)|"
    r"(?P<split>broke\s+up|broken\s+up|split\s+up|divorced|separated|separating|splitting\s+up"
    r"|called\s+it\s+(?:off|quits)|ended\s+(?:it|things)"
    r"|no\s+longer\s+(?:together|a\s+couple|an\s+item|a\s+thing)|(?:not|n't)\s+(?:together|a\s+couple|an\s+item|a\s+thing)\s+any\s*more"
    r"|no\s+more(?=\s*(?:[.!,;]|$))"
    r"|(?:done|over|finished|through)(?!\s+(?:with|the|it|that|this|a|an|my|our|here|there)\b)))\b", re.IGNORECASE)
_COUPLE_SUBJECTS = ("person", "concept")
# "Grandma Joan has a boyfriend at 82, his name is Harold", "my sister has a new girlfriend called Ines"
_HAS_A_PARTNER = re.compile(r"\b(?:has|'s\s+got|has\s+got|got)\s+(?:a|a\s+new)\s+(?:boyfriend|girlfriend|partner|fella|bf|gf)\b"
                            r"(?:[^.!?]{0,40}?,\s*(?:his|her|their)\s+name(?:'s|\s+is)|\s*,?\s+(?:called|named))\s+(?=(?-i:[A-Z]))",
                            re.IGNORECASE)


def read_couple_clauses(turn: Turn, si: int, words: set[str]) -> None:
    """Append the partner_of and broke_up_with facts sentence ``si`` tells by a whole clause."""
    if turn.partners and not turn.by_assistant:
        _ended_by_its_words(turn, si)
    if "and" in words:
        _couples(turn, si)
    if "they" in words:
        _they(turn, si)
    if "we" in words or "we're" in words or "we've" in words:
        _we(turn, si)
    if "proposed" in words or "popped" in words or "seeing" in words or "dating" in words or "asked" in words:
        _proposed_or_seeing(turn, si)
    if words & {"boyfriend", "girlfriend", "partner", "fella", "bf", "gf"}:
        _has_a_partner(turn, si)
    if words & _LEFT_SOMEONE and turn.partners:
        _left_a_partner(turn, si)


def _couples(turn: Turn, si: int) -> None:
    """"Lena and Marcus got engaged", "Tom and Ana are dating": partner_of between the two."""
    sent = turn.sentences[si]
    toks = sent.tokens
    spans = [s for s in turn.names[si] if s.type in _COUPLE_SUBJECTS and not s.vocative]
    for b in spans:  # "me and Leah are done": the speaker and Leah; "he and Neha have broken up": him and Neha
        before = [t.lower for t in toks[max(0, b.first - 2) : b.first]]
        if len(before) < 2 or before[1] != "and" or before[0] not in ("me", "he", "she", "her", "him"):
            continue
        first = turn.speaker if before[0] == "me" else resolve_pronoun(turn, si, b.first - 2)
        m = _COUPLE.match(sent.text, b.end - sent.start)
        if m is not None and first is not None and as_person(turn, b) not in (None, first):
            b.type = "person"
            label = "partner_of" if m.group("wed") else "broke_up_with"
            add_fact(turn, RawFact(first, b, label, label == "partner_of", si))
    for a, b in pairwise(spans):
        if [t.lower for t in toks[a.last + 1 : b.first]] != ["and"]:
            continue
        m = _COUPLE.match(sent.text, b.end - sent.start)
        if m is None:
            continue
        first, second = as_person(turn, a), as_person(turn, b)
        if first is None or second is None or first == second:
            continue
        b.type = "person"
        label = "partner_of" if m.group("wed") else "broke_up_with"
        add_fact(turn, RawFact(first, b, label, label == "partner_of", si))


def _they(turn: Turn, si: int) -> None:
    """"They got engaged", "they broke up in April": the two people "they" are (the turn's, or
    the latest turn's before it), partners, or partners no more."""
    sent = turn.sentences[si]
    for m in _THEY.finditer(sent.text):
        ti = tok_index(sent, sent.start + m.start())
        pair = resolve_pair(turn, si, ti)
        if pair is None:
            continue
        token = sent.tokens[ti]
        a, b = (Span(token.text, name, "person", token.start, token.end, ti, ti) for name in pair)
        if m.group("wed"):
            add_fact(turn, RawFact(pair[0], b, "partner_of", True, si))
        else:  # whichever way round their being partners was told
            add_fact(turn, RawFact(pair[0], b, "broke_up_with", False, si))
            add_fact(turn, RawFact(pair[1], a, "broke_up_with", False, si))


def _we(turn: Turn, si: int) -> None:
    """"There's this guy, Dan, and we're kind of a thing now", "I met Dan at Jo's. We're dating":
    the speaker's partner, the one person the sentence (or the turn's sentence before) names."""
    if turn.speaker is None or not _WE.search(turn.sentences[si].text):
        return
    for k in (si, si - 1):
        people = {s.name: s for s in turn.names[k] if s.type == "person" and s.name != turn.speaker
                  and not s.vocative} if k >= 0 else {}
        if people:
            if len(people) == 1 and not any(f.obj.name in people and f.label != "partner_of" for f in turn.facts):
                add_fact(turn, RawFact(turn.speaker, next(iter(people.values())), "partner_of", True, si))
            return


def _proposed_or_seeing(turn: Turn, si: int) -> None:
    """"Dan proposed (to me)", "Tom proposed to Ana", "Dan, the guy I'm seeing, …": partners."""
    sent = turn.sentences[si]
    for span in turn.names[si]:
        if span.type != "person":
            continue
        if turn.speaker is not None and _SEEING_ASIDE.match(sent.text, span.end - sent.start):
            add_fact(turn, RawFact(turn.speaker, span, "partner_of", True, si))
            continue
        m = _PROPOSED.match(sent.text, span.end - sent.start)
        if m is None:
            continue
        to = m.group("to") or m.group("asked")
        if to is None and not _SAID_YES.search(sent.text):
            continue  # "Tom proposed!", told of a friend: to whom, the words do not say
        if to is None or to.lower() == "me":
            other = turn.speaker
        elif to.lower() in ("him", "her"):
            other = resolve_pronoun(turn, si, tok_index(sent, sent.start + m.start("to" if m.group("to") else "asked")))
        else:
            named = turn.name_at(si, tok_index(sent, sent.start + m.start("to" if m.group("to") else "asked")))
            other = named.name if named is not None and named.type == "person" else None
        if other is not None and other != span.name:
            add_fact(turn, RawFact(other, span, "partner_of", True, si))


# "Jo's left Pete": leaving a person memory knows as one's partner ends the couple (leaving a firm is a job's end)
_LEFT_SOMEONE = frozenset(("left", "leaving", "leaves"))
# … but not "left Pete at the pub", "left him with the kids": somewhere, for a while
_LEFT_THERE = frozenset("at in with on to outside behind alone home early waiting holding asleep".split())


def _left_a_partner(turn: Turn, si: int) -> None:
    """"Jo's finally left Pete", "Pete is leaving Jo": broke_up_with, where memory holds them a couple."""
    toks = turn.sentences[si].tokens
    for span in turn.names[si]:
        k = span.first - 1
        if span.type not in _COUPLE_SUBJECTS or k < 1 or toks[k].lower not in _LEFT_SOMEONE or (
                span.last + 1 < len(toks) and toks[span.last + 1].lower in _LEFT_THERE):
            continue
        subject, other = subject_past_adverbs(turn, si, k), as_person(turn, span)
        if subject is not None and other is not None and (
                turn.partners.get(subject) == other or turn.partners.get(other) == subject):
            add_fact(turn, RawFact(subject, span, "broke_up_with", False, si))


def _has_a_partner(turn: Turn, si: int) -> None:
    """"Grandma Joan has a boyfriend at 82, his name is Harold": Joan's partner is Harold."""
    sent = turn.sentences[si]
    for m in _HAS_A_PARTNER.finditer(sent.text):
        k = tok_index(sent, sent.start + m.start())
        subject = subject_before(turn, si, k)
        span = turn.name_at(si, tok_index(sent, sent.start + m.end()))
        if subject is not None and span is not None and span.type in _COUPLE_SUBJECTS and as_person(turn, span) != subject:
            span.type = "person"
            add_fact(turn, RawFact(subject, span, "partner_of", True, si))


# The words of a couple's end, whoever is named with them: "she ended it sunday", "me n cal are no more", "dev
# binned me off", "ana's finally kicked jonno to the kerb", "they've separated", "leon moved his stuff out"
_OVER = re.compile(
    # (not "we split the bill", "dumped the rubbish", "left her keys at mine")
    r"\b(?:split(?:\s+up)?(?=\s*(?:[.,;!]|$)|\s+(?:up|last|in|on|this|yesterday|after|over|for|recently|months|weeks)\b)"
    r"|splitting\s+up|separated(?!\s+(?:the|a|an|from\s+the)\b)|separating|divorc(?:e|ed|ing)"
    r"|dumped\s+(?:me|him|her)(?=\s*(?:[.!,;:]|$)|\s+(?:for|last|on|in|after|yesterday|this|and|because|over|by)\b)"
    r"|(?:got|was|been)\s+dumped|broke\s+up|broken\s+up|breaking\s+up"
    r"|ended\s+(?:it|things)|called\s+it\s+(?:off|quits|a\s+day)|single\s+again"
    r"|kicked\s+[\w']+\s+(?:to\s+the\s+(?:kerb|curb)|out)|binned\s+(?:me|him|her)\s+off"
    r"|moved\s+(?:his|her|their)\s+(?:stuff|things)\s+out|pack\s+(?:his|her)\s+bags|walked\s+out\s+on"
    r"|left\s+(?:me|him|her)(?=\s*(?:[.,;!]|$)|\s+(?:for|after|last|on|in\s+(?:may|june|the\s+end))\b)"
    r"|gone\s+back\s+to\s+(?:his|her)\s+ex|isn't\s+for\s+us|not\s+together"
    # "Tom's seeing someone new", "they aren't a thing any more", "no longer an item", "since their split"
    r"|(?:seeing|dating|met|found)\s+someone\s+(?:new|else)|(?:not|aren't|isn't|no\s+longer)\s+(?:a\s+thing|an\s+item|a\s+couple)"
    r"|(?:the|their|his|her|our|my)\s+(?:break-?up|split)|parted\s+(?:ways|company)"
    r"|back\s+on\s+(?:the\s+)?(?:dating\s+apps?|apps|market|tinder|hinge|bumble)"
    # "Kenji's not in the picture any more", "Darren's shot through"
    r"|(?:not|n't|no\s+longer)\s+in\s+the\s+picture|out\s+of\s+the\s+picture|shot\s+through"
    # "Priya chucked Dan", "she's moved on from Dan", "their marriage is over", "she told Dan it was over"
    r"|(?:chucked|ditched)\s+(?:me|him|her|(?-i:[A-Z])[\w'-]+)(?=\s*(?:[.!,;]|$)|\s+(?:for|last|on|in|after|yesterday|this|and"
    r"|because|over|by)\b)|moved\s+on\s+from\s+(?:me|him|her|(?-i:[A-Z])[\w'-]*)"
    r"|(?:relationship|marriage|engagement)\s+(?:is|'s|was)\s+(?:well\s+and\s+truly\s+|definitely\s+|officially\s+)?"
    r"(?:over|finished|dead|done)|told\s+(?:me|him|her|(?-i:[A-Z])[\w'-]+)\s+(?:it's|it\s+is|its|it\s+was)\s+(?:over|finished)"
    # "she's done with Dan", "they ended their relationship", "couldn't make it work", "stopped seeing him", "are exes"
    r"|done\s+with\s+(?:me|him|her|(?-i:[A-Z])[\w-]*\b(?!'))(?!\s+(?:for|on)\b)"
    r"|ended\s+(?:their|the|her|his|our|my)\s+(?:relationship|marriage|engagement)"
    r"|(?:broke|broken|breaking)\s+off\s+(?:the|their|her|his|our|my)\s+engagement"
    r"|called\s+off\s+(?:the|their|her|his|our|my)\s+(?:wedding|engagement)|engagement\s+(?:\w+\s+){0,2}?(?:is|'s)\s+off"
    r"|(?:couldn't|could\s+not|didn't|did\s+not)\s+(?:make\s+it|make\s+things)\s+work|(?:didn't|did\s+not)\s+work\s+out"
    r"|(?:stopped|no\s+longer|not)\s+seeing\s+(?:each\s+other|him|her|me|(?-i:[A-Z])[\w-]*\b(?!'))"
    r"|(?:are|'re)\s+(?:now\s+)?exes)\b",
    re.IGNORECASE)
# … not a row, a rough patch, or an end feared, wished or undone ("they're back together", "nearly split")
_NOT_OVER = re.compile(r"\b(?:back\s+together|made\s+up|patched|worked\s+(?:it|things)\s+out|nearly|almost|if|would|might"
                       r"|thinking\s+(?:of|about)|rough\s+patch|worried|afraid|scared|rumou?rs?|hope|hoping|never)\b",
                       re.IGNORECASE)
_ME = frozenset(("i", "me", "we", "i'm", "we're", "we've", "us", "my"))


# "we're done", "me n cal are no more", "ben's ancient history", "it's over": of a couple, not "keto is finished"
_DONE = re.compile(r"\b(?P<who>[\w']+?)(?:\s+(?:are|is|were)|'re|'s)\s+(?:\w+\s+)?(?:done|over|finished|no\s+more"
                   # (not "done with the car", "done with Dan's car", "done for the day"; "done for good", "over with him" are)
                   r"|(?:ancient\s+)?history)\b(?!\s+(?:with\s+(?:the|a|an|my|his|her|their|our|this|that|it|work)\b"
                   r"|with\s+(?-i:[A-Z])[\w-]*'s\b|for\s+the\s+(?:day|night|week)\b))", re.IGNORECASE)


def _ended_by_its_words(turn: Turn, si: int) -> None:
    """broke_up_with for the one couple memory knows (``turn.partners``) that sentence ``si`` names one of,
    by name, nickname or "me", where it tells a couple's end in any words."""
    sent = turn.sentences[si]
    told = _OVER.search(sent.text) or any(
        m.group("who").lower() in ("we", "they", "it") or _known_partner_named(turn, m.group("who")) is not None
        or m.group("who") == "I" and sent.text[: m.start()].rstrip().lower().endswith("and")  # "Annelie and I are finished"
        for m in _DONE.finditer(sent.text))
    if not told or _NOT_OVER.search(sent.text) or sent.text.rstrip().endswith("?"):
        return
    couples: dict[frozenset[str], tuple[str, str, int]] = {}
    for k, token in enumerate(sent.tokens):
        if token.lower == "they" and (pair := resolve_pair(turn, si, k)) is not None:
            one = pair[0]  # "How are Tom and Mia?" — "oh they're over"
        else:
            one = (turn.speaker if token.lower in _ME else resolve_pronoun(turn, si, k) if token.lower in ("he", "she", "him", "her")
                   else _known_partner_named(turn, token.text))
        other = turn.partners.get(one) if one is not None else None
        if other is not None and other != one:
            couples.setdefault(frozenset((one, other)), (one, other, k))
    if len(couples) != 1 or any(f.label in ("broke_up_with", "partner_of") for f in turn.facts if f.sentence == si):
        return
    one, other, k = next(iter(couples.values()))
    token = sent.tokens[k]
    if other != turn.speaker and not any(s.name == other for per in turn.names for s in per):
        turn.refer(other, si, k)  # "dev binned me off": Dev named; "she ended it sunday": Maya, unnamed
    if one != turn.speaker and not any(s.name == one for per in turn.names for s in per):
        turn.refer(one, si, k)
    add_fact(turn, RawFact(one, Span(token.text, other, "person", token.start, token.end, k, k), "broke_up_with", False, si))


def _known_partner_named(turn: Turn, word: str) -> str | None:
    """The person memory knows a partner of whom ``word`` names (their name or nickname, any case)."""
    low = word.lower()
    if not word[:1].isupper() and lx.is_dictionary_word(low) and not is_first_name(low):
        return None  # "and", "the": no "Andy", no "Theo" (but "tom" is Tomasz)
    found = {p for p in turn.partners if p.lower() == low or p.split()[0].lower() == low or is_nickname_of(low, p)}
    return found.pop() if len(found) == 1 else None
