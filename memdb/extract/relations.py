"""Reading facts out of one sentence with the rule table in patterns.py.

A rule's match marks the verb phrase. The subject is found by walking back over adverbs and
auxiliaries ("I've just moved", "Caroline finally moved"); the object is read forward from the end
of the match as a named span or a noun phrase. Negation ("don't", "no longer", "anymore"),
modality ("want to", "would") and questions suppress the positive fact.
"""

from __future__ import annotations

import re

from memdb.extract import lexicon as lx
from memdb.extract import patterns as pt
from memdb.extract import phrases as ph
from memdb.extract.clauses import read_clauses, role_after
from memdb.extract.entities import OWNERS, Span
from memdb.extract.kinship import read_kinship
from memdb.extract.objects import read_objects, typed
from memdb.extract.text import Sentence, Token, told_part
from memdb.extract.turn import (
    TOPIC_MARKS, UNNAMED, RawFact, Turn, add_fact, as_person, described_as, elided_subject, household, joined_people,
    listed_with_me, named_with_me, resolve_pair, resolve_pronoun, tok_index, topic_before,
)

# "lost my job at X", "quit her job as a nurse": the job is a past one.
_ENDED = frozenset("lost losing quit quitting left leaving".split())
_FORMER = frozenset("former previous old".split())
_FORMER_RE = re.compile(r"\b(?:old|former|previous)\s+(?:job|position|role)", re.IGNORECASE)
# Negated with "anymore"/"no longer", these labels end the current fact (memdb maps them back).
_ENDING = {"lives_in": "moved_out_of", "works_at": "left", "works_as": "worked_as", "partner_of": "broke_up_with",
           "diet": "stopped_diet", "eats": "stopped_eating", "drinks": "stopped_drinking",
           "habit": "quit_habit"}
_FUTURE = frozenset(("will", "'ll", "going", "gonna"))
_PLANNABLE = frozenset(("lives_in", "works_at", "works_as", "studies_at"))
_LEAVING = frozenset(("left", "quit"))
_BACKGROUND = frozenset("since after before when until because cause 'cause ever".split())
# "He's gone vegan, can you believe it?": a statement with a question tag of wonder, not a question
_MARVEL = re.compile(r",\s*(?:can\s+you\s+believe\s+it|would\s+you\s+believe\s+it|believe\s+it\s+or\s+not"
                     r"|can\s+you\s+imagine|who\s+knew|of\s+all\s+things)\s*\?+\s*$", re.IGNORECASE)
# "also mum has a new boyfriend??", "tess eats meat now?!": news told with surprise, in a statement's
# word order; a question opens on a verb or a question word ("is mum ok??", "wait, you moved??")
_SURPRISED = re.compile(r"(?:\?\?|\?!|!\?)[?!]*\s*$")
_ASKING = frozenset("""do does did is are am was were has have had can could will would should shall may might
    must who what where when why how which whose isnt isn't arent aren't dont don't doesnt doesn't didnt didn't
    wont won't hasnt hasn't havent haven't you u ur you're youre any anyone anything""".split())
_OPENERS = frozenset("also and so omg wait like ok okay but plus btw oh um well lol yeah hey ,".split())


def asks(sent: Sentence) -> bool:
    """Is the sentence a question (no statement of fact)?"""
    text = sent.text.rstrip()
    if not text.endswith("?") or _MARVEL.search(text):
        return False
    if not _SURPRISED.search(text):
        return True
    first = next((t.lower for t in sent.tokens if t.lower not in _OPENERS), "")
    return first in _ASKING


_AWAY_FOR = re.compile(r"\bfor\s+(?:a|an|the|two|three|a\s+few|a\s+couple\s+of)\s+(?:\w+\s+)?"
                       r"(?:days?|nights?|weeks?|weekend)\b"
                       r"|\b(?:trip|holidays?|vacation|visit|tour|conference|business)\b", re.IGNORECASE)


# What a user's question takes as given (text.told_part) includes one's own things named in it ("any tips for my
# first week at Northwind?", "a gym near my new flat in Leith?")
_POSSESSED = re.compile(r"(?:my|our|his|her)\b|'s\b", re.IGNORECASE)


