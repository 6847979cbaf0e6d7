"""The relation rule table: which phrase, read after which subject, yields which fact label.

Label convention: every fact reads "subject —label→ object" from the subject's point of view,
and first-person statements make the speaker the subject. So "my mom Linda" is
(speaker, child_of, Linda), "my son Tom" is (speaker, parent_of, Tom), "my sister Anna" is
(speaker, sibling_of, Anna), and "my dog Max" is (speaker, has_pet, Max).

Labels (* = exclusive: one object at a time per subject):
  home        lives_in*, lived_in (past), moved_out_of (ends lives_in), from, born_in*,
              moving_to (a plan: "I'm moving to Berlin next month" is no lives_in yet)
  work        works_at*, worked_at (past), left (ends works_at), works_as*, worked_as,
              volunteers_at
  school      studies_at*, studied_at, studies (a subject: "studying psychology"),
              passed (an exam), reached_level (a language level: "German B1")
  doings      attended (events), speaks_at (talks), visited (places), member_of, owns,
              has_pet, habit / quit_habit ("took up running" / "quit smoking"),
              lost (a death, a pet rehomed: ends has_pet and partner_of),
              arrived_in (where one is now: stored only as the lives_in of a planned move)
  tastes      likes / dislikes (each ends the other for the same object)
  diet        diet* ("vegetarian"), stopped_diet (ends diet), eats / stopped_eating,
              drinks / stopped_drinking (each of a pair ends the other for the same object)
  people      partner_of*, broke_up_with (ends partner_of), ex_partner_of, friend_of,
              sibling_of, child_of, parent_of, grandchild_of, grandparent_of, relative_of,
              colleague_of, reports_to, student_of, neighbor_of, roommate_of, classmate_of,
              teammate_of, patient_of
  otherwise   related_to (co-occurrence, added in rules.py)

An end told without naming what ended ("I'm single again", "our cat died") reads its object as
"current": the subject's current one of the state the label ends (knowledge.py looks it up).

The table opens with the homes' rules (homes.py), then work's (work.py); ``Rule`` and the fragments
rules are written in are phrases.py's.
"""

from __future__ import annotations

import re

from memdb.extract import lexicon as lx
from memdb.extract import phrases as ph
from memdb.extract.homes import HOME_RULES
from memdb.extract.work import WORK_RULES
from memdb.extract.phrases import Rule, rule


# Triggers are "|"-separated substrings ("_" stands for a space): a sentence containing none of
# them skips the rule's regex, which keeps the table cheap to run.
# The last word of a child's school's name ("Oak Primary", "Elm High", "Little Acorns Nursery")
_YOUNG_CHILDS_SCHOOL = r"(?-i:Primary|Nursery|Infants|Juniors|Prep|Pre-[Ss]chool|Preschool|Montessori|Kindergarten|Playgroup)"
_CHILDS_SCHOOL = rf"(?:{_YOUNG_CHILDS_SCHOOL}|(?-i:High|Secondary|Academy|Grammar|School|Sixth\s+Form|Community\s+College))"

# A word of a pet's breed or look that no list names ("a scruffy kelpie", "an Amazon parrot", "a corn snake")
_KIND_WORD = r"(?!(?:hot|of|to|for|with|and|or|in|on|at|the|a|an|lot|bit|couple|pair|few|load|loads)\s)[A-Za-z][\w'-]*"

