"""Reading the object of a matched rule: a named span or a lower-case noun phrase, checked
against what the rule expects (a place, an organisation, an event, something one likes …)."""

from __future__ import annotations

import re

from memdb.extract import lexicon as lx
from memdb.extract import patterns as pt
from memdb.extract import phrases as ph
from memdb.extract import world_towns
from memdb.extract.entities import Span, chunk_at
from memdb.extract.names import is_first_name
from memdb.extract.places import LANGUAGES, PLACES
from memdb.extract.text import Sentence, Token
from memdb.extract.turn import Turn, tok_index
from memdb.extract.world_names import folded

_DETS = frozenset("a an the my our his her their your this that these those some another".split())
_PERSONISH = ("person", "concept")
_ORG_CLUBS = frozenset("club group team society association band choir league community "
                       "orchestra union".split())
_SCHOOLS = frozenset("university college school academy institute".split())
# "joined the Tealbyte Titans, our office cricket team": a club told in apposition
_A_CLUB_AFTER = re.compile(r"\s*,\s*(?:our|the|a|an|my|his|her|their)\s+(?:[\w'-]+\s+){0,3}?"
                           r"(?:team|club|choir|band|league|society|group|squad|crew|orchestra)\b", re.IGNORECASE)
# "joined Leeds University this semester": a school joined as a student (not "joined Acme this semester")
_STUDENT_TERM = re.compile(
    r"(?=.*\b(?:university|uni|college|school|academy|institute|polytechnic|IIT|IIM|NIT)\b)"
    r".*\b(?:semester|term|freshers|course|degree|first\s+year|undergrad|student|studying|to\s+study)\b",
    re.IGNORECASE)
_LIST_SEP = frozenset((",", "and", "or", "&"))
_HAVE3 = frozenset(("got", "hav", "has", "own"))
_CLAUSE_VERBS = frozenset("is was are were has had does did 's 're will would can could".split())
_OBJ_WORDS = frozenset("me you him her us them it a an the my your his our their".split())


