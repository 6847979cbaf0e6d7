"""Regex fragments the rule table (patterns.py) is written in: a possessive, a home, a long
stay, a job's words, the words that stop a diet or a habit; and the sentences that say a trip,
a short stay or a refusal rather than a change."""

from __future__ import annotations

import re
from dataclasses import dataclass

from memdb.extract import lexicon as lx


def compiled(p: str) -> re.Pattern[str]:
    return re.compile(p, re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Rule:
    """One trigger phrase. The object is read right after the match; the subject right before it
    (skipping adverbs and auxiliaries), or from a leading possessive ("my", "Mel's")."""

    label: str
    triggers: tuple[str, ...]  # substrings, one of which every match contains (a pre-filter)
    pattern: re.Pattern[str]
    obj: str  # how to read the object: see objects._object ("current": none named, patterns.py)
    exclusive: bool = False
    past: str = "keep"  # tense policy: "keep", "drop", or the label to use in the past tense
    need_be: bool = False  # "from" only after "I'm", "she is" …
    future: bool = False  # "I'll be speaking at X" is a fact too: will/'ll/going to allowed
    unless: re.Pattern[str] | None = None  # a sentence matching this states no fact
    unless_before: bool = False  # "Smoking? I quit": `unless` reads the sentence before as well


def rule(label: str, triggers: str, pattern: str, obj: str, **options: object) -> Rule:
    return Rule(label, tuple(triggers.replace("_", " ").split("|")), compiled(pattern), obj,
                **options)  # type: ignore[arg-type]


POSS = r"(?:\b(?:my|our|his|her)|'s)\s+"
JOBWORD = r"(?:job|position|role|internship|gig|career)"
GOT = (r"\b(?:got|landed|bagged|scored|snagged|started|took|taken|accepted|found|have|has|start|starting|love|like|enjoy|"
       r"got\s+offered|was\s+offered|offered)\s+(?:a|an|the|my|this)\s+")
JOBMOD = (r"(?:new\s+|first\s+|dream\s+|full-time\s+|part-time\s+|current\s+|summer\s+|(?-i:[a-z]+ing)\s+|"
          r"old\s+|former\s+|previous\s+)*")
ANIMAL_WORDS = "|".join(sorted((re.escape(a) for a in lx.ANIMALS), key=len, reverse=True))
PET_MODIFIERS = (r"(?:new\s+|little\s+|cute\s+|sweet\s+|baby\s+|rescue\s+|tiny\s+|adorable\s+|fluffy\s+|"
                 r"beautiful\s+|black\s+|white\s+|gr[ae]y\s+|orange\s+|old\s+|lovely\s+|stray\s+|ginger\s+|brown\s+|"
                 r"elderly\s+|senior\s+|retired\s+|young\s+|big\s+|fat\s+)*")
PET_WORDS = "|".join(sorted({a[:3] for a in lx.ANIMALS}))
DWELLING = "|".join(sorted((re.escape(d) for d in lx.DWELLINGS), key=len, reverse=True))
A_HOME_WORD = compiled(rf"\b(?:{DWELLING})\b")  # a sentence naming a home ("moved to a flat in …")
# "a lovely flat in", "our new house near": a home named by its place (the object read next)
A_HOME = (rf"(?:(?:a|an|the|my|our|his|her|their|this|that)\s+(?:[\w'-]+\s+){{0,2}}?(?:{DWELLING})|digs|lodgings)\s+"
          r"(?:(?:up|down|out|over|round)\s+)?(?:in|near|on|(?:just\s+)?outside)\b")  # "a house up in Dundee"
# "for five years", "since 2019", "for ages", "since she left school": a stay, not a visit
LONG_TIME = (r"(?:for\s+(?:over\s+|almost\s+|nearly\s+|about\s+|around\s+|more\s+than\s+|the\s+(?:last|past)\s+)?"
             r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|several|a\s+few|a\s+couple\s+of|many)\s+"
             r"(?:years?|months?|decades?)|for\s+(?:ages|years|decades|a\s+long\s+time)|since\s+(?:19|20)\d\d"
             r"|since\s+(?:the\s+(?:start|end|beginning|middle)\s+of\s+)?(?-i:[A-Z])[a-z]+\b"
             r"|ever\s+since(?=\s*(?:[.!?,;]|$|then\b|and\b|but\b))"  # "been in Wellington ever since."
             r"|since\s+(?:I|he|she|we|they)\s+(?:left|finished)\s+(?:school|uni|university|college))")  # a life stage