def read_sentence(turn: Turn, si: int) -> None:
    """Append every fact stated in sentence `si` to `turn.facts`: of a user's question, only what it
    takes as given (``text.told_part``, ``_POSSESSED``, kin named); of an assistant's, nothing."""
    sent = turn.sentences[si]
    question = asks(sent)
    if question and turn.by_assistant or not sent.tokens:
        return
    told_from, given, question = told_part(sent, question=question)
    last_subject: str | None = None
    consumed: set[int] = set()
    read_kinship(turn, si)
    if not question:
        read_clauses(turn, si, told_from)
    low = sent.text.lower()
    for rule in pt.rules_for(low):
        if rule.unless is not None and (rule.unless.search(sent.text) or rule.unless_before and si > 0
                                        and rule.unless.search(turn.sentences[si - 1].text)):
            continue
        for m in rule.pattern.finditer(sent.text):
            if m.end() > given and not (question and _POSSESSED.match(m.group())):
                continue
            vi = tok_index(sent, sent.start + m.start())
            oi = tok_index(sent, sent.start + m.end())
            if vi < 0 or vi in consumed:  # "love the love theme": the 2nd love is an object
                continue
            subject, gap, elided = _subject(turn, si, vi, last_subject)
            if rule.obj == "current_of_speaker":  # "she dumped me": whoever she is, the speaker is single
                subject = turn.speaker
            if subject is None and rule.label == "broke_up_with" and (left := _left_one(turn, si, m)) is not None:
                subject = left  # "And speaking of Gary. Well. She finally left him.": whoever she is, Gary is single
            if subject is None:
                continue
            verb = sent.tokens[vi].lower
            if elided and verb not in pt.ELIDABLE and not lx.is_past_form(verb):
                continue
            if "'d" in gap and (verb.endswith("ed") or verb in _PARTICIPLES):
                gap = gap - {"'d"} | {"had"}  # "she said she'd left Contoso": had, not would
            if "if" in sent.text[told_from: m.start()].lower().split():  # (not "Not sure if I said, but I moved …")
                continue
            label, exclusive = rule.label, rule.exclusive
            # "isn't vegan", "'s no longer vegan": a negation read by the rule's own words (groups "nt", "no_longer")
            told_over = bool(m.groupdict().get("no_longer"))
            negated = (bool(gap & pt.GAP_NEGATION) or " not " in f" {m.group().lower()} " or told_over
                       or bool(m.groupdict().get("nt")))
            # a plan with its date is told of a one-at-a-time state: "I'll be working at Google from February"
            dated_plan = rule.label in _PLANNABLE and bool(gap & _FUTURE) and any(s.type == "date" for s in turn.names[si])
            if _modal(gap - _FUTURE if rule.future or dated_plan else gap) or (
                    rule.need_be and not gap & pt.BE_WORDS):
                continue
            if _FORMER_RE.search(m.group()):
                gap = gap | {"used"}  # "my old job at Target"
            if "ended" in gap and label == "works_at":
                label, exclusive = "left", False  # "lost my job at Door Dash"
            elif rule.past != "keep" and _is_past(verb, gap):
                if rule.past == "drop":
                    continue
                label, exclusive = rule.past, False
            if rule.obj in ("current", "current_of_speaker"):
                if _BACKGROUND.intersection(t.lower for t in sent.tokens[max(0, vi - 4) : vi]):
                    continue  # "since I lost my job": told as the background, not as the news
                objects = [(_unnamed(sent, m, vi, oi), None)]
            else:
                objects = read_objects(turn, si, oi, rule, m)
            if rule.obj == "visit":
                objects += _place_nearby(turn, si, objects[-1][0].last + 1 if objects else oi)
            if not objects:
                continue
            end = max(o.last for o, _ in objects)
            no_longer = ("longer" in gap or told_over or _negated_after(sent, end)
                         or negated and bool(gap & pt.PERFECT) and _for_a_while(sent, end))  # "hasn't lived in Leeds for months"
            if negated or no_longer:
                if no_longer and label in _ENDING:
                    label, exclusive = _ENDING[label], False  # "I don't live in Lyon anymore"
                elif label != "likes" or verb.startswith(("lov", "ador")) or no_longer:
                    continue
                else:
                    label = "dislikes"
            last_subject = subject
            subjects = [subject, *_coordinated(turn, si, vi, subject, label),
                        *_listed_before_who(turn, si, vi, subject)]
            consumed.update(k for o, _ in objects for k in range(o.first, o.last + 1) if o.type != UNNAMED)
            if rule.label == "works_as":  # "I'm a nurse at Mercy Hospital"
                objects += _employer_after(turn, si, end, label)
            elif rule.label == "studies":  # "I study law at Kings College"
                objects += _school_after(turn, si, end, verb)
            elif any((o or label) == "works_at" for _, o in objects):  # "joining X as a Y"
                objects += role_after(turn, si, end)
            for obj, override in objects:
                final = override or label
                if final in _LEAVING and obj.type == "place":
                    if _AWAY_FOR.search(sent.text):
                        continue  # "leaving Leeds on Friday for a week in Rome"
                    final = "moved_out_of"  # "I'm leaving London next month": a home, not a job
                    if verb == "leaving" and subject in turn.moving and turn.moving[subject] != obj.name and not any(
                            s.type == "date" for s in turn.names[si]):
                        # "Can't believe I'm leaving Hull", the move to York memory knows still to come: Hull is
                        # home until it (which ends it then)
                        for name in [*subjects, *household(turn, si, subject, "lives_in", vi)]:
                            add_fact(turn, RawFact(name, obj, "lives_in", True, si, undated=True))
                        continue
                elif final in _LEAVING and ph.SCHOOL_NAME.search(obj.name):
                    final = "studied_at"  # "Isla has left Ashford Grammar": a school, not a job
                for name in [*subjects, *household(turn, si, subject, final, vi)]:
                    if obj.name != name:
                        # a school read after a subject ("I study law at UCL") is one at a time
                        exclusive_now = (exclusive or final == "studies_at") and final in pt.EXCLUSIVE
                        add_fact(turn, RawFact(name, obj, final, exclusive_now, si))


