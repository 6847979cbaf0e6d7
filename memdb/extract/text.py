"""Sentence splitting and tokenisation with character offsets into the original text."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Contractions become their own tokens ("I'm" -> "I", "'m"; "don't" -> "do", "n't") so rules can
# read auxiliaries and negation uniformly. Offsets survive because the text is never rewritten,
# only curly apostrophes are mapped one-for-one.
_TOKEN_RE = re.compile(
    r"[A-Za-z]+(?=n't\b)|n't\b|'(?:s|m|re|ve|d|ll)\b|\w+(?:[-.&]\w+)*(?:\+|\.(?=\s+[A-Z]))?|[^\w\s]"
)
# … and after emoji that close a clause ("me and Priya are a thing now 🙈 dont tell anyone yet")
_SENT_END_RE = re.compile(r"[.!?…]+[\"')\]]*\s+|\n+|(?<=\S\s)[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F\u200D]+\s+")
_INITIALS_RE = re.compile(r"[a-hj-z]$|(?:[a-z]\.)+[a-z]$")  # "R.", "J.K." but not "I."
_ABBREVIATIONS = frozenset("dr mr mrs ms mx prof st jr sr vs etc e.g i.e mt ave no approx".split())


@dataclass(slots=True)
class Token:
    text: str
    start: int
    end: int
    lower: str
    cap: bool  # starts upper-case (or iPhone-style)
    acronym: bool  # two or more letters, all upper-case
    alpha: bool

    def __repr__(self) -> str:  # compact for debugging
        return f"{self.text}@{self.start}"


@dataclass(slots=True)
class Sentence:
    start: int
    end: int
    text: str
    tokens: list[Token]


def normalize_quotes(text: str) -> str:
    """Map typographic apostrophes/quotes to ASCII without changing any offset."""
    return text.translate(_QUOTES)


# Contractions typed without their apostrophe ("shes a nurse", "im vegan", "hell actually go"):
# the apostrophe goes back so "'s", "'m" and "n't" read as they do typed in full. Words that are
# also English words stay unless a verb follows (the "ill" of "ill go", not "I'm ill").
_BARE_CONTRACTION = re.compile(
    r"\b(?:(?P<a>i)(?P<b>m|ve)|(?P<c>he|she|that|what|there|here|who)(?P<d>s)|(?P<e>they|you)(?P<f>re|ve)"
    r"|(?P<g>do|does|did|is|are|was|were|have|has|had|could|would|should|ca|wo|ai)(?P<h>nt)"
    r"|(?P<i>i|he|she)(?P<j>ll))\b", re.IGNORECASE)
_NOT_BEFORE_WILL = frozenset("am 'm im i'm feel feeling felt got get gets is was so very the a what of to like in as".split())


def _bare_contractions(text: str) -> list[tuple[int, int, str]]:
    """Where an apostrophe goes back: (offset, offset, "'") for each contraction typed without one."""
    from memdb.extract.lexicon import pos_tags

    edits: list[tuple[int, int, str]] = []
    for m in _BARE_CONTRACTION.finditer(text):
        split = next(m.end(k) for k in "acegi" if m.group(k) is not None) + (m.group("g") is not None)  # do|n't
        if m.group("i") is not None:  # "ill", "hell", "shell": only before a verb
            before = text[: m.start()].split()[-1:]
            after = text[m.end() :].split()[:1]
            if (before and before[0].lower() in _NOT_BEFORE_WILL or not after
                    or "VERB" not in pos_tags(after[0].lower().strip(".,!?")) and after[0].lower() not in (
                        "actually", "probably", "just", "never", "definitely", "prob", "def", "def.")):
                continue
        edits.append((split, split, "'"))
    return edits


# Regional English for what the rules read in its common words: Indian English "we shifted to Aundh"
# (moved), "got relieved from Quillsoft" (left: served one's notice), "has taken admission in an MBA"
# (enrolled), "passed out from AIT" (graduated), "doing job in a product company" (working), "she stays
# in Koramangala" (lives); Scots "the lassie he's winching" (going out with), "we flitted to Lochee"
# (moved), "got himself a start with Baxter" (a job). Only in the senses the words before and after tell.
_SHIFT = re.compile(r"\b([Ss]hift|[Ff]lit)(s|ed|ted|ing|ting)?(?=\s+(?:back\s+|over\s+|out\s+|house\s+|home\s+)?"
                    r"(?:to|into|in|from|on|with|here|there|last|this|yesterday|today)\b)")
_NOT_A_VERB_BEFORE = frozenset("the a an my his her their our your night day late early double evening morning this "
                              "that next last every each one first second third whole its".split())
_REGIONAL = (
    (re.compile(r"\b(?:got|get|gets|getting|been|was|were|be)\s+relieved\s+from\b"), "left"),
    (re.compile(r"\bleft\s+from\b(?=\s+[A-Z])"), "left"),
    (re.compile(r"\b(?:taken|took|take|takes|taking|got|get|gets|getting)\s+(?:an?\s+)?admission\s+(?:in|into|at|to|for)\b"),
     "enrolled in"),
    (re.compile(r"\bpass(?:ed|ing)?\s+out\s+(?:from|of)\b(?=\s+(?:[A-Z]|the\s+[A-Z]|college|university|school|"
                r"engineering|my\s+college))"), "graduated from"),
    (re.compile(r"\bdo(?:ing|es)?\s+(?:a\s+)?job\s+(?:in|at|with)\b"), "working at"),
    (re.compile(r"(?<=\w) = (?=(?:my|our|his|her)\b)"), " is "),  # texting: "tess = my gf btw"
    (re.compile(r"\bstays\s+(?:(?:up|down|over|out)\s+)?in\b(?=\s+[A-Z])"), "lives in"),
    (re.compile(r"\bupped\s+sticks\b(?=\s+(?:and\s+moved\s+)?to\b)"), "moved"),  # "we upped sticks to Totnes"
    # Scots: "Dougie and Karen are in at Portobello" (moved into the new place there)
    *((re.compile(rf"{pattern}\s+in\s+at\b(?=\s+[A-Z])"), f"{verb} living in")
      for pattern, verb in ((r"\bare", "are"), (r"\bis", "is"), ("'re", "'re"), ("'s", "'s"))),
    (re.compile(r"(?:(?<=\bI )|(?<=\b[Ww]e )|(?<=\b[Tt]hey ))stay\s+(?:(?:up|down|over|out)\s+)?in\b(?=\s+[A-Z])"),
     "live in"),
    (re.compile(r"\bwinch(?:ing|in'?)\b(?=\s+(?:since|for|with|now|[A-Z]))"), "going out"),
    (re.compile(r"\bwinch(?:ing|in'?)\b"), "going out with"),
    (re.compile(r"\bgot\s+(?:himself\s+|herself\s+|myself\s+|themselves\s+|ourselves\s+)?a\s+start\s+(?=with|at)"),
     "got a job "),
)
# "Not sure if I told you, but …", "I can't believe it, …": an aside opening a sentence, whose "if" or
# negation is no part of what the sentence then tells
ASIDE_OPENING = re.compile(
    r"^\W*(?:(?:(?:I'm\s+|I\s+am\s+)?not\s+sure|(?:I\s+)?(?:don't|do\s+not)\s+(?:know|remember)|(?:I\s+)?can't\s+"
    r"(?:remember|recall)|I\s+forget|no\s+idea)\s+(?:if|whether)\b[^,;.!?]*?"  # "not sure if I told you"
    r"|(?:I\s+)?(?:don't|do\s+not)\s+think\s+I\s+(?:told|said|mentioned)(?:\s+(?:you|it|this))?|I\s+never\s+told\s+you"
    r"|(?:I\s+)?can't\s+believe\s+it|not\s+that\s+it\s+matters|not\s+gonna\s+lie|if\s+you\s+remember"
    r"|in\s+case\s+I\s+didn't\s+(?:say|mention)(?:\s+it)?)(?:[,;]\s*(?:but\s+)?|\s+but\s+)",
    re.IGNORECASE)


# An honorific after a name is no part of it: "Imran bhai is project manager" is Imran's news (not "My uncle lives …":
# no name before it)
_HONORIFIC = re.compile(r"\b(?!(?:My|Our|His|Her|Your|Their|The|A|An|Dear)\b)[A-Z][\w'-]*(\s+(?i:bhai|bhaiya|bhaiyya|ji|didi|baji|apa|appi|chachu|chacha|chachi|mamu|mausi"
                        r"|bua|uncle|aunty|auntie|saab|sahab|sir|madam|ma'am))\b")
_MOVED = {None: "move", "s": "moves", "ed": "moved", "ted": "moved", "ing": "moving", "ting": "moving"}  # by ending


def _regional_words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, the common word) for each regional word of ``text`` in a sense the rules read."""
    edits: list[tuple[int, int, str]] = []
    for m in _SHIFT.finditer(text):
        before = text[: m.start()].split()[-1:]
        if before and before[0].lower().strip(".,!?'\"") in _NOT_A_VERB_BEFORE:
            continue  # "my shift on Sunday", "the night shift in A&E": the noun
        word = _MOVED[m.group(2)]
        edits.append((m.start(), m.end(), word if m.group(1)[0].islower() else word.capitalize()))
    edits += [(m.start(1), m.end(1), "") for m in _HONORIFIC.finditer(text)]
    for pattern, common in _REGIONAL:
        edits += [(m.start(), m.end(), common) for m in pattern.finditer(text)]
    return edits


