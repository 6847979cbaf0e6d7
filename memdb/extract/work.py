"""The rule table's work (patterns.py, whose label conventions they follow): where one works, in which
post, shift or department; a job begun, offered, left or lost; joining and volunteering. The table's
rules after the homes' (homes.py); the ends told without naming what ended stay in patterns.py."""

from __future__ import annotations

from memdb.extract import phrases as ph
from memdb.extract.phrases import Rule, rule

WORK_RULES: tuple[Rule, ...] = (
    rule("works_at", "work|teach|taught|lectur",
          r"\b(?:work|works|working|worked|teach|teaches|teaching|taught|lecture|lectures|lecturing|lectured)\s+"
          # "in marketing at": a field of work before the employer
          r"(?:full[- ]time\s+|part[- ]time\s+|remotely\s+|(?:nights|days|weekends|evenings|shifts|over|down|up)\s+)?"
          r"(?:in\s+(?-i:[a-z]+)(?:\s+(?-i:[a-z]+))?\s+)?(?:at|for)\b",  # "works nights at", "works over at"
          "org", exclusive=True, past="worked_at"),
    # "works in the Tesco warehouse", "Jo is a Tesco employee", "does the marketing for Tesco": the firm
    # (not "works in the Leeds office", a place)
    rule("works_at", "work|employee|staffer|marketing|accounts|admin|payroll|design|social|team|warehouse|depot|factory|branch|store|shop|plant|call_centre",
          r"(?:\b(?:work|works|working|worked)|(?:'m|\bam|'s|\bis|'re|\bare)\s+(?:a|an)\s+(?-i:[a-z]+))\s+(?:in|at)\s+(?:the|a)\s+(?=(?-i:[A-Z])[\w&'-]*(?:\s+(?-i:[A-Z&])[\w&'-]*)?\s+"
          r"(?:warehouse|office|offices|head\s+office|store|shop|branch|factory|depot|plant|call\s+centre|hq|headquarters)\b)"
          r"|\b(?:a|an)\s+(?=(?-i:[A-Z])[\w&'-]*(?:\s+(?-i:[A-Z&])[\w&'-]*)?\s+(?:employee|staffer|staff\s+member)\b)"
          r"|\b(?:do|does|doing|did)\s+(?:the\s+)?(?:marketing|accounts|admin|payroll|design|social\s+media|comms|bookkeeping)"
          r"\s+(?:for|at)\s+(?=(?:the\s+)?(?-i:[A-Z]))"
          r"|\bon\s+the\s+(?:[\w-]+\s+){0,2}?team\s+at\s+(?=(?:the\s+)?(?-i:[A-Z]))",  # "on the management team at Tesco"
          "employer", exclusive=True, past="worked_at"),
    rule("works_at", "job|position|role|internship|gig|career",
          rf"(?:{ph.GOT}|{ph.POSS}){ph.JOBMOD}{ph.JOBWORD}(?:\s+as\s+an?\s+[a-z]+(?:\s+[a-z]+)?)?"
          # "a job running the kitchen at", "a job teaching maths at": what the job is, before where
          r"(?:\s+(?-i:[a-z]+ing)(?:\s+(?:the|a|an)\b)?(?:\s+(?-i:[a-z]+)){1,2}?)?"
          r"(?:\s+(?:these\s+days|now|nowadays))?(?:\s+is)?\s+(?:at|with)\b",  # "Ana's new job is at Northwind"
          "org", exclusive=True, past="worked_at"),
    # "tess got the job!!! Merri Creek Hospital" (read "got the job::: Merri …"): the employer named after the news
    rule("works_at", "the_job", rf"\b(?:got|landed|accepted|took|gets|getting)\s+the\s+job\s*:+\s*(?={ph.NAME_WORDS})", "org",
          exclusive=True, future=True),
    # "New job in February: Google!", "Kim's new job - Google": the employer named after the news and a mark
    rule("works_at", "new", rf"\bnew\s+{ph.JOBWORD}(?:\s+(?:in|from|on)\s+\w+(?:\s+\w+)?)?\s*[:—–-]+\s*"
          r"(?:(?:an?\s+)?(?-i:[a-z])[\w-]*(?:\s+(?-i:[a-z])[\w-]*){0,2}?\s+(?:at|with)\s+)?"  # "New role: data analyst at Northwind"
          rf"(?={ph.NAME_WORDS})", "org", exclusive=True, future=True),
    # "First paycheck from Northwind!": pay from an employer
    rule("works_at", "pay|wage|salary",
          r"\b(?:first|my|our|his|her)\s+(?:proper\s+|real\s+)?(?:pay\s*(?:check|cheque|slip)|payday|wage\s+slip|wages|salary)\s+"
          r"(?:from|at)\s+(?=(?:the\s+)?(?-i:[A-Z]))", "employer", exclusive=True),
    rule("works_at", "hired|employed|recruited|poached|headhunted|taken_on",
          r"\b(?:hired|employed|recruited|poached|headhunted|taken\s+on)\s+(?:(?:permanently|full[- ]time|properly)\s+)?(?:by|at)\b",
          "org", exclusive=True),
    # "Just finished my last ever exam at Riverside High": a school finished
    rule("studied_at", "exam", r"(?:\b(?:my|his|her|their)|'s)\s+(?:very\s+)?last\s+(?:ever\s+)?exams?\s+at\s+", "school"),
    # "found work at Argos", "Jo's new employer is Argos", "Jo's Argos job", "on the Argos payroll": the firm
    rule("works_at", "found|employer|workplace|firm|company|job|role|payroll",
          r"\bfound\s+(?:work|a\s+job|a\s+new\s+job|employment)\s+(?:at|with)\b"
          r"|(?:\b(?:my|his|her|their|our)|'s)\s+(?:new\s+|current\s+)?(?:employer|workplace|firm|company)\s+(?:is|'s)\s+(?:now\s+)?(?=(?:the\s+)?(?-i:[A-Z]))"
          r"|(?:\b(?:my|his|her|their|our)|'s)\s+(?:new\s+)?(?=(?-i:[A-Z])[\w&'-]*(?:\s+(?-i:[A-Z&])[\w&'-]*)?\s+(?:job|role)\b)"
          r"|\bon\s+the\s+(?=(?-i:[A-Z])[\w&'-]*(?:\s+(?-i:[A-Z&])[\w&'-]*)?\s+payroll\b)",
          "employer", exclusive=True, past="worked_at"),
    # "Kev is working with Amy at Google", "I work with my sister at Boots": colleagues, at the firm named after
    rule("works_at", "work", r"\b(?:work|works|working|worked)\s+(?:alongside|with)\s+(?:(?:my|his|her|their|our)\s+[\w-]+|"
          r"(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?)\s+(?:at|for)\s+(?=(?:the\s+)?(?-i:[A-Z]))",
          "org", exclusive=True, past="worked_at"),
    rule("works_at", "intern", r"\b(?:intern|interning|interned)\s+(?:at|for|with)\b", "org",
          exclusive=True),
    # "Omar jumped ship to Northwind", "she's defected to Initech"
    # "Tom's moved to Google", "I've moved over to Barclays": to an employer known as one (a place is a home)
    rule("works_at", "moved", r"\bmoved\s+(?:over\s+|across\s+|jobs\s+)?to\s+", "org_only",
          exclusive=True),
    rule("works_at", "jump|defect", r"\b(?:jump(?:ed|ing|s)?\s+ship|defect(?:ed|ing|s)?)\s+to\s+(?=(?:the\s+)?(?-i:[A-Z]))",
          "org", exclusive=True),
    # "I teach maths at Hollins High", "these days I'm in accounts at Boots": a subject taught, a department
    rule("works_at", "teach|taught|accounts|marketing|sales|finance|admin|payroll|logistics|operations|compliance|risk|legal|hr|it_"
          "|claims|underwriting|recruitment|housekeeping|catering|reception|research|engineering|support|on_the",
          r"\b(?:teach|teaches|teaching|taught)\s+(?-i:[a-z]+)(?:\s+(?-i:[a-z]+))?\s+(?:at|for)\s+(?=(?:the\s+)?(?-i:[A-Z]))"
          r"|(?:'m|\bam|'s|\bis|'re|\bare)\s+(?:now\s+|still\s+)?in\s+(?:accounts|marketing|sales|finance|admin|payroll|logistics"
          r"|operations|compliance|risk|legal|HR|IT|procurement|customer\s+services?|claims|underwriting|recruitment"
          r"|housekeeping|catering|reception|research|engineering|support)\s+(?:at|for|with)\s+(?=(?:the\s+)?(?-i:[A-Z]))"
          # "I'm on the tills at Tesco", "she's on the graduate scheme at Arup": a post there
          r"|(?:'m|\bam|'s|\bis|'re|\bare)\s+(?:now\s+|still\s+)?on\s+the\s+(?:tills|checkouts?|reception|front\s+desk"
          r"|shop\s+floor|wards?|graduate\s+scheme|grad\s+scheme|night\s+shift|late\s+shift|early\s+shift|payroll|books)"
          r"\s+(?:at|for|with)\s+(?=(?:the\s+)?(?-i:[A-Z]))",
          "employer", exclusive=True, past="worked_at"),
    # "runs the dementia wing at Glenvale Aged Care", "manages the kitchen at The Swan", "doing six days a
    # week at Trinity Inlet Marine": one's work there (not "running the half marathon at Hyde Park")
    rule("works_at", "run|manag|head|_a_week|shift|night|morning|evening|lates|earlies|waitr|bartend|chef|temping|nann|lifeguard|cashier|shel",
          r"\b(?:runs|running|manages|managing|heads|heading)\s+(?:the|a|their|his|her)\s+"
          r"(?!(?:[\w-]+\s+){0,2}?(?:marathon|race|half|10k|5k|parkrun|risk|show)\b)(?:[\w-]+\s+){0,2}?[\w-]+\s+at\s+"
          rf"(?={ph.NAME_WORDS})"
          r"|\b(?:doing|does|do|working|works|work|pull|pulls|pulling|pulled)\s+(?:[\w-]+\s+)?"
          r"(?:days?|shifts?|nights?|mornings|evenings|lates|earlies)\s+(?:a\s+week\s+)?(?:at|for)\s+"
          rf"(?={ph.NAME_WORDS})"
          # "waitressing at Nandos to pay the rent", "she's temping for Aviva": a job done there
          r"|\b(?:waitressing|waitering|bartending|cheffing|temping|nannying|lifeguarding|cashiering|stacking\s+shelves"
          rf"|waiting\s+tables|shelf-stacking)\s+(?:at|for|in)\s+(?={ph.NAME_WORDS})",
          "employer", exclusive=True, past="worked_at"),
    rule("joined", "joined|joining|joins",
          r"\b(?:joined|joining|joins)\s+(?=(?:the\s+)?(?-i:[A-Z]))", "join", exclusive=True),
    rule("joined", "joined", r"\bjoined\s+(?=(?:a|an|the|my|our)\s+[a-z])", "join",
          exclusive=True),
    rule("joined", "signed|enrolled|registered",
          r"\b(?:signed\s+up|enrolled|registered)\s+(?:for|in)\s+", "join", exclusive=True),
    # "I start at Lumen Labs on Monday" — but "I started at Leeds University" is a school
    rule("works_at", "start",
          rf"\b(?:start|starts|starting|started)\s+(?:work\s+|working\s+|my\s+new\s+job\s+)?at\b(?!\s+{ph.UNIVERSITY})",
          "org", exclusive=True, future=True),
    rule("works_at", "offer",
          r"\b(?:accepted|accept|accepting|took|signed)\s+(?:a|an|the|their|his|her|my)\s+"
          r"(?:job\s+|full-time\s+)?offer\s+(?:from|at|with)\b",
          "org", exclusive=True),
    rule("volunteers_at", "volunteer", r"\bvolunteer(?:s|ed|ing)?\s+(?:at|for|with)\b",
          "org_or_concept"),
    rule("left", "quit|left",
          r"\b(?:quit|left)\s+(?:my|his|her|the)\s+(?:\w+\s+)?(?:job|position|role)\s+"
          r"(?:at|with)\b",
          "org"),
    rule("left", "quit", r"\bquit\b", "org"),
    # "that's her done with St Olave's for good": finished there (a school one studies at: studied_at)
    rule("left", "done_with|finished_with",
          rf"(?<=\bthat's\s)(?:her|him)\s+(?:done|finished)\s+(?:with|at)\s+(?={ph.NAME_WORDS})", "employer"),
    # "I'm leaving Crumb & Co", "handed in my notice at X", "my last day at X is Friday"
    rule("left", "leaving|last_day|last_working",
          # (not "Nadia's leaving do at St James's", whose the leaving is: frames._do_owner)
          r"\b(?:leaving(?!\s+(?:do|party|drinks|card|present|gift|lunch|bash|dinner)\b)|leaves"
          r"|(?:my|his|her)\s+last\s+(?:working\s+)?day\s+(?:at|with))\b", "org", future=True),
    rule("quit", "resign|notice",
          r"\b(?:resigned\s+from|resigning\s+from|handed\s+in\s+(?:my|his|her)\s+(?:notice|resignation)\s+(?:at|to))\b",
          "org", future=True),
    # "I've been at Crumb & Co for three years", "my boss at Acme", "I'm the head baker at Crumb & Co"
    rule("works_at", "been", rf"\bbeen\s+(?:working\s+)?(?:at|with)\s+(?={ph.NAME_WORDS}\s+{ph.LONG_TIME})", "employer",
          exclusive=True),
    rule("works_at", "boss|manager|colleague|coworker|co-worker|team|office|shift|workplace|employer|review|appraisal|rota|editor",
          rf"{ph.POSS}(?:new\s+|old\s+|line\s+)?(?:boss|manager|colleagues?|co-?workers?|team|office|shifts?|workplace"
          r"|performance\s+review|appraisal|rota|editor)\s+(?:at|with)\b",
          "employer", exclusive=True, past="worked_at"),
    # "had a nightmare shift at Costa", "I'm on nights at the Royal Infirmary": a shift worked there
    rule("works_at", "shift|nights|lates|earlies",
          r"\b(?:had|did|doing|do|pulled|pulling|finished|finishing|started|starting|working|work)\s+(?:a|an|another|my|the)\s+"
          r"(?:[\w-]+\s+){0,2}?shift\s+at\s+(?=(?:the\s+)?(?-i:[A-Z]))"
          r"|(?:\b(?:am|is|are)|'m|'s|'re)\s+(?:back\s+)?on\s+(?:nights|lates|earlies|days|the\s+night\s+shift)\s+(?:this\s+week\s+)?at\s+"
          r"(?=(?:the\s+)?(?-i:[A-Z]))", "employer", exclusive=True),
    # "she's the head baker at Crumb & Co"; a title without its article: "is project manager with Meridian
    # Infra", "she's charge nurse on ward 12", "she is Senior Product Designer at Brindle Health"
    rule("works_as", f"the|{ph.TITLE_HEADS}",
          r"(?:\b(?:am|is|are|was|were)|'m|'s|'re|(?:'ve|\bhave|\bhas)(?=\s+been\b))\s+(?:now\s+|currently\s+|still\s+)?"
          r"(?:been\s+)?(?:the\s+(?=(?:[a-z-]+\s+){0,2}[a-z-]+\s+(?:at|for|with)\s+(?:the\s+)?(?-i:[A-Z]))"
          rf"|(?=(?:[a-z-]+\s+){{0,2}}(?:{ph.TITLE_HEADS})(?:\s+(?:at|for|with|on|in|since|from|now)\b|\s*[.,!;]|\s*$)))",
          "job", exclusive=True, past="worked_as"),
    rule("works_at", "first", r"(?:\b(?:my|his|her)|'s)\s+first\s+(?:day|days|week|weeks|month|shift)\s+(?:at|with)\b", "org",
          exclusive=True, future=True),
    # "day one at Northwind done", "onboarding at Northwind all week": a job begun (not "day one at Glastonbury")
    rule("works_at", "day_one|day_two|week_one|week_two|onboarding|induction",
          r"\b(?:day|week)\s+(?:one|two|1|2)\s+at\b|\b(?:onboarding|induction)\s+(?:week\s+|day\s+)?at\b", "employer",
          exclusive=True, future=True),
    # "First week as a nurse at St. Mary's done", "my first day as a barista": a new role
    rule("works_as", "first",
          r"(?:\b(?:my|his|her)\s+)?\bfirst\s+(?:full\s+)?(?:day|days|week|weeks|month|shift)\s+as\s+(?:an?\s+|the\s+)?",
          "job_any",
          exclusive=True, future=True),
    # "got let go from Initech", "was laid off by Acme", "I left Acme in April"
    rule("left", "let_go|laid_off|fired|sacked|redundant|sack|boot|chop|push",
          r"\b(?:let\s+go|laid\s+off|fired|sacked|made\s+redundant|(?:got|get|gets|given|getting)\s+the\s+(?:sack|boot|chop|push))"
          r"\s+(?:from|by|at)\b", "org"),
    rule("left", "left", r"\bleft\s+(?=(?:the\s+)?(?-i:[A-Z]))", "employer", unless=ph.BEING_THERE),
    # "I'm with Hooli now": an employer said with "now" (a person named so is a partner, not read)
    # "I don't live there anymore", "I'm not at Acme any more": negated, these end (relations._ENDING)
    rule("lives_in", "there", r"\b(?:live|lives|living)\s+there\b", "current"),
    rule("works_at", "there", r"\b(?:work|works|working)\s+there\b", "current"),
    rule("works_at", "not_at",
          rf"(?:\b(?:am|is|are)|'m|'s|'re)\s+not\s+(?:working\s+)?at\s+(?={ph.NAME_WORDS}\s+(?:anymore|any\s+more)\b)",
          "employer"),
    rule("left", "no_longer",
          rf"(?:\b(?:am|is|are)|'m|'s|'re)\s+no\s+longer\s+(?:at|with)\s+(?={ph.NAME_WORDS})", "employer"),
    rule("works_at", "with",
          rf"(?:\b(?:am|is|are)|'m|'s|'re)\s+(?:(?:now\s+)?with\s+(?={ph.NAME_WORDS}\s+(?:now|these\s+days|nowadays)\b)"
          rf"|now\s+with\s+(?={ph.NAME_WORDS}))",  # "I'm now with Tesco"
          "employer_unnamed", exclusive=True),
    # "Priya's husband has moved jobs, he's at Northwind now": the firm the new job is at
    rule("works_at", "jobs",
          rf"\b(?:moved|changed|switched|swapped)\s+jobs\b[^.!?;]*?\b(?:at|with|to|for)\s+(?={ph.NAME_WORDS})", "employer",
          exclusive=True),
    # "Dan is at Deloitte now": a firm known as one (a place or a pub one is at now is no job)
    rule("works_at", "at",
          rf"(?:\b(?:am|is|are)|'m|'s|'re)\s+(?:now\s+)?at\s+(?={ph.NAME_WORDS}\s+(?:now|these\s+days|nowadays)\b)",
          "org_only", exclusive=True, unless=ph.SHORT_STAY),
)
