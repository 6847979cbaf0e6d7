"""The Extractor seam: entities and facts stated in one conversation turn.

``RuleExtractor`` (rules.py) is the offline default; anything with the same ``extract`` method
(an LLM-backed extractor, a test double) can be passed to memdb instead. Name normalisation for
entity resolution lives in ``aliases``.
"""

from __future__ import annotations

import re

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Protocol

from memdb.text import words


@dataclass(frozen=True)
class EntityMention:
    text: str  # surface form as written ("Mel's", "my sister Anna" → "Anna")
    name: str  # display name cleaned (possessive stripped, original case kept: "Mel")
    type: str  # one of ENTITY_TYPES
    start: int  # char offsets of `text` in the episode content (-1 for the speaker itself)
    end: int
    nickname: bool = False  # `text` is another name of `name` the turn declares: remembered as its alias
    another: bool = False  # not whom memory knows by the same first name ("the other Tom, Tom Ogunleye")


@dataclass(frozen=True)
class FactCandidate:
    subject: str  # entity name; first person → the speaker's name
    object: str  # entity name of the object (also in the mentions list)
    label: str  # snake_case relation, read "subject —label→ object" (see patterns.py)
    fact: str  # the sentence the fact was read from, trimmed
    exclusive: bool  # one value at a time per subject+label: a newer object invalidates the older
    valid_at: datetime | None = None  # only when the sentence carries an explicit year/date
    # An end told without naming what ended ("I'm single again", "I quit my job", "our cat died"):
    # the object is the subject's current one of the state the label ends, and `object` holds
    # only a word that narrows it ("cat"), or "" (memdb resolves it: knowledge.py).
    unnamed: bool = False


@dataclass(frozen=True)
class Extraction:
    entities: tuple[EntityMention, ...]
    facts: tuple[FactCandidate, ...]
    # name → "f" or "m", for the people the turn names with a word for a woman or a man ("my sister Hannah")
    genders: Mapping[str, str] = field(default_factory=dict)
    # the one person an assistant's turn ends up asking about ("How's your dad keeping himself going?"):
    # the user's reply opening without a subject is about them ("work mostly. still doing 6 days a week …")
    asked_about: str | None = None
    # … and whether it asks of their job ("Is Leah still at Contoso?"): "she moved to Northwind" answers with one
    asked_job: bool = False
    asked_home: bool = False  # … or of their home ("Where does she live now?"): "Leeds." answers with one
    asked_you: bool = False  # it asks of the user ("Are you still in Leeds?")


# How many turns back a pronoun may reach: a user's turn and the reply, twice.
CONTEXT_TURNS = 4