def read_objects(turn: Turn, si: int, oi: int, rule: pt.Rule, m: re.Match[str]
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
        after = toks[got[0].last + 1].lower if got[0].last + 1 < len(toks) else ""
        if out and (after in _CLAUSE_VERBS or after.endswith("ed") and "VERB" in lx.pos_tags(after)):
            break  # "I hate coffee, and the flat is tiny", "left Bray, Aoife helped": a new clause's subject
        out.append(got)
        if rule.obj in _SINGLE:
            break
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
    if kind == "diet":  # the diet is the word matched: "went vegan last month"
        return _diet(turn, si, j, named, m)
    if named is not None and named.type == "date":
        if kind != "pet":
            return None
        named = None  # "got a kitten last month": the pet is the animal matched, the date after it
    if kind in _READERS:
        return _READERS[kind](turn, si, j, named, m)
    title_prefix: Span | None = None
    if (named is not None and named.type in ("concept", "organization", "product", "person")
            and kind not in ("org", "employer", "employer_unnamed", "school", "school_at", "town", "known_town", "org_only", "person",
                             "pet_name", "pet")
            and _starts_noun(sent, named.last + 1)
            and getattr(turn.name_at(si, named.last + 1), "type", None) != "date"  # "Austin last weekend"
            and not (kind == "place" and sent.tokens[named.last + 1].lower in lx.DWELLINGS)):  # "the Leith flat"
        j = named.last + 1  # "the LGBTQ support group": the name only modifies the noun
        title_prefix = named if kind in ("job", "job_any") and named.acronym else None  # "a QA engineer"
        named = None
    if kind == "org" and named is None and j > i:  # "I work at a small bakery"
        span = chunk_at(sent, j, taken=set())
        called = _called(turn, si, span) if span is not None else None
        if called is not None:  # "a bookshop called Paper Moon": whatever the kind, the name is the employer
            return typed(called, kind)
        if span is None or span.name.split()[-1].lower() not in lx.WORKPLACES:
            return None
        return turn.concept(si, span), None
    if kind == "place" and named is None:  # "in central Manchester", "just outside north Leeds"
        k = j
        while k < len(toks) and k - j < 2 and toks[k].lower in lx.PLACE_MODIFIERS:
            k += 1
        named = turn.name_at(si, k) if k > j else None
        i = j = k if named is not None else j
    if kind in ("place", "org", "employer", "employer_unnamed", "person", "school", "school_at", "town", "known_town",
                "org_only", "pet_name"):
        if named is None or j - i > 1 or (j > i and toks[i].lower != "the"):
            return None
        if kind in ("place", "town", "known_town") and named.type == "person" and (
                _within_a_place(turn, si, named) or in_a_name(turn, si, named) or _moved_to_a_name(turn, si, named, m)):
            named.type = "place"  # "shifted to Sushant Lok in Gurugram", "grew up in Bray": a place, not a person
        if kind in ("org", "employer", "employer_unnamed") and named.type == "person" and j > i and toks[j - 1].lower == "the":
            named.type = "organization"  # "a new job at the Ivy": a person is not "the Ivy"
        return typed(named, kind)
    if kind == "pet":
        animal = m.group("animal")
        if m.group().rstrip().endswith(("named", "called", ",")):
            if named is None and j < len(toks) and toks[j].cap and toks[j].alpha and (
                    j + 1 == len(toks) or not toks[j + 1].alpha or toks[j + 1].lower in ("and", "who", "on")):
                named = _span(turn, si, j, j)  # "a hamster, Nibbles.", "our new greyhound, Pepper, on Saturday": a word as a name
            if named is not None:
                named.type = "person"  # a named pet is a named individual: typed like a person
                return named, None
        at = tok_index(sent, sent.start + m.start("animal"))
        span = chunk_at(sent, at, taken=set(), max_len=1) or _span(turn, si, at, at)  # "a Labrador": a breed's capital
        if span is None:
            return None
        span.name = _singular(animal.lower())
        return turn.concept(si, span), None
    if named is not None:
        found = _named_object(named, kind)
        if found is not None and found[1] == "works_at" and kind == "join":
            if _STUDENT_TERM.search(sent.text):
                return found[0], "studies_at"  # "Arjun joined IIT Madras this semester": a student's school
            if _A_CLUB_AFTER.match(sent.text, named.end - sent.start):
                return found[0], "member_of"  # "joined the Tealbyte Titans, our office cricket team"
        return found
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
        titled = head in _TITLE_OF and span.last + 2 < len(toks) and toks[span.last + 1].lower == "of"  # "head of delivery"
        if head in lx.NOT_JOBS or (kind == "job" and not titled and not is_job(span.name.lower())) or (
                span.name.split()[0].lower() in _KEEN):
            return None  # "a keen cyclist", "an avid runner": a pastime, no job
        k = span.last + 1  # "head of marketing", "director of operations": the title goes on
        if (head in _TITLE_OF and k + 1 < len(toks) and toks[k].lower == "of" and toks[k + 1].alpha
                and (turn.name_at(si, k + 1) is None) and toks[k + 1].lower not in lx.STOPWORDS):
            last = k + 1 + (k + 2 < len(toks) and toks[k + 2].lower in ("and", "&") and k + 3 < len(toks)
                            and toks[k + 3].alpha) * 2
            text = sent.text[span.start - sent.start : toks[last].end - sent.start]
            span = Span(text, text, "concept", span.start, toks[last].end, span.first, last)
        if title_prefix is not None and span.first == title_prefix.last + 1:
            text = sent.text[title_prefix.start - sent.start : span.end - sent.start]
            turn.names[si].remove(title_prefix)  # the acronym is the title's, no organisation of its own
            span = Span(text, text, "concept", title_prefix.start, span.end, title_prefix.first, span.last)
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
                or lx.is_plural_noun(head) and m.group().lower()[:3] in _HAVE3
                or j > 0 and toks[j - 1].lower in lx.KINSHIP):
            return None  # "got some new offers" is not ownership; "bought new shoes" is; "her new fella works" is a person
        if head in lx.ANIMALS:
            override = "has_pet"
    elif kind in ("org", "org_or_concept") and head in lx.GENERIC_NOUNS:
        return None
    return turn.concept(si, span), override


