"""Homes told by a whole clause, which the rule table (a verb, then its object) cannot read: "it's
freezing here in Leeds", "Leeds is where Ana lives", "after 11 years in Brooklyn we packed up and
left", "the Baner flat that Rohit, Adi and I share", "staying with Neha in Kalyani Nagar", "Joe's
from Harrogate and still lives there", "… in Chapel Allerton, we pick the keys up on the 3rd", "I'm a Londoner
now", a move told without where to, "before moving to York"; and those a home is shared with ("I live in
Brockley with my partner Tom"). Homes named in passing, on the way to something else, are homes_in_passing.py's."""

from __future__ import annotations

import re
from collections.abc import Iterator

from memdb.extract import lexicon as lx
from memdb.extract import phrases as ph
from memdb.extract import world_towns
from memdb.extract.entities import Span
from memdb.extract.objects import a_town, in_a_name, known_place, named_like_a_town, typed
from memdb.extract.places import CITIES, LANGUAGES
from memdb.extract.turn import (
    HOME_LABELS, RawFact, Turn, add_fact, as_person, household, person_at, resolve_pair, resolve_pronoun, subject_before,
    subject_past_adverbs, tok_index,
)

# "it's freezing here in Leeds", "Leeds is where I live": where the speaker is at home
_HERE_IN = re.compile(r"\b(?i:here|over\s+here|up\s+here|down\s+here|out\s+here)\s+in\s+(?:the\s+)?(?=[A-Z])")
_WHERE_I_LIVE = re.compile(r"(?:\s+(?:is|'s)|,)\s+where\s+(?:I|we)\s+(?:live|'m\s+based|am\s+based|call\s+home)\b")
_WHERE_THEY_LIVE = re.compile(r"(?:\s+(?:is|'s)|(?:\s+(?:this|next|on)\s+(?:weekend|week|month|\w+day))?,)\s+where\s+(?P<who>(?-i:[A-Z])[\w'-]+|he|she)\s+"
                              r"(?:lives|'s\s+based|is\s+based|calls\s+home|stays|is\s+staying)\b")
# "he is coming from Indore, where he is doing CA coaching": where one studies or trains is where one lives
_WHERE_THEY_STUDY = re.compile(r"\s*,?\s+where\s+(?P<who>(?-i:[A-Z])[\w'-]+|he|she)(?:(?:\s+is|'s)\s+(?:now\s+)?"
                               r"(?:doing|studying|training|living|renting|teaching|staying)|\s+(?:stays|lives|studies|teaches|rents))\b"
                               r"(?!\s+(?:at|in|with)\b)")  # (not "where he stays at the Hilton")
# "After 11 years in Brooklyn we packed up and left": the home of those years, left
_YEARS_THEN_LEFT = re.compile(
    rf"\b(?i:after)\s+(?i:(?:over\s+|nearly\s+|almost\s+)?{ph.YEARS})\s+in\s+(?P<place>{ph.NAME_WORDS})\s*,?\s+"
    r"(?P<who>I|[Ww]e|[Hh]e|[Ss]he|[Tt]hey)(?:\s+|(?='))(?:(?:finally|just|have|'ve|had|'d)\s+)*"
    r"(?:(?P<gone>packed\s+up|left|moved\s+(?:out|away|on|to|back|over|up|down)|sold\s+up|upped\s+sticks|relocated|emigrated)"
    # "After ten years in Leeds we're moving to York": the home until the move
    r"|(?:'re|'m|'s|are|am|is|will\s+be|'ll\s+be)\s+(?:(?:finally|now|all|both)\s+)*(?:moving|relocating|emigrating|leaving"
    r"|off\s+to|heading))\b")
# "the kitchen in the Baner flat that Rohit, Adi and I share", "our Leith flat, which I share with Tom":
# the speaker's home, and the home of those named sharing it
_SHARED_HOME = re.compile(
    rf"\b(?:the|our|my)\s+(?P<place>(?-i:[A-Z])[\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)?)\s+(?:{ph.DWELLING})\s*,?\s+"
    r"(?:that|which|where)\s+(?P<who>[^.!?;]{0,40}?)\b(?:I|we)\s+(?:(?:now|currently|still|all)\s+)?"
    r"(?:share|rent|live\s+in|own|live)\b", re.IGNORECASE)
