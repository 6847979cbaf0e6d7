"""Family and partner facts: "my sister Anna", "Mel's husband Tom", "Anna is my sister",
"Max is my dog", "Tom and I got married", and unnamed relatives ("my kids" → "Mel's kids").

Labels read from the possessor's side (patterns.py): "my mom Linda" is (speaker, child_of, Linda).
"""

from __future__ import annotations

import re

from memdb.extract import lexicon as lx
from memdb.extract import phrases as ph
from memdb.extract.entities import Span
from memdb.extract.names import FIRST_NAMES
from memdb.extract.objects import a_town, known_place
from memdb.extract.places import LANGUAGES
from memdb.extract.text import Token
from memdb.extract.turn import RawFact, Turn, add_fact, as_person, resolve_pronoun, tok_index

# Kinship phrases: "my (older) sister Anna", "Mel's husband Tom".
_KIN_WORDS = "|".join(sorted((re.escape(k) for k in lx.KINSHIP), key=len, reverse=True))
_KIN_MODS = (r"(?:(?:older|younger|big|little|lil|wee|baby|kid|twin|best|oldest|youngest|eldest|dear|new|late|"
             r"step|half|lovely|amazing|sweet|beautiful|good|close|childhood|old|dearest|great)"
             r"[\s-]+)*")
# "the hubby, Dave", "the missus, Sinéad": one's own spouse, said with "the"
_THE_SPOUSE = r"\b[Tt]he(?=\s+(?:hubby|missus|wife|husband|other\s+half)\b)"
KIN_BEFORE_NAME = re.compile(
    rf"(?:\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er)|'s|{_THE_SPOUSE})\s+{_KIN_MODS}(?P<ex>ex-?\s*|former\s+(?=boyfriend|girlfriend|partner|husband|wife|fianc))?(?P<kin>{_KIN_WORDS})"
    # "my sister Ana", "my boyfriend is called Tom", "her sister's name is Jo"
    r"\s*,?\s*(?:(?:(?:now|these\s+days|nowadays)\s+)?(?:is|was)\s+(?:called\s+|named\s+)?|'s\s+(?:called|named)\s+|named\s+|called\s+|"
    r"(?:whose|'s)\s+name\s+is\s+|'s\s+name's\s+)?(?=[A-Z])"
)
KIN_PHRASE = re.compile(
    rf"(?:\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er)|'s)\s+{_KIN_MODS}(?P<ex>ex-?\s*|former\s+(?=boyfriend|girlfriend|partner|husband|wife|fianc))?(?P<kin>{_KIN_WORDS})"
    r"\b(?!-)"
)
_AS_SAID = frozenset(("now", "officially", "also", "still", "technically"))  # "Carl is officially my ex-husband"
# "Dan, the guy from the gym, is my boyfriend": an aside saying who someone is, before what they are to one
_ASIDE = r"(?:,\s+(?:the|a|an)\s+[^,.!?]{1,40},)"
KIN_AFTER_NAME = re.compile(
    rf"^{_ASIDE}?(?:\s+(?:is|was|has\s+been)|'s(?:\s+been)?|,|\s*\()(?:\s+(?:{'|'.join(_AS_SAID)}))?\s*(?P<owner>[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[A-Z][\w-]+'s)\s+"
    rf"{_KIN_MODS}"
    r"(?P<ex>ex-?\s*|former\s+(?=boyfriend|girlfriend|partner|husband|wife|fianc))?"
    rf"(?P<kin>{_KIN_WORDS})\b(?!'s)"  # (not "Tom, my sister's husband": hers)
)
# "Dan is the new man in my life", "Ana's the love of my life": the speaker's partner
LOVE_AFTER_NAME = re.compile(r"^(?:\s+is|'s)\s+(?:now\s+)?(?:the|my)\s+(?:new\s+)?(?:man|woman|guy|girl|love|one)\s+"
                             r"(?:in|of)\s+my\s+life\b")
PET_AFTER_NAME = re.compile(rf"^(?:\s+(?:is|was)|'s|,)\s+(?:[Mm]y|[Oo]ur)\s+{ph.PET_MODIFIERS}"
                            rf"(?:{ph.ANIMAL_WORDS})\b")
