"""Capitals for chat typed without them: "just moved to leeds lol", "me and sarah broke up".

The name finder reads capitals, and people typing fast in a chat often write none. In a sentence
that starts in lower case (its writer does not capitalise), the words that can only be names are
given their capitals before the turn is read: places of the gazetteer, first names, "i", and the
names of people the session named before ("dev's helping" after "my mate Dev"). A word that is
also an ordinary English word ("will", "rose", "turkey", "nice") is left alone: in lower case it is
more likely the word, unless a word before it tells it is a name: "my gf tess", "a dog called
biscuit", "a barista at little loquat", "moved to kelvin grove" (_cued_name_at). Capitalising keeps
every offset, so mentions still point into the text as written.
"""

from __future__ import annotations

import re
from functools import lru_cache

from memdb.extract import lexicon as lx
from memdb.extract.names import FIRST_NAMES
from memdb.extract.places import PLACES

_WORD = re.compile(r"(?<![A-Za-z])[a-z][a-z'-]*")  # whole words: not the "ollie" of "Hollie"
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")
_LONGEST_PLACE = max(len(p.split()) for p in PLACES)


def truecase(text: str, known: frozenset[str] = frozenset()) -> str:
    """``text`` with the names of its uncapitalised sentences capitalised (same length); ``known``
    holds lower-case first names the session used before, and names of places and organisations
    memory knows ("little loquat")."""
    text = _unshouted(text)
    if not any(c.isalpha() and c.islower() for c in text):
        return text
    out = list(text)
    for sentence in _SENTENCE.finditer(text):
        first = next((c for c in sentence.group() if c.isalpha()), "")
        if not first.islower():
            continue
        words = list(_WORD.finditer(sentence.group()))
        i = 0
        while i < len(words):
            taken = _name_at(sentence.group(), words, i, known) or _cued_name_at(sentence.group(), words, i)
            for m in words[i : i + taken]:
                out[sentence.start() + m.start()] = m.group()[0].upper()
            i += max(taken, 1)
    return "".join(out)


_TWO_CAPITALS = re.compile(r"[A-Z]{2}")
_STAYS_UPPER = re.compile(r"\bi\b")


def _unshouted(text: str) -> str:
    """Sentences typed in capitals ("WE GOT THE NORTHCOTE PLACE!!!") in lower case, so the words
    that can only be names get their capitals back, as in a sentence typed without any; a short
    acronym among lower-case words ("a nurse at the LGI") is no shouting."""
    def lower(m: re.Match[str]) -> str:
        letters = [c for c in m.group() if c.isalpha()]
        if len(letters) < 8 or any(c.islower() for c in letters) or len(m.group().split()) < 3:
            return m.group()
        return _STAYS_UPPER.sub("I", m.group().lower())
    return _SENTENCE.sub(lower, text) if _TWO_CAPITALS.search(text) else text


def _name_at(sentence: str, words: list[re.Match[str]], i: int, known: frozenset[str]) -> int:
    """How many words from the i-th form a name to capitalise (0: none)."""
    for n in range(min(_LONGEST_PLACE, len(words) - i), 0, -1):
        run = words[i : i + n]
        gaps = [sentence[a.end() : b.start()] for a, b in zip(run, run[1:])]
        if any(gap not in (" ", " & ") for gap in gaps):
            continue  # "leeds, york": names are single runs of words ("fig & fennel" one)
        phrase = "".join(m.group() + gap for m, gap in zip(run, [*gaps, ""]))
        if (phrase in PLACES or phrase in known) and (n > 1 or _only_a_name(phrase)):
            return n
    word = words[i].group()
    base = word[:-2] if word.endswith("'s") else word
    if word == "i" or (base in FIRST_NAMES or base in known) and _only_a_name(base):
        return 1
    return 0


@lru_cache(maxsize=8192)
def _only_a_name(word: str) -> bool:
    """Is a lower-case word no ordinary English word ("leeds", "sarah"; not "will", "nice")?"""
    return len(word) > 2 and not lx.pos_tags(word) and word not in lx.STOPWORDS