def _called(turn: Turn, si: int, span: Span) -> Span | None:
    """The name a workplace is given after it: "a pub in Hackney called the Lantern & Crow" (the
    town between is a place, whatever its capital made it)."""
    toks = turn.sentences[si].tokens
    k = span.last + 1
    town = turn.name_in_after(si, span)
    if town is not None:
        k = town.last + 1
    elif k < len(toks) and toks[k].lower == "in":  # a town unnamed: "a pub in hackney called …"
        k = next((n for n in range(k + 1, min(k + 4, len(toks))) if toks[n].lower in ("called", "named")), k)
    k += k < len(toks) and toks[k].text == ","
    if k >= len(toks) or toks[k].lower not in ("called", "named"):
        return None
    k += 1
    k += k < len(toks) and toks[k].lower == "the"
    name = turn.name_at(si, k)
    if name is not None and town is not None and town.type == "person":
        town.type = "place"
    return name


def in_a_name(turn: Turn, si: int, span: Span) -> bool:
    """"lives in Bray", "grew up in Keith": where one lives is "in" no person, unless memory knows one so named
    (not "in Tom's car")."""
    toks = turn.sentences[si].tokens
    owned = toks[span.last].text == "'s" or span.last + 1 < len(toks) and toks[span.last + 1].text in ("'s", "'")
    return (span.first > 0 and toks[span.first - 1].lower == "in" and not owned and "'s " not in span.name
            and span.name not in turn.known)


_A_MOVE = re.compile(r"\b(?:moved|moving|move|moves|relocat\w*|emigrat\w*|shift(?:ed|ing)?)\b", re.IGNORECASE)


def _moved_to_a_name(turn: Turn, si: int, span: Span, m: re.Match[str]) -> bool:
    """"We moved to Douglas last year": a move "to" a name goes to a place (one moves in with a person, or to theirs),
    unless memory knows someone so named."""
    toks = turn.sentences[si].tokens
    owned = span.last + 1 < len(toks) and toks[span.last + 1].text in ("'s", "'") or span.name.endswith("'s")
    return (span.first > 0 and toks[span.first - 1].lower == "to" and bool(_A_MOVE.search(m.group()))
            and not owned and span.name not in turn.known)


def _within_a_place(turn: Turn, si: int, span: Span) -> bool:
    """Is the name followed by "in" and a place the gazetteer knows ("Sushant Lok in Gurugram")?"""
    after = turn.name_in_after(si, span)
    return after is not None and (after.type == "place" or known_place(after))


def _starts_noun(sent: Sentence, i: int) -> bool:
    toks = sent.tokens
    if (i >= len(toks) or not toks[i].alpha or toks[i].cap or toks[i].lower in lx.STOPWORDS
            or toks[i].lower in ("yesterday", "today", "tonight", "tomorrow")):
        return False
    return "NOUN" in lx.pos_tags(toks[i].lower) or not lx.pos_tags(toks[i].lower)


_TITLE_OF = frozenset("head director vp chief manager lead professor dean".split())


def typed(span: Span, kind: str) -> tuple[Span, str | None] | None:
    t = span.type
    if kind == "place":
        if t == "person" and known_place(span):  # "moved to Austin": a city, whatever else it names
            span.type = "place"
        elif t in ("person", "date", "event", "product") or t == "organization" and not known_place(span):
            return None  # "moved to Google" is a job (work.py), not a home
        if t == "concept":
            span.type = "place"
    elif kind == "org":
        if t == "date" or t == "event" and not _company_event(span) or t == "person" and _first_named(span):
            return None
        if t in ("concept", "product", "person", "event") or t == "place" and not known_place(span):
            span.type = "organization"  # "let go from Initech": "from" made a guess a place
    elif kind == "employer":  # only an employer fits: not a place one leaves, nor a person named so
        if t in ("date", "event") or t == "place" and known_place(span) or _someones_place(span) or (
                t == "person" and _first_named(span)):
            return None
        span.type = "organization"
    elif kind == "employer_unnamed":  # "with Hooli now" is a job; "with Shauna now", a partner (any first name)
        if len(span.name.split()) == 1 and is_first_name(span.name.lower()) or typed(span, "employer") is None:
            return None
    elif kind == "school":  # "Leeds Beckett", "Oxford Brookes": a school named after its city
        if t in ("date", "event") or t == "place" and (known_place(span) or len(span.name.split()) < 2) or (
                t == "person" and _first_named(span)):
            return None
        span.type = "organization"
    elif kind == "town":  # a home moved from or to by name: a place, not an organisation
        if t in ("person", "date", "event", "product", "organization"):
            return None
        span.type = "place"
    elif kind == "known_town":  # a place by name alone ("left Melbourne"; "left Acme" is a job)
        if not (t == "place" or known_place(span)):
            return None
        span.type = "place"
    elif kind == "org_only":  # an employer moved from or to: an organisation, not a place
        if t != "organization":
            return None
    elif kind == "school_at":  # "a PhD at Edinburgh", "a student at Juilliard": at a city, its university
        if t in ("date", "event") or t == "person" and _first_named(span):
            return None
        span.type = "organization"
    elif kind in ("person", "pet_name"):
        if t not in _PERSONISH and not (t == "place" and not known_place(span)):
            return None  # "goodbye to Miso", "married to Dana": a place guessed only by "to"
        span.type = "person"
    return span, None