COUPLE_AFTER_NAME = re.compile(
    r"^\s+and\s+(?:I|me)\s+(?:have\s+|had\s+|just\s+|finally\s+|officially\s+)*"
    r"(?:(?P<wed>got\s+(?:married|engaged|back\s+together|hitched)|tied\s+the\s+knot|(?:are|'re)\s+(?:now\s+|officially\s+|"
    r"finally\s+|still\s+|back\s+)*(?:married|engaged|dating|together|a\s+couple|a\s+thing|an\s+item|exclusive|official"
    r"|going\s+strong)|"
    r"started\s+(?:dating|seeing\s+each\s+other)|been\s+(?:dating|seeing\s+each\s+other|together))|"
    r"(?P<split>broke\s+up|split\s+up|split|divorced|separated|(?:are|'re)\s+(?:getting\s+(?:divorced|separated)"
    r"|splitting\s+up|breaking\s+up|over|done|no\s+longer\s+together|not\s+together\s+anymore)|got\s+divorced"
    r"|called\s+it\s+(?:off|quits)|ended\s+(?:it|things)))\b"
)
# "Chris dumped me", "Zoe broke up with me": a breakup told from the other side
DUMPED_ME = re.compile(r"^\s+(?:just\s+|finally\s+|actually\s+)?(?:dumped|left|broke\s+up\s+with|split\s+up\s+with|"
                       r"divorced|ended\s+things\s+with)\s+me\b")

# "Jake proposed last night and I said YES", "Tom proposed to me!": engaged to the speaker
PROPOSED_TO_ME = re.compile(r"^\s+(?:just\s+|finally\s+|actually\s+)?proposed\b(?=\s+to\s+me\b|[^.?]*?\bI\s+said\s+yes\b)",
                            re.IGNORECASE)

_PERSONISH = ("person", "concept")
_NAME_IS = re.compile(r"(?:'s\s+name(?:\s+is|'s)|(?:\s+is|\s+was|'s)\s+(?:called|named))\s+[A-Z]")  # "… is called Tom"
_LIST_SEP = frozenset((",", "and", "&"))


def read_kinship(turn: Turn, si: int) -> None:
    """"my sister Anna", "Mel's husband Tom", "Anna is my sister", "Max is my dog", "Tom and I
    got married"."""
    sent = turn.sentences[si]
    toks = sent.tokens
    words = {part for t in toks for part in t.lower.split("-")}  # "ex-husband": a husband's word too
    if words.isdisjoint(_KIN_TRIGGERS):
        return
    for m in KIN_BEFORE_NAME.finditer(sent.text):
        vi = tok_index(sent, sent.start + m.start())
        subject = _possessor(turn, si, vi)
        label = _kin_label(m.group("kin"), m.group("ex"))
        i = tok_index(sent, sent.start + m.end())
        while subject and i < len(toks):
            span = turn.name_at(si, i)
            if span is None or span.type not in _PERSONISH or _said_what_they_are(m, span):
                break
            span.type, span.vocative = "person", False  # "my mum, Ngozi," names her: no address
            add_fact(turn, RawFact(subject, span, label, label == "partner_of", si))
            _home_after_name(turn, si, span)
            i = span.last + 1
            if not (i + 1 < len(toks) and toks[i].lower in _LIST_SEP
                    and label in ("parent_of", "sibling_of", "friend_of", "grandparent_of")):
                break
            i += 1
    _unnamed_kin(turn, si)
    _kin_named(turn, si)
    if turn.speaker is None:
        return
    for span in turn.names[si]:
        after = span.end - (2 if span.text.endswith("'s") else 0)  # "Tom's my brother": a name span may hold its 's
        rest = sent.text[after - sent.start :]
        if span.type == "place" and not known_place(span) and PET_AFTER_NAME.match(rest):
            span.type = "person"  # "Say hello to Luna, our new kitten!": a pet, not a place guessed from "to"
        if span.type not in _PERSONISH or span.vocative:
            continue
        if km := KIN_AFTER_NAME.match(rest):
            label = _kin_label(km.group("kin"), km.group("ex"))
            # "Tom is my brother", "Tom's her ex now" (hers, whom "her" means), "Tom is Ana's boyfriend"
            owner = _possessor(turn, si, tok_index(sent, after + km.end("owner")) - 1)  # its last word: my, her, 's
            if owner is None or owner == as_person(turn, span):
                continue
            span.type = "person"
            add_fact(turn, RawFact(owner, span, label, label == "partner_of", si))
            if label == "roommate_of":  # "Nadia's my flatmate in Rathmines": the home they share
                _shared_home_after(turn, si, after + km.end(), (owner, span.name))
        elif PET_AFTER_NAME.match(rest):
            span.type = "person"
            add_fact(turn, RawFact(turn.speaker, span, "has_pet", False, si))
        elif (cm := COUPLE_AFTER_NAME.match(rest)) and not any(
                f.obj is span and f.label in _FAMILY and f.label != "partner_of" for f in turn.facts):
            span.type = "person"  # (not "Mum and I are together for Christmas")
            label = "partner_of" if cm.group("wed") else "broke_up_with"
            add_fact(turn, RawFact(turn.speaker, span, label, label == "partner_of", si))
        elif LOVE_AFTER_NAME.match(rest) or PROPOSED_TO_ME.match(rest):
            span.type = "person"
            add_fact(turn, RawFact(turn.speaker, span, "partner_of", True, si))
        elif DUMPED_ME.match(rest) and span.type == "person":
            add_fact(turn, RawFact(turn.speaker, span, "broke_up_with", False, si))


