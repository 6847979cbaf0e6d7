"""Homes named in passing, on the way to something else: someone's home by who they are to the speaker ("my cousin
Neha in Mississauga", "my stepmum in Lancaster", "Greg, my parents' neighbour in Moncton,"), by its owner ("staying at
Liam's in Dundee", "over to hers in Derry") or by what is near it ("the shops near her in Edison"), and the speaker's
by the years in it ("eight years in Dundee and I still …"), or by the home of those they live with ("I still live
with my gran", "Mum lives in Hull, and so do I"). Read after a sentence's other readers, whatever else the
sentence asks or denies ("my stepmum in Lancaster doesn't drive"): a home named so may be the speaker's as well
("back at my parents' in Otley")."""

from __future__ import annotations

import re
from collections.abc import Mapping

from memdb.extract import lexicon as lx
from memdb.extract import phrases as ph
from memdb.extract.entities import Span
from memdb.extract.home_clauses import homes_matched, opening_subject
from memdb.extract.names import is_first_name
from memdb.extract.objects import a_town, known_place, typed
from memdb.extract.text import Token
from memdb.extract.turn import HOME_LABELS, RawFact, Turn, add_fact, person_at, resolve_pronoun, subject_past_adverbs, tok_index

_OWN_HOME = frozenset(("lives_in", "moving_to"))

# "Six years in Manchester and I still get lost", "ten years in Leeds now, and she still hates the rain": a home of years
_YEARS_IN = re.compile(rf"^\W*(?:(?:nearly|almost|over|about|coming\s+up\s+to)\s+)?{ph.YEARS}\s+in\s+(?P<place>{ph.NAME_WORDS})"
                       r"(?:\s+now)?\s*(?:,\s*)?(?:and\s+)?(?=(?:I|we|he|she|(?-i:[A-Z])[\w'-]+)\b)", re.IGNORECASE)
_LEFT_WORDS = frozenset("left leaving packed moved moving sold upped".split())
_NEGATION = frozenset(("not", "n't", "never", "no"))
_BE = frozenset("is are was were 's".split())  # "Is my sister in Leeds?": asked, not told
_AT_OR_NEAR = frozenset("at to from round near around close next".split())


# "my cousin Neha in Mississauga says …", "my friend Zanele, up in Durban, sent …": a home told by naming someone
_MET = frozenset("met meet meeting saw see seeing seen bumped ran caught joined took picked dropped".split())
_MEALS = re.compile(r"\bfor\s+(?:a\s+)?(?:lunch|dinner|coffee|drinks?|brunch|breakfast|tea|a\s+pint)\b", re.IGNORECASE)
_IN_TOWN_AFTER = re.compile(r"\s*,?\s+(?:(?:up|down|over|out|back)\s+)?in\s+(?=(?-i:[A-Z]))", re.IGNORECASE)


def read_homes_in_passing(turn: Turn, si: int) -> None:
    """The homes sentence `si` of a user's turn names in passing (not a town named after a negation: "I'm not off
    to Liam's in Dundee")."""
    toks = turn.sentences[si].tokens
    words = {t.lower for t in toks}
    if turn.by_assistant or "in" not in words:
        return
    denied = [i for i, t in enumerate(toks) if t.lower in _NEGATION]
    _someone_in_town(turn, si, denied)
    if words & _AT_OR_NEAR:
        _at_someones_home(turn, si, denied)
    if "years" in words and not words & _LEFT_WORDS:  # (not "… and we packed up and left": home_clauses)
        _years_in(turn, si, denied)


def _years_in(turn: Turn, si: int, denied: list[int]) -> None:
    """"Eight years in Dundee and I still can't …": lives_in for the subject of the clause after the years."""
    sent = turn.sentences[si]
    for m, span in homes_matched(turn, si, _YEARS_IN):
        subject = opening_subject(turn, si, tok_index(sent, sent.start + m.end()))
        if subject is not None and not any(d < span.first for d in denied):
            add_fact(turn, RawFact(subject, span, "lives_in", True, si))