# "Joe's from Harrogate and still lives there", "we went to Rome, Anna lives there": the place named before
_LIVES_THERE = re.compile(r"(?P<and>\band\s+)?(?:(?:still|now|also|actually)\s+)?(?:lives|live|is\s+living|'s\s+living|"
                          r"are\s+living|'re\s+living|(?:is|'s|are|'re)\s+(?:now\s+)?(?:renting|based|settled)|rents"
                          # "my sister moved there last month", "Rohan keeps ringing from his apartment there"
                          r"|(?:has\s+|'s\s+|have\s+|'ve\s+)?(?:moved|relocated|shifted)|(?<=\b(?:his|her))\s+(?:apartment|flat|house|place|home)"
                          r"(?:\s+(?:up|down|over|out))?)\s+there\b"
                          # "a chef at Fig & Fennel in Paddington, lives like 2 streets from it", "rents a room round the corner"
                          r"|(?:lives|living|rents\s+a\s+(?:room|flat|place)|renting\s+a\s+(?:room|flat|place))\s+(?:like\s+|just\s+|about\s+)?"
                          r"(?:(?:\d+|two|three|four|five|ten|a\s+few|a\s+couple\s+of)\s+(?:streets|minutes|mins|doors)\s+(?:away\s+)?from\s+"
                          r"(?:it|there|work|the\s+\w+)|(?:round|around)\s+the\s+corner\b(?!\s+from\s+(?:me|us)\b)|down\s+the\s+road\b)",
                          re.IGNORECASE)
# "staying with Neha in Kalyani Nagar", "crashing with Lachie in Coburg": the host's home, however short the stay
_STAYING_WITH = re.compile(
    r"\b(?:stay|stays|staying|stayed|crash|crashes|crashing|crashed|kipping|dossing|sleeping|moved\s+in|moving\s+in|"
    r"move\s+in|living|lives|live)\s+with\s+(?P<host>(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?|him|her)\s+(?:in|near)\s+"
    r"(?P<place>(?-i:[A-Z]))"
    # "visiting Mum in Truro next week", "we visited my sister in Leeds": whom one visits is at home there
    r"|\bvisit(?:s|ing|ed)?\s+(?:(?:my|our|his|her|their)\s+(?:[\w-]+\s+)?(?=[\w-]+\s+in\b))?(?P<visited>(?-i:[A-Z])[\w'-]+|[\w-]+)\s+in\s+"
    r"(?P<town>(?-i:[A-Z]))", re.IGNORECASE)
# "2 bed terrace in Chapel Allerton, we pick the keys up on the 3rd": a home to move to (dated by the
# sentence's date: a plan until then)
_KEYS_TO = re.compile(
    rf"(?:\b\d\s*-?\s*bed(?:room)?\s+|\b(?:a|an|the|our|my)\s+(?:[\w'-]+\s+){{0,2}}?)(?:{ph.DWELLING})\s+"
    rf"(?:in|near|on)\s+(?P<place>{ph.NAME_WORDS})\s*[,;:]?\s+(?:and\s+)?(?P<who>I|we)\s+"
    r"(?:(?:'ll|will|are|'re|should|can)\s+)?(?:get|getting|pick|picking|collect|collecting)\s+(?:up\s+)?the\s+keys\b",
    re.IGNORECASE)
# "his company sent him to Port Harcourt for good", "they've posted her to Leeds permanently": a move made for one
_SENT_FOR_GOOD = re.compile(
    rf"\b(?:sent|posted|transferred|relocated|moved)\s+(?P<who>him|her|me|us)\s+(?:(?:out|over|up|down|back)\s+)?to\s+"
    rf"(?P<place>{ph.NAME_WORDS})\s+(?:for\s+good|permanently)\b", re.IGNORECASE)
# "Bernadette, before she went back to Wexford", "Chinedu, since he went home to Enugu": a home gone back to
_WENT_BACK = re.compile(r"\b(?:before|since|after|when|now\s+that)\s+(?P<who>he|she|(?-i:[A-Z])[\w'-]+)\s+(?:went|had\s+gone|'d\s+gone|has\s+gone|'s\s+gone)\s+"
                        rf"(?:back\s+(?:home\s+)?|home\s+)(?:to\s+)?(?P<place>{ph.NAME_WORDS})", re.IGNORECASE)
# "Leaving Manchester is going to be so weird", "honestly, leaving Leeds will break my heart": the speaker's home, to leave
_LEAVING_AHEAD = re.compile(rf"^\W*(?:(?:honestly|tbh|god|ugh|but|and|so|oh)\W+)*leaving\s+(?P<place>{ph.NAME_WORDS})\s+"
                            r"(?:is|'s|will|'ll|feels|isn't|won't)\b", re.IGNORECASE)
# "I'm thinking of leaving Leeds", "we're seriously considering leaving Hull": a home one may leave
_MAY_LEAVE = re.compile(r"\b(?:I'm|I\s+am|we're|we\s+are|I've\s+been|we've\s+been)\s+(?:(?:really|seriously|actually|kind\s+of|"
                        r"sort\s+of)\s+)?(?:thinking\s+(?:of|about)|considering|planning\s+on)\s+leaving\s+"
                        rf"(?P<place>{ph.NAME_WORDS})\b", re.IGNORECASE)