def _unnamed(sent: Sentence, m: re.Match[str], vi: int, oi: int) -> Span:
    """What an end told without naming it ended ("I quit my job", "our cat died"): the
    subject's current one, narrowed by the animal named, if any (memdb resolves it)."""
    kind = (m.groupdict().get("animal") or "").lower()
    if not kind and (job := ph.AS_TITLE.match(sent.text, m.end())) is not None:
        kind = job["title"].lower()  # "Lost my job as a banker": the job memory knows as a banker's, if any
    return Span(m.group(), kind, UNNAMED, sent.start + m.start(), sent.start + m.end(), vi, max(vi, oi - 1))


def _place_nearby(turn: Turn, si: int, i: int) -> list[tuple[Span, str | None]]:
    """"went to a place in London", "went to a castle in Scotland": the place a few words on."""
    toks = turn.sentences[si].tokens
    for k in range(i, min(i + 6, len(toks) - 1)):
        if not toks[k].alpha:
            return []
        if toks[k].lower in ("in", "near"):
            span = turn.name_at(si, k + 2 if toks[k + 1].lower == "the" else k + 1)
            if span is not None and span.type == "place":
                return [(span, "visited")]
    return []


def _employer_after(turn: Turn, si: int, end: int, label: str
                    ) -> list[tuple[Span, str | None]]:
    toks = turn.sentences[si].tokens
    i = end + 1
    while i < len(toks) and toks[i].lower in (",", "too", "also", "now", "currently"):
        i += 1  # "She's a nurse too, at Cumberland Valley Hospital"
    if i < len(toks) and toks[i].lower in ("at", "for", "with"):
        j = i + 1 + (i + 1 < len(toks) and toks[i + 1].lower == "the")
        span = turn.name_at(si, j)
        if span is not None and typed(span, "org") is not None:
            return [(span, "worked_at" if label == "worked_as" else "works_at")]
    return []


