"""RuleExtractor: offline entity and fact extraction from one chat turn, without a model.

Pipeline per sentence: dates → capitalised names (typed by word lists and context cues) →
lower-case noun phrases → relation rules (patterns.py, kinship.py) → co-occurrence links.
Everything is regular expressions and set look-ups: thousands of turns per second on one core.

Typing conventions worth knowing:
- A named pet ("a puppy named Max") is typed ``person``: ENTITY_TYPES has no animal, and later
  bare mentions of "Max" are typed person by the first-name list, so both resolve to one entity.
- An unnamed relative is an entity named from its owner's side: "my kids" said by Melanie is
  "Melanie's kids" (text "my kids"), so later turns about them connect.
- Addressees ("Hey Mel!") are person mentions but never get a related_to link.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from memdb.errors import InvalidInputError
from memdb.extract import NO_CONTEXT, Context, EntityMention, Extraction, FactCandidate
from memdb.extract import lexicon as lx
from memdb.extract.dates import find_dates
from memdb.extract.entities import Span, find_concepts, find_names
from memdb.extract.fact_time import fact_time, told_next
from memdb.extract.frames import read_frames
from memdb.extract.gender import genders_told
from memdb.extract.answers import asks_of_a_home, asks_of_a_job, read_short_answer
from memdb.extract.home_clauses import read_companions, read_home_after_leaving
from memdb.extract.homes_in_passing import read_homes_in_passing, read_homes_of_household, read_homes_shared
from memdb.extract.jobs import read_job_moves, read_jobs_told_around, read_schools_not_jobs
from memdb.extract.kinship import KIN_PHRASE
from memdb.extract.nicknames import read_nicknames
from memdb.extract.names import NICKNAMES
from memdb.extract.objects import university_of_city
from memdb.extract.patterns import ENDING_LABELS
from memdb.extract.pets import read_pets_lost
from memdb.extract.places import PLACES
from memdb.extract.pastimes import read_pastimes_by_words
from memdb.extract.relations import asks, read_sentence
from memdb.extract.text import Sentence, normalize_quotes, original_span, regularize, split_sentences
from memdb.extract.truecase import truecase
from memdb.extract.tastes import read_favourite_food
from memdb.extract.turn import (UNNAMED, RawFact, Turn, add_fact, named_with_me, person_at, resolve_pronoun,
                                tok_index)
from memdb.temporal import TimeRange
from memdb.timeexpr import find_time_expressions

# A plan with a date names a state from that date on: label planned → label it takes effect as.
_PLANS = {"moving_to": "lives_in"}
_EXCLUSIVE_PLANS = frozenset({"lives_in"})
# Labels that only end a state (not pairs that end each other, as likes and dislikes).
_ENDINGS = frozenset(ENDING_LABELS) - {label for ended in ENDING_LABELS.values() for label in ended}
_HOMES = frozenset(("lives_in", "moving_to"))
_BEING_THERE = frozenset(("arrived_in", "visited"))  # told of a home in the same turn, no more than it
# Types worth a generic related_to link; dates and concepts are too loose to link.
_LINKABLE = frozenset(("person", "place", "organization", "event", "product"))
MAX_FACT_CHARS = 400
class RuleExtractor:
    """The default Extractor: patterns and word lists, good precision, no network, no model."""

    def __init__(self, *, max_concepts: int = 4, max_related: int = 3) -> None:
        self.max_concepts = max_concepts
        self.max_related = max_related

    def extract(self, text: str, *, speaker: str | None, occurred_at: datetime,
                context: Context = NO_CONTEXT) -> Extraction:
        """Entities and facts stated in one conversation turn spoken by `speaker`; a he or she
        with nobody named before it in the turn is the person `context` last named."""
        if not isinstance(text, str):
            raise InvalidInputError("text must be a string", details={"type": type(text).__name__})
        speaker = speaker.strip() or None if speaker else None
        # Quote normalisation and capitals map one character to one, so offsets stay those of `text`.
        known = _first_names(context) | context.places_and_orgs
        # "shes" → "she's", "shifted" → "moved", an assistant's "you've moved" → "I've moved": offsets mapped back
        typed, origin = regularize(normalize_quotes(text), addressed=context.addressee is not None)
        sentences = split_sentences(truecase(typed, known))
        subject = context.addressee or speaker  # whom "I" means in the text as read
        turn = Turn(speaker=subject, sentences=sentences, names=[], concepts=[], recent=context.people,
                    partner=context.partners.get(subject) if subject else None,
                    asked_about=context.asked_about if context.addressee is None else None,
                    asked_job=context.asked_job and context.addressee is None,
                    asked_home=context.asked_home and context.addressee is None,
                    asked_you=context.asked_you and context.addressee is None, known=context.named,
                    partners=context.partners, by_assistant=context.by_assistant,
                    moving={who: place for who, (place, at) in context.moves.items() if at is None or at > occurred_at})
        declared: dict[str, str] = {}  # nickname → name, as the turn declares them
        for si, sent in enumerate(sentences):
            dates = find_dates(sent, occurred_at)
            blocked = {k for d in dates for k in range(d.first, d.last + 1)}
            found = find_names(sent, blocked, known)
            for span in found:  # a name the turns just before used for someone is theirs here too ("Dev's helping")
                if span.type == "concept" and any(span.name in people for people in context.people) or (
                        span.type == "place" and span.name in context.named and _heard_from(sent, span)
                        and span.name.lower() not in context.places and span.name.lower() not in PLACES):
                    span.type = "person"  # (and "news from Nadia", whom the session named: no place guessed by "from")
                if span.name in declared:  # "… whom everyone calls Chi. Chi works at Barclays": Chidi
                    span.name, span.type = declared[span.name], "person"
                if span.name.lower() in context.places and (span.type in ("place", "organization", "concept") or (
                        span.type == "person" and span.name not in context.named)):
                    # "leaving Broughty Ferry", where memory knows one lives; "bye bye Reading", no one named so
                    span.type, span.known_place = "place", True
                university_of_city(span, sent.tokens)
            turn.names.append(sorted(dates + found, key=lambda s: s.start))
            taken = blocked | {k for s in found for k in range(s.first, s.last + 1)}
            turn.concepts.append(_dedupe(find_concepts(sent, taken)))
            read_nicknames(turn, si)
            # A name declared here stands for that person in the turn's later sentences, and may
            # open one ("… whom everyone calls Chi. Chi works in risk at Barclays").
            declared |= {s.text: s.name for s in turn.names[si] + turn.concepts[si] if s.nickname}
            known |= {nickname.lower() for nickname in declared}
        told_here = genders_told(text, {(s.text, s.name) for per in turn.names for s in per
                                        if s.type in ("person", "concept") and s.name not in (speaker, subject)})
        turn.genders = context.gender_of() | told_here
        chunked = {id(s) for per in turn.concepts for s in per}
        for si in range(len(sentences)):
            read_sentence(turn, si)
            read_frames(turn, si)
            read_homes_in_passing(turn, si)
            read_companions(turn, si)
            read_pastimes_by_words(turn, si)
        turn.facts = [f for f in turn.facts if not _declined(turn, f) and not _named_too(turn, f)]
        _name_pets(turn)
        read_favourite_food(turn)
        _moved_with_me(turn)
        read_homes_shared(turn, context.homes)
        read_homes_of_household(turn, context.homes, context.children)
        _arrival_made_home(turn, context.arrived)
        read_pets_lost(turn, context.pets)
        read_job_moves(turn)
        read_schools_not_jobs(turn)
        read_short_answer(turn)
        read_jobs_told_around(turn, context.jobs)
        read_home_after_leaving(turn)
        _plans_called_off(turn)
        self._link_cooccurring(turn)
        mentions = self._mentions(turn, chunked, text, origin, speaker)
        return Extraction(
            entities=mentions,
            facts=self._facts(turn, occurred_at, text, origin),
            genders={name: g for name, g in told_here.items()
                     if any(m.name == name and m.type == "person" and m.start >= 0 for m in mentions)},
            asked_about=(asked := _asked_about(turn) if context.addressee is not None else None),
            asked_you=(you := context.addressee is not None and asked is None and _asks_you(turn)),
            asked_job=(asked is not None or you) and asks_of_a_job(turn),
            asked_home=(asked is not None or you) and asks_of_a_home(turn),
        )

    # ------------------------------------------------------------------------------ entities
    def _mentions(self, turn: Turn, chunked: set[int], text: str, origin: list[int] | None, speaker: str | None
                  ) -> tuple[EntityMention, ...]:
        used = {id(f.obj) for f in turn.facts}
        spans = [s for per in turn.names for s in per]
        named_tokens = {(si, k) for si, per in enumerate(turn.names)
                        for s in per for k in range(s.first, s.last + 1)}
        # Chunked noun phrases compete for a few slots (longest first); fact objects always stay.
        candidates = [
            s for si, per in enumerate(turn.concepts) for s in per
            if id(s) in used or not any((si, k) in named_tokens for k in range(s.first, s.last + 1))
        ]
        keep = [s for s in candidates if id(s) in used or s.nickname]  # a name declared stays: its alias
        seen = {s.name.lower() for s in keep}
        for s in sorted((s for s in candidates if id(s) in chunked and id(s) not in used),
                        key=lambda s: (s.first - s.last, s.start)):
            if len(keep) - sum(id(k) in used for k in keep) >= self.max_concepts:
                break
            if s.name.lower() not in seen and not any(
                    k.start < s.end and s.start < k.end for k in keep):
                seen.add(s.name.lower())
                keep.append(s)
        out: list[EntityMention] = []
        if speaker:
            out.append(EntityMention(speaker, speaker, "person", -1, -1))
        told = {name for f in turn.facts if f.label != "related_to" for name in (f.subject, f.obj.name)}
        if turn.speaker and turn.speaker != speaker and turn.speaker in told:  # the user an assistant's "you" told of
            out.append(EntityMention(turn.speaker, turn.speaker, "person", -1, -1))
        seen_at: set[tuple[int, int]] = set()
        for s in sorted(spans + keep, key=lambda s: s.start):
            if (s.start, s.end) in seen_at or not s.type:
                continue
            seen_at.add((s.start, s.end))
            start, end = original_span(origin, s.start, s.end)
            out.append(EntityMention(text[start:end], s.name, s.type, start, end, s.nickname, s.another))
        # what a fact here tells of that memory knows and the turn does not name ("I still live with my gran": at hers)
        for name, type_ in {(f.obj.name, f.obj.type) for f in turn.facts if f.obj.start < 0 and f.obj.type != UNNAMED}:
            out.append(EntityMention(name, name, type_, -1, -1))
        # people of earlier turns a fact here tells of by a pronoun ("She's moving to Lyon")
        for name, s in turn.referred.items():
            if name in told:
                start, end = original_span(origin, s.start, s.end)
                out.append(EntityMention(text[start:end], name, "person", start, end))
        return tuple(out)

    # --------------------------------------------------------------------------------- facts
    def _link_cooccurring(self, turn: Turn) -> None:
        """related_to from the sentence's subject to named things no specific fact covers."""
        linkable = [
            (si, s) for si, per in enumerate(turn.names) for s in per
            if s.type in _LINKABLE and not s.vocative and s.name != turn.speaker
        ]
        if len({s.name for _, s in linkable}) < 2:
            return
        covered = {f.subject for f in turn.facts} | {f.obj.name for f in turn.facts}
        added = 0
        linked: set[tuple[str, str]] = set()
        for si, span in linkable:
            subject = _sentence_subject(turn, si) or turn.speaker
            if subject is None or span.name == subject or span.name in covered:
                continue
            if (subject, span.name) in linked or added >= self.max_related:
                continue
            linked.add((subject, span.name))
            turn.facts.append(RawFact(subject, span, "related_to", False, si))
            added += 1

    def _facts(self, turn: Turn, said_at: datetime, text: str, origin: list[int] | None
               ) -> tuple[FactCandidate, ...]:
        out: list[FactCandidate] = []
        planned: list[FactCandidate] = []  # what a plan makes true when it is carried out: recorded last
        seen: set[tuple[str, str, str]] = set()
        times: dict[int, list[TimeRange]] = {}
        # A turn telling a state and its end ("my dog Biscuit died") states the end last; an end that
        # names nothing comes in its sentence's place, so it ends what held before it, not a state a
        # later sentence tells ("Priya and Dan split. Tom is Priya's other half now").
        homes = {(f.subject, f.obj.name) for f in turn.facts if f.label in _HOMES}
        for f in sorted(turn.facts, key=_told_order):
            key = (f.subject, f.label, f.obj.name)
            if key in seen or not f.obj.type or f.label in _BEING_THERE and (f.subject, f.obj.name) in homes:
                continue  # "Hello from Berlin! I moved here last week": the home is told
            if f.obj.type == UNNAMED and f.label not in ENDING_LABELS and f.label not in (lx.CALLED_OFF, "arrived_in"):
                continue  # "I live there": only an end says something of what is not named
            if f.obj.name.lower() in lx.NEVER_ENTITY and f.label not in _TASTES:
                continue  # "signed up for an evening course": the evening is no object ("not a morning person" is)
            seen.add(key)
            sent = turn.sentences[f.sentence]
            if f.sentence not in times:
                times[f.sentence] = find_time_expressions(sent.text, said_at, said=True)
            # an end told without its object is placed where its words end: "today, last shift is the 8th"
            at = f.obj.end if f.obj.type == UNNAMED else f.obj.start
            valid_at = fact_time(times[f.sentence], at - sent.start, sent.text, said_at, deadline=f.label in _ENDINGS)
            if valid_at is None and (f.exclusive or f.label in _ENDINGS):
                valid_at = told_next(turn, f, said_at, times, ending=f.label in _ENDINGS)
            elif valid_at is not None and valid_at > said_at and f.label == "lives_in" and any(
                    g.subject == f.subject and g.label == "moving_to" and g.obj.name != f.obj.name for g in turn.facts):
                valid_at = None  # "moving from Leeds to York next month": the home held until then, not from then
            if f.label in lx.BLOOD_KIN or f.undated:
                valid_at = None  # kin for ever: "my daughter Emma is moving out next month"
            fact = FactCandidate(subject=f.subject, object=f.obj.name, label=f.label,
                                 fact=text[slice(*original_span(origin, sent.start, sent.end))].strip()[:MAX_FACT_CHARS],
                                 exclusive=f.exclusive, valid_at=valid_at,
                                 unnamed=f.obj.type == UNNAMED)
            out.append(fact)
            taking_effect = _PLANS.get(f.label)
            if taking_effect is not None and valid_at is not None and valid_at > said_at:
                # "I'm moving to Leeds in March": a home from March on, ending the one before then — the turn's
                # own included, told after the plan or not ("Moving to Leeds in March. For now I'm in York.")
                planned.append(replace(fact, label=taking_effect, exclusive=taking_effect in _EXCLUSIVE_PLANS))
        return (*out, *planned)