def _someone_in_town(turn: Turn, si: int, denied: list[int]) -> None:
    """lives_in for a person named after a word for who they are to the speaker ("my cousin Neha"), or by that word
    alone ("my stepmum"), or with it put beside their name ("Greg, my parents' neighbour in Moncton,"), and then "in" a
    town memory or the world's lists know — not on a stay ("my sister in Paris this week")."""
    sent = turn.sentences[si]
    toks = sent.tokens
    if ph.SHORT_STAY.search(sent.text) or _MEALS.search(sent.text):
        return
    for span in turn.names[si]:
        if span.type != "person" or span.vocative or span.name == turn.speaker or any(t.lower in _MET for t in toks[: span.first]):
            continue  # (not "I met my friend Tom in Leeds": where they met)
        m = _IN_TOWN_AFTER.match(sent.text, span.end - sent.start) if _said_as_kin(toks, span) else None
        if m is None and (m := _KIN_APPOSED_IN.match(sent.text, span.end - sent.start)) is not None and (
                m.group("noun").lower() not in lx.PERSON_NOUNS):
            m = None
        town = turn.name_at(si, tok_index(sent, sent.start + m.end())) if m else None
        if town is None or town.type != "place" or not a_town(town) or any(d < town.first for d in denied):
            continue
        if typed(town, "town") is not None and not any(f.subject == span.name and f.label in HOME_LABELS for f in turn.facts):
            add_fact(turn, RawFact(span.name, town, "lives_in", True, si))


_KIN_APPOSED_IN = re.compile(r"\s*,\s+(?:my|our)\s+(?:[\w'-]+\s+){0,2}?(?P<noun>[\w-]+)\s+(?:(?:up|down|over|out|back)\s+)?in\s+"
                             r"(?=(?-i:[A-Z]))", re.IGNORECASE)


def _said_as_kin(toks: list[Token], span: Span) -> bool:
    """Is the person told by a word for who they are to the speaker, before their name ("my cousin Neha") or for it
    ("my stepmum") — not said to be it ("is my sister")?"""
    if span.first and toks[span.first - 1].lower in _BE:
        return False
    return (span.first >= 2 and toks[span.first - 1].lower in lx.PERSON_NOUNS and toks[span.first - 2].lower in ("my", "our")
            or toks[span.first].lower in ("my", "our") and toks[span.last].lower in lx.KINSHIP)


# "staying at Liam's in Dundee", "off to my sister's in Harrogate", "over to hers in Derry": someone's home, in its town
_AT_SOMEONES = re.compile(
    r"\b(?:at|to|from|round|stay(?:ing|ed)?\s+at)\s+(?:(?P<pron>hers|his|theirs)|(?:(?:my|our|his|her|their)\s+(?:[\w-]+\s+)?)?"
    r"(?P<owner>[\w-]+)(?:'s|s'))\s+(?:(?:place|house|flat|home)\s+)?(?:(?:up|down|over|out)\s+)?in\s+"
    r"(?=(?-i:[A-Z]))", re.IGNORECASE)
# (not "dinner at Gino's in Leeds": a venue named for someone)
_VENUES = re.compile(r"\b(?:restaurant|bar|pub|cafe|café|table|booked|booking|reservation|menu|shop|salon)\b", re.IGNORECASE)
# "the shops near her in Edison", "round the corner from him in Bradford": whose home is near, in its town
_NEAR_THEM = re.compile(
    r"\b(?:near|round|around|close\s+to|(?:down|up|along)\s+the\s+(?:road|street)\s+from|round\s+the\s+corner\s+from"
    r"|across\s+the\s+(?:road|street)\s+from|next\s+door\s+to)\s+(?P<who>him|her|me|us)\s+in\s+(?=(?-i:[A-Z]))",
    re.IGNORECASE)