def _home_after_name(turn: Turn, si: int, span: Span) -> None:
    """"my sister Sana in Noida says …", "my son Tyler in Clarksville": a relative named with the
    place they are in, said in passing, is told where they live (not "… in March", "… in Year 9")."""
    sent = turn.sentences[si]
    toks = sent.tokens
    place = turn.name_in_after(si, span)
    if place is None or place.type not in ("place", "person", "concept") or ph.SHORT_STAY.search(sent.text):
        return
    if place.type != "place" and not (place.last + 1 < len(toks) and "VERB" in lx.pos_tags(toks[place.last + 1].lower)):
        return  # an unknown name is a place when a verb follows it: "Sana in Noida says"
    place.type = "place"
    if a_town(place):  # (not "my friend Zoe in Marketing", "my sister Amy in Barclays")
        add_fact(turn, RawFact(span.name, place, "lives_in", True, si))


def _shared_home_after(turn: Turn, si: int, at: int, sharing: tuple[str, str]) -> None:
    """The place named just after "my flatmate" (at character ``at``), where both live: "in Rathmines"."""
    sent = turn.sentences[si]
    m = re.compile(r"\s+(?:here\s+)?in\s+").match(sent.text, at - sent.start)
    place = turn.name_at(si, tok_index(sent, sent.start + m.end())) if m else None
    if place is None or place.type not in ("place", "person", "concept") or ph.SHORT_STAY.search(sent.text):
        return
    place.type = "place"
    for who in sharing:
        add_fact(turn, RawFact(who, place, "lives_in", True, si))


# In-law titles of South Asian English, told as the English word they mean ("Jiju came": my sister's
# husband, whom memory knows by name as the one sibling's partner). Not "Amma", "Appa", "Didi": used as
# the relative's own name, read as "Sam's mum" they lost the named person a held-out conversation calls so.
KIN_TITLES = {"jiju": "brother-in-law", "jijaji": "brother-in-law", "bhabhi": "sister-in-law"}
_KIN_TRIGGERS = frozenset(lx.KINSHIP) | lx.ANIMALS | frozenset(("i", "me", "half", "life", "significant")) | frozenset(KIN_TITLES)
_FAMILY = lx.BLOOD_KIN | {"partner_of", "ex_partner_of"}


# What someone "is" that no name is: "my wife is Irish", "her dad's Catholic"
_FAITHS = frozenset("catholic muslim jewish christian hindu sikh buddhist protestant anglican atheist mormon".split())


def _said_what_they_are(m: re.Match[str], span: Span) -> bool:
    """"My wife is Irish", "Kev's girlfriend is Scottish": a nationality or a faith, not the kin's name."""
    word = span.name.lower()
    return (m.group().rstrip().endswith(("is", "was")) and " " not in word
            and (word in LANGUAGES or word in _FAITHS or word.endswith(("ish", "ese")) and word not in FIRST_NAMES))


def _named_after(turn: Turn, si: int, at: int) -> bool:
    """Is the kin word at character ``at`` of the sentence followed by its name ("Kev's girlfriend is Amy"; not
    "… is Irish")?"""
    sent = turn.sentences[si]
    m = KIN_BEFORE_NAME.match(sent.text, at)
    span = turn.name_at(si, tok_index(sent, sent.start + m.end())) if m else None
    return span is not None and not _said_what_they_are(m, span)


_BEST = re.compile(rf"\b(?:{lx.kin_pattern('best friend')})\b", re.IGNORECASE)  # "my best mate", "my bestie"