_TASTES = frozenset(("likes", "dislikes", "loves", "hates", "prefers", "enjoys"))
# A pet's name told after its kind: "got a kitten!!! she's called Mochi", "a Labrador, he calls him
# Bruno", "has a horse now, his name is Duke", "named it Nugget".
_PET_NAMED = re.compile(r"\b(?:(?:called|named)(?:\s+(?:him|her|it|them))?|calls?(?:\s+(?:him|her|it))?"
                        r"|(?:his|her|its)\s+name(?:'s|\s+is))\s+(?=(?-i:[A-Z]))", re.IGNORECASE)


def _named_too(turn: Turn, f: RawFact) -> bool:
    """Is ``f`` an end told without its object ("dad retired!!!") that the turn also tells with it
    ("last friday was his last day at trinity inlet marine")? The named one, with its date, tells it."""
    return f.obj.type == UNNAMED and any(
        g.subject == f.subject and g.label == f.label and g.obj.type != UNNAMED for g in turn.facts)


def _asked_about(turn: Turn) -> str | None:
    """The one person an assistant's turn asks about in its last sentence ("How's your dad keeping
    himself going?", read as "… my dad …": the user's dad), not a question to the user ("How are you
    and Tess?")."""
    si = len(turn.sentences) - 1
    if si < 0 or not asks(turn.sentences[si]):
        return None
    sent = turn.sentences[si]
    cuts = [-1, *(k for k, t in enumerate(sent.tokens) if t.text in _ASIDE_MARKS), len(sent.tokens)]
    # "Is your mum still up in Toowoomba - will you get to see her too?": the part asking of someone else
    for a, b in reversed(list(zip(cuts, cuts[1:]))):
        part = {t.lower for t in sent.tokens[a + 1 : b]}
        if part & _FIRST_PERSON:  # asks of the user: of the one before only if it speaks of them too ("see her")
            if part & _THIRD_PERSON:
                continue
            return None
        lo = sent.tokens[a].end if a >= 0 else sent.start
        hi = sent.tokens[b].start if b < len(sent.tokens) else sent.end
        people = {s.name for s in turn.names[si] if s.type == "person" and not s.vocative and s.name != turn.speaker
                  and a < s.first < b}
        kin = [m for m in KIN_PHRASE.finditer(sent.text, lo - sent.start, hi - sent.start)
               if m.group().lower().startswith("my ") and not m.group("ex")]
        if not people and len(kin) == 1 and turn.speaker is not None:  # "How's your dad?": the user's dad
            word = kin[0].group("kin").lower()
            people.add(f"{turn.speaker}'s {lx.PLAIN_KIN.get(word, word)}")
        pronouns = [k for k in range(a + 1, b) if sent.tokens[k].lower in ("he", "she")]
        if not people and not kin and len(pronouns) == 1:  # "Where does she live these days?": whom she means
            found = resolve_pronoun(turn, si, pronouns[0])
            people |= {found} if found is not None else set()
        return people.pop() if len(people) == 1 else None
    return None