# "Aoife helped Nadia move to Howth", "we helped him move into his flat in Leith": the home of whom one helped
_HELPED_MOVE = re.compile(
    rf"\bhelp(?:ed|ing|s)?\s+(?P<who>him|her|them|(?-i:[A-Z])[\w'-]+)\s+(?:to\s+)?move\s+(?:house\s+)?"
    rf"(?:(?:to|into)\s+(?:(?:his|her|their)\s+(?:new\s+)?(?:{ph.DWELLING})\s+(?:in|near)\s+)?)(?P<place>(?-i:[A-Z]))",
    re.IGNORECASE)
# "I'm a Londoner now", "she's officially a Glaswegian": the city whose people one is now one of (an origin
# without "now" or "officially": "I'm a Geordie" may say where one is from)
DEMONYMS = {"londoner": "London", "mancunian": "Manchester", "glaswegian": "Glasgow", "liverpudlian": "Liverpool",
            "scouser": "Liverpool", "brummie": "Birmingham", "geordie": "Newcastle", "dubliner": "Dublin",
            "edinburgher": "Edinburgh", "bristolian": "Bristol", "aberdonian": "Aberdeen", "parisian": "Paris",
            "berliner": "Berlin", "new yorker": "New York", "sydneysider": "Sydney", "melburnian": "Melbourne",
            "torontonian": "Toronto", "angeleno": "Los Angeles", "capetonian": "Cape Town", "mumbaikar": "Mumbai"}
_ONE_IS = (r"(?:\b(?P<i>I'm|I\s+am|we're|we\s+are)|\b(?P<who>he|she|(?-i:[A-Z])[\w'-]+)(?:'s|\s+is))\s+"
           r"(?:(?:now|officially|basically|practically|finally)\s+)*(?:an?\s+)?(?:(?:proper|true|real|honorary|fully-fledged)\s+)?")
_ONE_OF_THEM = re.compile(rf"{_ONE_IS}(?P<dem>{'|'.join(sorted(DEMONYMS, key=len, reverse=True))})s?\b", re.IGNORECASE)
_NOW_ONE = re.compile(r"\b(?:now|officially|these\s+days|at\s+last|finally)\b", re.IGNORECASE)
# "Hannah's a Bostonian now", "I'm a Vancouverite": a word for a town's people, by its ending, of a town the world's
# lists know (not "a Canadian": a country's)
_ONE_OF_A_TOWN = re.compile(rf"{_ONE_IS}(?P<dem>(?-i:[A-Z])[a-z]+(?:ian|ite|er|an|n))s?\b", re.IGNORECASE)
_PEOPLES_ENDINGS = ("nian", "ian", "ite", "er", "an", "n")


def town_of_people(word: str) -> str | None:
    """The town a word for its people names ("Bostonian": Boston, "Brisbanite": Brisbane, "Ottawan": Ottawa), if the
    world's lists or the gazetteer's cities know it."""
    low = word.lower()
    if low in LANGUAGES:
        return None
    for ending in _PEOPLES_ENDINGS:
        if low.endswith(ending) and len(low) > len(ending) + 3:
            stem = low[: -len(ending)]
            for town in (stem, stem + "e", stem + "a"):
                if town in CITIES or town in world_towns.load():
                    return town.title()
    return None
# "Daniel got the Berlin job, so we're planning to move in May": a move told without where to, the one place the
# turn names being where, when the turn tells a reason to go there (a job, an offer, a place at a university)
_MOVE_NAMING_NONE = re.compile(
    r"\b(?P<who>I|we|he|she)(?:'re|'m|'s|\s+are|\s+am|\s+is)\s+(?:(?:planning|going)\s+to\s+move|moving|relocating)"
    r"(?!\s+(?:to|into|in\s+with|back|out|house|on|over|abroad|away|home|in\s+together)\b)"
    r"(?=\s+(?:in|at|next|this|by|before|after|once)\b|\s*[.!,;]|\s*$)", re.IGNORECASE)
_WHY_MOVE = re.compile(r"\b(?:job|jobs|offer|role|position|post|transfer|transferred|posting|contract|placement|university"
                       r"|uni|college|course|house|flat|place)\b", re.IGNORECASE)
_AWAY = frozenset("""trip holiday holidays vacation visiting visit visited staying stayed hotel conference
    tour touring travelling traveling layover honeymoon""".split())