# Where one is, said with the way there: "up in", "out west in", "over the border in"
OVER_THERE = (r"(?:(?:up|down|over|out|back)\s+(?:(?:north|south|east|west|the\s+border|the\s+water|the\s+pond|the\s+coast)"
              r"\s+)?)?")
# "ten years", "a couple of years": a stay said without "for" ("She's been in Berlin ten years")
YEARS = r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|twenty|several|many|a\s+couple\s+of|a\s+few)\s+years\b"
# "six months now": a stay of months told as still going ("Been in Cardiff six months now")
MONTHS = r"(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|eleven|several|a\s+few|a\s+couple\s+of)\s+months|(?:a|one)\s+(?:month|year))"
# One to three capitalised words (a name the object reader will then find): for lookaheads.
NAME_WORDS = r"(?:the\s+)?(?-i:[A-Z])[\w&'-]*(?:\s+(?-i:[A-Z&])[\w&'-]*){0,2}"

# A university's name ("Leeds University", "the University of York", "King's College"): one
# starts at it as a student — at a school or an academy, as likely as its teacher.
UNIVERSITY = (r"(?:the\s+)?(?:(?-i:[A-Z])[\w'-]*\s+){0,3}(?-i:University|Uni|College|Polytechnic)\b"
              r"|(?:the\s+)?(?-i:University|College)\s+of\b")
PASTIME_WORDS = "|".join(sorted((re.escape(w) for w in lx.PASTIMES), key=len, reverse=True))
# "as a banker", "as head chef": a title told after its job or move (checked as a job by its reader)
AS_TITLE = compiled(r"\s*as\s+(?:an?\s+|the\s+(?:new\s+)?)?(?P<title>[a-z][\w-]*(?:\s+(?!(?:at|in|for|with|and|on|to|now|from"
                    r"|yesterday|today|last|this)\b)[a-z][\w-]*)?)\b")
# What one may quit besides a job: "Smoking? I quit last year", "Sugar. I've quit"
GIVEN_UP = compiled(r"\b(?:"+"|".join(sorted((re.escape(w) for w in lx.HABITS | lx.FOODS | lx.DRINKS | lx.PASTIMES),
                                             key=len, reverse=True))
                    + r"|smoke|smoked|cigarettes?|fags?|vapes?|booze|diet|gym|class|team|club|course|band)\b")
DIET_WORDS = "|".join(sorted((re.escape(d) for d in lx.DIETS), key=len, reverse=True))
NOT_DIET_NEXT = (r"(?!-|\s+(?:food|restaurant|restaurants|dish|dishes|recipe|recipes|place|"
                 r"options?|meals?|cafe|café|temple|version|cookbook|friends?|diet|burger|"
                 r"sausages?|lasagna|menu|cooking)\b)")
CEASE = (r"\b(?:stopped|stop|stopping|quit|quitting|gave\s+up|given\s+up|giving\s+up|"
         r"give\s+up|cut\s+out|cutting\s+out|ditched|swore\s+off|sworn\s+off|kicked|done\s+with|"
         r"pack(?:ed|s|ing)?\s+in|chuck(?:ed|s|ing)|jack(?:ed|s|ing)?\s+in|binned)\s+")
# The last word of a title said without its article ("she's charge nurse", "he is project manager")
TITLE_HEADS = ("manager|director|engineer|officer|supervisor|designer|nurse|chef|analyst|editor|coordinator|administrator"
               "|developer|leader|architect|consultant|specialist|technician|executive|accountant|scientist|planner"
               "|registrar|lecturer|head|adviser|advisor|surveyor|controller|pharmacist|paramedic|midwife")