_ASIDE_MARKS = frozenset(("-", "\u2013", "\u2014", ";"))
_FIRST_PERSON = frozenset(("i", "me", "we", "us", "i'm", "i've"))
_THIRD_PERSON = frozenset(("he", "she", "him", "her", "his", "they", "them"))


# "Rohit and I moved on Thursday": a move told without where to (Indian English "shifted" reads "moved")
_BARE_MOVE = re.compile(r"\b(?:I|we)\s+(?:(?:have|'ve|finally|just|both|all)\s+)*(?:moved|relocated)\b"
                        r"(?!\s+(?:to|into|in|from|out|away|back|over|up|down|house|on\s+from|there|here)\b)",
                        re.IGNORECASE)


def _moved_with_me(turn: Turn) -> None:
    """"Writing to you from the new flat in Aundh. Rohit and I moved on Thursday.": the one who moved
    with the speaker lives where the turn says the speaker's new home is (one home told)."""
    homes = {f.obj.name: f for f in turn.facts if f.subject == turn.speaker and f.label == "lives_in"}
    if len(homes) != 1:
        return
    home = next(iter(homes.values()))
    for si, sent in enumerate(turn.sentences):
        for m in _BARE_MOVE.finditer(sent.text):
            other = named_with_me(turn, si, tok_index(sent, sent.start + m.start()))
            if other is not None and other != turn.speaker:
                add_fact(turn, RawFact(other, home.obj, "lives_in", True, si))