def read_home_clauses(turn: Turn, si: int, words: set[str]) -> None:
    """Append the homes sentence `si` (its lower-case ``words``) tells by a whole clause."""
    if turn.speaker is not None and ("here" in words or "where" in words) and not any(
            _AWAY.intersection(t.lower for t in other.tokens) for other in turn.sentences):
        _here_in(turn, si)
    if "after" in words and "years" in words:
        _years_then_left(turn, si)
    if turn.speaker is not None and words & {"share", "rent", "live", "own"}:
        _shared_home(turn, si)
    if words & {"with", "visit", "visits", "visiting", "visited"}:
        _host_home(turn, si)
    if words & {"there", "from", "corner", "road"}:
        _lives_there(turn, si)
    if "move" in words:
        _moved_for_someone(turn, si, _HELPED_MOVE)
    if turn.speaker is not None and "leaving" in words:
        for pattern in (_LEAVING_AHEAD, _MAY_LEAVE):
            for _, span in homes_matched(turn, si, pattern):
                if known_place(span):  # ("thinking of leaving Quorvex": a firm as likely)
                    add_fact(turn, RawFact(turn.speaker, span, "lives_in", True, si))
    if words & {"good", "permanently"}:
        _moved_for_someone(turn, si, _SENT_FOR_GOOD)
    if words & {"went", "gone"} and words & {"back", "home"}:
        _moved_for_someone(turn, si, _WENT_BACK)
    if words & _DEMONYM_WORDS or _NOW_ONE.search(turn.sentences[si].text):
        _one_of_them(turn, si)
    if words & {"move", "moving", "relocating"}:
        _move_to_the_place_named(turn, si)
    if words & {"before", "after", "since"} and words & {"moving", "relocating", "emigrating"}:
        _moved_by_gerund(turn, si)
    if turn.speaker is not None and "keys" in words:
        _keys_to(turn, si)
    if turn.speaker is not None and not turn.by_assistant and words & _FAREWELL_WORDS:
        _farewell(turn, si)


_FAREWELL_WORDS = frozenset("leave leaving miss goodbye bye farewell last always".split())


def _farewell(turn: Turn, si: int) -> None:
    """"Sad to leave Leeds", with a move to come (memory's, or the turn's): the speaker's home until then, from
    before (undated: "saying goodbye to Leeds on Sunday" is no start); a town no list knows where it reads as one."""
    assert turn.speaker is not None
    speaker = turn.speaker
    moving = {f.obj.name for f in turn.facts if f.subject == speaker and f.label == "moving_to"}
    if speaker in turn.moving:
        moving.add(turn.moving[speaker])
    sent = turn.sentences[si]
    told_move = bool(_MOVE_WORDS.intersection(t.lower for t in sent.tokens))
    if not moving and not told_move:
        return  # "I'll miss Paris" after a trip
    if sent.text.rstrip().endswith("?"):
        return
    away = any(_AWAY.intersection(t.lower for t in other.tokens) for other in turn.sentences) or ph.SHORT_STAY.search(sent.text)
    for m in _FAREWELL.finditer(sent.text):
        if m["last"] and (away or told_move):
            continue  # "our last night in Rome" of a holiday; "last night in Hull before the move": a frame's end
        span = turn.name_at(si, tok_index(sent, sent.start + m.start("place" if m["place"] else "always")))
        if span is None or span.name in moving or span.type in ("person", "date", "event", "organization", "product"):
            continue
        if not known_place(span) and not named_like_a_town(span):
            continue
        span.type = "place"
        add_fact(turn, RawFact(speaker, span, "lives_in", True, si, undated=True))


_DEMONYM_WORDS = frozenset(w for d in DEMONYMS for w in (d.split()[-1], d.split()[-1] + "s"))

# "Sad to leave Leeds", "I'll miss Hull so much", "my last weekend in Leeds", "saying goodbye to Frome", "Leeds will
# always be home": the speaker's home, said goodbye to before a move
_FAREWELL = re.compile(
    r"\b(?:(?:(?:sad|hard|gutted|heartbroken|emotional|strange|weird|sorry|tough|a\s+wrench)\s+(?:to\s+be\s+|to\s+)?"
    r"|(?:hate|hating|don't\s+want\s+to|do\s+not\s+want\s+to)\s+"
    r"|can't\s+believe\s+(?:I'm|we're|I\s+am|we\s+are)\s+(?:actually\s+|really\s+|finally\s+)?)leav(?:e|ing)"
    r"|(?:will|'ll|going\s+to|gonna)\s+(?:really\s+|so\s+|definitely\s+|truly\s+)?miss"
    r"|(?:saying\s+|said\s+|say\s+)?(?:goodbye|bye(?:\s+bye)?|farewell)(?:\s+to)?"
    r"|(?P<last>last)\s+(?:night|week|weekend|fortnight|month|few\s+(?:days|weeks))\s+(?:ever\s+)?(?:in|living\s+in)"
    r")\s+(?P<place>(?-i:[A-Z]))"
    r"|(?P<always>(?-i:[A-Z])[\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)?)\s+will\s+always\s+(?:be|feel\s+like)\s+home\b",
    re.IGNORECASE)