# What a word before a lower-case name tells of it: "my gf tess", "a dog called biscuit" (a person
# or pet: one word); "a barista at little loquat", "working for fig & fennel" (an employer: up to
# three); "moved to kelvin grove" (a place: up to two, when unknown to English or ending in a place
# word). Only words that can be names are taken: no function word, no verb.
_PERSON_CUES = frozenset(lx.KINSHIP) | lx.ANIMALS | lx._words(
    "gf bf mate mates bestie flatmate housemate roommate boss called named aka")
_EMPLOYER_VERBS = lx._words("""work works working worked job shift shifts notice start starts started starting
    quit quitting joined joining interview interviewed""")
_RUNNING = lx._words("runs running manages managing heads heading")
_HOME_VERBS = lx._words("""live lives living lived moved move moves moving relocated relocating based settled
    renting rent""")
_SOMEONE_DID = lx._words("""reckons reckoned says said told texted rang asked thinks sent messaged
    dropped moved quit started got wants wanted""")
_STAYING = _HOME_VERBS | lx._words("still")  # "shes still up in toowoomba"
_SCHOOL_WORDS = lx._words("uni university college tafe academy polytechnic")
_HOME_NOUNS = lx.DWELLINGS | lx._words("room")
_GREETINGS = lx._words("hello hi greetings christmas year easter love")
_NOT_EMPLOYERS = lx._words("""home night nights uni school college work least all times weekends weekend once
    first last minimum most present moment heart""")
_TIME_WORDS = lx.WEEKDAYS | frozenset(lx.MONTHS) | lx._words(
    "today tonight tomorrow yesterday next last this weekend week month year morning arvo afternoon evening")


def _cued_name_at(sentence: str, words: list[re.Match[str]], i: int) -> int:
    """How many words from the i-th a cue before them says form a name (0: none)."""
    after = words[i + 1].group() if i + 1 < len(words) else ""
    word = words[i].group()
    if after in _SOMEONE_DID and len(word) > 2 and not lx.is_dictionary_word(word) and _can_be_name(word, person=True) and (
            sentence[words[i].end() : words[i + 1].start()] == " "):
        return 1  # "jordo reckons i should go for it": someone, doing what people do
    nxt = [m.group() for m in words[i + 1 : i + 4]]
    if (nxt[:1] == ["is"] and nxt[1:2] in (["our"], ["my"]) and nxt[2:3] and nxt[2] in lx.ANIMALS
            and sentence[words[i + 3].end() :].lstrip()[:1] in ("", ",", ".", "!", "?", ";") and _can_be_name(word, person=True)
            and (i == 0 or words[i - 1].group() not in lx.STOPWORDS)):
        return 1  # "miso is our cat": the pet's name, though a word too
    school = next((k for k in range(i + 1, min(i + 4, len(words))) if words[k].group() in _SCHOOL_WORDS), None)
    if school is not None and not lx.is_dictionary_word(word) and _can_be_name(word, person=False) and all(
            sentence[a.end() : b.start()] == " " for a, b in zip(words[i:school], words[i + 1 : school + 1])):
        return school - i + 1  # "moreton bay uni", "kurilpa tafe": the name, with its school's word
    if i == 0:
        return 0
    before = [m.group() for m in words[max(0, i - 3) : i]]
    if before[-2:] == ["the", "job"] and sentence[words[i - 1].end() : words[i].start()].strip().strip(":") == "":
        # "got the job!!! merri creek hospital" (its "!!!" read as a colon: text.regularize)
        return _run(sentence, words, i, 3, lambda run: not lx.is_dictionary_word(run[0]))
    if sentence[words[i - 1].end() : words[i].start()] != " ":
        return 0  # "my sister, mika": a pause, not a name's cue
    naming = i - 1 - (before[-1] == "the")
    if words[naming].group() in ("called", "named") and any(
            m.group() in lx.WORKPLACES for m in words[max(0, naming - 4) : naming]):
        # "a pub in hackney called the lantern & crow": what follows is its name, whatever its words
        return _run(sentence, words, i, 3, lambda run: True,
                    can=lambda w: w not in lx.STOPWORDS and w not in _TIME_WORDS)
    if before[-1] in _PERSON_CUES:
        return 1 if _can_be_name(words[i].group(), person=True) else 0
    if before[-1] == "the" and len(before) > 2 and _employer_cue(before[:-1]):
        # "a job at the bluegum servo", not "a job at the pub": after "the", a name unknown to English
        return _run(sentence, words, i, 3, lambda run: len(run) > 1 and not lx.is_dictionary_word(run[0]))
    if _employer_cue(before) or before[-1] == "at" and (
            before[-3:-1] == ["a", "week"] or any(m.group() in _RUNNING for m in words[max(0, i - 5) : i])):
        # "6 days a week at trinity inlet marine", "runs the dementia wing at glenvale aged care"
        return _run(sentence, words, i, 3, lambda run: run[0] not in _NOT_EMPLOYERS)
    if before[-1] == "the" and after in lx.DWELLINGS and not lx.is_dictionary_word(word) and _can_be_name(word, person=False):
        return 1  # "we got the northcote place", "the leith flat": a place's name, unknown to English
    if before[-1] == "at" and len(before) > 2 and before[-2] in ("out", "up", "down", "over") and before[-3] in _HOME_NOUNS:
        return _run(sentence, words, i, 2, lambda run: not lx.pos_tags(run[0]))  # "his own place out at highfields"
    if before[-1] in ("in", "to", "into", "from") and len(before) > 1 and (
            before[-2] in _STAYING or before[-2] in _HOME_NOUNS or before[-2] in _GREETINGS and before[-1] == "from"
            or before[-2] in ("back", "out", "over", "up", "down") and len(before) > 2 and before[-3] in _STAYING):
        # "moving to hervey bay": a place word may end the name, whatever else it is ("bay", "heads")
        return _run(sentence, words, i, 2, lambda run: (not lx.pos_tags(run[0]) or run[-1] in lx.PLACE_WORDS)
                    and run[0] not in lx.PLACE_WORDS,
                    can=lambda word: word in lx.PLACE_WORDS or _can_be_name(word, person=False))
    return 0


