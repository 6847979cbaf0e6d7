"""State frames: a change of home, job, school or partner told in words the rule table has no
pattern for ("we got the keys to the new place in Portobello", "they didn't renew my contract
at Fenwick Labs", "Priya and I have decided to go our separate ways").

The rule table (patterns.py) reads a fixed phrase and its object. A frame reads a whole clause
in any word order: a cue of the state beginning or ending, a name the state can hold (a place, an
organisation, a school, a person) and a subject. People paraphrase a move or a new job in more
ways than a table can list; the cue words and the types of names are what those ways share.

Frames run after the table and only where it read nothing of the same state in the clause.
Precision guards: questions, hypotheticals ("if", "would", "thinking of"), negations outside an
end cue ("didn't renew"), trips and job applications read nothing; an object takes the
polarity of the nearest cue before it ("leaving Halden Bank to join Loomcraft").
"""

from __future__ import annotations

import re
from itertools import pairwise
from dataclasses import dataclass

from memdb.extract import lexicon as lx
from memdb.extract import phrases as ph
from memdb.extract.entities import Span
from memdb.extract.objects import is_job, known_place, typed
from memdb.extract.text import Sentence, Token
from memdb.extract.turn import (
    UNNAMED, RawFact, Turn, add_fact, as_person, described_as, elided_subject, household, joined_people,
    named_with_me, resolve_pair, resolve_pronoun, tok_index, topic_before,
)


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Frame:
    """One state: the labels a change of it is told with, its cues, the kind of name it holds."""

    family: frozenset[str]  # labels of this state the rule table may already have read
    holds: str  # the object's kind, as objects.typed() reads it: place, employer, school, person
    begin: re.Pattern[str]  # cues of the state beginning or holding → `label`
    label: str
    end: re.Pattern[str]  # cues of it ending → `end_label`
    end_label: str
    veto: re.Pattern[str]  # a clause with one of these tells no change of this state
    preps: frozenset[str]  # words after which an unknown capitalised name is of the held kind


# "Lucy isn't with Mark any more", "not at Lumen Health anymore": the state ended, said by a negation
_NOT_ANY_MORE = r"(?:(?:is|are|am|'s|'re|'m)\s*(?:n't|\s+not|\s+no\s+longer)\s+|^not\s+)"
_DWELLING = rf"(?:{ph.DWELLING})"
_JOBWORD = r"(?:job|role|position|post|gig|internship|placement|contract|apprenticeship)"
_STUDY = (r"(?:uni|university|college|school|course|coaching|degree|master's|masters|phd|mba|diploma|studies|training|"
          rf"sixth\s+form|year\s+(?:[7-9]|1[0-3])|ib|{ph.SCHOOL_EXAMS})")