def _told_order(f: RawFact) -> tuple[float, int]:
    if f.label not in _ENDINGS:
        return f.sentence, 0
    return (f.sentence, 1) if f.obj.type == UNNAMED else (math.inf, 0)


def _arrival_made_home(turn: Turn, arrived: Mapping[str, str]) -> None:
    """"merry almost christmas from footscray!!" — "landlord sold the brunswick house and we all got
    turfed. footscray is cheaper": a home ended, with the place arrived in before named again, is
    that place now (a home told in the turn settles it otherwise). So is a place arrived in where the
    turn itself tells it: "Finally moved out of Leeds, I'm in York now"."""
    for f in [f for f in turn.facts if f.label == "moved_out_of"]:
        if any(g.subject == f.subject and g.label in ("lives_in", "moving_to") for g in turn.facts):
            continue
        here = next((g for g in turn.facts if g.subject == f.subject and g.label == "arrived_in"
                     and g.obj.name != f.obj.name and g.obj.type == "place"), None)
        if here is not None:
            add_fact(turn, RawFact(f.subject, here.obj, "lives_in", True, here.sentence))
            continue
        place = arrived.get(f.subject)
        if place is None or f.obj.name == place:
            continue
        found = next(((si, s) for si in range(len(turn.sentences)) for s in turn.names[si] if s.name == place), None)
        if found is not None:
            add_fact(turn, RawFact(f.subject, found[1], "lives_in", True, found[0]))