def _school_after(turn: Turn, si: int, end: int, verb: str) -> list[tuple[Span, str | None]]:
    """"… law at Kings College": the school after a subject studied (an organisation by name)."""
    toks = turn.sentences[si].tokens
    i = end + 1
    if i < len(toks) and toks[i].lower == "at" and verb.startswith("stud"):
        span = turn.name_at(si, i + 1 + (i + 1 < len(toks) and toks[i + 1].lower == "the"))
        if span is not None and (span.type == "organization" or span.type != "concept" and typed(span, "school")):
            return [(span, "studied_at" if verb == "studied" else "studies_at")]
    return []


# The end of an aside giving a nickname and whom it is used by: "Robbo to everyone", "Kat for short"
_USED_BY_END = re.compile(rf"\s+{ph.USED_BY}\s*$", re.IGNORECASE)
_WENT = ("went", "gone", "came", "come")
# "Jo quit Tesco and found work at Argos": a second verb, in the past, of the sentence's subject
_IRREGULAR_PAST = frozenset("found got took went began became bought made won".split())


def _person_ends(turn: Turn, si: int, k: int) -> bool:
    """Does a person's name end at token ``k`` ("Me and Jo": Jo, and the speaker joined to her)?"""
    span = turn.name_ending(si, k)
    return span is not None and span.type == "person"