FRAMES: tuple[Frame, ...] = (
    Frame(
        family=frozenset(("lives_in", "moving_to", "moved_out_of", "arrived_in", "lived_in", "visited", "from",
                          "born_in")),
        holds="place",
        begin=_words(rf"keys|(?:new|our|my|his|her|their)\s+(?!old\b|former\b|previous\b|last\b|childhood\b|first\b)"
                     # not someone else's: "stayed at my parents' house in York", "my mum's flat"
                     rf"(?:(?![\w-]+(?:'s|')\s)[\w'-]+\s+)?{_DWELLING}(?!\s+(?:was|were|used)\b)|relocat\w+|"
                     r"settl(?:ed|ing)\s+(?:in|into|down)|unpack\w*|moving\s+boxes|boxes|landlord|lease|tenancy|"
                     r"mortgage|headed\s+(?:north|south|east|west|up|down)|made\s+the\s+move|packed\s+up|"
                     r"now\s+that\s+(?:i'm|we're|i\s+am|we\s+are|he's|she's)\s+(?:in|living|based)|"
                     r"new\s+(?:neighbou?rhood|neighbou?rs|city|town|address|street)|moved\s+(?:in|into)|"
                     rf"(?:got|have|has|rent(?:ed|ing)?|bought|buying|taken|took)\s+(?:a|an|the|our|my)\s+(?:[\w'-]+\s+){{0,2}}"
                     rf"{_DWELLING}\s+(?:in|on|near)|(?:box\s*room|spare\s+room|bedroom)\s+(?:at|in)|"
                     r"parents'?\s+(?:(?:place|house)\s+)?in|been\s+here\s+since|been\s+in\b(?=[^.;]{1,30}\byears\b)|\d+\s+(?:days|weeks)\s+in\b|"
                     r"(?:'re|'m|'s|is|are|am)\s+(?:now\s+)?living\s+in|"
                     r"liv(?:e|es|ing)\s+(?:out|up|down|over|round|around|just|right)"
                     r"(?:\s+(?:the|a|corner|road|street|down|up|round|away|bit|short|walk))*\s+(?:in|near)|(?:going|gone|went|moves?|moving)\s+into|"
                     r"complet(?:e|ed|es|ing|ion)\s+on|home\s+sweet\s+home|rent(?:ing|s)\s+(?:in|near)|"
                     r"off\s+to\b(?=[^.;]{1,30}\bfor\s+good\b)|"
                     rf"liv(?:e|es|ing)\s+in\s+(?:a|an|the|their|his|her|my|our)\s+(?:[\w'-]+\s+){{0,2}}{_DWELLING}\s+(?:in|on|near)"),
        label="lives_in",
        end=_words(r"(?:moved|moving|move)\s+out|handed\s+(?:back|in)\s+the\s+keys|(?:has|have|'s|'ve)\s+left|"
                   r"left\b(?=[^.;]{1,30}\bafter\s+\S+\s+(?:years|months)\b)|"
                   rf"(?:gave|given|giving)\s+up\s+(?:the|our|my|his|her|their)\s+(?:[\w'-]+\s+)?{_DWELLING}|"
                   r"(?:our|my|his|her|their)\s+last\s+(?:night|week|fortnight|month|days?)\s+in|"
                   # "Last night in Hull before the big move", "packing up the Hull flat"
                   r"last\s+(?:night|week|fortnight|month|days?)\s+in\b(?=[^.;]{1,40}\bmove\b)|"
                   rf"pack(?:ing|ed)\s+up\s+(?:the|our|my)\s+(?:(?-i:[A-Z])[\w'-]*\s+)?{_DWELLING}|"
                   rf"(?:sold|selling)\s+(?:the|our|my|his|her|their)\s+(?:old\s+)?(?:(?-i:[A-Z])[\w'-]*\s+)?{_DWELLING}"),
        end_label="moved_out_of",
        veto=_words(r"trips?|holidays?|vacation|(?<!since\slast\s)weekend|visit\w*|hotel|conference|tour\w*|honeymoon|festival|"
                    r"stayed\s+(?:at|with|over)|"  # "we stayed at my parents' house in York": a visit told after it
                    r"airbnb|flights?|layover|for\s+(?:a|the|two|three|a\s+few)\s+(?:days?|nights?|weeks?)|"
                    r"back\s+from|house-?sit\w*|viewing|viewings|looking\s+at"),
        preps=frozenset(("in", "to", "into")),
    ),
    Frame(
        family=frozenset(("works_at", "worked_at", "left", "quit", "volunteers_at", "member_of", "studies_at",
                          "studied_at")),
        holds="employer",
        begin=_words(rf"hired|joined|joining|join|start(?:ed|ing|s)?\s+(?:at|with|for)|"
                     r"first\s+(?:day|week|month|shift)|accepted\s+(?:an|the|their|a)\s+(?:job\s+)?offer|"
                     r"offer\s+from|poached|recruited|head-?hunted|signed\s+(?:on\s+)?with|signed\s+(?:a|her|his|my|their|the)\s+contract\s+with|taken\s+on|took\s+(?:me|him|her)\s+on|"
                     rf"(?:got|landed|took|taken|accepted|have|has)\s+(?:a|an|the)\s+(?:(?P<job_title>[\w-]+(?:\s+[\w-]+)?)\s+)?{_JOBWORD}\s+(?:lined\s+up\s+)?(?:at|with)|"
                     rf"new\s+{_JOBWORD}\s+(?:at|with)|start\s+date\s+(?:at|with)|"
                     rf"be\s+(?:(?:a|an|the)\s+(?:[\w-]+\s+){{0,3}}?|(?:[\w-]+\s+){{0,2}}?(?:{ph.TITLE_HEADS})\s+)"
                     r"(?:at|for|with)|"
                     r"(?:working|work|works)\s+(?:at|for)\s+\S+\s+now|(?:'s|is|'m|am|'re|are)\s+still\s+(?:at|with)|"
                     r"(?:teaching|nursing|brewing|cooking|coaching|lecturing|managing|bartending|waitressing|"
                     r"temping|consulting|driving|cleaning)\s+(?:at|for)\b(?=[^.;]{1,40}\bnow\b)|transferr?(?:ed|ing)\s+(?:across\s+|over\s+)?to|seconded\s+to|"
                     r"moved\s+(?:over\s+)?to|switch(?:ed|ing)?\s+(?:over\s+)?to\s+working|work(?:s|ing)?\s+(?:in|on)\s+(?:[\w-]+\s+){1,2}?(?:at|for)|"
                     r"been\s+(?:with|at)\b(?=[^.;]{1,40}\b(?:years?|months?|decades)\b)|(?:(?:'m|am|'s|is|'re|are)\s+(?:now\s+)?|start(?:ed|ing|s)?\s+(?:work\s+|working\s+|out\s+)?as\s+)"
                     rf"(?:(?:a|an)\s+|(?=(?:[\w-]+\s+){{0,2}}?(?:{ph.TITLE_HEADS})\s))(?P<title>(?:[\w-]+\s+){0,2}?"
                     r"(?!member|customer|regular|volunteer|user|owner|player|supporter|fan)[\w-]*"
                     r"(?:er|or|ist|ian|nurse|chef|lead|head|officer|clerk|cook|medic|assistant|analyst|midwife|postie|"
                     r"(?:post|fire|police|sales|handy|fore|door|milk|bin|camera|trades|business|fisher)(?:wo)?man))"
                     r"\s+(?:at|for|with)"),
        label="works_at",
        end=_words(r"redundant|redundancies|(?:took|taking|take|takes|accepted|offered)\s+(?:voluntary\s+)?redundancy|"
                   r"let\s+(?:me|us|him|her|them)\s+go|laid\s+(?:(?:me|us|him|her|them)\s+)?off|"
                   r"fired|sacked|(?:did\s*n't|did\s+not|not|won't|will\s+not|aren't|are\s+not)\s+renew\w*|"
                   r"leav(?:e|es|ing)|left|quit\w*|resign\w*|retir\w*|notice|last\s+(?:day|shift|week)\s+at|"
                   r"contract\s+(?:ends|ended|is\s+up|ran\s+out|runs\s+out|finished)|no\s+longer\s+(?:at|with|work\w*)|"
                   rf"{_NOT_ANY_MORE}(?:at|with)\b(?=[^.;]{{1,40}}\bany\s*more\b)|"
                   r"step(?:ped|ping|s)?\s+down|(?:jack|pack)(?:ed|ing|s)?\s+(?:it\s+)?in|walked\s+out|"
                   r"stopp(?:ed|ing)\s+work(?:ing)?\s+(?:at|for|with)\b"),
        end_label="left",
        veto=_words(r"interview\w*|appl(?:y|ied|ying|ication)|rejected|declined|turned\s+down|didn't\s+get|"
                    r"shortlist\w*|early|tonight|lunch|for\s+the\s+day|after\s+work|o'clock|shift\s+early|"
                    r"customers?|client|clients|trips?|holidays?|visit\w*|"
                    r"too\s+[\w-]+\s+to\s+leave|stay(?:ing|ed)?\s+(?:on\s+)?(?:at|with|put)|"  # "staying at IBM, too good to leave"
                    rf"{_STUDY}"),
        preps=frozenset(("at", "for", "with", "join", "joined", "joining", "from", "by", "quit", "quitting", "of")),
    ),
    Frame(
        family=frozenset(("studies_at", "studied_at", "works_at", "worked_at", "attended", "member_of")),
        holds="school",
        begin=_words(rf"enrol+(?:ed|ing|s)?|accepted\s+(?:at|to|into|onto|by)|(?:a|her|his|my|their)\s+place\s+at|"
                     rf"start(?:ed|ing|s)?\s+(?:(?:her|his|my|their|a|the)\s+)?(?:[\w'-]+\s+)?{_STUDY}|"
                     r"(?:first|second|third|fourth|final|freshman|sophomore|junior|senior)\s+(?:term|semester|year)|sixth\s+form|"
                     r"year\s+(?:[7-9]|1[0-3])\s+at|"
                     r"freshers|studying\s+at|"
                     rf"(?:a|her|his|my|their)\s+(?:[\w'-]+\s+)?{_STUDY}\s+at|signed\s+up"),
        label="studies_at",
        end=_words(rf"graduat\w*|dropp(?:ed|ing)\s+out|drop\s+out|finish(?:ed|es|ing)\s+at|"
                   r"(?:got|gets|received|earned)\s+(?:her|his|my|their)\s+(?:[\w'-]+\s+)?degree\s+from|finish(?:ed|es|ing)\s+(?:(?:her|his|my|their)\s+)?"
                   rf"(?:[\w'-]+\s+)?{_STUDY}|left\s+(?:uni|university|college|school)|(?:jack|pack)(?:ed|ing|s)?\s+(?:it\s+)?in|"
                   rf"(?:quit|left|discontinued|abandoned)\s+(?:(?:her|his|my|their)\s+)?(?:[\w'-]+\s+)?{_STUDY}"),
        end_label="studied_at",
        veto=_words(r"job|work|works|working|hired|colleagues?|boss|salary|visit\w*|tour\w*|open\s+day|"
                    r"since\s+(?:\w+\s+)?(?:left|finished|graduated)"),  # "been at Tesco since she left school"
        preps=frozenset(("at", "from", "to", "into", "onto", "of")),
    ),
    Frame(
        family=frozenset(("partner_of", "broke_up_with", "ex_partner_of", "lost")),
        holds="person",
        begin=_words(r"(?:back\s+)?together|dating|(?:started|been|stopped)\s+seeing|going\s+out|engaged|married|"
                     r"moved\s+in\s+(?:with|together)|asked\s+(?:me|him|her)\s+out|an\s+item|"
                     r"asked\s+(?:me|him|her)\s+to\s+marry\b(?=[^.;]*\bsaid\s+yes\b)|"
                     r"asked\s+(?:me|him|her)\s+to\s+be\s+(?:his|her|their)\s+(?:girlfriend|boyfriend|partner)|loved\s+up|"
                     r"first\s+date|dates\s+with|seeing\s+(?:someone|somebody)\s+(?:new\s+)?(?:called|named)|"
                     r"made\s+it\s+(?:facebook\s+|insta\s+|instagram\s+)?official|(?:are|'re)\s+(?:now\s+)?official|other\s+half|"
                     r"tied\s+the\s+knot|eloped|"
                     # "Priya has a new boyfriend, Tom", "she's got a girlfriend now, Mia"
                     r"(?:a|her|his|my|their)\s+(?:new\s+)?(?:boyfriend|girlfriend|fella|partner|fianc[ée]e?)(?:\s+now)?(?=\s*,)"),
        label="partner_of",
        end=_words(r"split|separat\w+|separate\s+ways|divorc\w*|broke\s+up|broken\s+up|break\s+up|breaking\s+up|"
                   r"ended\s+(?:it|things)|called\s+it\s+(?:off|quits)|(?:broke|broken|breaking|break)\s+it\s+off|"
                   r"no\s+longer\s+(?:together|an\s+item|a\s+couple)|dumped|over\s+between|finished\s+with|"
                   r"left\s+(?:me|him|her)|walked\s+out|single\s+again|called\s+(?:time|it\s+a\s+day)|"
                   r"finished\s+(?:it|things)\s+with|(?:not|n't)\s+together\b(?=\s*any\s*more\b)|"
                   rf"{_NOT_ANY_MORE}(?:with|seeing|dating)\b(?=[^.;]{{1,30}}\bany\s*more\b)"),
        end_label="broke_up_with",
        veto=_words(r"friends?|colleagues?|team|teammates?|band|business|partnership|project|party|wedding\s+of|"
                    r"(?:his|her|their)\s+(?:parents|mum|mom|dad)|"
                    # "Gary and I even sat together": a moment side by side, no couple
                    r"(?:sat|sit|sitting|stood|standing|worked|working|went|came|ate|eating|walked|played|drove|"
                    r"travell?ed|watched|cooked|studied|arrived|laughed|cried)\s+together"),
        preps=frozenset(("with", "to", "and", "from", "called", "named")),
    ),
)