def _name_pets(turn: Turn) -> None:
    """Give a pet read by its kind ("has_pet kitten") the name the sentence, or one of the two after it,
    calls it ("… a scruffy little kelpie cross from the rescue. … The grandkids named her Pepper"); one named
    in its sentence is that pet."""
    for f in turn.facts:
        if f.label != "has_pet" or f.obj.name.lower() not in lx.ANIMALS:
            continue
        for si in range(f.sentence, min(f.sentence + 3, len(turn.sentences))):
            sent = turn.sentences[si]
            after = f.obj.end if si == f.sentence else sent.start
            called = next((m for m in _PET_NAMED.finditer(sent.text) if sent.start + m.start() >= after), None)
            name = called and next((n for n in turn.names[si] if n.start == sent.start + called.end()), None)
            if name is not None and name.type != "date":  # "We've named her Pixel": whatever else Pixel names
                name.type = "person"  # pets are named like people
                f.obj = name
                break
    # "Meet Pepper, our new puppy!", "a new dog, Bo": the pet is the one named, not a second one of its kind
    named = [f for f in turn.facts if f.label == "has_pet" and f.obj.name.lower() not in lx.ANIMALS]

    def same_pet(kind: RawFact, name: RawFact) -> bool:  # told side by side, not listed ("a dog called Rex and a cat")
        a, b = sorted((kind.obj.first, name.obj.first))
        between = {t.lower for t in turn.sentences[kind.sentence].tokens[a + 1 : b]}
        return (name.subject == kind.subject and name.sentence == kind.sentence and b - a <= 4
                and not between & {"and", "or", "&"})

    turn.facts = [f for f in turn.facts if not (f.label == "has_pet" and f.obj.name.lower() in lx.ANIMALS
                                                and any(same_pet(f, n) for n in named))]
    if not any(f.label == "has_pet" for f in turn.facts):
        _named_new_pet(turn)


