"""Entity spans from one sentence: capitalised names (typed by cues and word lists) and salient
lower-case noun phrases (concepts); dates are dates.py's."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from memdb.extract import lexicon as lx
from memdb.extract import phrases as ph
from memdb.extract import world_towns
from memdb.extract.names import AMBIGUOUS_NAMES, FIRST_NAMES, is_first_name
from memdb.extract.places import LANGUAGES, MAX_PLACE_TOKENS, PLACES
from memdb.extract.text import Sentence, Token


@dataclass(slots=True)
class Span:
    """A mutable mention while the turn is processed; frozen into an EntityMention at the end."""

    text: str
    name: str
    type: str
    start: int
    end: int
    first: int  # token index of the first token in its sentence
    last: int  # token index of the last token (possessive "'s" included)
    vocative: bool = False
    acronym: bool = False
    valid_at: datetime | None = None
    nickname: bool = False  # the text is another name of `name`, declared by the turn ("whom everyone calls Chi")
    another: bool = False  # not the person memory knows by the same first name ("the other Tom, Tom Ogunleye")
    known_place: bool = False  # a place memory knows by this name ("leaving Broughty Ferry", where one lives)


# ---------------------------------------------------------------------------------------- names
_OPENERS = frozenset(':"(-*—–')
_PLACE_FIRST = frozenset("fort port san santa saint st st. lake mount mt mt. new north south east "
                         "west upper lower greater los las el".split())
_PERSON_PREV = frozenset("with met meet meeting told asked texted thank thanks dear hugged".split())
_PERSON_NEXT = frozenset("said says told asks asked thinks thought called texted phoned messaged emailed reckons reckoned rang".split())
_PLACE_PREV = frozenset("in from near around visit visited visiting toured explored across "
                        "through outside downtown to".split())
_IN_A_PLACE = frozenset("in near around across outside through".split())  # never before a person
_WHERE_TO = _PLACE_PREV | {"of", "into", "at"}  # before a name of the world's list: more likely a place
_PRODUCT_PREV = frozenset("new bought ordered a an".split())
_VOCATIVE_PREV = frozenset("hey hi hello hiya thanks thank congrats congratulations wow bye "
                           "dear yo aw aww oh sorry morning night".split())
_KIN_NEXT = frozenset(lx.KINSHIP) | lx.ANIMALS | frozenset("house place kids family dog cat "
                                                            "birthday wedding".split())
# "a Leith resident", "the Leith locals": a name between a determiner and one of these is a place's,
# whatever else it could be a first name of ("the Carys flat" may be a family's)
_PLACE_NEXT = frozenset("resident residents local locals neighbourhood neighborhood".split())
_INITIAL_RE = re.compile(r"(?:[A-Z]\.)+[A-Z]?\.?$")
_TITLE_ONLY = frozenset("dr dr. mr mr. mrs mrs. ms ms. mx prof prof.".split())


def find_names(sent: Sentence, blocked: set[int], known: frozenset[str] = frozenset()) -> list[Span]:
    """Capitalised runs, joined by "of"/"de"/"&", typed without a model; a first name that is
    also a word ("Nick", "Will") opens a sentence as a name when it is in ``known``, as does a name of
    several words memory knows ("Little Loquat shut")."""
    toks = sent.tokens
    n = len(toks)
    quoted = _quoted_titles(sent, blocked)
    if quoted:
        blocked = blocked | {k for s in quoted for k in range(s.first, s.last + 1)}
    words = [t for t in toks if t.alpha]
    title_case = len(words) >= 4 and sum(t.cap for t in words) >= 0.7 * len(words)
    spans: list[Span] = []
    i = 0
    while i < n:
        t = toks[i]
        if not t.cap or i in blocked:
            i += 1
            continue
        initial = title_case or _is_initial(toks, i)
        title = t.lower in _TITLE_ONLY and i + 1 < n and toks[i + 1].cap
        if not title and not _can_start(toks, i, initial=initial, known=known):
            i += 1
            continue
        last = i + 1 if title else i
        j = last + 1
        while j < n:
            u = toks[j]
            if u.start - toks[j - 1].end > 1:
                break
            if u.cap and j not in blocked and _can_continue(u):
                last = j
                j += 1
                continue
            k = j
            while k < n and k - j < 2 and toks[k].lower in lx.CONNECTORS:
                k += 1
            if (k > j and k < n and toks[k].cap and k not in blocked and _can_continue(toks[k])
                    and _connector_ok(toks[j:k])):
                last = k
                j = k + 1
                continue
            if _possessive_name_goes_on(toks, j, blocked):
                last = j + 1  # "Arthur's Seat": one name, its head after the 's
                j += 2
                continue
            break
        spans.append(_make_span(sent, i, last, title=title, known=known))
        i = spans[-1].last + 1
    spans = sorted([s for s in spans if s.type] + quoted, key=lambda s: s.start)
    for a, b in pairwise(spans):  # "Luna and Oliver": a name coordinated with a person
        between = [t.lower for t in toks[a.last + 1 : b.first]]
        if between in (["and"], [","], ["&"]) and {a.type, b.type} == {"person", "concept"}:
            other = a if a.type == "concept" else b
            if other.first == other.last and not other.acronym:
                other.type = "person"
    return spans


# First words of an organisation's name, also in other languages ("Institut Paul Bocuse").
_ORG_FIRST = frozenset("""university college bank institute school institut instituto istituto universidad
    universita università universität universite université ecole école escuela hochschule akademie academia
    maison""".split())
_COMPOUND_HEADS = lx.POSSESSIVE_NAME_HEADS | lx.PLACE_WORDS | lx.EVENT_WORDS | lx.ORG_WORDS


def _possessive_name_goes_on(toks: list[Token], j: int, blocked: set[int]) -> bool:
    """Whether the "'s" at token ``j`` joins a name to a capitalised head that makes one name
    with it ("Arthur's Seat", "Valentine's Day", "St Mary's Hospital")."""
    if j + 1 >= len(toks) or toks[j].text != "'s" or toks[j].start != toks[j - 1].end:
        return False
    head = toks[j + 1]
    return head.cap and j + 1 not in blocked and head.lower in _COMPOUND_HEADS


def _quoted_titles(sent: Sentence, blocked: set[int]) -> list[Span]:
    """"The Santa Clause", "Home Alone": a quoted Title Case phrase names a work (a concept)."""
    toks = sent.tokens
    marks = [i for i, t in enumerate(toks) if t.text == '"']
    out = []
    for a, b in zip(marks[::2], marks[1::2]):
        inner = [t for t in toks[a + 1 : b] if t.alpha]
        if not inner or b - a > 9 or not inner[0].cap or any(k in blocked for k in range(a, b)):
            continue
        if len(inner) == 1 and (inner[0].lower in lx.STOPWORDS or inner[0].lower in
                                lx.INTERJECTIONS or lx.INTERJECTION_RE.match(inner[0].lower)):
            continue  # "That", "Ha" in quotes name nothing we could look up
        if any(t.text == "," for t in toks[a + 1 : b]) or len(inner) > 2 and all(
                t.acronym for t in inner):
            continue  # a quoted remark ("Daniel Okafor, senior architect"), or shouting
        if sum(t.cap for t in inner) * 2 < len(inner):
            continue
        first, last = a + 1, b - 1
        while last > first and not toks[last].alpha:  # "Finding Home." keeps its words only
            last -= 1
        start, end = toks[first].start, toks[last].end
        text = sent.text[start - sent.start : end - sent.start]
        out.append(Span(text, text, "concept", start, end, first, last))
    return out


def _is_initial(toks: list[Token], i: int) -> bool:
    for k in range(i - 1, -1, -1):
        if toks[k].alpha or toks[k].text[0].isdigit():
            return False
        if toks[k].text == "(" and k > 0 and toks[k - 1].cap:
            return False  # "Margaret (Mags to everyone)": another name of the one just named
        if toks[k].text in _OPENERS:
            return True
    return True


def _can_start(toks: list[Token], i: int, *, initial: bool, known: frozenset[str] = frozenset()) -> bool:
    t = toks[i]
    low = t.lower
    if (low in lx.INTERJECTIONS or low in lx.NEVER_ENTITY or lx.INTERJECTION_RE.match(low)
            or lx.is_number_word(low)):
        # "Haha", "Eighteen kilometres", "Nice, Twelve of them" (but "in Great Yarmouth": a town's first word)
        return not initial and _town_len(toks, i) > 1
    nxt = toks[i + 1] if i + 1 < len(toks) else None
    if nxt is not None and nxt.text == "n't" or len(low) == 1:
        return False
    if t.acronym:
        if low in lx.ACRONYM_STOP:
            return False
        known = low in lx.ACRONYM_TYPES or low in lx.ORG_BRANDS or low in PLACES
        return known or not lx.is_dictionary_word(low)
    if low in lx.STOPWORDS:
        # "Under Armour" mid-sentence; never "The"/"My" — the next word may start its own run.
        return (not initial and nxt is not None and nxt.cap and low not in _DETERMINERS
                and nxt.lower not in lx.STOPWORDS)
    if not initial:
        # After a comma a capitalised common word is a mistyped sentence start ("great, See you").
        return not (i > 0 and toks[i - 1].text == "," and low not in FIRST_NAMES
                    and lx.is_dictionary_word(low) and not _USED_BY_NEXT.match(" ".join(t.text for t in toks[i + 1 : i + 6])))
    if _gazetteer_len(toks, i) or low in lx.ORG_BRANDS or low in lx.PRODUCTS:
        return True
    if low in _MODALS and toks[-1].text == "?":
        return False  # "Will Amara go with him?"
    if low in known and nxt is not None and (nxt.lower in _NAME_FOLLOWERS or nxt.lower in _SOMEONE_DID):
        return True  # "Chi has accepted an offer": a name memory knows, doing something
    if any(" ".join(t.lower for t in toks[i : i + n]) in known for n in (2, 3, 4) if i + n <= len(toks)):
        return True  # "Little Loquat shut": a place or organisation memory knows
    if low in FIRST_NAMES:  # "Mark and I …": coordinated with the speaker, a person
        return (low not in AMBIGUOUS_NAMES or low in known or not lx.is_dictionary_word(low) or bool(nxt and nxt.cap)
                or _with_me(toks, i) or bool(nxt and (nxt.lower in _SOMEONE_DID or nxt.text == "'s"))
                or _kin_apposed(toks, i) or _told_as_someone(toks, i) or _moves_house(toks, i))
    if lx.is_dictionary_word(low) or low.endswith("ing"):
        return False
    if is_first_name(low) and nxt is not None and (nxt.alpha or nxt.text in ("(", "-", "–", "—", ":")):
        return True  # "Ama dumped Kojo", "Ciaran (Aoife's fella) …": a name of the world's, doing or told of
    # An unknown opening word is a name only if it reads like one: "Tilly is …", "Amy Ellis";
    # chat typos and fillers ("Shure thing", "Remenber that") are not followed like that.
    return nxt is not None and (nxt.cap or nxt.lower in _NAME_FOLLOWERS or nxt.lower in _SOMEONE_DID)


# What someone does, never a word like "will", "mark" or "hope": "Nick came down", "Will texted", "Mark lives
# in Leeds"; what a firm does to its staff: "Initech let me go", "Northwind took me on".
_SOMEONE_DID = frozenset("""said says told asked came went called texted phoned messaged emailed rang moved
    joined visited invited sent reckons hired offered made took poached laid let fired sacked
    lives works studies teaches married proposed quit resigned retired adopted relocated emigrated""".split())


_MODALS = frozenset(("will", "may", "can"))


def _kin_apposed(toks: list[Token], i: int) -> bool:
    """"Mark, Jo's new boyfriend, is …", "Grace, my sister, …": a name a kin word is put beside."""
    return i + 2 < len(toks) and toks[i + 1].text == "," and any(t.lower in lx.KINSHIP for t in toks[i + 2 : i + 6])


# "Alexander, Sandy to the family, …": a word after a comma that is a nickname, told by whom it is used by
_USED_BY_NEXT = re.compile(rf"{ph.USED_BY}\b", re.IGNORECASE)


def _told_as_someone(toks: list[Token], i: int) -> bool:
    """"Grace is a nurse", "Rose's my sister", "Frank was our postman": a name said to be someone (never "Patience
    is a virtue", "Will is fine")."""
    k = i + 1
    if k >= len(toks) or toks[k].lower not in ("is", "was", "'s"):
        return False
    k += 1
    while k < len(toks) and toks[k].lower in ("now", "still", "also", "actually", "just"):
        k += 1
    if k >= len(toks) or toks[k].lower not in _SOMEONES:
        return False
    return any(t.lower in lx.PERSON_NOUNS for t in toks[k + 1 : k + 4])


# What only a person is said to be doing, and where to: "Lily is moving from Leeds to York", "Rose's off to uni in
# Bristol", "Jack will be living with us" (never "Hope is fading", "Summer's off to a good start")
_MOVES_HOUSE = re.compile(r"(?:is|was|'s|will be|'ll be|has been|had been) (?:now |still |also |actually |just |finally "
                          r"|really |probably |)(?:moving|relocating|emigrating|living|staying|settling|off|headed|heading"
                          r") (?:to (?!a |an )|from|out|in|into|with|back|away|abroad|home|over|up|down|overseas|closer"
                          r"|nearer)\b")
_SEASONS = frozenset("spring summer autumn fall winter".split())


def _moves_house(toks: list[Token], i: int) -> bool:
    """"Lily is moving from Leeds to York": a name that is also a word, said to be moving house (not a month or season:
    "May is moving fast")."""
    low = toks[i].lower
    return (low not in lx.MONTHS and low not in _SEASONS
            and bool(_MOVES_HOUSE.match(" ".join(t.lower for t in toks[i + 1 : i + 7]))))


def _with_me(toks: list[Token], i: int) -> bool:
    """"Mark and I …", "Mark and Jo are a thing": coordinated with the speaker, or with a name that is no word."""
    if i + 2 >= len(toks) or toks[i + 1].lower != "and":
        return False
    other = toks[i + 2]
    return other.text in ("I", "me") or other.cap and other.lower in FIRST_NAMES and not lx.is_dictionary_word(other.lower)


_DETERMINERS = frozenset("the a an my our his her their your its this that these those i".split())
_SOMEONES = frozenset("a an my our his her their your".split())  # "is a nurse", "is my sister" (not "is the best")
_NAME_FOLLOWERS = frozenset("""is was 's and said says has had will would can could loves likes
    just and , got went told asked hired offered moved works worked lives lived started
    joined called texted phoned messaged emailed sent came visited invited graduated quit resigned
    dropped broke passed died adopted married enrolled transferred moves starts leaves left joins""".split())


def _can_continue(t: Token) -> bool:
    low = t.lower
    return not (low in lx.INTERJECTIONS or low in _DETERMINERS or low in ("i", "i'm")
                or (t.acronym and low in lx.ACRONYM_STOP))


def _connector_ok(conn: list[Token]) -> bool:
    words = [t.lower for t in conn]
    if words[0] == "the" or (len(words) == 2 and words[1] != "the"):
        return False  # only "of the", "de la"-style pairs
    return not (len(words) == 1 and words[0] in ("and", "on", "in", "upon", "the"))


def _town_len(toks: list[Token], i: int) -> int:
    """Token length of the longest town of the world's lists starting at token i (0 if none)."""
    towns = world_towns.load()
    parts = [t.lower for t in toks[i : i + MAX_PLACE_TOKENS]]
    return max((n for n in range(1, len(parts) + 1) if " ".join(parts[:n]) in towns), default=0)


def _gazetteer_len(toks: list[Token], i: int) -> int:
    """Token length of the longest gazetteer place starting at token i (0 if none)."""
    best = 0
    parts: list[str] = []
    for k in range(i, min(len(toks), i + MAX_PLACE_TOKENS)):
        if not toks[k].alpha:
            break
        parts.append(toks[k].lower.rstrip("."))
        if " ".join(parts) in PLACES:
            best = k - i + 1
    return best


def _make_span(sent: Sentence, i: int, last: int, *, title: bool, known: frozenset[str] = frozenset()) -> Span:
    toks = sent.tokens
    n = len(toks)
    start, end = toks[i].start, toks[last].end
    name = sent.text[start - sent.start : end - sent.start]
    possessive = last + 1 < n and toks[last + 1].text in ("'s", "'") and toks[last + 1].start == end
    if possessive:
        last += 1
        end = toks[last].end
        if _named_with_its_s(toks, i, last) and toks[i].lower not in known:  # not "at Rania's", whom memory knows
            name = sent.text[start - sent.start : end - sent.start]
    elif name.endswith("s'"):
        name = name[:-1]
    text = sent.text[start - sent.start : end - sent.start]
    run = toks[i : (last if possessive else last + 1)]
    span = Span(text, name, "", start, end, i, last, acronym=len(run) == 1 and run[0].acronym)
    span.type = _type_of(sent, span, run, title=title, possessive=possessive)
    return span


# What may follow a name said with its "'s" that owns nothing ("at Nando's now", "St Mary's and …")
_AFTER_A_NAME = frozenset("""now as and but or since for in on near today yesterday tonight this last next again
    anymore too instead then with until till so because though""".split())


def _named_with_its_s(toks: list[Token], i: int, s: int) -> bool:
    """"works at Sainsbury's", "lunch at Nando's", "St Mary's": a business or a saint's name said with its "'s" (at
    token ``s``), owning nothing — never "at Kim's", "Apple's new phone", "Nando's is shut"."""
    after = toks[s + 1] if s + 1 < len(toks) else None
    if after is not None and after.alpha and after.lower not in _AFTER_A_NAME:
        return False
    first = toks[i].lower.rstrip(".")
    if first in ("st", "saint") and s - i > 1:
        return True
    return (_prev_word(toks, i) in ("at", "from", "for", "with", "to", "joined", "left", "quit")
            and not is_first_name(first) and first not in lx.KINSHIP and first not in lx.NEVER_ENTITY)


def _type_of(sent: Sentence, span: Span, run: list[Token], *, title: bool, possessive: bool
             ) -> str:
    toks = sent.tokens
    words = [t.lower.rstrip(".") for t in run]
    low = " ".join(words)
    first, head = words[0], words[-1]
    multi = len(words) > 1
    prev = _prev_word(toks, span.first)
    nxt_i = span.last + 1
    nxt = toks[nxt_i].lower if nxt_i < len(toks) else ""
    span.vocative = _is_vocative(toks, span)
    if title:
        return "person"
    if head in lx.ORG_WORDS and (multi or span.acronym) or (
            multi and first in _ORG_FIRST):
        return "organization"
    if low in lx.HOLIDAYS or (head in lx.EVENT_WORDS and multi) or (
            multi and words[-1] in ("eve", "day") and words[0] in lx.HOLIDAYS):
        return "event"
    if (head in lx.PLACE_WORDS or head in lx.POSSESSIVE_NAME_HEADS) and multi or (
            multi and first in _PLACE_FIRST and first != "new"):
        return "place"
    if span.acronym:
        return lx.ACRONYM_TYPES.get(first, "organization")
    is_place = low in PLACES
    # a name from the world's list only where no preposition makes it a place ("out in Hilliard",
    # "moved out of Camden"), nor an ampersand a firm ("Harlow & Byrne")
    # (a name owning what follows, "went to Nadia's leaving do", is someone's, not a place's)
    owns = possessive and nxt_i + 1 < len(toks) and toks[nxt_i].alpha and not toks[nxt_i].cap and nxt not in _AFTER_A_NAME
    is_name = is_first_name(first, common_only=(prev in _WHERE_TO and not owns) or "&" in words)
    if not possessive and nxt in _PLACE_NEXT and span.first > 0 and toks[span.first - 1].lower in _DETERMINERS:
        return "place"
    if is_place and (not is_name or prev in _PLACE_PREV and prev != "to"):
        return "place"
    # "at The Ivy", "a drink in The Crown": a capital "The" mid-sentence names a venue, never a person
    the_named = span.first > 1 and toks[span.first - 1].text == "The"
    if is_name and not the_named and (not multi or not is_place):
        return "person"
    if low in lx.ORG_BRANDS or first in lx.ORG_BRANDS:
        return "product" if prev in _PRODUCT_PREV else "organization"
    if low in lx.PRODUCTS or head in lx.PRODUCTS or first in lx.PRODUCTS:
        return "product"
    if not multi and first in LANGUAGES:
        nxt_tags = lx.pos_tags(nxt) if nxt and not toks[nxt_i].cap else frozenset()
        return "" if "NOUN" in nxt_tags else "concept"
    if possessive and nxt in _KIN_NEXT:
        return "person"
    if multi and len(run) <= 3 and not any(t.acronym for t in run) and (
            any(_INITIAL_RE.match(t.text) for t in run)
            or not any(lx.is_dictionary_word(w) for w in words) and head not in PLACES):
        return "person"  # "J.K. Rowling", "Shia Labeouf" (not "PyData Berlin")
    if span.vocative or prev in _PERSON_PREV or nxt in _PERSON_NEXT or _named_as(toks, span.first) or (
            nxt == "and" and nxt_i + 1 < len(toks) and toks[nxt_i + 1].text == "I" and prev not in _IN_A_PLACE):
        return "person"  # "Tom and I" (not "ten years in Nettleham and I still get lost")
    if (prev in _PLACE_PREV and (multi or not lx.is_dictionary_word(first))
            and (prev != "to" or not is_name)):
        return "place"  # "in Woodhaven" (but "in Game 7" is no place)
    if prev in _PRODUCT_PREV:
        return "product"
    return "concept"


def _named_as(toks: list[Token], i: int) -> bool:
    """"Her name is Zoya", "his name's Arjun": a person's name follows."""
    return i >= 3 and toks[i - 1].lower in ("is", "'s") and toks[i - 2].lower == "name" and toks[i - 3].lower in (
        "her", "his", "my", "their", "your")


def _prev_word(toks: list[Token], i: int) -> str:
    k = i - 1
    if k >= 0 and toks[k].lower == "the":
        k -= 1
    return toks[k].lower if k >= 0 else ""


_SUBJECT_NEXT = frozenset("'s is has was had said says reckons thinks got".split())
OWNERS = frozenset(("my", "his", "her", "their", "our"))  # words that own what follows


# "Oh, Nadia news: …", "Right, Kev update:": whom news is of, not whom one addresses
_TOPIC_NOUNS = frozenset("news update updates gossip alert".split())


def _is_vocative(toks: list[Token], span: Span) -> bool:
    """"Hey Mel!", "Thanks, Caroline.", "That's great, Jon!" address the listener."""
    if span.acronym:
        return False
    k = span.first - 1
    if k >= 0 and toks[k].text == ",":
        k -= 1
    if k >= 0 and (toks[k].lower in _VOCATIVE_PREV or toks[k].lower in lx.INTERJECTIONS):
        # "Hey Mel", "Yeah Jon,", "That is really great Jon!" — not "nah Graham's got his own place",
        # nor "Yes, Sana and Jiju came for two days" (two subjects)
        n = span.last + 1
        if n + 1 < len(toks) and toks[n].lower in ("and", "&") and (toks[n + 1].cap or toks[n + 1].lower in OWNERS):
            return False
        if n < len(toks) and toks[n].lower in _TOPIC_NOUNS:
            return False
        return k < span.first - 1 or n >= len(toks) or toks[n].lower not in _SUBJECT_NEXT
    after = toks[span.last + 1].text if span.last + 1 < len(toks) else "."
    before = toks[span.first - 1].text if span.first > 0 else ""
    noun = span.first - 2 - (span.first > 2 and toks[span.first - 2].lower in ("now", "too"))
    if before == "," and noun >= 0 and toks[noun].lower in lx.PERSON_NOUNS:
        return False  # "Priya has a new boyfriend, Tom.", "a girlfriend now, Mia": who, not whom one addresses
    return before == "," and after in (".", "!", "?", ",", "") or (
        span.first == 0 and after == "," and span.last + 2 < len(toks)
        and toks[span.last + 2].lower in ("i", "you", "that", "this", "it", "we", "what", "how"))


# ------------------------------------------------------------------------------------- concepts
_DET = frozenset("a an the my our his her their your this that these those some another every "
                 "each 's".split())
_SKIP_MODIFIERS = frozenset(
    """new old own first last next other same little big great good nice favorite favourite
    amazing awesome wonderful beautiful lovely cool fun whole entire huge small tiny special real
    different full main personal local perfect high strong hard fresh free true major minor
    quick short long bad best better total complete constant busy crazy""".split())
# Single nouns with these endings are mostly abstract ("happiness", "community"): chat noise.
_ABSTRACT = ("ness", "ity", "ment", "ance", "ence", "ship", "dom", "hood", "tion", "sion")


def find_concepts(sent: Sentence, taken: set[int]) -> list[Span]:
    """Lower-case noun phrases after a determiner or possessive ("my pottery class")."""
    toks = sent.tokens
    out = []
    question = sent.text.rstrip().endswith("?")
    for i, t in enumerate(toks):
        if t.lower not in _DET or (t.lower == "'s" and (i - 1) not in taken):
            continue  # "'s" is a determiner after a name ("Mel's"), not in "let's"/"it's"
        if t.lower == "that" and i > 0 and lx.is_plural_noun(toks[i - 1].lower):
            continue  # "relationships that make …": a relative pronoun, not a determiner
        j = i + 1
        while j < len(toks) and j in taken and toks[j].cap:  # "a LGBTQ support group"
            j += 1
        span = chunk_at(sent, j, taken=taken)
        if span is None:
            continue
        after = toks[span.last + 1].lower if span.last + 1 < len(toks) else ""
        if span.first == span.last and (
            after in ("one", "ones")  # "a tough one": an adjective
            or span.name.endswith(_ABSTRACT) or question  # questions are about the listener
            or (t.lower in _DEMONSTRATIVE and span.name.endswith("s")
                and "VERB" in lx.pos_tags(span.name.lower()))  # "that sounds", "this makes"
        ):
            continue
        out.append(span)
    return out


def chunk_at(sent: Sentence, i: int, *, taken: set[int], max_len: int = 3,
             gerund: bool = False) -> Span | None:
    """The noun phrase starting at token i: up to `max_len` content words ending in a noun."""
    toks = sent.tokens
    words: list[int] = []
    j = i
    while j < len(toks) and len(words) < max_len:
        t = toks[j]
        if (j in taken or not t.alpha or t.cap or t.lower in lx.STOPWORDS
                or t.lower in lx.INTERJECTIONS or t.lower in _BREAK):
            break
        if words and t.start - toks[j - 1].end > 1:
            break
        tags = lx.pos_tags(t.lower)
        if tags and not (tags & _NOMINAL) and not _participle(t.lower):
            break
        words.append(j)
        j += 1
        if lx.is_plural_noun(t.lower) and not (
                j < len(toks) and (toks[j].lower in _AFTER_PLURAL or toks[j].lower in lx.JOBS)):
            break  # "the kids run": a plural noun ends the phrase, bar "writers group", "sales manager"
    nxt = toks[words[-1] + 1].lower if words and words[-1] + 1 < len(toks) else ""
    if len(words) > 1 and nxt in _VERB_FOLLOWERS and "VERB" in lx.pos_tags(toks[words[-1]].lower):
        words.pop()  # "the tree pic looks awesome", "your help means a lot"
        nxt = toks[words[-1] + 1].lower
    phrasal = nxt in _PARTICLES  # "breaking up": a phrasal verb, not a hobby
    while words and not _noun_head(toks[words[-1]].lower, gerund=gerund and len(words) == 1,
                                   phrasal=phrasal):
        words.pop()
    while len(words) > 1 and (toks[words[0]].lower in _SKIP_MODIFIERS
                              or lx.pos_tags(toks[words[0]].lower)
                              and "NOUN" not in lx.pos_tags(toks[words[0]].lower)
                              and not _participle(toks[words[0]].lower)):
        words.pop(0)
    if not words:
        return None
    head = toks[words[-1]].lower
    if head in lx.GENERIC_NOUNS and len(words) == 1 or head in lx.FAMILY_WORDS or len(head) < 3:
        return None
    a, b = toks[words[0]], toks[words[-1]]
    text = sent.text[a.start - sent.start : b.end - sent.start]
    return Span(text, text, "concept", a.start, b.end, words[0], words[-1])


_NOMINAL = frozenset(("NOUN", "ADJ", "PROPN"))
_DEMONSTRATIVE = frozenset(("this", "that", "these", "those"))
_VERB_FOLLOWERS = frozenset("""a an the my your his her our their me you him us them it so really
    very there here lots much great awesome amazing good nice cool""".split())
_PARTICLES = frozenset("up down out off over away back around".split())
_BREAK = frozenset("""yesterday today tonight tomorrow ago lately anymore everyday weekend two
    three four five six seven eight nine ten dozen hundred thousand""".split())
_AFTER_PLURAL = lx.EVENTISH | frozenset("club team store shop car room center night day".split())


def _participle(word: str) -> bool:
    return word.endswith("ing") and len(word) > 4


def _noun_head(word: str, *, gerund: bool, phrasal: bool = False) -> bool:
    if word.endswith("ly") or word in lx.STOPWORDS:
        return False
    tags = lx.pos_tags(word)
    if not tags:
        return len(word) > 2  # out-of-lexicon lower-case words are mostly nouns ("pottery")
    if gerund and _participle(word) and word not in lx.VAGUE_GERUNDS and not phrasal:
        return True
    return "NOUN" in tags and not (tags == {"NOUN", "VERB"} and word.endswith("ed"))