def _subject(turn: Turn, si: int, vi: int, last_subject: str | None
             ) -> tuple[str | None, frozenset[str], bool]:
    """(subject name, gap words, elided?) for the verb at token `vi`."""
    toks = turn.sentences[si].tokens
    if toks[vi].lower in ("my", "our", "his", "her", "him", "'s", "me"):  # "that's her done with …": her, him
        first = toks[vi].lower
        before = toks[vi - 1].lower if vi > 0 else ""
        past = (frozenset(("ended", "used")) if before in _ENDED else
                frozenset(("used",)) if before in _FORMER else frozenset())
        if first in ("my", "our", "me"):  # "they made me ward manager"
            return turn.speaker, past, False
        if first == "'s":
            if vi > 0 and toks[vi - 1].lower in ("he", "she"):  # "She's a nurse": "is", not a possessive
                return resolve_pronoun(turn, si, vi - 1), past, False
            span = turn.name_ending(si, vi)
            if span is None and vi + 1 < len(toks) and (toks[vi + 1].lower in lx.IS_AFTER_S or any(
                    t.lower in lx.DWELLINGS or lx.KINSHIP.get(t.lower) == "partner_of" for t in toks[vi + 1 : vi + 3])):
                # "my mum's still in Leeds", "my mum's flat in Leeds", "my brother's new girlfriend": a kin word's
                span = turn.name_ending(si, vi - 1)
            return (as_person(turn, span) if span else None), past, False
        return resolve_pronoun(turn, si, vi), past, False
    gap: list[str] = []
    k = vi - 1
    while k >= 0:
        w = toks[k].lower
        if w in pt.GAP_NEUTRAL or w in pt.GAP_NEGATION or w in pt.GAP_MODAL or w in ("used", "no") or (
                w in _WENT and gap[-1:] == ["to"]):  # "went to live in Leeds": a move, as "moved to"
            gap.append(w)
            k -= 1
            continue
        break
    gapset = frozenset(gap)
    if "to" in gap:  # "used to live" is past; "want to live" is not a fact
        idx = gap.index("to")
        before = gap[idx + 1] if idx + 1 < len(gap) else ""
        gapset = gapset - {"to"} | ({"used"} if before == "used" else
                                    set() if before in ("decided", "started", "began", "got", "had", *_WENT)
                                    else {"going"} if before == "going" else {"would"})
    if k < 0 or _only_openers(turn, si, k):
        return elided_subject(turn, si), gapset, True
    w = toks[k].lower
    if w in ("i", "we") or turn.speaker and listed_with_me(toks, k) and not _person_ends(turn, si, k):
        return turn.speaker, gapset, False
    if w in TOPIC_MARKS and (topic := topic_before(turn, si, k)) is not None:
        return topic, gapset, False  # "Nadia - moved to Howth last week!"
    if w == "who" and k > 0:  # "my best friend Temi, who lives in a tiny flat in Deptford"
        j = k - 2 if toks[k - 1].text == "," else k - 1
        span = turn.name_ending(si, j) if j >= 0 else None
        return (as_person(turn, span) if span is not None else None), gapset, False
    if w in ("he", "she"):
        return resolve_pronoun(turn, si, k), gapset, False
    if w == "they":  # the couple named just before, the other of them added by _coordinated
        pair = resolve_pair(turn, si, k)
        return (pair[0] if pair else _one_and_company(turn, si, k)), gapset, False
    if w == ")":  # "My aunt Margaret (Mags to everyone) lives in Whitby": the name before the aside
        j = next((j for j in range(k - 1, -1, -1) if toks[j].text == "("), 0)
        span = turn.name_ending(si, j - 1) if j > 0 else None
        if span is not None and span.type == "person":
            return span.name, gapset, False
    if w in (",", ")") and k > 0:  # "My mate Robert, known as Robbo, works at …", "the other Tom, Tom Ogunleye, has"
        sent = turn.sentences[si]  # "Robert, Robbo to everyone, lives": the nickname before whom it is used by
        used_by = _USED_BY_END.search(sent.text, 0, toks[k].start - sent.start)
        span = turn.name_ending(si, tok_index(sent, sent.start + used_by.start()) - 1 if used_by else k - 1)
        if span is not None and (span.nickname or span.another):
            return span.name, gapset, False
        if (w == "," and span is not None and span.type == "person" and span.first >= 2
                and toks[span.first - 1].text == "," and toks[span.first - 2].lower in lx.PERSON_NOUNS):
            return span.name, gapset, False  # "My mum, Ann, works at Contoso": the name told after the kin word
        if w == "," and _opens_on_verb(turn, si, k):
            return elided_subject(turn, si), gapset, True  # "told the servo today, last shift is the 8th"
        if w == "," and (described := _described_before(turn, si, k)) is not None:
            return described, gapset, False  # "Kai, a guy from work, moved to Leeds"
    if w in ("and", ",") and last_subject is not None and _verb_use(toks, vi):
        return last_subject, gapset, False  # "I quit and moved to Rome" (not "… and love theme")
    if _verb_use(toks, vi) and (w in ("and", "but") and (toks[vi].lower.endswith(("ing", "ed"))
                                                          or toks[vi].lower in _IRREGULAR_PAST)
                                or w in ("and", "but", ",") and toks[vi].lower in _STATE_VERBS):
        # "Jonno is quitting The Swan and moving to Bristol", "Ana's from Leeds but lives in York now", "Ana
        # works at Contoso, lives in Leeds"
        found = _earlier_subject(turn, si, k)
        if found is not None:
            return found, gapset, False
    # "Gwen at work has a parrot", "Oskar from the gym", "Ben from accounts gets the train", "Tom on my team works …",
    # "Dana from book club is moving"
    j = k - 1
    if j > 1 and not toks[j].cap and "NOUN" in lx.pos_tags(toks[j].lower) and toks[j].lower not in lx.STOPWORDS:
        j -= 1
    j -= j > 0 and toks[j].lower in ("the", "my", "our")
    if (w in _WHERE_MET or not toks[k].cap and "NOUN" in lx.pos_tags(w) and w not in lx.STOPWORDS) and j >= 1 and (
            toks[j].lower in ("at", "from", "on", "in")) and (
            (someone := turn.name_ending(si, j - 1)) is not None and someone.type == "person"):
        return someone.name, gapset, False
    span = turn.name_ending(si, k)
    if span is not None and span.type == "place" and span.first >= 2 and toks[span.first - 1].lower == "in":
        someone = turn.name_ending(si, span.first - 2)  # "my brother Tom in Leeds is a nurse": Tom is
        if someone is not None and someone.type == "person":
            return someone.name, gapset, False
    if span is not None and (span.last == k or "'s" in gapset):  # "Priya's moving to Leeds"
        return as_person(turn, span), gapset, False
    return None, gapset, False