# "… with a guinea pig for him. He's named it Fudge", "got a new one from the rescue, she's named it Sooty Two":
# an animal the turn speaks of, named by the one who has it
_NAMED_IT = re.compile(r"\b(?P<who>I|we|he|she|(?-i:[A-Z])[\w'-]+)(?:'ve|'s|\s+has|\s+have)?\s+(?:just\s+)?"
                       r"(?:named|called)\s+(?:it|him|her)\s+(?=(?-i:[A-Z]))", re.IGNORECASE)


def _named_new_pet(turn: Turn) -> None:
    """has_pet of an animal named by a pronoun ("named it Fudge") where the turn, by then, named an animal."""
    animal_at = next((si for si, sent in enumerate(turn.sentences)
                      if any(t.lower in lx.ANIMALS for t in sent.tokens)), None)
    if animal_at is None:
        return
    for si in range(animal_at, min(animal_at + 3, len(turn.sentences))):
        sent = turn.sentences[si]
        for m in _NAMED_IT.finditer(sent.text):
            name = next((n for n in turn.names[si] if n.start == sent.start + m.end() and n.type != "date"), None)
            owner = person_at(turn, si, tok_index(sent, sent.start + m.start("who")))
            if name is not None and owner is not None:
                name.type = "person"  # pets are named like people
                add_fact(turn, RawFact(owner, name, "has_pet", False, si))
                return