# An assistant's turn read from its user's side: "you" is the user, so "So you've moved to Leith,
# and your new job at Lumen starts Monday" tells what "I've moved to Leith, and my new job…" does,
# said by the user; the assistant's own "I" becomes a "you", which tells nobody's facts.
_PERSONS = re.compile(
    r"\b(?:(?P<you_are>you(?:'re|\s+are))|(?P<are_you>are\s+you)|(?P<you_were>you\s+were)|(?P<were_you>were\s+you)"
    r"|(?P<you_have>you(?='(?:ve|ll|d)\b))|(?P<yourself>yourself)|(?P<yours>yours)|(?P<your>your)|(?P<you>you)"
    r"|(?P<i_am>I(?:'m|\s+am))|(?P<am_i>am\s+I)|(?P<i_was>I\s+was)|(?P<was_i>was\s+I)|(?P<myself>myself)"
    r"|(?P<mine>mine)|(?P<my>my)|(?P<me>me)|(?P<i>I))\b", re.IGNORECASE)
_SWAPPED = {"you_are": "I'm", "are_you": "am I", "you_were": "I was", "were_you": "was I", "you_have": "I",
            "yourself": "myself", "yours": "mine", "your": "my", "i_am": "you're", "am_i": "are you",
            "i_was": "you were", "was_i": "were you", "myself": "yourself", "mine": "yours", "my": "your",
            "me": "you", "i": "you"}
