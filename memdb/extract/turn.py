"""The state shared while one turn is read: its sentences, spans and the facts found so far."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import takewhile

from memdb.extract.aliases import is_nickname_of
from memdb.extract.entities import Span
from memdb.extract.gender import PRONOUN_GENDER, gender_of_name
from memdb.extract.lexicon import GAP_NEUTRAL, IS_AFTER_S, KINSHIP, PERSON_NOUNS, pos_tags
from memdb.extract.text import Sentence, Token


@dataclass(slots=True)
class RawFact:
    subject: str
    obj: Span
    label: str
    exclusive: bool
    sentence: int
    undated: bool = False  # no date its sentence tells is when it began ("saying goodbye to Leeds on Sunday")


# The type of an object span standing for what a subject has now, unnamed ("my job", "our cat").
UNNAMED = "unnamed"


@dataclass(slots=True)
class Turn:
    """What the rules need about the turn being read; spans are shared and may be re-typed."""

    speaker: str | None
    sentences: list[Sentence]
    names: list[list[Span]]  # capitalised and date spans, per sentence
    concepts: list[list[Span]]  # noun phrases, per sentence (rules may add more)
    recent: tuple[frozenset[str], ...] = ()  # people the session's turns before named, latest first
    partner: str | None = None  # the speaker's partner, as memory knows it: part of a "we" moving home
    genders: dict[str, str] = field(default_factory=dict)  # name → "f"/"m", told in this turn or just before
    facts: list[RawFact] = field(default_factory=list)
    unconfirmed: dict[str, Span] = field(default_factory=dict)  # subjects awaiting a fact
    referred: dict[str, Span] = field(default_factory=dict)  # people of earlier turns a pronoun named
    asked_about: str | None = None  # the one person the assistant's turn before asked about
    asked_job: bool = False  # … and asked of their job ("Is Leah still at Contoso?")
    asked_home: bool = False  # … or of their home ("Where does she live these days?")
    asked_you: bool = False  # the assistant's turn before asked of the user ("Are you still in Leeds?")
    known: frozenset[str] = frozenset()  # people memory and the session named ("Jordo", typed no person here)
    partners: Mapping[str, str] = field(default_factory=dict)  # anyone's partner, as memory knows it
    by_assistant: bool = False  # an assistant's turn: its questions tell nothing
    moving: Mapping[str, str] = field(default_factory=dict)  # whoever has a move still to come → its place

    def refer(self, person: str, si: int, ti: int) -> None:
        """The turn mentions ``person`` by the word at token ``ti`` of sentence ``si`` (a pronoun, "we",
        a reply's opening): what it tells of them is stored as theirs."""
        token = self.sentences[si].tokens[ti]
        self.referred.setdefault(person, Span(token.text, person, "person", token.start, token.end, ti, ti))

    def name_at(self, si: int, ti: int) -> Span | None:
        for s in self.names[si]:
            if s.first == ti:
                return s
        return None

    def name_ending(self, si: int, ti: int) -> Span | None:
        for s in self.names[si]:
            if s.last == ti or (s.last == ti + 1 and self.sentences[si].tokens[s.last].text == "'s"):
                return s
        return None

    def name_in_after(self, si: int, span: Span) -> Span | None:
        """The name just after ``span`` and "in": "Noida" of "Sana in Noida", "Gurugram" of "Sushant Lok in Gurugram"."""
        toks = self.sentences[si].tokens
        k = span.last + 1
        return self.name_at(si, k + 1) if k + 1 < len(toks) and toks[k].lower == "in" else None

    def concept(self, si: int, span: Span) -> Span:
        """The stored concept for this span (reusing an identical one)."""
        for s in self.concepts[si]:
            if s.start == span.start and s.end == span.end:
                return s
        self.concepts[si].append(span)
        return span


def tok_index(sent: Sentence, pos: int) -> int:
    for i, t in enumerate(sent.tokens):
        if t.start >= pos:
            return i
    return len(sent.tokens)


def as_person(turn: Turn, span: Span) -> str | None:
    """The span's name if it can be a person subject; an unknown name is re-typed person once a
    fact is actually read with it ("Tilly moved to Boston": whoever moves is a person)."""
    if span.type == "person":
        return span.name
    if span.type == "concept" and not span.acronym and span.last - span.first < 3:
        turn.unconfirmed[span.name] = span
        return span.name
    return None


def add_fact(turn: Turn, fact: RawFact) -> None:
    span = turn.unconfirmed.pop(fact.subject, None)
    if span is not None:
        span.type = "person"
    turn.facts.append(fact)


# Words between two people of one list: "Mum and Dad", "my mum, Ngozi, and my dad, Emmanuel".
_LIST_WORDS = frozenset(KINSHIP) | frozenset("and & , my our his her their".split())


def joined_people(turn: Turn, si: int, span: Span, floor: int = 0) -> list[str]:
    """The people listed with ``span`` before it ("Mum and Dad", "my mum, Ngozi, and my dad,
    Emmanuel"), nearest first; not the speaker."""
    toks = turn.sentences[si].tokens
    out: list[str] = []
    joined = False
    k = span.first - 1
    while k >= floor:
        before = turn.name_ending(si, k)
        if before is not None:
            if not joined or before.type != "person" or before.vocative or before.name == turn.speaker:
                break
            out.append(before.name)
            k, joined = before.first - 1, False
        elif toks[k].lower in _LIST_WORDS:
            joined = joined or toks[k].lower in ("and", "&")
            k -= 1
        else:
            break
    return out


def named_with_me(turn: Turn, si: int, k: int) -> str | None:
    """The person listed with the speaker's "I" or "we" at token ``k``: "Nadia and I moved in
    together" (Nadia)."""
    toks = turn.sentences[si].tokens
    if k < 2 or toks[k].lower not in ("i", "we") or toks[k - 1].lower not in ("and", "&"):
        return None
    span = turn.name_ending(si, k - 2)
    return span.name if span is not None and span.type == "person" and not span.vocative else None


def subject_past_adverbs(turn: Turn, si: int, k: int) -> str | None:
    """``subject_before`` the verb at token ``k``, past the adverbs and auxiliaries before it ("Jo
    has finally switched to …", "she's gone over to …")."""
    toks = turn.sentences[si].tokens
    while k > 0 and toks[k - 1].lower in GAP_NEUTRAL:
        k -= 1
    return subject_before(turn, si, k)


def listed_with_me(toks: Sequence[Token], k: int) -> bool:
    """Does the subject ending at token ``k`` list the speaker as "me": "Me and the kids live in
    Hove", "the kids and me"?"""
    return (toks[k].lower == "me" and k > 0 and toks[k - 1].lower in ("and", "&")
            or 1 < k < 6 and toks[0].lower == "me" and toks[1].lower in ("and", "&"))


def subject_before(turn: Turn, si: int, k: int) -> str | None:
    """Who the words before token k name as the clause's subject: I (or we), he or she, or a name."""
    toks = turn.sentences[si].tokens
    if k < 1:
        return None
    w = toks[k - 1].lower
    if w in ("i", "we") and turn.speaker:
        return turn.speaker
    if turn.speaker and listed_with_me(toks, k - 1):
        return turn.speaker
    if w in ("he", "she"):
        return resolve_pronoun(turn, si, k - 1)
    span = turn.name_ending(si, k - 1)
    return as_person(turn, span) if span is not None and span.type in ("person", "concept") else None


def resolve_pronoun(turn: Turn, si: int, ti: int) -> str | None:
    """he/she → the one other person named earlier in the turn, if there is exactly one; with
    none, the one person the latest turn before that named anyone named ("Mira called." — "She's
    moving to Lyon in June."), if that turn named one only."""
    left = _partner_left(turn, si, ti) or _teller(turn, si, ti)
    if left is not None:
        return left
    people = _meant(turn, si, ti, 1)
    return people[0] if people else None


_LEAVES = frozenset("left dumped ditched divorced".split())
_ADVERBS = frozenset("finally just actually has had 's 've really".split())


def _partner_left(turn: Turn, si: int, ti: int) -> str | None:
    """"And speaking of Gary. Well. She finally left him.": the she who left him is his partner,
    as memory knows it, whoever else the turns before named."""
    toks = turn.sentences[si].tokens
    if toks[ti].lower not in ("he", "she"):
        return None
    j = ti + 1
    while j < len(toks) and toks[j].lower in _ADVERBS:
        j += 1
    if j + 1 >= len(toks) or toks[j].lower not in _LEAVES or toks[j + 1].lower not in ("him", "her"):
        return None
    left = _meant(turn, si, j + 1, 1)
    partner = turn.partners.get(left[0]) if left else None
    wanted = PRONOUN_GENDER.get(toks[ti].lower)
    if partner in (None, turn.speaker) or not _may_be(turn, partner, wanted):
        return None
    turn.refer(partner, si, ti)
    return partner


_TELLING = frozenset("told tells tell telling texted messaged rang phoned emailed warned".split())


def _teller(turn: Turn, si: int, ti: int) -> str | None:
    """"Nadia met Aoife and told her she's moved to Howth": the she told of after "told her (that)" is who told it,
    the person named just before the telling verb, where what was told is of the teller's own life."""
    toks = turn.sentences[si].tokens
    if toks[ti].lower not in ("he", "she"):
        return None
    j = ti - 1 - (ti > 0 and toks[ti - 1].lower == "that")
    told = turn.name_ending(si, j) if j >= 0 and toks[j].lower not in ("him", "her", "me", "us") else None
    v = told.first - 1 if told is not None else j - 1  # the telling verb, before whom it was told to
    if j < 1 or v < 1 or toks[v].lower not in _TELLING or told is not None and told.type != "person":
        return None
    k = v - 1
    while k > 0 and toks[k].lower in _ADVERBS:
        k -= 1
    if toks[k].lower == "and":  # "Nadia met Aoife for coffee and told her …": the sentence's subject
        teller = next((n for n in turn.names[si] if n.type == "person" and n.first == 0), None)
    else:
        teller = turn.name_ending(si, k)
    if teller is None or teller.type != "person" or not _may_be(turn, teller.name, PRONOUN_GENDER.get(toks[ti].lower)):
        return None
    turn.refer(teller.name, si, ti)
    return teller.name


def person_at(turn: Turn, si: int, k: int) -> str | None:
    """Whom the word at token ``k`` means: I, we, me or us the speaker; he, she, him or her whom the pronoun means;
    else the name there ("Amy got Kev a job", "Aoife helped Nadia move", "Kim runs these days")."""
    if k < 0:
        return None
    word = turn.sentences[si].tokens[k].lower
    if word in _FIRST_PERSON:
        return turn.speaker
    if word in ("he", "she", "him", "her"):
        return resolve_pronoun(turn, si, k)
    span = turn.name_at(si, k)
    return as_person(turn, span) if span is not None else None


def resolve_pair(turn: Turn, si: int, ti: int) -> tuple[str, str] | None:
    """they → the two other people named earlier in the turn, or else by the latest turn before
    that named anyone ("Will Amara go with him?" — "No, they broke up in April.")."""
    people = _meant(turn, si, ti, 2)
    return (people[0], people[1]) if people else None


def _meant(turn: Turn, si: int, ti: int, count: int) -> list[str]:
    names = {
        s.name
        for j in range(si + 1)
        for s in turn.names[j]
        if s.type == "person" and not s.vocative and s.name != turn.speaker
        and (j < si or s.last < ti)
    }
    # "my daughter Megan, Meg,": one person (not Priya and "Priya's sister")
    names = {n for n in names if not any(is_nickname_of(n, other) for other in names if "'s " not in other)}
    wanted = PRONOUN_GENDER.get(turn.sentences[si].tokens[ti].lower) if count == 1 else None
    if names and wanted and not any(_may_be(turn, p, wanted) for p in names):
        names = set()  # "And speaking of Gary. Well. She finally left him.": she is someone named before
    if names and wanted:
        fit = _fitting(turn, names, wanted) or _owner_is_subject(turn, si, ti, names, wanted)
        # of several who fit, the one the pronoun's own sentence, or else the one before, named
        # and told to be of the pronoun's gender ("my son Tyler is in the Army, he's a sergeant")
        for j in (si, si - 1):
            if fit or j < 0:
                break
            near = {s.name for s in turn.names[j] if s.name in names and (j < si or s.last < ti)}
            told = [p for p in near if turn.genders.get(p) == wanted]
            fit = told if len(told) == 1 else []
        return fit
    if names:
        return sorted(names) if len(names) == count else []
    if count == 1 and wanted and (turn.referred or turn.asked_about):
        # "Is your mum still up in Toowoomba?" — "shes driving down for boxing day. her and gra are …": the
        # one the turn already meant by a pronoun, or the assistant just asked about
        fit = _fitting(turn, set(turn.referred) | ({turn.asked_about} if turn.asked_about else set()), wanted)
        if len(fit) == 1:
            turn.refer(fit[0], si, ti)
            return fit
    if any(s.type == "person" and s.vocative for j in range(si + 1) for s in turn.names[j] if j < si or s.last < ti):
        return []  # "Yes, Marcus. He's a doctor": a name read as an address may be who is meant
    if any(t.lower in PERSON_NOUNS for j in range(si + 1) for t in turn.sentences[j].tokens[: None if j < si else ti]):
        return []  # "One of the actors told me she liked it": someone the turn speaks of, unnamed
    skipped = False
    for named in turn.recent:
        people = named - {turn.speaker}
        if people:
            if wanted and not skipped and not any(_may_be(turn, p, wanted) for p in people):
                skipped = True
                continue  # "Mira called." — "Tom came too." — "She's moving": not Tom (one turn back at most)
            if wanted or len(people) != count:
                people = set(_fitting(turn, people, wanted))
                if not people:
                    return []
            for person in people:
                turn.refer(person, si, ti)
            return sorted(people)
    return []


def _owner_is_subject(turn: Turn, si: int, ti: int, names: set[str], wanted: str) -> list[str]:
    """Of several a possessive "his" or "her" may mean, the subject of its clause: the nearest person before it
    followed by a verb ("Amara's hosting her sister's wedding at her place": Amara's place; "Chi says Rosalind is
    happy in her own place": Rosalind's)."""
    toks = turn.sentences[si].tokens
    if toks[ti].lower not in ("his", "her") or ti + 1 >= len(toks) or not toks[ti + 1].alpha:
        return []
    for span in sorted((s for s in turn.names[si] if s.last < ti and s.type == "person"), key=lambda s: -s.last):
        k = span.last + 1 + (toks[span.last].lower == "'s")  # (a name's span may end on its "'s")
        after = toks[k].lower if k < len(toks) else ""
        if after == "," and k + 1 < len(toks) and toks[k + 1].lower in _RELATIVE:
            after = "is"  # "their daughter Ellie, who's in her final year": the relative clause's own subject
        elif after in _RELATIVE:
            after = "is"
        if after == "'s":  # "Amara's hosting" is; "her sister's wedding" owns
            then = toks[k + 1].lower if k + 1 < len(toks) else ""
            after = "is" if then in IS_AFTER_S or then.endswith(("ing", "ed")) else ""
        if after in _SUBJECT_NEXT or after.isalpha() and "VERB" in pos_tags(after) and "NOUN" not in pos_tags(after):
            owner_of_another = any(s is not span and s.start <= span.end and s.end > span.start for s in turn.names[si])
            fits = span.name in names and _may_be(turn, span.name, wanted) and not owner_of_another
            return [span.name] if fits else []  # (not "Priya" of "Priya's sister lost her job")
    return []


_SUBJECT_NEXT = frozenset("is was 's has had says said told".split())
_RELATIVE = frozenset("who who's whos".split())


def _fitting(turn: Turn, people: set[str], wanted: str | None) -> list[str]:
    """The one person a "she" or "he" can mean: never one told to be of the other gender ("Paul,
    her husband") or whose first name is a name of the other's ("Gary"); of several, the only one
    left ("my sister Lena and Alex": Alex may be a woman too)."""
    fit = [p for p in people if _may_be(turn, p, wanted)]
    return fit if wanted and len(fit) == 1 else []


def _may_be(turn: Turn, person: str, wanted: str | None) -> bool:
    """May ``person`` be of the gender ``wanted``: not told otherwise by the turns, nor by a first name."""
    return (turn.genders.get(person) or gender_of_name(person) or wanted) == wanted


HOME_LABELS = frozenset(("lives_in", "moving_to", "moved_out_of"))


def household(turn: Turn, si: int, subject: str | None, label: str, verb: int) -> list[str]:
    """The speaker's partner, when "we" moves home ("we got the keys to a flat in Leith", "we live
    in Salford"): the "we" of a home is the household; the speaker, when someone lives "with me"
    or "with us" ("Gran lives with us in Leeds")."""
    toks = turn.sentences[si].tokens
    if (label in HOME_LABELS and turn.speaker and subject not in (None, turn.speaker) and verb + 2 < len(toks)
            and toks[verb + 1].lower == "with" and toks[verb + 2].lower in ("me", "us")):
        turn.refer(turn.speaker, si, verb + 2)
        return [turn.speaker]
    if (subject is None or subject != turn.speaker or label not in HOME_LABELS or turn.partner is None
            or turn.partner == subject):
        return []
    lo = max(0, verb - 4)
    before = [t.lower for t in toks[lo : verb + 1]]
    if "we" not in before or "i" in before:
        return []
    turn.refer(turn.partner, si, lo + before.index("we"))
    return [turn.partner]


_THIRD_PERSON_VERBS = frozenset(("lives", "works"))


def elided_subject(turn: Turn, si: int) -> str | None:
    """Who a sentence opening on its verb is about: the speaker ("Packed up and left"), or the
    he, she or name the sentence before opened on ("She's done it! Left the PhD and started at
    Hive & Co"). A verb of the third person is never the speaker's: "… is Lorna. Lives on her
    own in Partick" is about the one person the sentence before named, else nobody."""
    opening = turn.sentences[si].tokens[:1]
    answered = _answered(turn, si)
    if opening and opening[0].lower in _THIRD_PERSON_VERBS:
        named = {s.name for s in turn.names[si - 1] if s.type == "person" and s.name != turn.speaker} if si else set()
        return named.pop() if len(named) == 1 else answered if answered != turn.speaker else None
    if si == 0:
        return answered
    toks = turn.sentences[si - 1].tokens
    if not toks:
        return answered
    if toks[0].lower in ("he", "she"):
        return resolve_pronoun(turn, si - 1, 0) or turn.speaker
    span = turn.name_at(si - 1, 0)
    if (span is not None and (span.type == "person" or span.type == "concept" and span.name in turn.known)
            and not span.vocative and span.name != turn.speaker
            and (toks[span.last].lower == "'s"  # "Jordo's thriving. Got a job at …"
                 or span.last + 1 < len(toks) and toks[span.last + 1].lower in ("is", "was", "has", "had", "'s"))):
        return span.name
    return answered


TOPIC_MARKS = frozenset((":", "-", "–", "—"))


def topic_before(turn: Turn, si: int, k: int) -> str | None:
    """Whom a sentence is about when its news follows a mark at token ``k`` after their name: "Nadia: moved to
    Howth", "Quick one about Aoife: new job at KPMG!", "Kev - started at Google" (one person named before it)."""
    toks = turn.sentences[si].tokens
    if not 0 < k < len(toks) or toks[k].text not in TOPIC_MARKS:
        return None
    people = {as_person(turn, s) for s in turn.names[si] if s.last < k and s.type == "person" and not s.vocative}
    people.discard(None)
    if not people and not any(t.lower in _ANYONE or t.lower in PERSON_NOUNS or t.lower in KINSHIP for t in toks[:k]):
        return _answered(turn, si)  # "Big news: new job at the BBC!": news of no one named is the speaker's
    return people.pop() if len(people) == 1 else None


_ANYONE = frozenset("he she they him her them his their".split())


_FIRST_PERSON = frozenset("i i'm im i've ive i'd id i'll me my mine we we're our us".split())


def _answered(turn: Turn, si: int) -> str | None:
    """Whom a reply's subjectless sentences are about: the person the assistant just asked about, while
    the reply has said nothing of its speaker ("How's your dad?" — "work mostly. still doing 6 days a
    week at trinity inlet marine"); else the speaker."""
    if turn.asked_about is None or any(
            t.lower in _FIRST_PERSON or t.lower in ("he", "she") for sent in turn.sentences[: si + 1] for t in sent.tokens):
        return turn.speaker
    turn.refer(turn.asked_about, si, 0)  # the sentence's opening mentions whom it is about, as a pronoun would
    return turn.asked_about


def described_as(toks: list[Token], span: Span, nouns: frozenset[str]) -> bool:
    """Is the name in apposition to a phrase with one of ``nouns`` in its first words: "Kai, a guy
    from work", "Priya, my old flatmate", "Northwind, the sister company", "Mark, Jo's new boyfriend"?"""
    k = span.last + 1
    if not (k + 2 < len(toks) and toks[k].text == ","):
        return False
    if toks[k + 1].lower in _APPOSITION_OPENERS:
        k += 2
    elif toks[k + 1].cap and toks[k + 1].alpha and toks[k + 2].text == "'s":  # another's: "Jo's new boyfriend"
        k += 3
    else:
        return False
    return any(t.lower in nouns for t in takewhile(lambda t: t.alpha, toks[k : k + 4]))


_APPOSITION_OPENERS = frozenset(("a", "an", "the", "this", "my", "our", "his", "her", "their"))