def _asks_you(turn: Turn) -> bool:
    """Does the assistant's last sentence ask of the user ("Are you still in Leeds?", read as "… I …")?"""
    return bool(turn.sentences) and asks(turn.sentences[-1]) and any(
        t.lower in _FIRST_PERSON for t in turn.sentences[-1].tokens)


# A plan called off: "we're not moving to Edinburgh after all", "the Edinburgh move is off", "we've
# decided to stay put", "the job at Lumen fell through" — what was to come will not (lx.CALLED_OFF).
_CALL_OFF = re.compile(
    r"\b(?:not|n't|no\s+longer)\s+(?:be\s+)?(?:moving|relocating|joining|starting|taking\s+the\s+job)"
    r"(?:\s+(?:to|at|with|in))?(?P<to>\s+)?(?=[^.!?]*\bafter\s+all\b|[^.!?]*\b(?:anymore|any\s+more)\b)"
    r"|\b(?:the\s+)?(?:(?P<what>(?-i:[A-Z])[\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)?)\s+)?(?:move|job|offer|house|flat|sale|plan)s?\s+"
    r"(?:is|'s|has|was)?\s*(?:off|fell\s+through|fallen\s+through|cancell?ed|called\s+off)\b"
    r"|\b(?:move|job|offer)\s+(?:at|to|with)\s+(?P<at>(?-i:[A-Z])[\w'&-]*(?:\s+(?-i:[A-Z&])[\w'&-]*)*)\s+"
    r"(?:is\s+off|fell\s+through|has\s+fallen\s+through|was\s+cancell?ed|got\s+cancell?ed)\b"
    r"|\b(?:decided|deciding|decide)\s+(?:to\s+stay(?:\s+put)?|against\s+(?:the\s+)?mov(?:e|ing))\b|\bstay(?:ing)?\s+put\b"
    r"|\b(?:called|calling|call)\s+off\s+the\s+move\b|\b(?:cancell?ed|scrapped|pulled\s+out\s+of)\s+the\s+move\b",
    re.IGNORECASE)


def _plans_called_off(turn: Turn) -> None:
    """The speaker's (or the one subject's) plan called off, of a place or employer named by the
    words, else unnamed: whatever the subject had to come."""
    for si, sent in enumerate(turn.sentences):
        for m in _CALL_OFF.finditer(sent.text):
            if sent.text.rstrip().endswith("?") or re.search(r"\bif\b", sent.text[: m.start()], re.IGNORECASE):
                continue
            k = tok_index(sent, sent.start + m.start())
            before = [t.lower for t in sent.tokens[max(0, k - 3) : k]]
            subject = turn.speaker if not before or {"i", "we", "i'm", "we're"} & set(before) or before[-1] in (
                "'m", "'re", "'ve", "am", "are", "have") else _sentence_subject(turn, si)
            if subject is None and not any(t.cap or t.lower in ("he", "she", "they") for t in sent.tokens[1:k]):
                subject = turn.speaker  # "Scrap that, staying put": the speaker, no one else named
            if subject is None:
                continue
            at = sent.start + (m.end("to") if m.group("to") else m.start("what") if m.group("what")
                               else m.start("at") if m.group("at") else -1)
            named = next((n for n in turn.names[si] if n.start == at and n.type in ("place", "organization")), None)
            obj = named or Span(m.group(), "", UNNAMED, sent.start + m.start(), sent.start + m.end(), k, k)
            turn.facts.append(RawFact(subject, obj, lx.CALLED_OFF, False, si))