_ANIMAL_WORDS = frozenset(lx.ANIMALS)
_ANIMAL = "|".join(sorted((re.escape(a) for a in lx.ANIMALS), key=len, reverse=True))
FRAMES += (
    Frame(  # a pet: named in the clause beside an animal word, or put to sleep / rehomed
        family=frozenset(("has_pet", "lost", "partner_of", "broke_up_with")),
        holds="pet_name",
        begin=_words(rf"(?:adopted|rescued|brought\s+home|took\s+in|got|new)\s+(?:a|an|our|my|the)?\s*(?:[\w'-]+\s+){{0,3}}?"
                     rf"(?:{_ANIMAL})|(?:{_ANIMAL})\s+from\s+the\s+(?:rescue|shelter|breeder)|"
                     rf"with\s+(?:a|an|her|his|their|my|our|two)\s+(?:[\w'-]+\s+){{0,3}}?(?:{_ANIMAL})\s+(?:called|named)"),
        label="has_pet",
        end=_words(r"put\s+(?:[\w'-]+\s+){0,2}?(?:to\s+sleep|down)|re-?hom(?:ed|ing)|rainbow\s+bridge|"
                   r"gave\s+(?:[\w'-]+\s+)?away"),
        end_label="lost",
        veto=_words(r"neighbou?r'?s|neighbours'|friend's|sister's|brother's|mum's|mom's|dad's|parents'?|walking|sitting|looking\s+after"),
        preps=frozenset(("called", "named", "meet", "have", "had", "put", "rehomed", "lost")),
    ),
)