def _at_someones_home(turn: Turn, si: int, denied: list[int]) -> None:
    """lives_in for one whose home the sentence names by its owner ("at Liam's in Dundee", "to hers in Derry") or by
    what is near it ("the shops near her in Edison"), in a town memory or the world's lists know."""
    sent = turn.sentences[si]
    for pattern in (_AT_SOMEONES, _NEAR_THEM):
        for m in pattern.finditer(sent.text):
            town = turn.name_at(si, tok_index(sent, sent.start + m.end()))
            if town is None or not a_town(town) or any(d < town.first for d in denied) or typed(town, "town") is None:
                continue
            if pattern is _NEAR_THEM:
                who = person_at(turn, si, tok_index(sent, sent.start + m.start("who")))  # (near me: the speaker's)
            elif m.group("pron"):
                who = resolve_pronoun(turn, si, tok_index(sent, sent.start + m.start("pron")))
            else:
                owner = turn.name_ending(si, tok_index(sent, sent.start + m.start("owner")))
                if owner is not None and owner.type == "concept" and is_first_name(owner.name.split()[0].lower()):
                    owner.type = "person"  # "at Niamh's in Leeds": whose home, by a name the common list lacks
                who = owner.name if owner is not None and owner.type == "person" and not owner.vocative and not (
                    owner.name.endswith("'s") or _VENUES.search(sent.text) and not owner.name.startswith(f"{turn.speaker}'s ")
                ) and (known_place(town) or _someone_by_name(turn, owner.name)) else None
            if who is not None and (who != turn.speaker or pattern is _NEAR_THEM):
                add_fact(turn, RawFact(who, town, "lives_in", True, si))
            if pattern is _AT_SOMEONES and (cue := _LODGING.search(sent.text, 0, m.start())) is not None and not (
                    ph.SHORT_STAY.search(sent.text) or _MEALS.search(sent.text)):  # (not "staying at Liam's this week")
                # "Zoe's been at her nan's in Hull since the divorce": Zoe's home too
                lodger = subject_past_adverbs(turn, si, tok_index(sent, sent.start + cue.start()))
                if lodger is not None and lodger not in (who, turn.speaker):
                    add_fact(turn, RawFact(lodger, town, "lives_in", True, si))


# "… is still at", "'s back at", "is living at", "bunking at": one who lives at another's home
_LODGING = re.compile(r"\b(?:still|back|living|lives|staying|stays|bunking|lodging|crashing|dossing)\s+(?:(?:back|still|now)\s+)?"
                      r"$", re.IGNORECASE)


def _someone_by_name(turn: Turn, name: str) -> bool:
    """Is ``name`` a relative of the speaker's ("Sam's brother") or a person by a first name ("Liam"): one whose home
    a town no list knows may be ("at Liam's in Quarryton"), not a venue named like a person ("at Bodega's in …")?"""
    return turn.speaker is not None and name.startswith(f"{turn.speaker}'s ") or is_first_name(name.split()[0].lower())


def read_homes_shared(turn: Turn, homes_known: Mapping[str, str]) -> None:
    """The speaker's home told as another's, when the turn tells none of their own: the family's they live with, as
    the turn tells it or memory knows it ("I still live with my gran"), or the one "so do I" follows."""
    if turn.speaker is None or any(f.subject == turn.speaker and f.label in _OWN_HOME for f in turn.facts):
        return
    if not _living_with_family(turn, homes_known):
        _so_do_i(turn)


def read_homes_of_household(turn: Turn, homes_known: Mapping[str, str], children: Mapping[str, str]) -> None:
    """Another's home told as the speaker's: one who lives with them ("Jack's still living with us"), or their child
    leaving home ("our Emma is moving out in May", "Jack's flown the nest"), has lived where the speaker does, as the
    turn tells it or memory knows it; one gone has moved out of it."""
    if turn.speaker is None or turn.by_assistant:
        return
    mine = {f.obj.name: f.obj for f in turn.facts if f.subject == turn.speaker and f.label == "lives_in"}
    if not mine and turn.speaker in homes_known:
        mine = {homes_known[turn.speaker]: None}
    if len(mine) != 1:
        return
    town, told = next(iter(mine.items()))
    for si, sent in enumerate(turn.sentences):
        if not _HOUSEHOLD_WORDS.intersection(t.lower for t in sent.tokens):
            continue
        for m in _HOUSEHOLD.finditer(sent.text):
            if m["with"] and ph.SHORT_STAY.search(sent.text):
                continue  # "Jack's living with us for the week"
            k = tok_index(sent, sent.start + m.start("who"))
            who = person_at(turn, si, k)
            if who is None or who == turn.speaker or not m["with"] and not _child_of(turn, who, children):
                continue  # (not "Jenna moved out to El Paso": from where, unknown)
            place = told or _home_known(town, k)
            add_fact(turn, RawFact(who, place, "lives_in", True, si))
            if m["gone"]:
                add_fact(turn, RawFact(who, place, "moved_out_of", False, si))


def _home_known(town: str, k: int) -> Span:
    """The town of a home memory knows, which the turn does not name: a place at no character of it (start -1), read
    where token ``k`` tells of it."""
    return Span(town, town, "place", -1, -1, k, k)