def _someones_place(span: Span) -> bool:
    """"Still at Rania's": at a person's home (by any first name), not working for them."""
    return span.text.lower().endswith(("'s", "s'")) and is_first_name(span.name.split()[0].lower())


def _first_named(span: Span) -> bool:
    """A person's name by its first word ("Tom Hardy"), not a name guessed from unknown words
    ("Maison Fleur", "Institut Paul Bocuse"), which, where only an employer fits, is one."""
    return is_first_name(span.name.split()[0].lower(), common_only=True)  # "a start with Baxter": a firm


def _company_event(span: Span) -> bool:
    """"Pellucid Games": typed an event by its last word, a company where one works."""
    return span.name.split()[-1].lower() in lx.COMPANY_OR_EVENT


def university_of_city(span: Span, toks: list[Token]) -> None:
    """"Sheffield uni", "Leeds university": a city's name before the word is its university."""
    nxt = span.last + 1
    if (span.type in ("place", "organization", "concept") and span.first == span.last and nxt < len(toks)
            and toks[nxt].lower in ("uni", "university") and not _first_named(span)):
        span.name, span.type = f"University of {span.name}", "organization"


def known_place(span: Span) -> bool:
    """A place by the gazetteer, its head word ("Leeds", "Hyde Park"), memory or the world's towns ("Frome"),
    not only by a preposition."""
    words = span.name.lower().split()
    return (span.known_place or " ".join(words) in PLACES or bool(words) and words[-1] in lx.PLACE_WORDS
            or folded(span.name) in world_towns.load())


def a_town(span: Span) -> bool:
    """A town where a reader's words already say someone's home is in one ("my cousin Neha in X", "staying at Liam's
    in X"): one a list or memory knows, or a name typed a place none of whose words is anything else a list knows
    ("Nettleham", "Kirkby Lonsdale"): no English word, first name, brand, product, language or acronym ("my mate Jo in
    Accounts", "Tom in IT", "Priya in Fortnite")."""
    return known_place(span) or span.type == "place" and named_like_a_town(span)


def named_like_a_town(span: Span) -> bool:
    """A name of one to three words, none of which any list knows as something else: an English word, a first name,
    a brand, a product, a language or an acronym."""
    words = span.name.split()
    return 0 < len(words) <= 3 and all(
        len(w) > 2 and w.isalpha() and w[0].isupper() and not w.isupper() and not lx.is_dictionary_word(w.lower())
        and not is_first_name(w.lower()) and w.lower() not in lx.ORG_BRANDS and w.lower() not in lx.PRODUCTS
        and w.lower() not in LANGUAGES for w in words)


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
        if t == "organization" and set(words) & _SCHOOLS or t in ("organization", "concept", "place") and \
                ph.SCHOOL_NAME.search(span.name):
            span.type = "organization"  # "Leo goes to Elm High"
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
    if kind in ("job", "job_any"):  # a title in capitals: "she is Senior Product Designer at Brindle"
        if t in ("concept", "organization", "product") and is_job(span.name.lower()):
            span.type = "concept"
            return span, None
        return None
    return span, None  # likeable_any


def is_job(phrase: str) -> bool:
    words = phrase.split()
    head = words[-1]
    # "bookseller", "route setter", but not "a keeper" on its own
    return phrase in lx.JOBS or head in lx.JOBS or head.endswith(lx.JOB_SUFFIXES) and len(head) > 5 and (
        len(words) > 1 or head not in lx.JOB_SUFFIXES)


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


# ------------------------------------------------------------------ diet, habits, exams, talks
_Read = tuple[Span, str | None] | None
_FOOD_PREFIX = frozenset("lot lots plenty more less much".split())
_REGULAR = frozenset("again every each daily weekly regularly twice most".split())
_EXAMS = frozenset("exam exams test tests certification certificate boards finals driving "
                   "licence license quiz".split())