_MOVE_WORDS = frozenset("move moving moved relocating relocate emigrating removals".split())


def _move_to_the_place_named(turn: Turn, si: int) -> None:
    """"Daniel accepted the Berlin job. … so we're planning to move in May": lives_in the one town the turn names
    (none, or two, and the move's place is unknown); the household moves with a "we"."""
    sent = turn.sentences[si]
    towns = {s.name: (j, s) for j, names in enumerate(turn.names) for s in names
             if s.type == "place" and known_place(s) and not s.known_place}  # (not the home memory knows)
    if len(towns) != 1 or any(_AWAY.intersection(t.lower for t in other.tokens) for other in turn.sentences):
        return
    j, named = next(iter(towns.values()))
    if not _WHY_MOVE.search(turn.sentences[j].text):
        return  # "I love Leeds. We're moving in May": no reason to go there told
    for m in _MOVE_NAMING_NONE.finditer(sent.text):
        # the place, where the move is told: its time is the move's ("… starts in June, so we're moving in May")
        at = tok_index(sent, sent.start + m.end()) - 1
        town = Span(named.text, named.name, "place", sent.start + m.end() - 1, sent.start + m.end(), at, at)
        k = tok_index(sent, sent.start + m.start("who"))
        who = m.group("who").lower()
        subject = turn.speaker if who in ("i", "we") else resolve_pronoun(turn, si, k)
        if subject is None or any(f.label in ("moving_to", "lives_in") and f.subject == subject for f in turn.facts):
            continue
        for person in [subject, *(household(turn, si, subject, "lives_in", k) if who == "we" else ())]:
            add_fact(turn, RawFact(person, town, "lives_in", True, si))  # from the move's time, if told


# "Tom lived in Leeds before moving to York", "Since moving to Hove I've been sleeping better", "after
# relocating to Perth she retrained": a move told in passing, done by the time it is told
_GERUND_MOVE = re.compile(rf"\b(?:before|after|since)\s+(?:moving|relocating|emigrating)\s+(?:back\s+|over\s+|up\s+|down\s+|out\s+)?"
                          rf"(?:to|into)\s+(?P<place>{ph.NAME_WORDS})", re.IGNORECASE)
_TO_COME = frozenset("will 'll going gonna plan planning hope hoping want wants".split())


def _moved_by_gerund(turn: Turn, si: int) -> None:
    """lives_in the town of "before/after/since moving to …", for the clause's subject, the move done."""
    sent = turn.sentences[si]
    toks = sent.tokens
    if sent.text.rstrip().endswith("?") or _TO_COME & {t.lower for t in toks}:
        return
    for m in _GERUND_MOVE.finditer(sent.text):
        span = turn.name_at(si, tok_index(sent, sent.start + m.start("place")))
        if span is None or typed(span, "town") is None:
            continue
        # "Before moving to York, Tom lived in Leeds": the subject after the clause; else the sentence's own
        first = span.last + 1 + (span.last + 1 < len(toks) and toks[span.last + 1].text == ",") if (
            tok_index(sent, sent.start + m.start()) <= 1) else 0
        subject = opening_subject(turn, si, first)
        if subject is not None:
            add_fact(turn, RawFact(subject, span, "lives_in", True, si))


def opening_subject(turn: Turn, si: int, first: int) -> str | None:
    """Who the clause opening at token ``first`` is about: I or we, he or she, or a person named in its first words."""
    toks = turn.sentences[si].tokens
    if first >= len(toks):
        return None
    if toks[first].lower in ("i", "we"):
        return turn.speaker
    if toks[first].lower in ("he", "she"):
        return resolve_pronoun(turn, si, first)
    named = next((s for s in turn.names[si] if s.type == "person" and not s.vocative and first <= s.first <= first + 2), None)
    return as_person(turn, named) if named is not None else None