@dataclass(frozen=True)
class Context:
    """What a reader of a turn knows from the turns said before it in its session: the people
    each of them named, most recent turn first. "She's moving to Porto" opening a turn means the
    one person the turns just before named; with two or none, nobody is meant."""

    people: tuple[frozenset[str], ...] = ()
    named: frozenset[str] = frozenset()  # everyone the session named so far
    # anyone → their partner, as memory knows it: "we moved to Leeds" moves the household
    partners: Mapping[str, str] = field(default_factory=dict)
    # per turn of `people`: whom it told to be a woman or a man ("she" means the one of two who fits)
    genders: tuple[Mapping[str, str], ...] = ()
    # organisations and places memory knows, lower-cased: "little loquat shut" is the café named before
    places_and_orgs: frozenset[str] = frozenset()
    # whom the turn's "you" means: the user an assistant's turn answers ("so you've moved to Leith")
    addressee: str | None = None
    # the turn is an assistant's: its questions tell nothing ("How's the flat in Leeds?" may repeat a home
    # memory no longer holds), where a user's tell what they take as given ("any tips for my first week at X?")
    by_assistant: bool = False
    asked_about: str | None = None  # the one person the turn before, the assistant's, asked about
    asked_job: bool = False  # … and asked of their job
    asked_home: bool = False  # … or of their home
    asked_you: bool = False  # the turn before, the assistant's, asked of the user
    # anyone → the place the session's turns told them arrived in, no home told since ("merry christmas
    # from footscray!!" — "we all got turfed. footscray is cheaper": the home that took the old one's place)
    arrived: Mapping[str, str] = field(default_factory=dict)
    # the places among ``places_and_orgs``: "leaving Broughty Ferry" leaves a home memory knows, not a firm
    places: frozenset[str] = frozenset()
    # each pet memory knows → its owner: "We lost Rex on Sunday" ends the has_pet of Rex's owner
    pets: Mapping[str, str] = field(default_factory=dict)
    # each person → the employer memory knows they work at ("" when the session told it ended): "Jo's at
    # Argos now" is a job when Jo has one, or has just left one
    jobs: Mapping[str, str] = field(default_factory=dict)
    # each person → the home memory knows of them: "I still live with my gran" is at the gran's home
    homes: Mapping[str, str] = field(default_factory=dict)
    # each child → their parent, as memory knows it: "Jack's flown the nest" leaves the parent's home
    children: Mapping[str, str] = field(default_factory=dict)
    # each person → the place of the move memory knows they plan, and when it takes effect (None: not told): "sad to
    # leave Leeds" said before it is the home until then
    moves: Mapping[str, tuple[str, datetime | None]] = field(default_factory=dict)

    def then(self, extraction: Extraction, *, speaker: str | None = None, turns: int = CONTEXT_TURNS) -> Context:
        """The context of the turn after one read as ``extraction`` (said by ``speaker``). A
        name read without a cue to its type ("Will Amara go with him?") is the person named so
        before."""
        people = frozenset(m.name for m in extraction.entities if m.start >= 0 and m.name != speaker and (
            m.type == "person" or m.type == "concept" and m.name in self.named))
        nicknames = frozenset(m.text for m in extraction.entities if m.nickname)  # "Chi" for Chidi
        partners, arrived, pets, jobs = dict(self.partners), dict(self.arrived), dict(self.pets), dict(self.jobs)
        homes, children, moves = dict(self.homes), dict(self.children), dict(self.moves)
        for f in extraction.facts:
            if f.label == "has_pet" and not f.unnamed:
                pets[f.object] = f.subject
            elif f.label == "lost":
                pets.pop(f.object, None)
            elif f.label == "works_at" and not f.unnamed:
                jobs[f.subject] = f.object
            elif f.label in ("left", "quit") and (f.unnamed or jobs.get(f.subject) == f.object):
                jobs[f.subject] = ""  # between jobs: "Ana quit her job." — "Ana's at Argos now."
            if f.label == "partner_of" and not f.unnamed:  # anyone's couple, both ways round ("she left him")
                partners[f.subject], partners[f.object] = f.object, f.subject
            elif f.label in ("broke_up_with", "ex_partner_of"):
                for one in (f.subject, f.object):
                    other = partners.pop(one, None)
                    if other is not None and partners.get(other) == one:
                        del partners[other]
            elif f.label == "arrived_in" and not f.unnamed:
                arrived[f.subject] = f.object
            elif f.label in ("lives_in", "moving_to"):
                arrived.pop(f.subject, None)
            if f.label == "lives_in" and not f.unnamed:
                homes[f.subject] = f.object
                if f.valid_at is None and moves.get(f.subject, ("",))[0] == f.object:
                    del moves[f.subject]  # "All moved in! Bristol is lovely": the move made
            elif f.label == "moving_to" and not f.unnamed:
                moves[f.subject] = (f.object, f.valid_at)
            elif f.label == "called_off":
                moves.pop(f.subject, None)
            elif f.label in ("parent_of", "child_of") and not f.unnamed:
                child, parent = (f.object, f.subject) if f.label == "parent_of" else (f.subject, f.object)
                children[child] = parent
        things = frozenset(m.name.lower() for m in extraction.entities
                           if m.start >= 0 and m.type in ("organization", "place"))
        places = frozenset(m.name.lower() for m in extraction.entities if m.start >= 0 and m.type == "place")
        return Context((people, *self.people)[:turns], self.named | people | nicknames, partners,
                       (extraction.genders, *self.genders)[:turns],
                       self.places_and_orgs if things <= self.places_and_orgs else self.places_and_orgs | things,
                       asked_about=extraction.asked_about, asked_job=extraction.asked_job,
                       asked_home=extraction.asked_home,
                       asked_you=extraction.asked_you, arrived=arrived,
                       places=self.places if places <= self.places else self.places | places, pets=pets,
                       jobs=jobs, homes=homes, children=children, moves=moves)

    def gender_of(self) -> dict[str, str]:
        """Whom the turns in context told to be a woman or a man, the latest telling first."""
        told: dict[str, str] = {}
        for genders in reversed(self.genders):
            told.update(genders)
        return told