_SINGLE = frozenset(("diet", "habit", "person_pref", "exam", "venue"))
_CLAUSE_END = frozenset("and at about last this in with to since".split())
_NOT_HABITS = frozenset("""crying laughing panicking worrying wondering shaking sweating freaking
    screaming yelling realizing realising noticing asking telling questioning sneezing coughing
    bleeding raining snowing eating working living dating studying packing preparing planning
    looking searching waiting""".split())
_NOT_PREF = frozenset("people person kind good bad different real whole".split())


def _span(turn: Turn, si: int, first: int, last: int) -> Span:
    sent = turn.sentences[si]
    a, b = sent.tokens[first], sent.tokens[last]
    text = sent.text[a.start - sent.start : b.end - sent.start]
    return turn.concept(si, Span(text, text, "concept", a.start, b.end, first, last))


def _dates(turn: Turn, si: int) -> set[int]:
    return {k for s in turn.names[si] if s.type == "date" for k in range(s.first, s.last + 1)}


def _diet(turn: Turn, si: int, j: int, named: Span | None, m: re.Match[str]) -> _Read:
    """"I'm vegetarian": the diet word the rule matched."""
    sent = turn.sentences[si]
    k = tok_index(sent, sent.start + m.start("diet"))
    last = tok_index(sent, sent.start + m.end("diet")) - 1
    span = _span(turn, si, k, max(k, last))
    if span is not None:
        span.name = lx.DIET_NAMES.get(span.name.lower(), span.name)
    return span, None


def _consumable(turn: Turn, si: int, j: int, kind: str) -> Span | None:
    """A food or drink noun phrase ("meat", "red meat", "fish and seafood" reads "fish")."""
    toks = turn.sentences[si].tokens
    while j + 1 < len(toks) and toks[j].lower in _FOOD_PREFIX and toks[j + 1].lower == "of":
        j += 2
    while j < len(toks) and toks[j].lower in _DETS:
        j += 1
    span = chunk_at(turn.sentences[si], j, taken=_dates(turn, si), max_len=2)
    if span is None or span.first != j:
        return None
    head = span.name.split()[-1].lower()
    if head in lx.MEALS or head in lx.GENERIC_NOUNS:
        return None
    if kind == "drink" and head not in lx.DRINKS:
        return None
    return turn.concept(si, span)


def _food(turn: Turn, si: int, j: int, named: Span | None, m: re.Match[str]) -> _Read:
    span = _consumable(turn, si, j, "food")
    return (span, None) if span is not None else None


def _drink(turn: Turn, si: int, j: int, named: Span | None, m: re.Match[str]) -> _Read:
    span = _consumable(turn, si, j, "drink")
    return (span, None) if span is not None else None


def _cease(turn: Turn, si: int, j: int, named: Span | None, m: re.Match[str]) -> _Read:
    """"gave up meat" (stopped_eating), "quit coffee" (stopped_drinking), "quit smoking"
    (quit_habit), "stopped being vegan" (stopped_diet)."""
    toks = turn.sentences[si].tokens
    verb = (m.group("verb") or "").strip().lower()
    if j < len(toks) and toks[j].lower == "being":
        k = j + 1 + (j + 1 < len(toks) and toks[j + 1].lower in ("a", "an"))
        if k < len(toks) and toks[k].lower in lx.DIETS:
            return _span(turn, si, k, k), "stopped_diet"
        return None
    if not verb and j + 1 < len(toks) and toks[j].lower == "the" and toks[j + 1].lower in lx.DIETS:
        j += 1  # "packed in the keto", "chucked the vegan"
    if not verb and j < len(toks) and toks[j].lower in lx.DIETS:  # "ditched paleo", "given up on keto"
        return _span(turn, si, j, j), "stopped_diet"
    if not verb and j < len(toks) and toks[j].lower in lx.HABITS:
        return _span(turn, si, j, j), "quit_habit"
    if not verb and (pastime := _pastime(turn, si, j, named, m)) is not None:  # "gave up tennis"
        return pastime[0], "quit_habit"
    span = _consumable(turn, si, j, "drink" if verb == "drinking" else "food")
    if span is None:
        return None
    head = span.name.split()[-1].lower()
    if verb == "drinking" or (not verb and head in lx.DRINKS):
        return span, "stopped_drinking"
    if verb == "eating" or head in lx.FOODS:
        return span, None
    return None