def _one_of_them(turn: Turn, si: int) -> None:
    """"I'm a Londoner now", "Kim's officially a Glaswegian": lives_in the city (the demonym's span renamed to it)."""
    sent = turn.sentences[si]
    if not _NOW_ONE.search(sent.text):
        return
    found = [(m, DEMONYMS[m.group("dem").lower()]) for m in _ONE_OF_THEM.finditer(sent.text)]
    found += [(m, city) for m in _ONE_OF_A_TOWN.finditer(sent.text) if m.group("dem").lower() not in DEMONYMS
              and (city := town_of_people(m.group("dem"))) is not None]
    for m, city in found:
        who = person_at(turn, si, tok_index(sent, sent.start + m.start("i" if m.group("i") else "who")))
        at = tok_index(sent, sent.start + m.start("dem"))
        place = turn.name_at(si, at) or turn.concept(si, Span(m.group("dem"), city, "place", sent.start + m.start("dem"),
                                                              sent.start + m.end("dem"), at, at))
        place.name, place.type = city, "place"
        if who is not None:
            add_fact(turn, RawFact(who, place, "lives_in", True, si))


def _moved_for_someone(turn: Turn, si: int, pattern: re.Pattern[str]) -> None:
    """lives_in for the one a move is made for, its "who": helped ("Aoife helped Nadia move to Howth", not the helper),
    sent ("his company sent him to Port Harcourt for good") or gone back ("before she went back to Wexford")."""
    sent = turn.sentences[si]
    for m in pattern.finditer(sent.text):
        who = person_at(turn, si, tok_index(sent, sent.start + m.start("who")))
        place = turn.name_at(si, tok_index(sent, sent.start + m.start("place")))
        if who is not None and place is not None and typed(place, "town") is not None:
            add_fact(turn, RawFact(who, place, "lives_in", True, si))


def _here_in(turn: Turn, si: int) -> None:
    """"It's freezing here in Leeds", "Leeds is where I live" (or Ana lives): lives_in (not on a trip)."""
    assert turn.speaker is not None
    sent = turn.sentences[si]
    for m in _HERE_IN.finditer(sent.text):
        span = turn.name_at(si, tok_index(sent, sent.start + m.end()))
        if span is not None and typed(span, "place") is not None:
            add_fact(turn, RawFact(turn.speaker, span, "lives_in", True, si))
    for span in turn.names[si]:
        if span.type == "person" and span.name not in turn.known and (
                _WHERE_I_LIVE.match(sent.text, span.end - sent.start) or _WHERE_THEY_LIVE.match(sent.text, span.end - sent.start)):
            span.type = "place"  # "Douglas is where I live": where one lives is no person
        if _WHERE_I_LIVE.match(sent.text, span.end - sent.start) and typed(span, "place"):
            add_fact(turn, RawFact(turn.speaker, span, "lives_in", True, si))
        elif (m := _WHERE_THEY_LIVE.match(sent.text, span.end - sent.start) or span.first > 0
              and sent.tokens[span.first - 1].lower in ("from", "in") and _WHERE_THEY_STUDY.match(sent.text, span.end - sent.start)
              ) and typed(span, "place"):
            who = subject_before(turn, si, tok_index(sent, sent.start + m.end("who")))  # Ana's home
            if who is not None:
                add_fact(turn, RawFact(who, span, "lives_in", True, si))


def _years_then_left(turn: Turn, si: int) -> None:
    """"After 11 years in Brooklyn we packed up and left": moved_out_of Brooklyn; "… we're moving to York": lives_in
    Brooklyn until then."""
    sent = turn.sentences[si]
    for m in _YEARS_THEN_LEFT.finditer(sent.text):
        span = turn.name_at(si, tok_index(sent, sent.start + m.start("place")))
        k = tok_index(sent, sent.start + m.start("who"))
        who = m["who"].lower()
        subjects = ([turn.speaker] if who in ("i", "we") else [resolve_pronoun(turn, si, k)] if who in ("he", "she")
                    else list(resolve_pair(turn, si, k) or ()))
        if span is not None and typed(span, "town") is not None:
            for subject in filter(None, subjects):
                add_fact(turn, RawFact(subject, span, "moved_out_of", False, si) if m["gone"] else
                         RawFact(subject, span, "lives_in", True, si))


def homes_matched(turn: Turn, si: int, pattern: re.Pattern[str]) -> Iterator[tuple[re.Match[str], Span]]:
    """Each match of a home's pattern in sentence `si`, with the town its "place" group names; none
    in a sentence of a short stay ("the Paris flat that we rent for the week")."""
    sent = turn.sentences[si]
    if ph.SHORT_STAY.search(sent.text):
        return
    for m in pattern.finditer(sent.text):
        span = turn.name_at(si, tok_index(sent, sent.start + m.start("place")))
        if span is not None and typed(span, "town") is not None:
            yield m, span