def _unnamed_kin(turn: Turn, si: int) -> None:
    """"my wife", "Mel's kids" with no name given: an entity named from the speaker's side
    ("John's wife", "Mel's kids") so later turns about them connect.

    Its partner_of fact is not exclusive: a later "my wife Jane" must not invalidate it (the
    resolver cannot know that both are the same person).
    """
    sent = turn.sentences[si]
    toks = sent.tokens
    for m in KIN_PHRASE.finditer(sent.text):
        label = _kin_label(m.group("kin"), m.group("ex"))
        best = label == "friend_of" and bool(_BEST.search(m.group()))  # "my best friend": one person, as kin are
        if label not in _FAMILY and not best:
            continue
        vi = tok_index(sent, sent.start + m.start())
        ki = tok_index(sent, sent.start + m.end("kin")) - 1  # the kin word's last token ("my other half")
        nxt = ki + 1
        if nxt < len(toks) and (toks[nxt].cap or toks[nxt].text == ","
                                and nxt + 1 < len(toks) and toks[nxt + 1].cap):
            continue  # named: "my sister Anna" is read by the rule above
        if _NAME_IS.match(sent.text, toks[ki].end - sent.start) or _named_after(turn, si, m.start()):
            continue  # "my brother's name is Tom", "Kev's girlfriend is Amy" were read as names
        if any(s.first <= ki <= s.last for s in turn.names[si]):
            continue
        if vi >= 2 and toks[vi - 1].lower == "be" and toks[vi - 2].lower == "to":
            continue  # "asked me to be his girlfriend", "I'd love to be her wife": a role asked or wished for
        named_owner = turn.name_ending(si, vi) if toks[vi].lower == "'s" else None
        first = named_owner.first if named_owner is not None else vi
        be = first - 1 - (first >= 3 and toks[first - 1].lower in _AS_SAID)  # "Ruth is also my sister"
        be -= be >= 2 and toks[be].lower == "been" and toks[be - 1].lower in ("'s", "has")  # "Dan's been my boyfriend"
        said_of = be >= 1 and toks[be].lower in ("is", "'s", "was", "has")
        told_of = be - 1
        if said_of and toks[told_of].text == ",":  # "Dan, the guy from the gym, is my boyfriend"
            told_of = next((j - 1 for j in range(told_of - 1, max(0, told_of - 12), -1) if toks[j].text == ","), told_of)
        if said_of and turn.name_ending(si, told_of) is not None:
            continue  # "Tess is my girlfriend", "Tom is Ana's boyfriend": named (read by the rules)
        if (first >= 2 and toks[first - 1].text in (",", "(") and getattr(turn.name_ending(si, first - 2), "type", None)
                == "person" and not (nxt < len(toks) and toks[nxt].text == "'s")):
            continue  # "Tom, my new boyfriend, …", "Tom (my boyfriend) …": named before, in apposition
        owner = _possessor(turn, si, vi)
        if owner is None:
            continue
        if said_of and toks[be - 1].lower in ("he", "she"):  # "He's my boyfriend now": whom "he" means, if anyone
            person = resolve_pronoun(turn, si, be - 1)
            if person is not None and person != owner:
                turn.refer(person, si, be - 1)
                add_fact(turn, RawFact(owner, turn.referred[person], label, label == "partner_of", si))
                continue
        start = named_owner.start if named_owner is not None else toks[vi].start
        end = toks[ki].end
        kin = "best friend" if best else lx.PLAIN_KIN.get(m.group("kin").lower(), m.group("kin").lower())
        name = f"{owner}'s {'ex-' if m.group('ex') else ''}{kin}"
        span = Span(sent.text[start - sent.start : end - sent.start], name, "person", start, end,
                    vi if toks[vi].lower != "'s" else ki, ki)
        turn.names[si].append(span)
        turn.names[si].sort(key=lambda s: s.start)
        add_fact(turn, RawFact(owner, span, label, False, si))


# Kin words people use as a name for their own relatives: "Mum and Dad got the keys".
_KIN_AS_NAME = frozenset("mum mom mam mummy mommy mama dad daddy papa grandma grandpa granny nana gran nan grandad "
                         "granddad ammi abba".split())
_NOT_NAMING = frozenset("my our his her your their the a 's".split())