# A "you" after these is an object ("told you", "for you"): "me", not "I".
_OBJECT_AFTER = frozenset("to for with at about on from by of than like tell told ask asked help helped thank thanks see "
                          "saw let give gave show showed love miss call called remind reminded meet met hear heard "
                          "get got send sent wish congratulate and".split())


def _persons_swapped(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) turning an assistant's second person into the first and its first into the second."""
    edits: list[tuple[int, int, str]] = []
    for m in _PERSONS.finditer(text):
        kind = m.lastgroup
        if kind in ("i", "i_am", "am_i", "i_was", "was_i") and "I" not in m.group():
            continue  # a lower-case "i" is the user typing, not this
        word = _SWAPPED.get(kind or "")
        if kind == "you":
            before = text[: m.start()].split()[-1:]
            after = text[m.end():].lstrip()[:1]
            word = "me" if (before and before[0].lower() in _OBJECT_AFTER) or not after or not after.isalpha() else "I"
        if word is None:
            continue
        if word[0] != "I" and not text[: m.start()].rstrip(" \"'(").endswith((".", "!", "?", "\n", ":")) and m.start():
            word = word[0].lower() + word[1:]  # the assistant's "I" inside a sentence
        elif m.group()[0].isupper():
            word = word[0].upper() + word[1:]
        edits.append((m.start(), m.end(), word))
    return edits