# The people one lives with: "in Monifieth with her man", "back in Bhopal with the parents"
# The family one lives with at theirs: "staying with my parents in Devon", "I still live with mum and gran" (longest
# first, so that "grandad" is not read as "gran")
HOME_FAMILY_WORDS = "grandparents|grandma|grandad|granny|gran|nan|mum|mom|mam|mother|dad|father|parents|folks|family|in-laws"
HOUSEHOLD = (r"(?:man|wife|husband|partner|boyfriend|girlfriend|fianc[eé]e?|family|parents|folks|kids|children|mum|mom"
             r"|dad|mother|father|missus)")
BEGIN = r"\b(?:started|start|starting|began|begun)\s+"
# "I left Acme early", "left Crumb & Co at six": leaving the building, not the job
BEING_THERE = compiled(r"\b(?:early|late|at\s+\d|tonight|this\s+(?:morning|afternoon|evening)"
                       r"|for\s+(?:lunch|home|the\s+day)|after\s+(?:work|my\s+shift)|(?:o'clock|\d\s*(?:am|pm)))\b")
# "my last day in Rome", "on my last day of the trip": a stay ending, not a job
AWAY = compiled(r"\b(?:trip|holidays?|vacation|visit(?:ing)?|hotel|stay|camp|festival|cruise|honeymoon|conference"
                r"|tour)\b")
# "in Paris with my husband this week": where one is for a while, not one's home
# (not "the night bus", "the day job": a thing named by its time)
SHORT_STAY = compiled(rf"(?<!\bas\sof\s)(?<!\bfrom\s)(?<!\bsince\s)\b(?:this|next|for\s+the|for\s+a|the)\s+(?:week|weekend|night|day|fortnight|month)\b"
                      r"(?!\s+(?:bus|buses|shift|shifts|job|train|tube|nurse|porter|staff|manager|school|class|classes|out)\b)"
                      rf"|{AWAY.pattern}")
# School-leaving exams studied for: "doing her A-levels at St Olave's"
SCHOOL_EXAMS = r"a[\s-]levels?|gcses?|highers|baccalaureate"
STUDIES = (r"(?:course|degree|programme|program|school|college|uni|university|studies|master's|masters|phd|mba"
           rf"|apprenticeship|training|coaching|{SCHOOL_EXAMS})")
# "moving back to mum's in Toowoomba", "moved in with my dad in Poole", "moving in with her partner
# Gareth in Penarth": the family's or the partner's home is the place
TO_FAMILY_HOME = (r"(?:in\s+with|to)\s+(?:my\s+|our\s+|his\s+|her\s+)?(?:mum|mom|dad|parents|nan|gran|mam|mother|father"
                  r"|partner|boyfriend|girlfriend|husband|wife|fianc[eé]e?)(?:'s|s'?)?(?:\s+(?-i:[A-Z])[\w'-]+)?"
                  r"\s+(?:place\s+|house\s+)?(?:in|near)\b")
NO_NAME_NEXT = r"(?!\s+(?:from|at|with|by|to|of)\s+(?:the\s+)?(?-i:[A-Z]))"
NO_TALK = compiled(r"\b(?:rejected|declined|turned\s+down|cancell?ed|didn't\s+get|did\s+not\s+get)\b")
# A school by its name: "Kelvinside University", "Ashford Grammar", "Marlow State" (an American state
# university by its short name)
SCHOOL_NAME = re.compile(r"\b(?:University|College|School|Academy|Institute|Polytechnic|Uni|Grammar|Primary|Secondary)\b"
                         r"|\S\s+State$|\S\s+High$")  # "Elm High"
STUDY_SUBJECT = "|".join(sorted(lx.STUDY_SUBJECTS, key=len, reverse=True))

# Whom a nickname is used by: "(Mags to everyone)", "Robbo to his mates"
TO_EVERYONE = (r"(?:everyone|everybody|family|friends|us|the\s+rest\s+of\s+us|the\s+family"
               r"|(?:his|her|their)\s+(?:mates|friends))")
# "Robert, Bobby to everyone,", "Robert, Bobby we call him,": after the nickname, whom it is used by
USED_BY = rf"(?:to\s+{TO_EVERYONE}|for\s+short|(?:as\s+)?(?:we|everyone|everybody|they)\s+(?:all\s+)?calls?\s+(?:him|her|them))"