# A clause telling what might be, what is wished or asked, not what is.
_HYPOTHETICAL = frozenset("if would could might maybe perhaps should wish hope hoping hoped thinking considering "
                          "imagine unless whether suppose supposing dream dreaming want wants wanted".split())
_NEGATION = frozenset(("not", "n't", "never", "no", "nobody", "neither"))
_STUDY_WORDS = _words(_STUDY)
_AHEAD = frozenset("will 'll going gonna soon next planning plan plans buying hoping".split())
_MOVING = frozenset("relocating moving moves buying going heading".split())  # a move under way: a plan
_NEAR = 8  # tokens between a cue and the name it is read with
_PREPOSITIONS = frozenset("in at on to from with for of by near into onto about".split())
_EXCLUSIVE = frozenset(("lives_in", "works_at", "studies_at", "partner_of"))
_FIRST = frozenset(("i", "we"))
_OBJECTIVE_FIRST = frozenset(("me", "us"))
_POSSESSIVE_FIRST = frozenset(("my", "our"))
_THIRD = frozenset(("he", "she"))
_CONDITIONS = frozenset("if unless when once whether suppose supposing".split())
_BREAK_WORDS = frozenset("and but so then because while though although whereas".split())
_SUBJECT_START = frozenset("i we he she they".split())
# Words opening a sentence that are no verb with its subject left out ("Packed up and left").
_NOT_A_VERB = _SUBJECT_START | frozenset("the a an my our his her their your this that these those it there "
                                         "you everyone someone".split())


def read_frames(turn: Turn, si: int) -> None:
    """Append the state changes sentence `si` tells in words the rule table has no pattern for."""
    sent = turn.sentences[si]
    if not sent.tokens or sent.text.rstrip().endswith("?"):
        return
    read = [f for f in turn.facts if f.sentence == si and f.label != "related_to"]
    for first, last in _clauses(sent):
        aside = _asides(sent.tokens, first, last)
        words = {t.lower for i, t in enumerate(sent.tokens[first : last + 1], first)
                 if i not in aside and not _telling(sent.tokens, i)}
        if words & _HYPOTHETICAL:
            continue
        lo, hi = sent.tokens[first].start - sent.start, sent.tokens[last].end - sent.start
        clause = sent.text[lo:hi]
        told = _blanked(sent, clause, lo, aside)  # what the clause tells, its asides blanked out
        for frame in FRAMES:
            if frame.veto.search(told):
                continue
            cues = [(m, frame.label) for m in frame.begin.finditer(clause)]
            cues += [(m, frame.end_label) for m in frame.end.finditer(clause)]
            if not cues:
                continue
            excused = {tok_index(sent, sent.start + lo + m.start()) + k for m, _ in cues for k in range(4)}
            if any(t.lower in _NEGATION and i not in excused
                   for i, t in enumerate(sent.tokens[first : last + 1], first)):
                continue
            at = [(tok_index(sent, sent.start + lo + m.start()), label) for m, label in cues]
            before = len(turn.facts)
            _read_frame(turn, si, frame, first, last, at, read, aside)
            _titles(turn, si, [m for m, label in cues if label == "works_at"], lo, turn.facts[before:])