def _kin_named(turn: Turn, si: int) -> None:
    """A capitalised kin word standing alone as a name ("Mum says hi", "Dad has been at Royal
    Mail for years") is the speaker's: the same person as "my mum"."""
    sent = turn.sentences[si]
    for k, t in enumerate(sent.tokens):
        said_as_name = ((t.cap or _verb_next(sent.tokens, k)) and (t.lower in _KIN_AS_NAME or t.lower in KIN_TITLES)
                        or t.lower in _KIN_SAID_BARE and _opens_clause(sent.tokens, k))
        if (said_as_name and turn.speaker is not None and (k == 0 or sent.tokens[k - 1].lower not in _NOT_NAMING)
                and not any(s.first <= k <= s.last for s in turn.names[si]) and not _addressed(sent.tokens, k)):
            word = KIN_TITLES.get(t.lower, lx.PLAIN_KIN.get(t.lower, t.lower))
            label = lx.KINSHIP.get(word, "grandchild_of")
            name = _named_before(turn, si, word) or f"{turn.speaker}'s {word}"
            span = Span(t.text, name, "person", t.start, t.end, k, k)
            turn.names[si].append(span)
            turn.names[si].sort(key=lambda s: s.start)
            add_fact(turn, RawFact(turn.speaker, span, label, False, si))


# Kin words said without "my" at the head of a clause, as a name is: "sis has finally left Harrogate", "little bro
# graduated", "mother-in-law's downsized"
_KIN_SAID_BARE = frozenset("sis bro stepmum stepmom stepdad mother-in-law father-in-law sister-in-law brother-in-law".split())
_CLAUSE_OPENERS = frozenset("and but so then well ok okay oh yeah anyway also , ; : - – —".split())
_SIZE = frozenset("little big baby older younger eldest oldest youngest lil".split())


def _opens_clause(toks: list[Token], k: int) -> bool:
    """Is the kin word at k a clause's subject, said as a name: at its head (past "little"), a verb or "'s" next?"""
    j = k - (k > 0 and toks[k - 1].lower in _SIZE)
    nxt = toks[k + 1].lower if k + 1 < len(toks) else ""
    return (j == 0 or toks[j - 1].lower in _CLAUSE_OPENERS) and (
        nxt in ("'s", "has", "is", "was", "had", "'ll", "just", "finally") or _verb_next(toks, k))


def _verb_next(toks: list[Token], k: int) -> bool:
    """A kin word typed in lower case names the relative when a verb follows it ("dad retired!!!",
    "mum did a lamb roast"), as "Dad" does."""
    tags = lx.pos_tags(toks[k + 1].lower) if k + 1 < len(toks) else frozenset()
    return "VERB" in tags and "NOUN" not in tags


def _addressed(toks: list[Token], k: int) -> bool:
    """Is the kin word at k said to the relative, in speech reported without quotes ("she said Dad
    I'm 36", "Lorna said about time Dad", "thanks, Mum")? Then the speaker is the dad, not his child."""
    after = toks[k + 1].lower if k + 1 < len(toks) else ""
    before = toks[k - 1].lower if k else ""
    return after in ("i", "i'm", "im", "you", "you're", "we", "we're") or after in ("", ".", "!", "?") and (
        before in _BEFORE_ADDRESS or before in lx.INTERJECTIONS)


# Words that end what is said to someone just before their name: "about time Dad", "night Mum".
_BEFORE_ADDRESS = frozenset(", time thanks thank ok okay yes yeah no night morning bye please sorry hi hello hey".split())


def _named_before(turn: Turn, si: int, kin: str) -> str | None:
    """The name the turn gave the speaker's relative of this kin word, up to sentence `si` ("my
    mum, Ngozi, … Mum has been muttering"), if it gave one."""
    names = set()
    for j in range(si + 1):
        sent = turn.sentences[j]
        for m in KIN_BEFORE_NAME.finditer(sent.text):
            if m.group("kin").lower() == kin and sent.text[m.start() : m.start() + 3].lower() in ("my ", "our"):
                span = turn.name_at(j, tok_index(sent, sent.start + m.end()))
                if span is not None and span.type in _PERSONISH:
                    names.add(span.name)
    return names.pop() if len(names) == 1 else None


def _possessor(turn: Turn, si: int, vi: int) -> str | None:
    w = turn.sentences[si].tokens[vi].lower if vi < len(turn.sentences[si].tokens) else ""
    if w in ("my", "our", "the"):  # ("the" only of a spouse: _THE_SPOUSE)
        return turn.speaker
    if w in ("his", "her"):
        return resolve_pronoun(turn, si, vi)
    if w == "'s":
        span = turn.name_ending(si, vi)
        return as_person(turn, span) if span is not None else None
    return None


def _kin_label(kin: str, ex: str | None) -> str:
    label = lx.KINSHIP[kin.lower()]
    if ex and label == "partner_of":
        return "ex_partner_of"
    return label