def _described_before(turn: Turn, si: int, k: int) -> str | None:
    """The person named before an aside that says who they are, closed by the comma at token ``k``:
    "Kai, a guy from work, moved …", "Priya, my old flatmate, lives …", "Mark, Jo's new boyfriend, is …",
    or a relative clause of them ("Tom, who Ana introduced me to, now works at …": Tom, not Ana)."""
    toks = turn.sentences[si].tokens
    j = next((j for j in range(k - 1, max(-1, k - _ASIDE_TOKENS), -1) if toks[j].text == ","), None)
    span = turn.name_ending(si, j - 1) if j is not None and j + 1 < k else None
    if span is None or span.type != "person" or not (
            toks[j + 1].lower in _RELATIVES or j + 8 >= k and described_as(toks, span, lx.PERSON_NOUNS)):
        return None
    return span.name


# Where one knows someone from, said after their name: "Gwen at work", "Oskar from the gym"
_WHERE_MET = frozenset("work school uni college church gym choir football rugby yoga climbing running club office".split())
_ASIDE_TOKENS = 16  # the longest aside between a subject and its verb read through
_RELATIVES = frozenset(("who", "whom", "whose"))


def _left_one(turn: Turn, si: int, m: re.Match[str]) -> str | None:
    """The one a breakup told by pronouns leaves ("she left him"): whom its last word, "him" or
    "her", means, when its subject is no one the turn or the turns before name."""
    sent = turn.sentences[si]
    last = tok_index(sent, sent.start + m.end()) - 1
    if last < 0 or sent.tokens[last].lower not in ("him", "her"):
        return None
    return resolve_pronoun(turn, si, last)


_GROUP_KIN = frozenset("parents folks grandparents kids children in-laws twins".split())


def _one_and_company(turn: Turn, si: int, k: int) -> str | None:
    """"Sana Baji and Jiju came for two days. They shifted to Gurugram": of a "they", the one person
    named with company ("and Jiju", "and her husband", "and the kids") in the sentence before or this one,
    or else the one group of relatives ("my parents")."""
    found = set()
    for j in (si - 1, si):
        if j < 0:
            continue
        toks = turn.sentences[j].tokens
        for span in turn.names[j]:
            n = span.last + 1
            if (span.type == "person" and span.name != turn.speaker and (j < si or span.last < k)
                    and n + 1 < len(toks) and toks[n].lower == "and" and toks[n + 1].lower not in ("i", "me")):
                found.add(span.name)
    if not found:  # "My parents are retired now. They live in Devon": relatives named as a group
        found = {span.name for j in (si - 1, si) if j >= 0 for span in turn.names[j]
                 if span.name.rsplit(" ", 1)[-1].lower() in _GROUP_KIN and (j < si or span.last < k)}
    return found.pop() if len(found) == 1 else None


def _earlier_subject(turn: Turn, si: int, k: int) -> str | None:
    """The subject of the clause an "and" at token k joins a verb to: I/we, he/she, or a name
    followed by its verb ("Jonno is quitting …"), nearest first, within the clause."""
    toks = turn.sentences[si].tokens
    for j in range(k - 1, -1, -1):
        w = toks[j].lower
        if w in (";", ":", "but", "so", "because"):
            return None
        if w in ("i", "we", "he", "she") and j > 0 and toks[j - 1].lower in _SUBORDINATE:
            continue  # "Packed up while he was out and moved back in with her mother": not he
        if w in ("i", "we"):
            return turn.speaker
        if w in ("he", "she"):
            return resolve_pronoun(turn, si, j)
        span = turn.name_ending(si, j)
        if span is not None and span.type in ("person", "concept") and j + 1 < k and (
                toks[j + 1].lower in ("is", "was", "'s", "has", "had", "are", "were", "'re", "have", "'ve")
                or toks[j + 1].alpha and not toks[j + 1].cap
                and toks[j + 1].lower not in lx.STOPWORDS):
            return as_person(turn, span)
    if _opens_on_verb(turn, si, 1) and not any(t.text in (",", "(") for t in toks[:k]):
        return elided_subject(turn, si)  # one clause opening on its verb: who the sentence before was about
    return None