def _read_frame(turn: Turn, si: int, frame: Frame, first: int, last: int,
                cues: list[tuple[int, str]], read: list[RawFact], aside: set[int]) -> None:
    sent = turn.sentences[si]
    taken = {f.obj.start for f in read}
    for span in turn.names[si]:
        if not first <= span.first <= last or span.start in taken or span.vocative:
            continue
        before = [(i, label) for i, label in cues if i < span.first]
        if not before and min(cues)[1] == frame.label and frame.holds in ("employer", "school"):
            continue  # a beginning names what begins after its cue ("transferred to X", not "his team at Arup")
        cue, label = max(before) if before else min(cues)
        if abs(span.first - cue) > _NEAR:
            continue  # "lives out in Bexleyheath with … Amara, who's in the sixth form at St Olave's"
        ends = [i for i, cue_label in before if cue_label == frame.end_label]
        if ends and not any(max(ends) < s.first < span.first for s in turn.names[si]) and not any(
                max(ends) < i and cue_label == frame.label and _joined_by_and(sent.tokens, max(ends), i)
                for i, cue_label in before):  # not "handed in her notice and starts at Northwind"
            cue, label = max(ends), frame.end_label  # "dropped out of his course at Strathclyde"
        if frame.holds == "place" and _an_office(sent.tokens, span):
            continue  # "moved to the Leeds office", "the office in Manchester": work, not a home
        if not _holds(turn, si, frame, span) or frame.holds == "school" and not (
                _school_name(span) or _STUDY_WORDS.search(sent.text)):
            continue
        if frame.holds == "person" and _first_of_couple(turn, si, span):
            continue  # "Priya and Marcus have called time": Priya is a subject, read with Marcus as hers
        subject = _do_owner(turn, si, cue) or _subject(turn, si, first, last, span, cue, aside)
        if subject is None or subject == span.name:
            continue
        if frame.holds == "place" and subject == turn.speaker and sent.tokens[cue].lower in ("his", "her", "their"):
            continue  # "when I come to her place in Kolkata": someone else's home, not the speaker's
        if any(f.label in frame.family and span.name in (f.subject, f.obj.name) or f.subject == subject
               and f.label == label and f.obj.type != UNNAMED and first <= tok_index(sent, f.obj.start) <= last
               for f in read):
            continue  # the table read this state here already
        if label == "lives_in" and ({t.lower for t in sent.tokens[max(first, cue - 4) : span.last + 4]} & _AHEAD
                                    or sent.tokens[cue].lower in _MOVING):
            label = "moving_to"  # "we're buying a bungalow in Whitstable", "relocating to Lisbon": a plan
        # "Dan dropped out of his course at Strathclyde": the end named replaces the end unnamed
        turn.facts[:] = [f for f in turn.facts if not (f.sentence == si and f.subject == subject
                                                       and f.label == label and f.obj.type == UNNAMED)]
        joined = _joined(turn, si, subject, first, cue) if frame.holds != "person" else []
        for who in [subject, *joined, *_couple_of(turn, si, subject, first, cue),
                    *household(turn, si, subject, label, cue)]:
            add_fact(turn, RawFact(who, span, label, label in _EXCLUSIVE, si))
        taken.add(span.start)


_DAY_OF = frozenset(("date",))  # "my start date at Google": a day, no one dated (read with the word before it)
_DOS = frozenset("do party drinks card present gift lunch bash dinner".split())


def _do_owner(turn: Turn, si: int, cue: int) -> str | None:
    """"I went to Nadia's leaving do at St James's": whose leaving it is (not who went), "my leaving do" the speaker's."""
    toks = turn.sentences[si].tokens
    if cue < 1 or cue + 1 >= len(toks) or toks[cue].lower != "leaving" or toks[cue + 1].lower not in _DOS:
        return None
    if toks[cue - 1].lower in ("my", "our"):
        return turn.speaker
    span = turn.name_ending(si, cue - 1) if toks[cue - 1].text == "'s" else None
    return as_person(turn, span) if span is not None else None


def _joined_by_and(toks: list[Token], a: int, b: int) -> bool:
    """Is there an "and", "but" or "then" between tokens a and b (a second verb of its own)?"""
    return any(t.lower in ("and", "but", "then") for t in toks[a + 1 : b])