# An offer turned down, or not yet taken, after it was told: "Lena got an offer from Google but she
# turned it down", "I got offered a place at Leeds, I declined", "… but she hasn't decided yet" — no
# new job, school or home.
_OFFER = re.compile(r"\b(?:offer|offers|offered|place)\b", re.IGNORECASE)
_DECLINED = re.compile(r"\b(?:turn(?:ed|s|ing)?\s+(?:(?:it|them|that|this|him|her|the\s+\w+)\s+)?down"
                       r"|declin(?:ed|es|ing)|refus(?:ed|es|ing)|reject(?:ed|s|ing)|said\s+no"
                       r"|pass(?:ed|ing)\s+on\s+(?:it|that|the\s+\w+)|(?:has|have|had)n't\s+decided"
                       r"|not\s+(?:yet\s+)?decided|still\s+deciding|thinking\s+it\s+over)\b", re.IGNORECASE)
_TAKEN_UP = frozenset(("works_at", "works_as", "studies_at", "lives_in", "moving_to", "worked_at", "studied_at"))


def _declined(turn: Turn, f: RawFact) -> bool:
    """Is ``f`` a job, school or home an offer told (within a few words of it) before a word turning it down?"""
    if f.label not in _TAKEN_UP:
        return False
    sent = turn.sentences[f.sentence]
    at = f.obj.start - sent.start
    return any(abs(o.start() - at) < 40 for o in _OFFER.finditer(sent.text)) and any(
        d.start() > at for d in _DECLINED.finditer(sent.text))


# What one hears from someone: "big news from Nadia", "a text from Nadia", "heard from Nadia"
_HEARD = frozenset("news text texts message messages call email letter card postcard heard update voicemail note".split())


def _heard_from(sent: Sentence, span: Span) -> bool:
    toks = sent.tokens
    return span.first >= 2 and toks[span.first - 1].lower == "from" and toks[span.first - 2].lower in _HEARD


def _first_names(context: Context) -> frozenset[str]:
    """The first names, and their short forms, of the people the turns before named: "Nick"
    opening a sentence after "my friend Nicholas" is him, not the word."""
    firsts = {name.split()[0].lower() for name in context.named.union(*context.people) if name.strip()}
    return frozenset(firsts.union(*(NICKNAMES.get(f, ()) for f in firsts)))


def _sentence_subject(turn: Turn, si: int) -> str | None:
    """A named person opening the sentence as its subject ("Anna took us to Rome"), or "he"/"she"
    standing for the one other person the turn has named ("… Lena. She's a nurse in Toronto")."""
    sent: Sentence = turn.sentences[si]
    if sent.tokens and sent.tokens[0].lower in ("he", "she"):
        return resolve_pronoun(turn, si, 0)
    for s in turn.names[si]:
        if s.type == "person" and not s.vocative and s.first <= 1:
            nxt = sent.tokens[s.last + 1] if s.last + 1 < len(sent.tokens) else None
            if nxt is not None and nxt.alpha and not nxt.cap:
                return s.name
    return None


def _dedupe(spans: list[Span]) -> list[Span]:
    """Drop noun phrases nested inside an earlier one."""
    out: list[Span] = []
    for s in spans:
        if not any(o.start <= s.start and s.end <= o.end for o in out):
            out.append(s)
    return out