def _opens_on_verb(turn: Turn, si: int, k: int) -> bool:
    """Does the sentence open on a verb, with no one named or spoken of before token k ("told the
    servo today, last shift is the 8th", "Packed up while he was out and moved …")?"""
    toks = turn.sentences[si].tokens
    return bool(toks) and ("VERB" in lx.pos_tags(toks[0].lower) and toks[0].lower not in lx.STOPWORDS
                           or toks[0].lower in _DROPPED_I_OPENERS) and not any(
        t.lower in ("i", "we", "he", "she", "they", "you") for t in toks[:k]) and not any(
        s.type == "person" and s.first < k for s in turn.names[si])


# Words a sentence whose "I" was dropped may open on: "not in Galway anymore, living in Limerick now"
_DROPPED_I_OPENERS = frozenset("not still finally officially just".split())

# Verbs of a state an "and" joins to the clause's subject: "Zoya works at Brindle and lives in Koramangala", "Fiona
# met Craig and is now a nurse at Tayside"
_STATE_VERBS = frozenset("live lives work works study studies teach teaches is was has".split())
_SUBORDINATE = frozenset("while when whilst as after before since until though although".split())


def _verb_use(toks: list[Token], vi: int) -> bool:
    """Is the token at vi used as a verb? "works at" yes, "love theme" no."""
    if "NOUN" not in lx.pos_tags(toks[vi].lower):
        return True
    return vi + 1 < len(toks) and toks[vi + 1].lower in lx.STOPWORDS


_COUPLE_LABELS = frozenset(("partner_of", "broke_up_with", "ex_partner_of", "married", "engaged"))
_WITH_SOMEONE = frozenset(("me", "her", "him", "she", "he"))  # one joined to a name by "and", before it


def _coordinated(turn: Turn, si: int, vi: int, subject: str, label: str) -> list[str]:
    """Other named subjects joined to the found one: "John and Maria went to …", "Nadia and I
    moved to Leeds" (not "Tom and I split up": one couple, read by clauses.py)."""
    toks = turn.sentences[si].tokens
    k = vi - 1
    while k >= 0 and toks[k].lower in pt.GAP_NEUTRAL:
        k -= 1
    if k >= 0 and toks[k].lower == "they":  # "Jess and Connor … they got the keys to a flat in Leith"
        pair = resolve_pair(turn, si, k)
        return [pair[1]] if pair and pair[0] == subject else []
    if k >= 0 and toks[k].lower in ("i", "we"):  # "Nadia and I moved to Leeds": Nadia too
        other = named_with_me(turn, si, k) if subject == turn.speaker and label not in _COUPLE_LABELS else None
        return [other] if other is not None else []
    span = turn.name_ending(si, k) if k >= 0 else None
    if (span is None or span.name != subject) and k >= 0 and toks[k].lower == "and":
        # "Mum and Graham are selling up and moving to Hervey Bay", "Tom and I are quitting our jobs and
        # moving to Leeds": the subject the verb's "and" goes back to
        me = next((j for j in range(k - 1, -1, -1) if toks[j].lower in ("i", "we")), None)
        if subject == turn.speaker and me is not None:
            return _coordinated(turn, si, me + 1, subject, label)
        span = next((s for s in reversed(turn.names[si]) if s.last < k and s.name == subject), None)
    if span is None or span.name != subject:
        return []
    out = []
    first = _described_from(toks, span.first)
    if first != span.first and first >= 2 and toks[first - 1].lower in ("and", "&"):
        span = Span("", "", "", 0, 0, first, first)  # "she and her work friend Priya found an apartment"
    while span.first >= 2 and toks[span.first - 1].lower in ("and", "&", ","):
        before = toks[span.first - 2].lower
        if before in _WITH_SOMEONE and label not in _COUPLE_LABELS:  # "me and Priya moved", "her and Gra are moving"
            other = turn.speaker if before == "me" else resolve_pronoun(turn, si, span.first - 2)
            out += [other] if other is not None and other != subject else []
            break
        span = turn.name_ending(si, span.first - 2)
        if span is None or span.type != "person" or span.vocative or _told_by(toks, span):
            break
        out.append(span.name)
    return out