def _habit(turn: Turn, si: int, j: int, named: Span | None, m: re.Match[str]) -> _Read:
    """"started running every morning", "took up knitting", "started playing guitar"."""
    toks = turn.sentences[si].tokens
    if j >= len(toks):
        return None
    word = toks[j].lower
    if word in _PLAYING and (pastime := _pastime(turn, si, j, named, m)) is not None:
        return pastime  # "started playing tennis": the pastime, as "gave up tennis" names it
    if (word in _NOT_HABITS or word.endswith("thing")
            or word in lx.VAGUE_GERUNDS and word != "doing"):
        return None
    after = [t.lower for t in toks[j + 1 : j + 6]]
    if not after or not toks[j + 1].alpha or after[0] in _REGULAR or after[0] in _CLAUSE_END \
            or "ago" in after or lx.is_number_word(after[0]):
        return (_span(turn, si, j, j), None) if word != "doing" else None
    # "started playing acoustic guitar", "just started doing aerial yoga"
    span = chunk_at(turn.sentences[si], j + 1 + (after[0] in _DETS), taken=_dates(turn, si))
    if span is None or span.first > j + 2 or span.name.lower() in lx.GENERIC_NOUNS:
        return None
    return _span(turn, si, j, span.last), None


def _person_pref(turn: Turn, si: int, j: int, named: Span | None, m: re.Match[str]) -> _Read:
    """"I've turned into a coffee person": likes coffee (not "a people person")."""
    toks = turn.sentences[si].tokens
    if j >= len(toks) or not toks[j].alpha or toks[j].lower in _NOT_PREF:
        return None
    tags = lx.pos_tags(toks[j].lower)
    if tags and ("NOUN" not in tags or "ADJ" in tags):
        return None
    return _span(turn, si, j, j), None


def _exam(turn: Turn, si: int, j: int, named: Span | None, m: re.Match[str]) -> _Read:
    """"passed my German exam", "aced the B1 test", "passed my driving test"."""
    toks = turn.sentences[si].tokens
    for k in range(j, min(j + 4, len(toks))):
        if not toks[k].alpha and not toks[k].text[0].isdigit():
            return None
        if toks[k].lower in _EXAMS and not (k + 1 < len(toks) and toks[k + 1].lower in _EXAMS):
            return _span(turn, si, j, k), None
    return None


def _venue(turn: Turn, si: int, j: int, named: Span | None, m: re.Match[str]) -> _Read:
    """Where a talk is given: a named event or organisation, or "the conference"."""
    if named is not None:
        if named.type in ("person", "date", "place"):
            return None
        if named.type in ("concept", "product"):
            named.type = "event"
        return named, None
    span = chunk_at(turn.sentences[si], j, taken=set())
    if span is None or span.name.split()[-1].lower() not in lx.EVENTISH:
        return None
    return turn.concept(si, span), None


_KEEN = frozenset("keen avid amateur passionate enthusiastic casual weekend hobby mad".split())
_PLAYING = frozenset("playing doing practising practicing learning going to the a an my some lot of more".split())


def _pastime(turn: Turn, si: int, j: int, named: Span | None, m: re.Match[str]) -> _Read:
    """"took up pottery", "got into bouldering", "gave up playing tennis", "stopped going to
    yoga": a pastime named as a noun (lexicon.PASTIMES), after a verb of doing it."""
    toks = turn.sentences[si].tokens
    k = j
    while k < len(toks) and k - j < 3 and toks[k].lower in _PLAYING:
        k += 1
    two = " ".join(t.lower for t in toks[k : k + 2])
    if k + 1 < len(toks) and two in lx.PASTIMES:
        return _span(turn, si, k, k + 1), None  # "table tennis", "wild swimming"
    if k >= len(toks) or toks[k].lower not in lx.PASTIMES:
        return None
    last = k + 1 if k + 1 < len(toks) and toks[k + 1].lower in lx.PASTIMES else k  # "scuba diving"
    return _span(turn, si, k, last), None


_READERS = {"diet": _diet, "food": _food, "drink": _drink, "cease": _cease, "habit": _habit, "pastime": _pastime,
            "person_pref": _person_pref, "exam": _exam, "venue": _venue}