def _couple_of(turn: Turn, si: int, subject: str, first: int, cue: int) -> list[str]:
    """The other of the couple a "they" before the cue means ("Jess and Connor …" — "they got the
    keys to a flat in Leith")."""
    toks = turn.sentences[si].tokens
    for k in range(first, min(cue, len(toks))):
        if toks[k].lower == "they":
            pair = resolve_pair(turn, si, k)
            return [p for p in pair if p != subject] if pair and subject in pair else []
    return []


def _joined(turn: Turn, si: int, subject: str, first: int, cue: int) -> list[str]:
    """People listed with the subject: "Mum and Dad got the keys" (Dad found), "Nadia and I moved
    in together in Headingley" (Nadia)."""
    toks = turn.sentences[si].tokens
    if subject == turn.speaker:
        found = (named_with_me(turn, si, k) for k in range(first, min(cue, len(toks))))
        return [name for name in found if name is not None][:1]
    span = next((s for s in turn.names[si] if s.name == subject and s.first >= first), None)
    if span is None or _singular_who(toks, span):
        return []
    # A clause cut at ", and" may be a list going on: "my mum, Ngozi, and my dad, Emmanuel, who …"
    return joined_people(turn, si, span, 0 if toks[first].lower == "and" else first)


def _singular_who(toks: list[Token], span: Span) -> bool:
    """"… and their daughter Amara, who's in the sixth form": the clause tells of the last one
    only (not "my mum and my dad, who still live in Plumstead")."""
    k = span.last + 1
    if k + 2 >= len(toks) or toks[k].text != "," or toks[k + 1].lower != "who":
        return False
    verb = toks[k + 2].lower
    return verb in ("'s", "is", "was", "has") or verb.endswith("s") and verb not in ("us", "always", "sometimes")


def _titles(turn: Turn, si: int, cues: list[re.Match[str]], lo: int, added: list[RawFact]) -> None:
    """"I'm a transport planner at Fennick Logistics": the job the employer was read with."""
    sent = turn.sentences[si]
    for fact in (f for f in added if f.label == "works_at"):
        for m in cues:
            group = "title" if m.groupdict().get("title") else "job_title"  # "got the headteacher job at …"
            if not m.groupdict().get(group) or group == "job_title" and not is_job(m.group(group).lower()):
                continue
            start, end = sent.start + lo + m.start(group), sent.start + lo + m.end(group)
            first, last = tok_index(sent, start), tok_index(sent, end) - 1
            title = sent.text[start - sent.start : end - sent.start]
            span = turn.concept(si, Span(title, title.lower(), "concept", start, end, first, last))
            add_fact(turn, RawFact(fact.subject, span, "works_as", True, si))


def _asides(toks: list[Token], first: int, last: int) -> set[int]:
    """Tokens of the asides ", which would be insane," in a clause: a remark on it, not part of
    what it tells."""
    out: set[int] = set()
    for i in range(first, last):
        if toks[i].text == "," and toks[i + 1].lower in ("which", "who", "whom"):
            end = next((j for j in range(i + 2, last + 1) if toks[j].text == ","), None)
            if end is not None:
                out.update(range(i, end + 1))
    return out


_SAYING = frozenset("mention say add tell point warn admit note explain confess".split())


def _telling(toks: list[Token], i: int) -> bool:
    """"I should mention", "I must tell you": a modal of the telling, not of what is told."""
    return toks[i].lower in _HYPOTHETICAL and any(t.lower in _SAYING for t in toks[i + 1 : i + 3])


def _blanked(sent: Sentence, clause: str, lo: int, aside: set[int]) -> str:
    """The clause with the tokens of its asides turned to spaces (offsets kept)."""
    out = list(clause)
    for i in aside:
        t = sent.tokens[i]
        out[t.start - sent.start - lo : t.end - sent.start - lo] = " " * (t.end - t.start)
    return "".join(out)


def _an_office(toks: list[Token], span: Span) -> bool:
    after = toks[span.last + 1].lower if span.last + 1 < len(toks) else ""
    before = toks[span.first - 2].lower if span.first >= 2 else ""
    return after in ("office", "offices", "branch", "site") or before in ("office", "offices", "branch")


def _first_of_couple(turn: Turn, si: int, span: Span) -> bool:
    """Is the name the first of two people joined by "and" ("Priya and Marcus")?"""
    toks = turn.sentences[si].tokens
    if span.last + 2 >= len(toks) or toks[span.last + 1].lower != "and":
        return False
    other = turn.name_at(si, span.last + 2)
    return other is not None and other.type in ("person", "concept") and other.name != turn.speaker