# Punctuation read as other punctuation, every character for one (so offsets keep): "jordo has a gf!! ellie.",
# "tess got the job!!! Merri Creek Hospital" — the name after the news's exclamation is its object, so "!!" reads
# as a colon, no end of sentence; "We're Bristol-based these days" — the place's name, then how one is there
# (not "plant-based", nor "Plant-based" opening a sentence).
_RESPELLED = (
    # (not "Got the job! Starting at Northwind in May": a sentence of its own)
    (re.compile(r"\b(?:gf|bf|girlfriend|boyfriend|the\s+job)(?P<mark>\s*!+)(?=\s+(?![A-Za-z]+ing\b|(?:i|i'm|i've|we|we're|he"
                r"|she|it|it's|they|his|her|their|and|so|omg|yay|wow|starts?)\b)[A-Za-z])", re.IGNORECASE), ":"),
    (re.compile(r"\b(?!Plant-)[A-Z][\w']*(?P<mark>-)based\b"), " "),
)


def _respelled(text: str) -> list[tuple[int, int, str]]:
    return [(m.start("mark"), m.end("mark"), mark * len(m.group("mark")))
            for pattern, mark in _RESPELLED for m in pattern.finditer(text)]


def regularize(text: str, *, addressed: bool = False) -> tuple[str, list[int] | None]:
    """``text`` as the rules read it: the apostrophes of contractions typed without one back, and
    regional words in their common form — and, for a turn ``addressed`` to the user by the
    assistant, the persons swapped; and for each of its characters the offset it came from
    in ``text`` (None when nothing changed)."""
    edits = sorted(_bare_contractions(text) + _regional_words(text) + _respelled(text)
                   + (_persons_swapped(text) if addressed else []))
    if not edits:
        return text, None
    out, origin, last = [], [], 0
    for start, end, word in edits:
        if start < last:
            continue  # overlaps the edit before
        out.append(text[last:start])
        origin += range(last, start)
        out.append(word)
        origin += [min(start + i, max(start, end - 1)) for i in range(len(word))]
        last = end
    out.append(text[last:])
    origin += range(last, len(text))
    return "".join(out), origin


def original_span(origin: list[int] | None, start: int, end: int) -> tuple[int, int]:
    """The offsets in the text as written of [start, end) in its restored form."""
    if origin is None or start < 0:
        return start, end
    return origin[start], origin[end - 1] + 1 if end > start else origin[start]


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u2032": "'"})


def tokenize(text: str, offset: int = 0) -> list[Token]:
    tokens: list[Token] = []
    append = tokens.append
    for m in _TOKEN_RE.finditer(text):
        t = m.group()
        start, end = m.span()
        c0 = t[0]
        alpha = c0.isalpha()
        cap = acronym = False
        if alpha and (c0.isupper() or (c0 in "ie" and len(t) > 1 and t[1].isupper())):
            cap = True
            if len(t) > 1 and t[1].isupper():
                letters = t.replace(".", "").replace("-", "").replace("&", "").rstrip("+")
                acronym = len(letters) >= 2 and letters.isalpha() and letters.isupper()
        append(Token(t, start + offset, end + offset, t.lower(), cap, acronym, alpha))
    return tokens


def split_sentences(text: str) -> list[Sentence]:
    """Split on terminal punctuation and newlines, not after "Dr." and friends."""
    sentences: list[Sentence] = []
    start = 0
    for m in _SENT_END_RE.finditer(text):
        if m.group()[0] == ".":
            word = text[max(start, m.start() - 5) : m.start()].split()
            w = word[-1].lower().lstrip("(") if word else ""
            if w in _ABBREVIATIONS or _INITIALS_RE.match(w):  # "Dr.", "George R. R.", "J.K."
                continue
        _add_asked(text, start, m.end(), sentences)
        start = m.end()
    _add_asked(text, start, len(text), sentences)
    return sentences