def _keys_to(turn: Turn, si: int) -> None:
    """"2 bed terrace in Chapel Allerton, we pick the keys up on the 3rd": moving_to Chapel Allerton
    (the speaker's household's)."""
    assert turn.speaker is not None
    sent = turn.sentences[si]
    for m, span in homes_matched(turn, si, _KEYS_TO):
        k = tok_index(sent, sent.start + m.start("who"))
        for subject in [turn.speaker, *household(turn, si, turn.speaker, "moving_to", k)]:
            add_fact(turn, RawFact(subject, span, "moving_to", False, si))


def _lives_there(turn: Turn, si: int) -> None:
    """"Joe's from Harrogate and still lives there": lives_in the town the sentence, or the one
    before, named last; its subject the name before the verb, or after "and" the sentence's first."""
    sent = turn.sentences[si]
    for m in _LIVES_THERE.finditer(sent.text):
        k = tok_index(sent, sent.start + m.start())
        first = next((s for s in turn.names[si] if s.type == "person" and s.start < sent.start + m.start()), None)
        if k > 0 and sent.tokens[k - 1].lower in ("his", "her"):  # "ringing from his apartment there": whose it is
            subject = resolve_pronoun(turn, si, k - 1)
        else:
            subject = (as_person(turn, first) if first is not None else None) if m["and"] else subject_before(turn, si, k)
            if subject is None and k > 0 and sent.tokens[k - 1].lower in (",", "and"):  # "Jordo got a job in Hackney, rents a room …"
                subject = opening_subject(turn, si, 0)
        near = not m.group().lower().endswith("there")  # "lives two streets from it": only a town a list knows, here
        if near:
            towns = [s for s in turn.names[si] if s.start < sent.start + m.start() and a_town(s) and s.type == "place"]
            if subject is not None and towns:
                add_fact(turn, RawFact(subject, towns[-1], "lives_in", True, si))
            continue
        for s in turn.names[si]:
            if s.type == "person" and in_a_name(turn, si, s):
                s.type = "place"  # "grew up in Bray and still lives there"
        towns = [s for s in turn.names[si] if s.start < sent.start + m.start() and typed(s, "town") is not None] or (
            [s for s in turn.names[si - 1] if typed(s, "town") is not None] if si > 0 else [])
        if subject is not None and towns:
            add_fact(turn, RawFact(subject, towns[-1], "lives_in", True, si))


def _host_home(turn: Turn, si: int) -> None:
    """"I'm staying with Neha in Kalyani Nagar for a week": Neha lives in Kalyani Nagar; "come and stay with him in
    Pune", "visiting Mum in Truro": whom the pronoun means, or the one visited, in a town memory or the world knows."""
    sent = turn.sentences[si]
    for m in _STAYING_WITH.finditer(sent.text):
        visit = m.group("visited") is not None
        k = tok_index(sent, sent.start + m.start("visited" if visit else "host"))
        place = turn.name_at(si, tok_index(sent, sent.start + m.start("town" if visit else "place")))
        if place is None or typed(place, "town") is None or visit and not a_town(place):
            continue
        if sent.tokens[k].lower in ("him", "her"):  # "stay with him in Pune", "visit her in Enugu"
            host = resolve_pronoun(turn, si, k)
        else:
            span = turn.name_ending(si, k) if visit else turn.name_at(si, k)
            host = span.name if span is not None and span.type == "person" and not span.vocative else None
        if host is not None and host != turn.speaker:
            add_fact(turn, RawFact(host, place, "lives_in", True, si))


def _shared_home(turn: Turn, si: int) -> None:
    """"the Baner flat that Rohit, Adi and I share": lives_in Baner for the speaker, Rohit and Adi."""
    assert turn.speaker is not None
    sent = turn.sentences[si]
    for m, span in homes_matched(turn, si, _SHARED_HOME):
        lo, hi = sent.start + m.start("who"), sent.start + m.end("who")
        sharers = [s.name for s in turn.names[si] if lo <= s.start < hi and s.type == "person" and not s.vocative]
        for subject in [turn.speaker, *sharers]:
            add_fact(turn, RawFact(subject, span, "lives_in", True, si))


# "I moved!", "we've finally moved": a move told without where to
_MOVED = re.compile(r"\bmoved\s*(?:[.!,;]|$)", re.IGNORECASE)
# "Leaving Leeds at last, off to Bristol next week": where one leaving a home goes
_OFF_TO = re.compile(r"\b(?:off|headed|heading|bound)\s+(?:down\s+|up\s+|over\s+|out\s+)?(?:to|for)\s+(?=(?-i:[A-Z]))",
                     re.IGNORECASE)
# "Jo's not in Leeds any more, she's in Bristol": where one is, told with a home left, is the new home
_IS_IN = re.compile(r"(?:\b(?:is|am|are)|'s|'m|'re)\s+(?:now\s+)?(?:(?:up|down|over|out|back)\s+)?in\s+(?=(?-i:[A-Z]))",
                    re.IGNORECASE)