RULES: tuple[Rule, ...] = (
    *HOME_RULES,
    *WORK_RULES,
    rule("moved_out_of", "moved|moving",
          r"\b(?:moved|moving)\s+(?:out\s+of|away\s+from)\s+"
          rf"(?:(?:my|our|the|his|her|their)\s+(?:[\w'-]+\s+){{0,2}}?(?:{ph.DWELLING})\s+(?:in|near)\s+)?", "place", future=True),
    # "Priya finally escaped Walthamstow last month"
    rule("moved_out_of", "escape|fled", r"\b(?:escaped|escaping|fled|fleeing)\s+(?:from\s+)?", "town", future=True),
    # "gave up her place in Hilliard", "we're giving up the flat in Leith": a home let go
    rule("moved_out_of", "give|gave|giving",
          rf"\b(?:give|gave|giving|gives)\s+up\s+(?:my|our|the|his|her|their)\s+(?:[\w'-]+\s+){{0,2}}?(?:{ph.DWELLING})\s+"
          r"(?:in|near)\s+", "place", future=True),
    # "we move to Leeds on the 3rd": an arrangement in the present tense (its date makes it a home)
    rule("moving_to", "move",
          r"\b(?:move|moves)\s+(?:home\s+)?(?:for\s+good\s*,?\s+)?(?:back\s+|over\s+|up\s+|down\s+)?(?:to|into)\b"
          r"(?=[^.!?]*?\b(?:on|in|next|this|at\s+the\s+end)\b)",
          "place", future=True),
    # Ends told without naming what ended: the subject's current one ("current": knowledge.py).
    rule("quit", "notice|resignation",
          r"\b(?:hand(?:ed|ing|s)?|gave|give|giving|put|putting)\s+(?:in\s+(?:my|his|her)\s+(?:two\s+weeks'?\s+)?"
          rf"(?:notice|resignation)\b{ph.NO_NAME_NEXT}|(?:my|his|her)\s+(?:notice|resignation)\s+in\b)", "current", future=True),
    rule("quit", "resign", r"\bresign(?:ed|ing)?\b(?!\s+(?:from|myself|himself|herself|as|to)\b)",
          "current", future=True),
    # "Lena quit! She couldn't stand her boss", "I've quit, last week": a job left, told with no object
    rule("quit", "quit",
          r"(?<!\bto\s)\bquit\b(?=\s*(?:[.!]|$|,|\s+(?:today|yesterday|this\s+\w+|last\s+\w+|on\s+\w+|after)\b))",
          "current", future=True, unless=ph.GIVEN_UP, unless_before=True),
    rule("left", "job|gig",
          r"\b(?:quit|quitting|left|leaving|lost|losing|(?:pack|jack)(?:ed|ing|s)?\s+in|chuck(?:ed|ing|s)?)\s+"
          r"(?:my|his|her|the)\s+(?:[\w-]+\s+)?(?:job|gig)\b"
          r"(?!\s+(?:at|with|hunt|search|interview|application|offer)\b)", "current", future=True),
    rule("left", "laid_off|let_go|fired|sacked|redundant",
          r"\b(?:got|get|gets|getting|was|were|been|being)\s+(?:laid\s+off|let\s+go|fired|sacked|made\s+redundant)\b"
          rf"(?!\s+up\b){ph.NO_NAME_NEXT}", "current"),
    rule("left", "last_day|last_shift|last_working",
          r"(?:\b(?:my|his|her)\s+|^|(?<=,\s)|(?<=\byep\s)|(?<=\bso\s))last\s+(?:(?:working\s+)?day|shift)\b"  # "yep, last shift was the 8th"
          r"(?=\s*(?:[.!]|$)|,\s+after\b|\s+(?:is|was|will\s+be|'s|today|tomorrow|on|next)\b)",
          "current", future=True, unless=ph.AWAY),
    # "I started my new job today": whatever it is, the old one is over
    rule("left", "new_job",
          r"\b(?:start|starts|started|starting|begin|began|beginning)\s+(?:my|a|the|his|her)\s+new\s+job\b"
          r"(?!\s+(?:at|with|as)\b|\s+(?:search|hunt)\b)", "current", future=True),
    rule("left", "freelance|self-employed",
          r"\b(?:went|gone|going|go|goes|turned|turning)\s+(?:freelance|self-employed)\b", "current", future=True),
    rule("works_as", "freelance|self-employed",
          r"\b(?:freelance|freelancing|self-employed)\s+as\s+(?:an?\s+)?", "job_any", exclusive=True, future=True),
    rule("left", "retir", r"\bretir(?:ed|ing|es|e)\b(?!\s+(?:from\s+(?:the\s+)?(?-i:[A-Z])|as\b))",
          "current", future=True),
    rule("left", "unemployed|out_of_work|between_jobs|jobless",
          r"(?:\b(?:am|is|are|was|been)|'m|'s|'re)\s+(?:now\s+|currently\s+|officially\s+)?"
          r"(?:unemployed|out\s+of\s+(?:work|a\s+job)|between\s+jobs|jobless)\b", "current"),
    # "promoted to head baker", "Priya has been made lead pharmacist" (not "made redundant")
    rule("works_as", "promoted|made", r"\b(?:promoted\s+to|(?:been|was|were|got|gets|getting|being)\s+made(?!\s+redundant\b))"
          r"\s+(?:an?\s+|the\s+)?", "job_any", exclusive=True, future=True),
    # "they made me ward manager", "they've bumped her up to lead designer": the one promoted, named after the verb
    rule("works_as", "made|bumped|moved",
          r"(?:(?<=\bmade\s)|(?<=\bbumped\s)|(?<=\bmoved\s))(?:me|him|her)\s+(?:up\s+to\s+)?(?!redundant\b)(?:an?\s+|the\s+|our\s+)?",
          "job", exclusive=True, future=True),
    rule("broke_up_with", "him|her|them|boyfriend|girlfriend|husband|wife|partner|fianc",
          r"\b(?:broken?\s+up\s+with|split\s+(?:up\s+)?(?:with|from)|dumped|divorced|divorcing|left|leaving)\s+"
          # (not "left her keys at mine", "dumped her bag on the floor")
          r"(?:(?:him|her|them)(?=\s*(?:[.!,;:]|$)|\s+(?:for|last|on|in|after|yesterday|this|and|because|over|when)\b)"
          r"|(?:my|his|her)\s+(?:boyfriend|girlfriend|husband|wife|partner|fianc[eé]e?|bf|gf))\b",
          "current", future=True),
    # "She dumped me", "he left me": a breakup told from the other side, by a pronoun
    rule("broke_up_with", "dumped|left|broke",
          r"(?:(?<=\bhe\s)|(?<=\bshe\s))(?:(?:dumped|broke\s+up\s+with|split\s+up\s+with)\s+(?=me\b)"
          r"|left\s+(?=me(?:\s*(?:[.!,;]|$)|\s+(?:for|last|on|in|after|yesterday|this)\b)))",
          "current_of_speaker"),
    rule("broke_up_with", "together",
          r"(?:\b(?:am|is|are)|'m|'s|'re)\s+no\s+longer\s+(?:together|a\s+couple|dating|an\s+item)\b", "current"),
    # "We're not together anymore actually": an end told by its negation (a partner_of told over: relations._ENDING)
    rule("partner_of", "together|couple|item",
          r"(?:(?:\b(?:am|is|are)|'m|'s|'re)\s+|\b(?:is|are))(?P<no_longer>not|n't)\s+(?:together|a\s+couple|an\s+item)"
          r"\s+(?:any\s*more|now|these\s+days)\b",
          "current"),
    # "I'm no longer with Chris": a person so named (an employer so named: left, above)
    rule("broke_up_with", "no_longer", rf"(?:\b(?:am|is|are)|'m|'s|'re)\s+no\s+longer\s+(?:with|seeing|dating)\s+(?={ph.NAME_WORDS})",
          "person"),
    # "Shes told him its over. Twenty two year married.": she ended it
    rule("broke_up_with", "over", r"\btold\s+(?:him|her)\s+(?:it's|it\s+is|its)\s+(?:over|finished)\b", "current"),
    rule("broke_up_with", "single",
          r"(?:\b(?:am|is|are)|'m|'s|'re)\s+(?:now\s+|officially\s+|finally\s+|suddenly\s+|newly\s+)?single\b"
          r"(?!\s+(?:mum|mom|dad|parent|father|mother|person|room|bed|file|malt|use|player)\b)", "current"),
    rule("broke_up_with", "broke|split|separat|divorc|called|ended|breaking|broken",
          r"\b(?:broke\s+up|broken\s+up|split\s+up|breaking\s+up|splitting\s+up|(?:separating|divorcing)(?=\s*(?:[.,;!]|$)|\s+(?:after|now|soon|next|this|in|at|for)\b)"
          r"|(?:agreed|decided)\s+to\s+(?:separate|split(?:\s+up)?|divorce|break\s+up|call\s+it\s+a\s+day)|called\s+it\s+(?:off|quits)|ended\s+(?:things|it)(?!\s+with\b)"
          r"|no\s+longer\s+(?:together|a\s+couple|an\s+item)|not\s+together\s+any\s*more"
          r"|(?:split|separated|divorced)(?=\s*(?:[.,;!]|$)|\s+(?:last|in|on|this|yesterday|after|over|for\s+good|years"
          r"|months|weeks|a\s+(?:year|month|week|while))\b))\b(?!\s+(?:with|from)\b)", "current"),
    rule("studied_at", "graduat",
          r"\bgraduat(?:ed|ing|es)\b(?!\s+(?:from|at)\s+(?:the\s+)?(?-i:[A-Z]))"
          r"|(?:\b(?:my|his|her)\s+|^)graduation\s+(?:is|was|'s)\b"  # "Graduation is next week"
          r"|'s\s+graduation(?=\s+(?:was|yesterday|today|last)\b)", "current", future=True),  # "we had Meg's graduation yesterday"
    rule("studied_at", "drop",
          r"\b(?:dropped|dropping|drop|drops)\s+out(?=\s*(?:[.,;!]|$)|\s+(?:last|this|in|on|after|before)\b"
          rf"|\s+(?:of|from)\s+(?:(?:my|his|her|the)\s+(?:[\w'-]+\s+){{0,2}}?)?{ph.STUDIES}\b)", "current", future=True),
    rule("studied_at", "finish|complet|discontinu|abandon",  # "Sana discontinued her MBA last month"
          r"\b(?:finished|completed|finishing|completing|discontinued|discontinuing|abandoned)\s+(?:my|his|her)\s+"
          rf"(?:[\w'-]+\s+){{0,2}}?{ph.STUDIES}\b(?!\s+at\b)", "current", future=True),
    rule("lost", "put|putting",
          rf"\b(?:put|putting)\s+(?:our|my|his|her|the)\s+{ph.PET_MODIFIERS}(?P<animal>{ph.ANIMAL_WORDS})\s+(?:down|to\s+sleep)\b",
          "current"),
    rule("lost", "died|passed",
          rf"(?:\b(?:my|our|his|her|their)|'s)\s+{ph.PET_MODIFIERS}(?P<animal>{ph.ANIMAL_WORDS})\s+(?:has\s+|had\s+)?(?:sadly\s+|just\s+|finally\s+)?"
          r"(?:died|passed\s+away|passed\s+on)\b", "current"),
    rule("lost", "lost",
          rf"\blost\s+(?:our|my)\s+{ph.PET_MODIFIERS}(?P<animal>{ph.ANIMAL_WORDS})\b(?!\s*,?\s+(?-i:[A-Z]))", "current"),
    # "lost her old tabby Whiskers", "I lost my Biscuit on Thursday"
    rule("lost", "lost", rf"\blost\s+(?:our|my|his|her|their)\s+(?:{ph.PET_MODIFIERS}(?:{ph.ANIMAL_WORDS}),?\s+)?(?=(?-i:[A-Z]))", "pet_name"),
    rule("studied_at", "finish|complet",
          r"\b(?:finished|completed|finishing|completing)\s+(?:uni|university|college|school|my\s+studies)\b"
          r"(?!\s+(?:at\s+)?(?-i:[A-Z]))", "current", future=True),
    rule("lost", "rehom", rf"\brehom(?:e|ed|es|ing)\s+(?:our|my|the)\s+{ph.PET_MODIFIERS}(?P<animal>{ph.ANIMAL_WORDS})\b", "current"),
    rule("works_as", "work|retrain|qualified", r"\b(?:work|works|working|worked|retrained|qualified)\s+as\s+(?:an?\s+)?", "job_any",
          exclusive=True, past="worked_as"),
    rule("works_as", "_a_|_an_|new|our|head_of|director_of|chief_of|vp_of|dean_of",
          r"(?:\b(?:am|is|are|was|were|became|become|becoming)|'m|'s|'re|(?:'ve|\bhave|\bhas)(?=\s+been\b))\s+(?:now\s+|been\s+|"
          r"currently\s+|also\s+|still\s+|officially\s+|finally\s+|not\s+|(?-i:[a-z]+ly)\s+)?"
          r"(?:(?:an?|the\s+new|our)\s+|(?:the\s+)?(?=(?:head|director|chief|vp|dean)\s+of\s))",  # "she's head of delivery"
          "job", exclusive=True, past="worked_as"),
    # "Tyler made staff sergeant", "she'll take over as office manager", "he starts Monday as an estimator"
    rule("works_as", "made|over|start",
          r"\b(?:made|(?:take|takes|taking|took)\s+over\s+as|(?:start|starts|starting|started)\s+(?:[\w-]+\s+){0,3}?as)"
          r"\s+(?:an?\s+|the\s+)?", "job", exclusive=True, future=True),
    rule("works_as", "_as_", rf"(?:{ph.GOT}|{ph.POSS}){ph.JOBMOD}{ph.JOBWORD}\s+as\s+(?:an?\s+)?",
          "job_any", exclusive=True, past="worked_as"),
    # "got promoted to store manager", "freelancing as a photographer", "officially a solicitor"
    rule("works_as", "promoted|freelanc|officially",
          r"\b(?:(?:got\s+|been\s+|was\s+|is\s+)?promoted\s+to|freelanc(?:e|es|ed|ing)\s+as|officially)\s+(?:an?\s+)?",
          "job", exclusive=True),
    # an occupation given up: "retired as a pilot", "resigned as a bank teller", "stopped being a barista"
    rule("worked_as", "quit|resign|retir|stepped|stepping|gave|giving|stopped",
          r"\b(?:quit|quitting|resigned|resigning|retired|retiring|stepped\s+down|stepping\s+down)\s+as\s+(?:an?\s+|the\s+)?"
          r"|\b(?:gave\s+up|giving\s+up|stopped|quit|quitting)\s+being\s+(?:an?\s+)", "job_any"),
    # school
    rule("studies_at", "stud|enrolled|freshman|sophomore|junior|senior|fresher|grad|pupil|year",
          r"\b(?:study|studies|studying|studied|(?:re-)?enrolled|student|students|freshman|sophomore|fresher|undergrad"
          r"|undergraduate|postgrad|postgraduate|pupil|junior|senior|(?:first|second|third|final)-year)\s+at\b",
          "school_at", exclusive=True, past="studied_at"),
    rule("studies_at", "stud|enrolled|freshman|sophomore|junior|senior",
          r"\b(?:study|studies|studying|studied|enrolled|student|students|freshman|sophomore|"
          r"junior|senior)\s+in\b",
          "school", exclusive=True, past="studied_at"),
    # "enrolled in a part-time MBA at Warwick", "started my master's at UCL"
    rule("studies_at", "enrol|started|starting|doing|taking|began",
          r"\b(?:enrolled|enrolling|started|starting|doing|taking|began)\s+(?:in\s+|on\s+)?(?:a|an|my|the|her|his)\s+"
          r"(?:[\w'-]+\s+){0,3}?(?:degree|course|program|programme|mba|msc|bsc|mphil|pgce|master's|masters|phd|diploma"
          r"|certificate"
          r"|apprenticeship)\s+(?:at|with)\b",
          "school_at", exclusive=True, future=True),
    # "she's doing nursing at Moreton Bay Uni": a subject done at a university is studied there
    rule("studies_at", "doing", rf"\bdoing\s+(?:(?:a|an|my|her|his|their)\s+)?(?:[\w'-]+\s+){{1,3}}?at\s+(?={ph.UNIVERSITY})",
          "school", exclusive=True, future=True),
    rule("studied_at", "graduated|withdrew|withdrawn", r"\b(?:graduated|withdrew|withdrawn)\s+(?:from|at)\b", "school_at"),
    # "studying law at Durham", "in my second year of medicine at Leeds", "got into Warwick for economics",
    # "off to Exeter to do history": a subject, a year or a place of study at a university (a city: its university)
    rule("studies_at", "stud|year|got_into|off_to|reading",
          r"\b(?:study|studies|studying|reading)\s+(?-i:[a-z]+)(?:\s+(?-i:[a-z]+))?\s+at\s+(?=(?:the\s+)?(?-i:[A-Z]))"
          r"|(?:\b(?:my|his|her|their)\s+)(?:first|second|third|fourth|final|last)\s+year\s+(?:of\s+(?:[\w'-]+\s+){1,2}?)?at\s+"
          r"(?=(?:the\s+)?(?-i:[A-Z]))"
          r"|\b(?:got|get|gets|getting)\s+into\s+(?=(?:the\s+)?(?-i:[A-Z])[\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)?\s+"
          rf"(?:for|to\s+(?:do|study|read))\s+(?:{ph.STUDY_SUBJECT})\b)"
          rf"|\boff\s+to\s+(?=(?-i:[A-Z])[\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)?\s+to\s+(?:do|study|read)\s+(?:{ph.STUDY_SUBJECT})\b)",
          "school_at", exclusive=True, future=True),
    # "Maya got accepted to Juilliard", "Zainab is now at the University of Lagos"
    rule("studies_at", "accepted|admitted", r"\b(?:accepted|admitted)\s+(?:to|into|at|by)\s+", "school_at",
          exclusive=True, future=True),
    rule("studies_at", "at", rf"(?:'s|\bis|\bam|'m|\bare|'re)\s+(?:now\s+|still\s+)?at\s+(?={ph.UNIVERSITY})", "school_at",
          exclusive=True),
    # "My daughter Ella is at Little Acorns Nursery", "he's in sixth class at Scoil Bhríde", "Finn starts at
    # Westfield High in September": a child's school (one teaches at a school, and says so)
    rule("studies_at", "at",
          r"(?:'s|\bis|\bare|'re)\s+(?:now\s+|still\s+|currently\s+)?(?:in\s+(?:(?:first|second|third|fourth|fifth|sixth|final)"
          r"\s+(?:class|year|grade)|(?:year|grade)\s+\d+|reception)\s+)?at\s+"
          rf"(?=(?:the\s+)?(?-i:[A-Z])[\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*){{0,3}}\s+{_CHILDS_SCHOOL}\b(?![^.!?]*\b(?:job|post|role|teach\w*|contract)\b))"
          # … started: only a young child's (a teacher starts at a high school as well as a pupil)
          r"|\b(?:start|starts|starting|started)\s+at\s+(?=(?:the\s+)?(?-i:[A-Z])[\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*){0,3}\s+"
          rf"{_YOUNG_CHILDS_SCHOOL}\b(?![^.!?]*\b(?:job|post|role|teach\w*|contract)\b))",
          "school_at", exclusive=True, future=True),
    rule("studies_at", "class|year|grade",
          r"(?:'s|\bis|\bare|'re)\s+(?:now\s+|still\s+)?in\s+(?:(?:first|second|third|fourth|fifth|sixth)\s+(?:class|grade)"
          r"|(?:year|grade)\s+\d+)\s+at\s+(?=(?-i:[A-Z]))", "school_at", exclusive=True),
    rule("studied_at", "dropped|dropping", r"\b(?:dropped|dropping)\s+out\s+(?:of|from)\b", "school"),
    # "Leo's new school is Oak Academy", "her uni is Leeds"
    rule("studies_at", "school|college|uni",
          r"(?:\b(?:my|our|his|her|their)|'s)\s+(?:new\s+)?(?:school|college|uni|university)\s+(?:is|will\s+be)\s+"
          r"(?=(?:the\s+)?(?-i:[A-Z]))", "school", exclusive=True),
    # "Tess transferred from Ohio State to the University of Michigan": the school left, when the one gone to is one
    rule("studied_at", "transfer", r"\btransferr(?:ed|ing)\s+from\s+(?=[^.!?;]{1,40}?\s+(?:to|into)\s+(?:the\s+)?(?:"
          r"(?:(?-i:[A-Z])[\w'-]*\s+){0,3}(?-i:School|Academy|Institute|High|Grammar|Primary|Secondary)\b|" + ph.UNIVERSITY + "))",
          "school"),
    rule("studies_at", "transfer", r"\btransferr(?:ed|ing)\s+(?:from\s+[^.!?;]{1,40}?\s+)?(?:to|into)\s+(?=(?:the\s+)?(?:(?-i:[A-Z])[\w'-]*\s+){0,3}"
          r"(?-i:School|Academy|Institute|High|Grammar|Primary|Secondary)\b)|\btransferr(?:ed|ing)\s+(?:from\s+[^.!?;]{1,40}?\s+)?(?:to|into)\s+(?=" + ph.UNIVERSITY + ")",
          "school", exclusive=True, future=True),
    rule("studies_at", "start", rf"\b(?:start|starts|starting|started)\s+(?:uni\s+|university\s+)?at\s+(?={ph.UNIVERSITY})",
          "school", exclusive=True, future=True),
    rule("studies", "stud|major|degree|minor|learning",
          r"\b(?:studying|study|studies|studied|majoring\s+in|major\s+in|majored\s+in|"
          r"degree\s+in|minoring\s+in|learning)\s+",
          "subject"),
    rule("attends", "go|attend", r"\b(?:go|goes|attend|attends|attending|attended)\s+(?:to\s+)?",
          "attend"),
    # events and travel
    rule("attended", "participated|part|competed|performed|ran|hosted|organi",
          r"\b(?:participated\s+in|took\s+part\s+in|competed\s+in|performed\s+at|ran|hosted|"
          r"organized|organised)\s+",
          "event"),
    rule("visited", "went|been|gone|travel|flew|drove|headed|sailed|hiked|biked|walked|came|trip",
          r"\b(?:went|been|gone|traveled|travelled|flew|drove|headed|sailed|hiked|biked|walked|"
          r"came|road-tripped)\s+(?:back\s+|over\s+|out\s+|up\s+|down\s+|all\s+the\s+way\s+)?"
          r"(?:to|into|through|around|across|in)\b",
          "visit"),
    rule("visited", "went|go",
          r"\b(?:went|go|gone|been)\s+(?:camping|hiking|skiing|backpacking|fishing|surfing|"
          r"sightseeing|shopping|swimming|biking|kayaking|climbing|snorkeling|diving)\s+"
          r"(?:in|at|to|around|on)\b",
          "visit"),
    rule("visited", "visit|toured|explored|vacationed|holidayed|backpacked|stayed|spent",
          r"\b(?:visited|visiting|visit|toured|explored|vacationed\s+in|holidayed\s+in|"
          r"backpacked\s+(?:through|across|around)|stayed\s+in|spent\s+(?:a|an|the|two|three|\w+)"
          r"\s+(?:days?|weeks?|months?|weekend|summer)\s+in)\s+",
          "visit"),
    rule("visited", "trip|vacation|holiday|honeymoon|getaway|visit",
          r"(?:\b(?:took|had|went\s+on|enjoyed|loved|planned|back\s+from)\s+(?:a|an|the|my|our)\s+"
          rf"(?:\w+\s+)?|{ph.POSS}(?:\w+\s+)?)(?:trip|vacation|holiday|honeymoon|getaway|"
          r"road\s+trip|visit)\s+(?:to|in)\b",
          "place"),
    rule("visited", "back|returned|home",
          r"\b(?:got\s+back|came\s+back|back|returned|home)\s+from\b", "place"),
    # tastes
    rule("likes", "lov|lik|enjoy|ador",
          r"\b(?:love|loves|loved|like|likes|liked|enjoy|enjoys|enjoyed|adore|adores|adored)\s+",
          "likeable"),
    rule("likes", "into|passionate|obsessed|addicted|crazy|fond|fan|love",
          r"(?:\b(?:am|is|are|was|were)|'m|'s|'re)\s+(?:really\s+|so\s+|super\s+|totally\s+|"
          r"very\s+|also\s+|big\s+)?(?:into|passionate\s+about|obsessed\s+with|addicted\s+to|"
          r"crazy\s+about|fond\s+of|a\s+(?:big\s+|huge\s+|massive\s+)?fan\s+of|in\s+love\s+with)"
          r"\s+",
          "likeable_any"),
    rule("likes", "favorite|favourite",
          rf"{ph.POSS}(?:all-time\s+)?favou?rite\s+(?:[a-z]+\s+){{0,2}}?"
          r"(?:(?:at\s+the\s+moment|right\s+now|these\s+days|lately|now|currently)\s+)?(?:is|are|was|has\s+to\s+be)"
          r"\s+",
          "likeable_any"),
    rule("dislikes", "hat|dislik|detest|despise|loathe|stand",
          r"\b(?:hate|hates|hated|dislike|dislikes|disliked|detest|despise|loathe|can't\s+stand|"
          r"cannot\s+stand)\s+",
          "likeable"),
    # diet and habits (see relations._ENDING for the negated forms)
    rule("diet", "vegetarian|vegan|pesc|flexitarian|keto|paleo|plant-based|free|teetotal|"
          "omnivore|carnivore|vego|veggo|veggie",
          r"(?:\b(?:am|is|are|was|were|been|be|become|became|went|go|gone|going|turned|stay|"
          r"stayed|staying|doing|im|starting|started|(?:switched|switching|changed)\s+to)|'m|'s|'re)(?P<nt>n't)?\s+"
          r"(?:not\s+|(?P<no_longer>no\s+longer)\s+)?(?:(?:a|an|fully|strictly|strict|pure|mostly|now|still|"
          r"completely|officially|basically|totally|full|mainly|pretty\s+much)\s+)*"
          rf"(?P<diet>{ph.DIET_WORDS})\b{ph.NOT_DIET_NEXT}",
          "diet", exclusive=True, past="drop"),
    rule("eats", "eat", r"\b(?:eat|eats)\s+(?!out\b|in\b|at\b|with\b|like\b|there\b|here\b)",
          "food"),
    rule("eats", "eating", rf"{ph.BEGIN}eating\s+|\beating\s+(?=[\w\s-]{{1,30}}?\bagain\b)",
          "food", past="drop"),
    rule("eats", "back_to_eating",
          r"(?:\b(?:went|gone|go|goes|going|am|is|are)|'m|'s|'re)\s+back\s+to\s+eating\s+", "food"),
    # "Ana's back on meat", "he's back on the fish": a food eaten again
    rule("eats", "back_on", r"(?:\b(?:went|gone|go|goes|going|am|is|are)|'m|'s|'re)\s+back\s+on\s+(?:the\s+)?"
          r"(?=(?:meat|fish|chicken|dairy|bacon|steak|burgers|eggs|cheese)\b)", "food"),
    rule("drinks", "drink", r"\b(?:drink|drinks)\s+(?!to\b|with\b|water\b)", "drink"),
    rule("drinks", "drinking",
          rf"{ph.BEGIN}drinking\s+|\bdrinking\s+(?=[\w\s-]{{1,30}}?\bagain\b)", "drink",
          past="drop"),
    rule("stopped_eating", "stop|quit|gave|give|giving|cut|ditch|swore|sworn|kicked|done_with|pack|chuck|jack|binned",
          rf"{ph.CEASE}(?:on\s+)?(?P<verb>eating\s+|drinking\s+)?", "cease"),
    # "took up pottery", "started yoga", "I've got really into bouldering": a pastime named as a noun
    rule("habit", "took|taken|taking|take|start|began|begun|into",
          r"\b(?:(?:took|taken|taking|take|takes)\s+up|(?:started|start|starting|began|begun)(?=\s+(?![a-z]+ing\b))|"
          r"(?:got|gotten|getting|get)\s+(?:really\s+|so\s+|very\s+|quite\s+|properly\s+|seriously\s+)?into)\s+",
          "pastime"),
    # "I'm really into pottery these days", "she's hooked on bouldering": a pastime (a taste too, above)
    rule("habit", "into|hooked|obsessed|addicted",
          r"(?:\b(?:am|is|are)|'m|'s|'re|\b(?:got|gotten|getting|get))\s+(?:really\s+|so\s+|totally\s+|properly\s+|"
          r"seriously\s+|well\s+|completely\s+)?(?:into|hooked\s+on|obsessed\s+with|addicted\s+to)\s+", "pastime"),
    # Doing one regularly: "I play tennis every Sunday", "I go climbing", "I've been going to pottery
    # classes", "I'm learning the guitar", "I've been swimming a lot"
    rule("habit", "play|do|practi|go|learn|teach|been",
          r"\b(?:play|plays|playing|do|does|doing|practi[cs]e|practi[cs]es|practi[cs]ing|go|goes|going|learn|learns|"
          rf"learning|teaching\s+myself|been)\s+(?=(?:[\w']+\s+){{0,3}}?(?:{ph.PASTIME_WORDS})\b)", "pastime",
          past="quit_habit"),  # "I used to play the piano"
    # "my new hobby is chess", "chess is my new obsession"
    rule("habit", "hobby|hobbies|passion|obsession|pastime|thing",
          r"(?:\b(?:my|our|his|her)\s+|'s\s+)(?:new\s+|latest\s+|current\s+|main\s+|big\s+)?"
          r"(?:hobby|passion|obsession|pastime|(?<=new\s)thing|(?<=latest\s)thing)\s+(?:is|these\s+days\s+is|now\s+is|at\s+the\s+moment\s+is)\s+",
          "pastime"),
    # "I stopped going to yoga", "I don't play tennis anymore" (an ending: see relations._ENDING)
    rule("habit", "play|do|go",
          r"\b(?:play|plays|do|does|go\s+to|goes\s+to)\s+(?=\S+\s+(?:anymore|any\s+more)\b)", "pastime"),
    rule("quit_habit", "stopped|stop|quit|gave|give|giving|dropped",
          r"\b(?:stopped|stop|quit|quitting|gave\s+up|given\s+up|giving\s+up|dropped)\s+(?:on\s+)?"
          r"(?=(?:playing|doing|practising|practicing|going\s+to)\s)", "pastime"),
    rule("habit", "start|began|begun|took|taken|taking|picked",
          rf"(?:{ph.BEGIN}|\b(?:took|taken|taking|picked)\s+up\s+)(?=[a-z]+ing\b)", "habit"),
    # "I spend every weekend birdwatching", "she spends all her free time paddleboarding these days"
    rule("habit", "spend",
          r"\b(?:spend|spends|spending)\s+(?:every|all|most|each)\s+(?:(?:of\s+)?(?:my|his|her|their|our)\s+)?"
          r"(?:[a-z]+\s+)?(?:weekend|evening|morning|spare\s+time|free\s+time|day|sunday|saturday)s?\s+(?=[a-z]+ing\b)",
          "habit"),
    rule("likes", "person",
          r"(?:\b(?:am|is|are|was|became|become|becoming|turned\s+into|turning\s+into)|'m|'s|"
          r"'re)\s+(?:not\s+)?(?:(?:such|totally|definitely|more|really|now|still|always|"
          r"officially|so|much)\s+)*(?:of\s+)?an?\s+(?=[a-z]+\s+person\b)",
          "person_pref"),
    # learning
    rule("passed", "passed|aced|nailed|cleared",
          r"\b(?:passed|aced|nailed|cleared)\s+(?:my|the|our|his|her|a|an|both)\s+", "exam"),
    # talks
    rule("speaks_at", "speak|spoke|present|keynot",
          r"\b(?:speak|speaks|speaking|spoke|present|presents|presenting|presented|keynote|"
          r"keynoting|keynoted)\s+at\b", "venue", future=True, unless=ph.NO_TALK),
    rule("speaks_at", "talk|presentation|keynote|panel|poster",
          r"(?:\b(?:gave|giving|give|gives|given|deliver|delivered|delivering|did|doing|have|"
          r"had|got|present|presented|presenting)\s+(?:a|an|my|the|our|his|her)\s+(?:\w+\s+)?"
          rf"|{ph.POSS}(?:\w+\s+)?)(?:talk|presentation|keynote|panel|poster)\s+(?:at|to)\b",
          "venue", future=True, unless=ph.NO_TALK),
    # pets and possessions
    rule("has_pet", ph.PET_WORDS,
          r"(?:\b(?:have|has|had|got|adopted|rescued|bought|brought\s+home|took\s+in|taken\s+in|own|owns|keeps?)|'ve)\s+"
          # … of a breed or kind no list names: "a bearded dragon", "a corn snake", "a guide dog" (not "a hot dog")
          rf"(?:(?:a|an|two|three|four|\d|another|some|his|her|their)\s+{ph.PET_MODIFIERS}(?:{_KIND_WORD}\s+){{0,2}}"
          rf"|{ph.PET_MODIFIERS})"
          rf"(?P<animal>{ph.ANIMAL_WORDS})\b"
          # "a cat, Mochi, who …", "a new dog, Bo.", "two guinea pigs, Bubble and Squeak", "two chickens now, Hen Solo …"
          r"(?:\s+pigs?\b)?(?:\s+now\b)?"
          r"(?:\s*,?\s*(?:named|called)\s+|\s*,\s+(?=(?-i:[A-Z])[\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)?\s*(?:[,.!]|$|and\b|who\b)))?",
          "pet", past="drop"),
    rule("has_pet", ph.PET_WORDS,
          # "my cat is called Milo", "my dog's name is Biscuit"
          rf"{ph.POSS}{ph.PET_MODIFIERS}(?P<animal>{ph.ANIMAL_WORDS})(?:(?:\s+is|'s)\s+(?:called|named)\s+|'s\s+name(?:'s|\s+is)\s+"
          r"|,?\s+(?:named\s+|called\s+)?)(?=(?-i:[A-Z]))",
          "pet_name"),
    # a pet no longer one's own: "we had to rehome Miso", "put Luna down", "gave Rex away"
    rule("lost", "rehom", r"\brehom(?:e|ed|es|ing)\s+", "pet_name"),
    # "Margaret's budgie Joey died", "we lost Oscar to kidney failure", "took Thumper back to the rescue"
    rule("lost", "died|passed", rf"{ph.POSS}{ph.PET_MODIFIERS}(?:{ph.ANIMAL_WORDS}),?\s+(?=(?-i:[A-Z])[\w'-]*,?\s+"
          r"(?:has\s+|had\s+)?(?:sadly\s+|just\s+)?(?:died|passed\s+away|passed\s+on|passed)\b)", "pet_name"),
    rule("lost", "lost", r"\blost\s+(?=(?-i:[A-Z])[\w'-]*\s+to\s+(?:cancer|kidney|heart|old\s+age|illness|a\s+\w+|"
          r"(?:his|her|their)\s+\w+)\b)", "pet_name"),
    rule("lost", "took|taken|take", r"\b(?:took|taken|take|taking)\s+(?=(?-i:[A-Z])[\w'-]*\s+back\s+to\s+the\s+"
          r"(?:rescue|shelter|breeder|rspca|pound)\b)", "pet_name"),
    rule("lost", "put", r"\b(?:put|putting)\s+(?=(?-i:[A-Z])[\w'-]*\s+(?:down|to\s+sleep)\b)", "pet_name"),
    rule("lost", "gave|give|giving",
          r"\b(?:gave|give|given|giving)\s+(?=(?-i:[A-Z])[\w'-]*\s+(?:away|up\s+for\s+adoption"
          r"|to\s+(?:a|an|my|our|the|his|her|their)\b))", "pet_name"),
    rule("lost", "goodbye", r"(?<=had\sto\s)say\s+goodbye\s+to\s+(?=(?-i:[A-Z]))", "pet_name"),
    rule("owns", "new",
          r"\b(?:bought|purchased|ordered|got|have|has|own|owns|picked\s+up)\s+(?:myself\s+|me\s+|"
          r"us\s+)?(?:a|an|the|my|some|this)\s+(?:brand\s+)?new\s+",
          "ownable", past="drop"),
    rule("owns", "bought|purchased|ordered",
          r"\b(?:bought|purchased|ordered)\s+(?:myself\s+|me\s+|us\s+)?(?:a|an|the|some|this|"
          r"my\s+first|our\s+first)\s+",
          "ownable"),
    rule("owns", "new", r"(?:\b(?:my|our)|'s)\s+(?:brand\s+)?new\s+(?=\S)(?![\w-]+\s+of\b)", "ownable"),  # not "our new head of delivery"
    # partners and friends
    rule("partner_of", "married|engaged|dating|relationship|going_out|marrying",
          r"\b(?:(?:re)?married(?:\s+already)?,?\s+to|engaged\s+to|dating|married|marrying|in\s+a\s+relationship\s+(?:now\s*,?\s*)?with|"
          r"going\s+out\s+with)\s+",
          "person", exclusive=True, past="drop"),
    rule("partner_of", "seeing|dating|courting",
          r"\b(?:seeing|dating|courting)\s+(?:a|this|some|some\s+new|a\s+new)\s+(?:guy|girl|man|woman|lad|bloke|lass|fella|boy"
          r"|chap|dude)\s+(?:called|named)\s+", "person",
          exclusive=True, past="drop"),
    rule("partner_of", "seeing",
          r"(?:\b(?:am|is|are|been|started|start)|'m|'s|'re)\s+(?:now\s+|officially\s+)?seeing\s+"
          r"(?=(?-i:[A-Z])[\w-]+(?:\s+(?-i:[A-Z])[\w-]+)?\s*(?:[.!;,]|$|\s+(?:now|again|these\s+days|nowadays|at\s+the\s+moment|"
          r"exclusively|officially|and\s+(?:it|things|we|he|she))\b))",
          "person", exclusive=True, past="drop"),
    # "I've been seeing someone new, Morgan", "I met someone: Alex": the name told after "someone"
    rule("partner_of", "someone|somebody",
          r"(?:\b(?:seeing|dating|(?P<met>met|meeting)|with)\s+)(?:someone|somebody)(?:\s+(?:new|special|lovely|great|amazing))?"
          r"\s*[,:—–-]\s+(?:(?:his|her|their)\s+name(?:'s|\s+is)\s+|(?:he|she|they)(?:'s|\s+is|'re|\s+are)\s+called\s+"
          # "…, his name is Dan", "…, she's called Mia", "…, a guy called Tom"
          r"|(?:a|this)\s+(?:guy|girl|man|woman|lad|bloke|lass|fella|boy|chap|dude)\s+(?:called|named)\s+)?(?=(?-i:[A-Z])[\w-]+\b)"
          # one met is a partner where the name is the news ("I've met someone: Mia."), not "met someone, Mia, at the gym"
          r"(?(met)(?=[\w-]+(?:\s+(?-i:[A-Z])[\w-]+)?\s*(?:[.!;]|$)))",
          "person", exclusive=True, past="drop"),
    # "Ana's new man is Tom", "my new girl, Zoe, …": a partner told by who they are to one
    rule("partner_of", "new",
          r"(?:(?:\b(?:my|his|her|their)|'s)\s+new\s+(?:man|woman|guy|girl|lady|squeeze|flame|boyfriend|girlfriend|partner|fella|bloke)"
          # "the new man in my life is Tom": whose life, the one whose partner
          r"|(?:(?<=\bnew\sman\sin\s)|(?<=\bnew\sguy\sin\s)|(?<=\bnew\sgirl\sin\s)|(?<=\bnew\swoman\sin\s))(?:my|his|her)\s+life)\s*"
          r"(?:,\s*|\s+is\s+(?:called\s+|named\s+)?|'s\s+)?(?=(?-i:[A-Z])[\w-]+\b)", "person", exclusive=True, past="drop"),
    # "I've got a new man in my life, Dan", "she has a new fella: Tom": the partner named after the news
    rule("partner_of", "new",
          r"\b(?:got|has|have|had|found|met)\s+(?:a|an)\s+new\s+(?:man|woman|guy|girl|fella|bloke|lady|boyfriend|girlfriend"
          r"|partner|bf|gf)(?:\s+in\s+(?:my|his|her|their)\s+life)?(?:\s+(?:now|these\s+days))?\s*[,:—–-]\s+(?:(?:his|her|their)\s+name(?:'s|\s+is)\s+)?"
          r"(?=(?-i:[A-Z])[\w-]+\b)", "person", exclusive=True, past="drop"),
    # "jordo has a gf!! ellie." (read "has a gf:: Ellie", text.regularize): the partner named after the news
    rule("partner_of", "gf|bf|girlfriend|boyfriend",
          r"\b(?:has|have|got|found)\s+(?:a|an)\s+(?:new\s+)?(?:gf|bf|girlfriend|boyfriend)\s*:+\s*(?=(?-i:[A-Z])[\w-]+\b)",
          "person", exclusive=True),
    # "been on a few dates with Tom", "things with Tom are getting serious": dating
    rule("partner_of", "dates|things_with",
          r"\b(?:been|went|going|gone)\s+on\s+(?:a\s+few|a\s+couple\s+of|some|two|three|four|several|loads\s+of)\s+(?:more\s+)?dates\s+with\s+"
          r"|\bthings\s+with\s+(?=(?-i:[A-Z])[\w-]+\s+(?:are|'re)\s+(?:getting\s+(?:serious|pretty\s+serious)|going\s+(?:really\s+)?(?:well|great)|official)\b)",
          "person", exclusive=True, past="drop"),
    # "I'm back together with Tom", "we got back together": the partner again
    rule("partner_of", "together", r"\b(?:back|got\s+back|getting\s+back)\s+together\s+with\s+", "person", exclusive=True),
    # "he's back with Amara, would you believe": together again (a person so named; not "back with his parents")
    rule("partner_of", "back_with", rf"(?:\b(?:am|is|are)|'m|'s|'re)\s+(?:now\s+|officially\s+)?back\s+with\s+(?={ph.NAME_WORDS})",
          "person", exclusive=True),
    # "I've been with Tom for two years", "she has been with a guy called Sameer for four years"
    rule("partner_of", "been", r"\bbeen\s+(?:together\s+)?with\s+(?:(?:a|this)\s+(?:guy|girl|man|woman|lad|bloke|lass|fella)"
          rf"\s+(?:called|named)\s+)?(?={ph.NAME_WORDS}\s+{ph.LONG_TIME})", "person", exclusive=True),
    rule("broke_up_with", "broke|split|divorced|separated|dumped|ended|called|finished",
          r"\b(?:broken?\s+up\s+with|split\s+up\s+with|split\s+from|divorced|separated\s+from|"
          r"dumped|ended\s+(?:things|it)\s+with|called\s+it\s+(?:off|quits)\s+with|finished\s+with)\s+",
          "person"),
    # "I'm with Priya now": a person so named is a partner (an employer so named: works_at above)
    # … and "Kieran is with Shauna.", "Priya is with Sanjay, they've been together since uni": the name the news
    rule("partner_of", "with",
          rf"(?:\b(?:am|is|are)|'m|'s|'re)\s+(?:now\s+)?with\s+(?!(?:auntie|aunty|uncle|nan|nana|gran|granny|grandma|grandad|mum|mam|dad)\b)"
          rf"(?={ph.NAME_WORDS}(?:\s+(?:now|these\s+days|nowadays)\b|\s*(?:[.!]|$)|\s*,\s+(?:they|and\s+they)(?:'ve|\s+have|'re|\s+are)\s+been\b))",
          "person", exclusive=True),
    rule("friend_of", "friends_with",
          r"\b(?:became|become|made|are|'re|were|stayed|still)\s+(?:best\s+|good\s+|close\s+)?friends\s+with\s+", "person"),
    rule("member_of", "member", r"\bmember\s+of\s+", "org_or_concept"),
    rule("member_of", "part_of", r"\bpart\s+of\s+", "org"),
)