_PARTICIPLES = frozenset("left quit got gone been taken split broken begun found made done".split())


def _told_by(toks: list[Token], span: Span) -> bool:
    """"According to Priya, Tom's moved": whom the news is from, not one it is of."""
    return span.first >= 2 and toks[span.first - 1].lower == "to" and toks[span.first - 2].lower == "according"


def _described_from(toks: list[Token], first: int) -> int:
    """Where a name's description before it starts ("her work friend Priya": at "her"), or the
    name's own start when none is."""
    k = first - 1
    while k >= 0 and first - k <= 3 and toks[k].alpha and not toks[k].cap and toks[k].lower not in OWNERS:
        k -= 1
    return k if k >= 0 and k < first - 1 and toks[k].lower in OWNERS else first




def _listed_before_who(turn: Turn, si: int, vi: int, subject: str) -> list[str]:
    """"my mum, Ngozi, and my dad, Emmanuel, who still live in Plumstead": a plural verb after
    "who" is said of everyone listed, not of the last name only."""
    toks = turn.sentences[si].tokens
    k = vi - 1
    while k >= 0 and toks[k].lower in pt.GAP_NEUTRAL:
        k -= 1
    if k < 1 or toks[k].lower != "who" or toks[vi].lower.endswith("s"):
        return []
    span = turn.name_ending(si, k - 2 if toks[k - 1].text == "," else k - 1)
    return joined_people(turn, si, span) if span is not None and span.name == subject else []


def _only_openers(turn: Turn, si: int, k: int) -> bool:
    """True when tokens 0..k are only interjections, punctuation or a vocative ("Wow, Mel,")."""
    toks = turn.sentences[si].tokens
    voc = {i for s in turn.names[si] if s.vocative for i in range(s.first, s.last + 1)}
    return all(
        not t.alpha or t.lower in lx.INTERJECTIONS or i in voc
        or t.lower in ("and", "so", "but", "then", "also", "well", "plus", "just", "finally")
        for i, t in enumerate(toks[: k + 1])
    )


def _modal(gap: frozenset[str]) -> bool:
    return bool(gap & (pt.GAP_MODAL - {"to"}))


def _is_past(verb: str, gap: frozenset[str]) -> bool:
    if "used" in gap or verb in ("was", "were") or gap & {"was", "were"}:
        return True
    return verb in pt.PAST_VERBS and not gap & (pt.PERFECT | {"'s"})  # "she's lived in Leeds for ages": has


_A_WHILE = re.compile(r"\s*,?\s*(?:for|in)\s+(?:months|years|ages|weeks|a\s+(?:while|year|month|long\s+time)|"
                      r"(?:a\s+few|several|two|three|four|five|six|many)\s+(?:years|months|weeks))\b", re.IGNORECASE)


def _for_a_while(sent: Sentence, end: int) -> bool:
    """Is the object at token ``end`` followed by a while ("… in Leeds for months")?"""
    return end + 1 < len(sent.tokens) and bool(_A_WHILE.match(sent.text, sent.tokens[end].end - sent.start))


_NEW_CLAUSE = frozenset("so but because cos coz since while whereas".split())


def _negated_after(sent: Sentence, end: int) -> bool:
    """"I don't live in Lyon any more", "… no more.": the state told as over (not "living in
    Brisbane now, no more freezing winters": "no more" of a thing)."""
    words = [t.lower for t in sent.tokens[end + 1 :]]
    # … within its own clause: "made me ward manager, so I'm not a staff nurse anymore" ends the nurse only
    cut = next((i for i, (a, b) in enumerate(zip(words, [*words[1:], ""]))
                if a in _NEW_CLAUSE or a == "and" and b in ("i", "i'm", "we", "he", "she", "they")
                or a == "," and b not in ("no", "any", "anymore", "not")), len(words))
    words = words[:cut]
    return "anymore" in words or any(
        a == "any" and b == "more" or a == "no" and b == "more" and not any(ch.isalnum() for ch in c)
        for a, b, c in zip(words, words[1:], [*words[2:], "."])
    )