_LEFT_A_TOWN = re.compile(r"\bleft\s+(?=(?-i:[A-Z]))")
_A_NEW_HOME = re.compile(r"\b(?:now|moved|moving|move|relocat\w+|settled|these\s+days)\b", re.IGNORECASE)


def _left_for_the_new_home(turn: Turn) -> None:
    """"Dana's in Bristol now, she left Leeds in the spring": a town left by one whose new home the turn tells is a
    home moved out of (alone, "left Rome on Friday" ends a trip as often)."""
    homes = {f.subject: f.obj.name for f in turn.facts if f.label in ("lives_in", "moving_to")
             and _A_NEW_HOME.search(turn.sentences[f.sentence].text)}  # (not "I live in York. I left Rome on Friday")
    if not homes:
        return
    for si, sent in enumerate(turn.sentences):
        for m in _LEFT_A_TOWN.finditer(sent.text):
            k = tok_index(sent, sent.start + m.start())
            who = subject_past_adverbs(turn, si, k)
            span = turn.name_at(si, tok_index(sent, sent.start + m.end()))
            if who in homes and span is not None and span.name != homes[who] and known_place(span) and not (
                    ph.SHORT_STAY.search(sent.text) or _AWAY.intersection(t.lower for t in sent.tokens)) and typed(
                    span, "known_town") is not None:
                add_fact(turn, RawFact(who, span, "moved_out_of", False, si))


def read_home_after_leaving(turn: Turn) -> None:
    """Where someone the turn tells left a home (or moved, "I moved!") is now, in its words "she's
    in Bristol": lives_in (not a short stay, nor the home left); where one leaving a home is off
    to ("Leaving Leeds at last, off to Bristol next week"): moving_to."""
    _left_for_the_new_home(turn)
    left = {f.subject: f.obj.name for f in turn.facts if f.label == "moved_out_of"}
    for si, sent in enumerate(turn.sentences):
        for m in _MOVED.finditer(sent.text):
            who = subject_past_adverbs(turn, si, tok_index(sent, sent.start + m.start()))
            if who is not None:
                left.setdefault(who, "")
    if not left:
        return
    for f in [f for f in turn.facts if f.label == "moved_out_of"]:
        sent = turn.sentences[f.sentence]
        for m in _OFF_TO.finditer(sent.text):
            span = turn.name_at(f.sentence, tok_index(sent, sent.start + m.end()))
            if span is not None and span.name != f.obj.name and typed(span, "place") is not None:
                add_fact(turn, RawFact(f.subject, span, "moving_to", False, f.sentence))
    for si, sent in enumerate(turn.sentences):
        if ph.SHORT_STAY.search(sent.text):
            continue
        for m in _IS_IN.finditer(sent.text):
            who = subject_past_adverbs(turn, si, tok_index(sent, sent.start + m.start()))
            span = turn.name_at(si, tok_index(sent, sent.start + m.end()))
            if who not in left or span is None or span.name == left[who] or typed(span, "place") is None:
                continue
            told = [f for f in turn.facts if f.obj is span]
            for f in told:
                if f.label == "arrived_in":  # "I moved! I'm in Bristol now": arrived, at home
                    f.label, f.exclusive = "lives_in", True
            if not told:
                add_fact(turn, RawFact(who, span, "lives_in", True, si))


_WITH_WORDS = frozenset(lx.KINSHIP) | frozenset("my his her their our your the and & , new two young little baby "
                                                 "older younger eldest oldest youngest".split())


def read_companions(turn: Turn, si: int) -> None:
    """Those a home is shared with share the move: "lives out in Bexleyheath with his wife Funmi
    and their daughter Amara", "I live in Brockley with my partner Tom"."""
    toks = turn.sentences[si].tokens
    for fact in [f for f in turn.facts if f.sentence == si and f.label in HOME_LABELS and f.obj.type == "place"]:
        k = fact.obj.last + 1
        if k >= len(toks) or toks[k].lower != "with":
            continue
        k += 1
        while k < len(toks):
            span = turn.name_at(si, k)
            if span is not None:
                if span.type == "concept" and toks[k - 1].lower in lx.KINSHIP:
                    span.type = "person"  # "and their daughter Amara"
                if span.type != "person" or span.vocative:
                    break
                if span.name not in (fact.subject, turn.speaker):
                    add_fact(turn, RawFact(span.name, fact.obj, fact.label, fact.exclusive, si))
                k = span.last + 1
            elif toks[k].lower in _WITH_WORDS:
                k += 1
            else:
                break