# One pass over a sentence finds every trigger present (longest first, so "love" is found where
# "lov" also is); each found string selects the rules whose triggers it contains.
_ALL_TRIGGERS = sorted({t for r in RULES for t in r.triggers}, key=len, reverse=True)
# A lookahead finds a trigger at every position, overlapping ones too: "in a" must not hide "accounts"
# in "in accounts".
_TRIGGER_RE = re.compile("(?=(" + "|".join(map(re.escape, _ALL_TRIGGERS)) + "))")
_RULES_BY_TRIGGER = {found: tuple(i for i, r in enumerate(RULES) if any(t in found for t in r.triggers))
                     for found in _ALL_TRIGGERS}


def rules_for(lowered: str) -> list[Rule]:
    """The rules worth running on a lower-cased sentence, in table order."""
    hits: set[int] = set()
    for m in _TRIGGER_RE.finditer(lowered):
        hits.update(_RULES_BY_TRIGGER[m.group(1)])
    return [RULES[i] for i in sorted(hits)]


# Every label the extractor can emit: the rule table's, their past-tense forms, the labels an
# object reader or a clause template substitutes (objects.py, clauses.py, relations._ENDING) and
# the kinship table's. describe_label (extract/__init__.py) has words for each.
LABELS = frozenset(
    {r.label for r in RULES} | {r.past for r in RULES if r.past not in ("keep", "drop")} | set(lx.KINSHIP.values())
    | {"attended", "visited", "member_of", "works_at", "works_as", "worked_at", "studies_at",
       "has_pet", "moved_out_of", "left", "broke_up_with", "ex_partner_of", "stopped_diet",
       "stopped_eating", "stopped_drinking", "quit_habit", "reached_level", "related_to", "favourite_food"}
)

# The words between a subject and its verb, the one-at-a-time labels, the labels that end others and
# the verbs that may open a sentence with the "I" dropped (lexicon.py), as the readers know them here.
from memdb.extract.lexicon import (  # noqa: E402, F401
    BE_WORDS, ELIDABLE, ENDING_LABELS, EXCLUSIVE, GAP_MODAL, GAP_NEGATION, GAP_NEUTRAL, PAST_VERBS, PERFECT,
)