NO_CONTEXT = Context()


ENTITY_TYPES = ("person", "place", "organization", "product", "date", "event", "concept")


# Words a user would ask with, per fact label: retrieval embeds these instead of the bare label.
LABEL_PHRASES: Mapping[str, str] = MappingProxyType({
    # home
    "lives_in": "lives in, home city, where they live, moved to",
    "lived_in": "used to live in, former home, lived there before",
    "moved_out_of": "moved out of, left the city, no longer lives in",
    "moving_to": "moving to, plans to move, relocating to, next home",
    "arrived_in": "arrived in, got to, first week in, now living in",
    "from": "from, hometown, where they grew up, origin",
    "born_in": "born in, birthplace, where they were born",
    # work
    "works_at": "works at, job, employer, company they work for",
    "worked_at": "used to work at, former job, previous employer",
    "left": "left job, quit, resigned from, former employer",
    "quit": "quit job, resigned from, left employer",
    "works_as": "job title, occupation, profession, what they do for work",
    "worked_as": "used to work as, former occupation, previous job title",
    "volunteers_at": "volunteers at, volunteering, charity work",
    "joined": "joined, signed up for, became a member of",
    # school and learning
    "studies_at": "studies at, school, university, college they attend, course, degree",
    "studied_at": "studied at, former school, alma mater, graduated from",
    "studies": "studies, is learning, subject, major, course, language",
    "passed": "passed exam, test result, certification, qualified",
    "reached_level": "language level, proficiency, how fluent, reached level",
    # doings
    "attends": "attends, goes to, class, event they go to",
    "attended": "attended, went to, event, took part in, race",
    "visited": "visited, trip, travelled to, vacation, been to",
    "speaks_at": "speaks at, talk, presentation, conference, giving a talk",
    "member_of": "member of, club, group, team, class they joined",
    "owns": "owns, bought, has, their things, possessions",
    "has_pet": "pet, dog, cat, animal they own",
    "lost": "lost, passed away, died, put down, rehomed, gave away",
    "habit": "habit, hobby, pastime, sport, routine, took up, does regularly, for fun",
    "quit_habit": "quit habit, gave up hobby, stopped doing, no longer does",
    # tastes and diet
    "likes": "likes, loves, enjoys, favourite, fan of, into",
    "favourite_food": "favourite food, go-to meal, favourite dish, favourite thing to eat",
    "dislikes": "dislikes, hates, can't stand, doesn't like",
    "diet": "diet, vegetarian, vegan, pescatarian, what they eat, eating",
    "stopped_diet": "no longer vegetarian or vegan, gave up diet",
    "eats": "eats, food, what they eat, started eating again",
    "stopped_eating": "stopped eating, gave up food, doesn't eat anymore",
    "drinks": "drinks, coffee, tea, alcohol, what they drink",
    "stopped_drinking": "stopped drinking, gave up coffee or alcohol",
    # people
    "partner_of": "partner, dating, seeing, boyfriend, girlfriend, relationship, husband, wife, spouse, married, fiancé",
    "broke_up_with": "broke up, split up, ex, breakup, divorced, single again",
    "ex_partner_of": "ex, former partner, ex-boyfriend, ex-girlfriend",
    "friend_of": "friend, best friend, buddy, friendship",
    "sibling_of": "sibling, sister, brother",
    "child_of": "parent, mother, father, mom, dad",
    "parent_of": "child, son, daughter, kids",
    "grandchild_of": "grandparent, grandmother, grandfather, grandma, grandpa",
    "grandparent_of": "grandchild, grandson, granddaughter, grandkids",
    "relative_of": "relative, family, aunt, uncle, cousin, niece, nephew",
    "colleague_of": "colleague, coworker, works with",
    "reports_to": "boss, manager, supervisor, reports to",
    "student_of": "teacher, mentor, coach, tutor, instructor",
    "neighbor_of": "neighbor, lives next door",
    "roommate_of": "roommate, flatmate, lives with",
    "classmate_of": "classmate, studies with, same class",
    "teammate_of": "teammate, same team, plays with",
    "patient_of": "therapist, doctor, treatment",
    "related_to": "related to, connected with, mentioned with",
})