def _child_of(turn: Turn, who: str, children: Mapping[str, str]) -> bool:
    """Is ``who`` the speaker's child, as the turn ("my daughter Emma") or memory tells it?"""
    return children.get(who) == turn.speaker or any(
        f.label == "parent_of" and (f.subject, f.obj.name) == (turn.speaker, who)
        or f.label == "child_of" and (f.subject, f.obj.name) == (who, turn.speaker) for f in turn.facts)


_HOUSEHOLD_WORDS = frozenset(("us", "me", "home", "out", "nest"))  # one of them ends each of _HOUSEHOLD's forms
# "Jack's still living with us", "Emma lives at home with me", "our son moved back in with us", "she's still at home":
# one of the household; "Emma moved out last week", "Jack has flown the nest" (gone), "Emma is moving out in May"
_HOUSEHOLD = re.compile(
    r"\b(?P<who>(?-i:[A-Z])[\w-]+|he|she)(?:'s|\s+is|\s+has|\s+had|\s+was)?\s+(?:(?:still|now|currently|finally|just|"
    r"officially|already|also|both|back|been)\s+)*"
    r"(?:(?P<with>(?:lives|living|live)\s+(?:at\s+home\s+)?with\s+(?:us|me)\b|(?:moved|moving)\s+back\s+in\s+with\s+(?:us|me)\b"
    r"|(?<=still\s)(?:living\s+)?at\s+home\b(?!\s+(?:today|tonight|sick|ill|with\s+(?!us|me))))"
    r"|(?P<gone>moved\s+out|left\s+home|(?:flown|flew)\s+the\s+nest)\b(?!\s+(?:of|from)\b)"
    r"|(?:moving\s+out|leaving\s+home|flying\s+the\s+nest)\b(?!\s+(?:of|from)\b))", re.IGNORECASE)


# "I still live with mum and gran", "we're living with my parents for now": a home shared with family, told without where
_LIVE_WITH_FAMILY = re.compile(
    rf"\b(?:I|we)(?:'m|\s+am|'re|\s+are)?\s+(?:(?:still|currently|now|back)\s+)?(?:live|living|staying)\s+(?:at\s+home\s+)?with\s+"
    rf"(?P<kin>(?:(?:my|our)\s+)?(?:{ph.HOME_FAMILY_WORDS})(?:\s*(?:,|and|&)\s*(?:(?:my|our)\s+)?(?:{ph.HOME_FAMILY_WORDS}))*)\b"
    r"(?!\s+(?:in|near|at)\b)", re.IGNORECASE)
_FAMILY_WORD = re.compile(rf"\b(?:{ph.HOME_FAMILY_WORDS})\b")


def _living_with_family(turn: Turn, homes_known: Mapping[str, str]) -> bool:
    """"I still live with mum and gran. Mum's house in Hull is tiny.": the speaker lives where the family they live
    with does, as the turn tells it or else memory knows it (one home). Told?"""
    assert turn.speaker is not None
    for si, sent in enumerate(turn.sentences):
        for m in _LIVE_WITH_FAMILY.finditer(sent.text):
            family = {f"{turn.speaker}'s {lx.PLAIN_KIN.get(w, w)}" for w in _FAMILY_WORD.findall(m["kin"].lower())}
            homes = {f.obj.name: f.obj for f in turn.facts if f.label == "lives_in" and f.subject in family}
            known = {homes_known[who] for who in family if who in homes_known}
            if not homes and len(known) == 1:  # the home memory knows, which the turn does not name
                town = known.pop()
                homes = {town: _home_known(town, tok_index(sent, sent.start + m.end()) - 1)}
            if len(homes) == 1:
                add_fact(turn, RawFact(turn.speaker, next(iter(homes.values())), "lives_in", True, si))
                return True
    return False


_SO_DO_I = re.compile(r"\b(?:(?:and\s+)?so\s+(?:do|am)\s+(?:I|we)|(?:I|we)\s+(?:do|am|are)\s+too|same\s+as\s+me)\b", re.IGNORECASE)


def _so_do_i(turn: Turn) -> bool:
    """"Mum lives in Hull, and so do I": the speaker's home is the one the sentence tells of another. Told?"""
    assert turn.speaker is not None
    for si, sent in enumerate(turn.sentences):
        if not _SO_DO_I.search(sent.text):
            continue
        homes = {f.obj.name: f.obj for f in turn.facts if f.sentence == si and f.label == "lives_in" and f.subject != turn.speaker}
        if len(homes) == 1:
            add_fact(turn, RawFact(turn.speaker, next(iter(homes.values())), "lives_in", True, si))
            return True
    return False