def _employer_cue(before: list[str]) -> bool:
    """Do the words end on "at", "for" or "with" after a word of work ("a barista at", "working for")?"""
    return len(before) > 1 and before[-1] in ("at", "for", "with") and (
        before[-2] in _EMPLOYER_VERBS or before[-2] in lx.JOBS)


def _run(sentence: str, words: list[re.Match[str]], i: int, most: int, keep: object,
         can: object = lambda word: _can_be_name(word, person=False)) -> int:
    """The words from the i-th that ``can`` be a name, at most ``most`` (joined by "&"), if ``keep`` likes them."""
    run: list[str] = []
    k = i
    while k < len(words) and len(run) < most and can(words[k].group()):  # type: ignore[operator]
        run.append(words[k].group())
        gap = sentence[words[k].end() : words[k + 1].start()] if k + 1 < len(words) else ""
        if gap not in (" ", " & "):
            break
        k += 1
    if run and "ADV" in lx.pos_tags(run[-1]) and not run[-1] in lx.PLACE_WORDS:
        run.pop()  # "at little loquat", not "at home early"
    return len(run) if run and keep(run) else 0  # type: ignore[operator]


_NAME_TAGS = frozenset(("NOUN", "PROPN", "ADJ"))


@lru_cache(maxsize=8192)
def _can_be_name(word: str, *, person: bool) -> bool:
    if (len(word) < 2 or word in lx.STOPWORDS or word in lx.INTERJECTIONS or word in _TIME_WORDS
            or lx.INTERJECTION_RE.match(word)):
        return False
    if person and word in lx.KINSHIP:
        return False  # "my sister in law", "her mum"
    return not lx.pos_tags(word) - (_NAME_TAGS if person else _NAME_TAGS | {"ADV"})  # "little loquat"