def describe_label(label: str) -> str:
    """Natural words for a fact label ("lives_in" → "lives in, home city, …"); an unknown label
    reads as its words ("plays_for" → "plays for")."""
    return LABEL_PHRASES.get(label) or label.replace("_", " ")


# States a person is in for a while (home, job, partner, school, diet, a pet) and the labels that
# begin or end them: a question naming the state ("where does she work", "who is he dating")
# is about these facts. Tastes and doings ("enjoy", "class", "trip") are asked of too loosely.
_STATE_LABELS = frozenset(("lives_in", "lived_in", "moved_out_of", "moving_to", "born_in", "works_at", "worked_at",
                           "left", "quit", "works_as", "worked_as", "studies_at", "studied_at", "partner_of",
                           "broke_up_with", "ex_partner_of", "diet", "stopped_diet", "has_pet", "habit", "quit_habit",
                           "favourite_food"))
# Words in the phrases above too loose to say which relation a question is about.
_NOT_CUES = frozenset("used former previous old new left no longer gave stopped started anymore doesn't can't own "
                      "stand go goes thing things giving result test door regularly plans connected mentioned "
                      "related took doing favourite favorite".split())  # ("what is her favourite film": ever named)


def _cue_form(word: str) -> str:
    """A lower-case word's form for cue matching: a plural's or verb's -s dropped ("lives" → "live")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"  # "hobbies" → "hobby", "studies" → "study"
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


# The past tense of a state ("used to work as a banker", "lived in Leeds before"): never what holds
# now, whatever its validity says (it has no end to give).
_PAST_STATE_LABELS = frozenset(("lived_in", "worked_at", "worked_as", "studied_at"))


def tells_the_past(label: str) -> bool:
    return label in _PAST_STATE_LABELS


# The end of a state told ("I left Calder", "we broke up"): what no longer holds, not what does.
_STATE_ENDS = frozenset(("broke_up_with", "left", "quit", "moved_out_of", "stopped_diet", "lost", "ex_partner_of",
                         "quit_habit"))


def ends_a_state(label: str) -> bool:
    return label in _STATE_ENDS


def is_state_label(label: str) -> bool:
    """Is the label a state held for a while (home, job, partner…), as opposed to a bond that
    always holds (a sister) or a one-off doing?"""
    return label in _STATE_LABELS


@lru_cache(maxsize=None)
def label_cues(label: str) -> frozenset[str]:
    """The words of a state label's phrases that name it on their own in a question ("dating",
    "boyfriend" → partner_of; "job", "work" → works_at): no function words, no hedges. Other
    labels have none."""
    from memdb.extract.lexicon import STOPWORDS

    if not is_state_label(label):
        return frozenset()
    return frozenset(_cue_form(w) for w in words(describe_label(label)) if w not in STOPWORDS and w not in _NOT_CUES)


def question_cues(text: str) -> frozenset[str]:
    """A question's words in cue form, to intersect with ``label_cues`` — with the stems of its
    -ing and -ed forms ("where was she living" names "live", "who was he dating" "date"), and
    its other words for a state in the label's ("where is she based" names "live")."""
    for asked, meant in _ASKED_AS:
        text = asked.sub(meant, text)
    return frozenset(form for w in words(text) for form in (_cue_form(w), *_stems(w)))