# "Moving to Cardiff at the end of the month, anyone know a decent dentist?": a statement, then
# a question of its own (not a tag like ", are you?", nor one short enough to be one)
_QUESTION_AFTER = re.compile(
    r"(?:,|\s[-\u2013\u2014])\s+(?=(?:(?:anyway|anyways|btw|also|oh|ok|okay|but|so|and)[\s,]+)?"  # ", anyway how was …?"
    r"(?:(?:any|anyone|anybody|do|does|did|can|could|would|should|will|what|what's|"
    r"where|when|which|how|who|why|is|are|have|has|got|fancy)\b(?:\s+\S+){3,}"
    # … or a short ask of its own: ", any good spots?", ", anyone?", ", thoughts?"
    r"|(?:any|anyone|anybody)\b(?:\s+\S+){0,2}|(?:thoughts|ideas|tips|suggestions|recommendations|advice)\b(?:\s+\S+){0,2})"
    r"\s*\?\s*$)", re.IGNORECASE)


_QUESTION_OPENERS = frozenset("is are am was were do does did can could would should will have has what where when how "
                              "who why which so".split())


def _add_asked(text: str, start: int, end: int, out: list[Sentence]) -> None:
    """Add a sentence; one ending in "?" that opens with a statement is two."""
    chunk = text[start:end]
    m = _QUESTION_AFTER.search(chunk) if chunk.rstrip().endswith("?") else None
    said = chunk[: m.start()].split() if m is not None else []
    if len(said) >= 3 and said[0].lower() not in _QUESTION_OPENERS:
        _add(text, start, start + m.start() + len(m.group().rstrip()), out)  # with its comma: "gone vegan,"
        start += m.end()
    _add(text, start, end, out)


def _add(text: str, start: int, end: int, out: list[Sentence]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if not stripped:
        return
    lead = len(chunk) - len(chunk.lstrip())
    s = start + lead
    e = s + len(stripped)
    out.append(Sentence(start=s, end=e, text=text[s:e], tokens=tokenize(text[s:e], s)))


# What a user's question takes as given: a clause told before it ("Now that I've moved to Leith, where's
# good for brunch?") …
_TOLD_BEFORE_ASKING = re.compile(r"^\W*(?:(?:and|so|well|oh|hey|ok|okay)\W+)?(?:now\s+that|since|ever\s+since|as|because|"
                                 r"seeing\s+as|given\s+that|after|I|we)\b[^?,;]*,", re.IGNORECASE)
# … or all of it, asked only for effect ("Did I tell you Jo moved to Bristol?", "Have I mentioned that Dan and I
# broke up?")
_TOLD_AS_ASKED = re.compile(r"^\W*(?:(?:oh|and|so|btw|also|wait|hey)\W+)*(?:did\s+I\s+(?:tell|mention)|have\s+I\s+"
                            r"(?:told|mentioned))(?:\s+(?:to\s+)?you)?(?:\s+(?:that|yet))?\s+(?!to\b|about\b|if\b|whether\b)",
                            re.IGNORECASE)


def told_part(sent: Sentence, *, question: bool) -> tuple[int, int, bool]:
    """What a sentence tells, as (start, end) in its text and whether it still asks: a statement all
    of it, after an opening aside ("Not sure if I told you, but …", whose "if" or negation is the
    aside's own); news asked only for effect all after "did I tell you"; another question only the
    clause told before it."""
    if not question:
        aside = ASIDE_OPENING.match(sent.text)
        return aside.end() if aside else 0, len(sent.text), False
    if (rhetorical := _TOLD_AS_ASKED.match(sent.text)) is not None:
        return rhetorical.end(), len(sent.text), False
    told = _TOLD_BEFORE_ASKING.match(sent.text)
    return 0, told.end() if told else 0, True