def _holds(turn: Turn, si: int, frame: Frame, span: Span) -> bool:
    """Is the name one the state holds: typed so, or unknown and right after a word of the state
    ("headed north to Inverness", "a place at Napier")?"""
    toks = turn.sentences[si].tokens
    before = toks[span.first - 1].lower if span.first > 0 else ""
    if before == "the" and span.first > 1:
        before = toks[span.first - 2].lower
    wanted = {"place": "place", "employer": "organization", "school": "organization"}.get(frame.holds, "person")
    if frame.holds == "pet_name":  # "a greyhound called Pepper", "put Chorizo to sleep", "my cat, Miso"
        animal = span.first > 1 and toks[span.first - 1].text == "," and toks[span.first - 2].lower in _ANIMAL_WORDS
        return (before in frame.preps or before in _ANIMAL_WORDS or animal) and typed(span, "pet_name") is not None
    if span.type == wanted and frame.holds != "school":
        return True
    if frame.holds == "employer" and described_as(toks, span, lx.ORG_WORDS | {"firm", "startup", "start-up"}):
        span.type = "organization"  # "transferred to Northwind, the sister company"
        return True
    if frame.holds == "person" and span.type in ("concept", "person") and (
            _described_as_person(toks, span) or before in lx.PERSON_NOUNS or before in ("'s", "is") and span.first > 1
            and toks[span.first - 2].lower == "name"):  # "seeing this guy Marcus"
        span.type = "person"  # "he's bringing Rosalind, the woman he's been seeing", "her name's Cass"
        return True
    if span.type in ("date",) or before not in frame.preps and span.type != wanted:
        return False
    if frame.holds == "school" and _school_name(span):
        span.type = "organization"  # "at Marlow State": a school, though "State" names places too
        return True
    if frame.holds == "school" and not _school_name(span) and before not in ("at", "into", "onto", "from"):
        return False
    if frame.holds == "school" and _university_of_city(toks, span):
        span.name, span.type = f"University of {span.name}", "organization"
        return True
    return typed(span, frame.holds) is not None


def _university_of_city(toks: list[Token], span: Span) -> bool:
    """A city named as where one goes to study is its university: "her place at Leeds to read
    medicine" ("Sheffield uni" is one wherever it is named: see objects.university_of_city)."""
    if span.type != "place" or span.first != span.last or not known_place(span) or span.last + 3 >= len(toks):
        return False
    return toks[span.last + 1].lower == "to" and toks[span.last + 2].lower in ("read", "study", "do")


def _described_as_person(toks: list[Token], span: Span) -> bool:
    """"Rosalind, the woman he's been seeing", "Kai, a guy from work", "Jo, a work friend": a name
    in apposition to a word for a person."""
    return described_as(toks, span, lx.PERSON_NOUNS)


def _school_name(span: Span) -> bool:
    return bool(ph.SCHOOL_NAME.search(span.name))


def _subject(turn: Turn, si: int, first: int, last: int, obj: Span, cue: int, aside: set[int]) -> str | None:
    """Who the clause tells of: "me"/"us" anywhere (they hired me) or the speaker told as I/we,
    else the last person, he or she before the cue; a kin word's name ("my brother Tom")."""
    toks = turn.sentences[si].tokens
    around = {t.lower for t in toks[max(first, obj.first - 2) : obj.first] + toks[obj.last + 1 : obj.last + 3]}
    with_me = any(a.lower == "with" and b.lower in _OBJECTIVE_FIRST for a, b in pairwise(toks[first : last + 1]))
    if obj.type == "person" and ("and" in around and around & _FIRST or with_me):
        return turn.speaker  # "Priya and I …", "Sam moved in with me": the speaker and the partner
    people = {s.last: s for s in turn.names[si] + turn.concepts[si] if not s.vocative and s is not obj
              and s.name != obj.name and _subject_place(toks, s, first)
              and (s.type == "person" or (_named_subject(toks, s) or _kin_named(toks, s)) and as_person(turn, s))}
    nominative: list[tuple[int, str | None]] = []
    for k in range(first, last + 1):
        if obj.first <= k <= obj.last or k in aside and obj.first not in aside:
            continue  # "Tom Ogunleye, whom I did my degree with, has just started at Arup": not I
        w = toks[k].lower
        if (w in _OBJECTIVE_FIRST and k > first and toks[k - 1].alpha and toks[k - 1].lower not in ("with", "to")
                and (k < obj.first or 0 < k - cue <= 2)):
            return turn.speaker  # "Quentin poached me", "they let me go" (not "… in Armley and keeps feeding me")
        if k > obj.last:
            continue  # a subject stands before what it holds ("Chi works at Barclays, as far as I can tell")
        if w in _FIRST:
            nominative.append((k, turn.speaker))
        elif w in _THIRD:
            nominative.append((k, resolve_pronoun(turn, si, k)))
        elif w == "they" and (pair := resolve_pair(turn, si, k)) is not None:
            nominative.append((k, pair[0]))  # the other of the couple: _couple_of
        elif w == "who" and k - 2 in people and toks[k - 1].text == ",":
            nominative.append((k, people[k - 2].name))  # "my best friend Temi, who lives in a flat in Deptford"
        elif k in people:
            nominative.append((k, people[k].name))
    before_cue = [who for k, who in nominative if k < max(cue, obj.first)]
    if before_cue:
        return before_cue[-1]
    if nominative:
        return nominative[0][1]
    for k in range(first, obj.first):
        if toks[k].lower in _POSSESSIVE_FIRST and not {t.lower for t in toks[k + 1 : k + 3]} - _DAY_OF & lx.PERSON_NOUNS:
            return turn.speaker  # "Writing this from my new desk in Stockbridge" (not "my brother Chidi")
    named = {k for s in turn.names[si] for k in range(s.first, s.last + 1)}
    if first == 0 and toks[0].alpha and 0 not in named and toks[0].lower not in _NOT_A_VERB and (
            not toks[0].cap or cue == 0 or toks[0].lower == "not" or "VERB" in lx.pos_tags(toks[0].lower)
    ) and not _others(turn, si, obj) and not (len(toks) > 1 and toks[1].lower in _IS):
        # "Packed up and headed north", "first week at Harlow & Byrne done", "First day at Northwind!"
        return elided_subject(turn, si)
    return topic_before(turn, si, first - 1)  # "Quick one about Aoife: new job at KPMG!"