# Words a question asks a state in that no label's phrase uses (they would change what its words
# embed as): "what does she do for a living" asks for a job, not a home.
_ASKED_AS = tuple((re.compile(asked, re.IGNORECASE), meant) for asked, meant in (
    (r"\b(?:for|make|makes|making|earn|earns|earning)\s+(?:a|their|his|her|my|your)\s+living\b", "work"),
    (r"\b(?:based|resides?|resided|residing|settled)\b(?!\s+(?:on|upon|off|for|around)\b)|"
     r"\b(?:town|suburb|neighbou?rhood)\b", "live"),
    (r"\bemploy(?:s|ed|ing|ment)?\b", "employer"),
    (r"\bline\s+of\s+work\b|\bwork(?:s|ed|ing)?\s+as\b|\btrade\b", "occupation"),
    (r"\b(?:go|goes|going|went|gone)\s+out\s+with\b|\bother\s+half\b|\bsignificant\s+other\b", "partner"),
    (r"\b(?:keeps?|kept|keeping|own(?:s|ed)?)\b(?=[^?.]*\b(?:animals?|pets?|dogs?|cats?)\b)|"
     r"\b(?:animals?|pets?|dogs?|cats?)\b[^?.]*\b(?:keeps?|kept|keep|own(?:s|ed)?)\b", "pet"),
    (r"\benrol+(?:s|ed|ing)?\b", "study"),
    # "what does Dan do these days?", "which firm is she at?": a job asked without its words
    (r"\bwhat\s+(?:does|do|did)\s+(?:[\w'-]+\s+){1,3}?do(?=\s*(?:now|these\s+days|nowadays|currently|at\s+the\s+moment"
     r"|for\s+(?:work|a\s+job)|\?|$))", "what does work"),
    (r"\b(?:firm|workplace|outfit)\b", "employer"),
    # "who is Priya with now?", "who's her new fella?": a partner asked without its words
    (r"\bwho(?:'s|\s+is|\s+was|\s+are)\s+(?:[\w'-]+\s+){1,2}?with\b(?=\s*(?:now|these\s+days|nowadays|at\s+the\s+moment|\?|$))",
     "partner"),
    (r"(?:'s|\b(?:his|her|their|your|my))\s+(?:new\s+|current\s+|latest\s+)?(?:fella|feller|bloke|man|woman|guy|girl|lady"
     r"|missus|missis|hubby|wifey|bae|beau|squeeze)\b", r"\g<0> partner"),
    # "what's Dan into these days?", "what does she do in her spare time?": a pastime
    (r"\bwhat(?:'s|\s+is|\s+are|\s+was)\s+(?:[\w'-]+\s+){1,3}?into\b|\b(?:spare|free)\s+time\b|\bfor\s+fun\b", "hobby"),
    # "which puppy does Ana have?": a pet by its kind
    (r"\b(?:pup|pups|puppy|puppies|kitten|kittens|kitty|bunny|rabbit|hamster|parrot|budgie|tortoise|pony|guinea\s+pig)\b",
     r"\g<0> pet"),
    (r"\buni\b", "university"),
))


def _stems(word: str) -> tuple[str, ...]:
    for ending in ("ing", "ed"):
        stem = word[: -len(ending)]
        if word.endswith(ending) and len(stem) > 2:
            undoubled = (stem[:-1],) if len(stem) > 3 and stem[-1] == stem[-2] else ()  # running → run
            return (stem, stem + "e", *undoubled)  # living → live, worked → work
    return ()


# A favourite is one at a time too ("what was her favourite food in May"), though likes are not.
_PREFERENCE_CUES = frozenset(("favorite", "favourite", "go-to"))


@lru_cache(maxsize=2)
def _state_cues(preferences: bool) -> frozenset[str]:
    cues = frozenset(cue for label in _STATE_LABELS for cue in label_cues(label))
    return cues | _PREFERENCE_CUES if preferences else cues


def asks_about_state(text: str, *, preferences: bool = True) -> bool:
    """Does a question name a state by one of its labels' own words ("where did she live",
    "who was he dating", "what was her job") — or, with ``preferences``, a favourite? Then what
    held is asked, not what was said."""
    return bool(question_cues(text) & _state_cues(preferences))


class Extractor(Protocol):
    def extract(self, text: str, *, speaker: str | None, occurred_at: datetime,
                context: Context = NO_CONTEXT) -> Extraction:
        """Entities and facts stated in one conversation turn spoken by `speaker`, after the
        turns `context` tells of."""
        ...


from memdb.extract.rules import RuleExtractor

__all__ = [  # noqa: RUF022 - plain sorted(), as tests/test_extract.py asserts
    "CONTEXT_TURNS",
    "Context",
    "ENTITY_TYPES",
    "EntityMention",
    "Extraction",
    "Extractor",
    "FactCandidate",
    "LABEL_PHRASES",
    "NO_CONTEXT",
    "RuleExtractor",
    "asks_about_state",
    "describe_label",
    "is_state_label",
    "label_cues",
    "question_cues",
]