def _others(turn: Turn, si: int, obj: Span) -> bool:
    """Does the sentence tell of someone besides the speaker and the object (a person named, he,
    she, they)?"""
    return any(t.lower in _THIRD or t.lower == "they" for t in turn.sentences[si].tokens) or any(
        s.type == "person" and not s.vocative and s is not obj for s in turn.names[si])


# after the opening word, a sign it is a subject, never a verb said without its "I" ("Storm is a nurse at Bupa")
_IS = frozenset(("is", "was", "'s", "has", "are", "were"))


def _subject_place(toks: list[Token], span: Span, first: int) -> bool:
    """Is the name where a subject stands: opening the clause, or before a verb or "and" — not
    after a preposition ("at my parents' in Otley"), nor owning the subject ("Dan and Priya's
    little girl has started at Oak Academy")?"""
    if _owns_what_follows(toks, span):
        return False
    if span.first == first:
        return True
    nxt = toks[span.last + 1] if span.last + 1 < len(toks) else None
    if nxt is not None and nxt.text == "," and (_after_person_noun(toks, span) or span.last + 2 < len(toks)
                                                and toks[span.last + 2].lower == "whom"):
        return True  # "My younger brother Chidi, whom everyone calls Chi, lives out in Bexleyheath"
    return nxt is not None and nxt.alpha and not nxt.cap and nxt.lower not in _PREPOSITIONS


def _owns_what_follows(toks: list[Token], span: Span) -> bool:
    """"Priya's little girl", "Dan and Priya's son": the name owns the noun after it (not "Priya's
    moved", where the 's is "has")."""
    k = span.last if toks[span.last].text == "'s" else span.last + 1
    if k + 2 < len(toks) and toks[k].lower in ("and", "&") and toks[k + 2].text == "'s":
        k += 2  # "Dan and Priya's …"
    if k + 1 >= len(toks) or toks[k].text != "'s":
        return False
    after = toks[k + 1].lower
    return toks[k + 1].alpha and "VERB" not in lx.pos_tags(after) and after not in lx.IS_AFTER_S


def _after_person_noun(toks: list[Token], span: Span) -> bool:
    """"my brother Chidi", "my dad, Emmanuel": a name in apposition to a word for a person."""
    k = span.first - 1
    if k > 0 and toks[k].text == ",":
        k -= 1
    return k >= 0 and toks[k].lower in lx.PERSON_NOUNS


def _named_subject(toks: list[Token], span: Span) -> bool:
    """A capitalised name of no known type read as a person where a subject stands: before a
    lower-case verb or "and" ("Inés has packed in her course", "Inés and Callum are separating")."""
    nxt = toks[span.last + 1] if span.last + 1 < len(toks) else None
    after = toks[span.last + 2] if span.last + 2 < len(toks) else None
    if nxt is not None and nxt.text == "'s" and after is not None:  # "Will's just adopted", not "Will's dog"
        return (span.type == "concept" and toks[span.first].cap and after.alpha and not after.cap
                and "NOUN" not in lx.pos_tags(after.lower))
    return span.type == "concept" and toks[span.first].cap and nxt is not None and nxt.alpha and not nxt.cap


def _kin_named(toks: list[Token], span: Span) -> bool:
    """A name of no known type after a word for a person: "their daughter Amara", "my mate Dev"."""
    return span.type == "concept" and span.first > 0 and toks[span.first - 1].lower in lx.PERSON_NOUNS


def _clauses(sent: Sentence) -> list[tuple[int, int]]:
    """Token ranges of the sentence's clauses: split at ";", ":", a dash, and ", and/but/so …" or
    "and/but/so" before a new subject."""
    toks = sent.tokens
    cuts = [-1]
    for i, t in enumerate(toks):
        nxt = toks[i + 1].lower if i + 1 < len(toks) else ""
        if t.text in (";", ":", "-", "\u2013", "\u2014") or t.text == "," and nxt in _BREAK_WORDS:
            cuts.append(i)
        elif t.lower in _BREAK_WORDS and nxt in _SUBJECT_START and i > 0 and toks[i - 1].text != "," and not (
                t.lower == "and" and toks[i - 1].cap):  # "Priya and I": one subject
            cuts.append(i)
        elif t.lower in _BREAK_WORDS and t.lower != "and" and i > 0 and i + 1 < len(toks) and toks[i + 1].cap:
            cuts.append(i)  # "Zoe and Marcus are happy but Kate's broken up with Ryan": a new subject by name
        elif t.text == "," and nxt in _SUBJECT_START and toks[cuts[-1] + 1].lower not in _CONDITIONS:
            # "Rafa might come if he's back, he's doing his final year at Sheffield uni": a new
            # sentence typed after a comma (not "If I get the job, I'll move to Leeds")
            cuts.append(i)
    cuts.append(len(toks))
    return [(a + 1, b - 1) for a, b in zip(cuts, cuts[1:]) if b - 1 >= a + 1]
