"""Closed word lists the rule extractor leans on: function words, chat fillers, type cues.

All sets hold casefolded words. Building them is a few string splits, cheap enough for import.
"""

from __future__ import annotations

import re
from functools import lru_cache


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


# Function words and chat fillers: never an entity, never inside a concept phrase.
STOPWORDS = _words(
    """a about above after again against ago all almost also although always am among an and
    another any anybody anyone anything anyway anyways anywhere are aren around as at away back
    be became because become been before being below beside besides best better between both but
    by can cannot could couldn did didn do does doesn doing don done down during each either else
    enough even ever every everybody everyone everything everywhere except few for from further
    get gets getting got gotten had hadn has hasn have haven having he her here hers herself him
    himself his how however i if in instead into is isn it its itself just least less let like
    likely lots many may maybe me might mine more most much must my myself near neither never
    nevertheless next no nobody none noone nor not nothing now nowhere of off often oh ok okay on
    once one ones only onto or other others otherwise ought our ours ourselves out over own per
    perhaps please quite rather really same several shall she should since so some somebody
    someone something sometime sometimes somewhat somewhere soon still such sure than that the
    their theirs them themselves then there therefore these they this those though through thus
    till to together too toward towards under unless until up upon us very via was wasn we well
    were weren what whatever when whenever where wherever whether which while who whoever whole
    whom whose why will with within without won would wouldn yeah yes yet you your yours yourself
    yourselves ll ve re s t d m ca wo sha ai n't 's 'm 're 've 'd 'll wanna gonna gotta kinda sorta lotta
    totally definitely absolutely actually literally basically seriously honestly certainly
    probably especially usually recently finally already almost truly simply super pretty quite
    also again sure though"""
)

# Words that open chat sentences capitalised but name nothing ("Wow", "Thanks", "OMG").
INTERJECTIONS = _words(
    """hey hi hello hiya howdy yo sup bye goodbye thanks thank thx ty congrats congratulations
    wow whoa woah oh ooh ah aha aw aww awww haha hahaha hehe lol lmao rofl omg omgosh gosh geez
    jeez yay yikes ugh hmm hmmm um umm uh yep yup nope nah ok okay alright cool nice great awesome
    sweet wonderful amazing sorry please welcome cheers dear absolutely totally exactly indeed
    btw tbh imo imho idk fyi bummer oops whoops phew damn dang darn meh welp omw woohoo woo
    yass hooray hurray wahoo whew brb ttyl smh ngl np xoxo yeah yes no sure true right good glad
    gotcha lemme gimme dunno yum yummy oof hah ha mm mmm ya yea aye looky shure"""
)

# Fillers spelled with repeated letters: "Ahhahha", "Hmmm", "Sooo", "Woo-hoo", "Aww".
INTERJECTION_RE = re.compile(
    r"^(?:[ah]*h[ah]*|m+|h*m+|o+f+|u+g+h+|a+w+|o+h+|e+h+|w+o+-?h+o+|y+a+y+|l+o+l+|s+o+|n+o+|y+e+s+|"
    r"w+o+w+|o+m+g+|z+)$"
)

# Capitalised words that are never a named entity on their own.
NEVER_ENTITY = _words(
    """i i'm i've i'd i'll mom dad mum mam mummy mommy daddy mama papa grandma grandpa nana granny gran nan grandad granddad sis bro
    babe baby honey dude buddy man girl guys god lord sir madam ma'am friend friends everyone
    everybody today tomorrow tonight yesterday morning evening afternoon night weekend mr mrs ms
    dr prof mx miss jiju jijaji bhabhi"""
)

# Chat acronyms that are not entities; known acronyms and how to type them.
ACRONYM_STOP = _words(
    """ok omg lol lmao rofl btw tbh imo imho idk fyi brb ttyl smh ngl thx pls plz asap aka diy
    am pm tv etc vs ps xoxo fomo yolo gg wtf irl dm dms pic pics ii iii iv vi vii viii ix xi
    xii"""
)
ACRONYM_TYPES: dict[str, str] = {
    **{a: "place" for a in "us usa uk uae nyc la sf dc eu".split()},
    **{a: "concept" for a in """lgbtq lgbt lgbtq+ lgbtqia diy rpg ai ptsd adhd ocd gpa mba phd
        ceo cto mvp bbq fps mmo vr edm stem ivf cpr ged sat act esl yoga ui ux""".split()},
}

# Titles that mark the next capitalised word as a person.
TITLES = _words("dr mr mrs ms mx prof miss sir madam dame lady lord aunt uncle coach officer")

# Run-internal words that may join capitalised words ("Bank of America", "Lord of the Rings").
CONNECTORS = _words("of the de da del der la le van von & and on in upon")

# Last-word cues for typing a capitalised run.
ORG_WORDS = _words(
    """inc inc. corp corporation llc ltd co company companies university uni college school academy
    institute hospital clinic bank club group foundation association society church studios
    studio agency labs lab partners council committee department ministry federation league union
    network media records press bakery cafe restaurant bar pub brewery gym center centre shelter
    charity nonprofit team band orchestra choir institute airlines airways motors technologies
    systems solutions services home trust enterprises industries holdings consulting consultancy
    ventures software analytics robotics logistics insurance"""
)
PLACE_WORDS = _words(
    """city town village park street st avenue ave road rd boulevard blvd lane drive lake beach
    mountain mountains mount mt river valley canyon falls island islands bay coast county state
    province square bridge tower cliffs forest woods trail hills hill desert ocean sea harbor
    harbour airport station plaza mall market museum gallery zoo garden gardens national peak
    glacier springs island bayou district region peninsula reserve campground resort
    nagar layout colony puram ganj bagh chowk vihar enclave"""
)
# Heads of a possessive name that is one name ("Arthur's Seat", "Valentine's Day", "Macy's
# Department Store"): Arthur is no person there. With the place, event and org heads.
POSSESSIVE_NAME_HEADS = _words("seat castle palace abbey cathedral chapel hall inn tavern arms cross")
EVENT_WORDS = _words(
    """festival fest conference con convention wedding marathon pride concert parade summit expo
    fair games cup olympics championship championships finals tournament open gala ceremony
    awards race rally march walk fundraiser show tour recital party reunion retreat bootcamp
    hackathon week day night eve festivities jubilee carnival"""
)
HOLIDAYS = _words(
    """christmas xmas easter halloween thanksgiving hanukkah diwali ramadan eid passover kwanzaa
    valentine valentines valentine's juneteenth"""
)

# Brands people mention in chat: companies first, then things one owns.
ORG_BRANDS = _words(
    """google apple microsoft amazon meta facebook instagram twitter tiktok youtube netflix
    spotify hulu disney pixar marvel nike adidas puma reebok starbucks walmart target costco ikea
    tesla toyota honda ford bmw audi siemens ibm intel nvidia samsung sony nintendo uber lyft
    airbnb linkedin reddit pinterest snapchat whatsapp zoom slack etsy ebay paypal mcdonald's
    mcdonalds subway chipotle gatorade coca-cola pepsi lego hbo cnn bbc nasa nba nfl nhl mlb fifa
    unicef nytimes harvard stanford yale mit oxford cambridge"""
)
PRODUCTS = _words(
    """iphone ipad ipod macbook imac airpods kindle playstation ps4 ps5 xbox switch fitbit gopro
    prius corolla civic jeep camry mustang roomba alexa echo pixel galaxy thinkpad chromebook
    nikon canon polaroid vespa peloton"""
)

# Concept heads too vague to be worth remembering.
GENERIC_NOUNS = _words(
    """thing things lot lots time times day days way ways stuff something anything everything
    nothing one ones bit kind sort type part moment moments while week weeks month months year
    years night nights morning mornings today tonight idea ideas people person guy guys point
    question questions chance life world fun feeling feelings look sense matter fact reason side
    end start piece couple pair number amount ton tons bunch deal job work news update updates
    place places man woman hour hours minute minutes second seconds weekend plenty rest none
    problem problems issue issues thought thoughts word words name names kinds reminder result
    results advice tips tip help support step steps photo photos pic pics picture pictures
    stories story experience experiences memory memories pleasure luck plan plans goal goals
    opportunity journey glad touch care mind heart thanks love note key joy blessing difference
    bond beauty backing struggle struggles lesson lessons power strength courage effect impact
    aspect area level form value values sign example case hand front middle top bottom
    inspiration motivation encouragement dedication passion progress success happiness
    positivity self first last next pinch sound source honor thrill lookout fight shot lease
    coming going mind minds"""
)

KINSHIP: dict[str, str] = {
    **{w: "sibling_of" for w in "sister brother sibling siblings sis bro twin stepsister stepbrother".split()},
    **{w: "child_of" for w in "mom mother mum mommy mama mam dad father daddy papa parent parents ammi abba "
                               "stepmom stepmum stepmother stepdad stepfather folks".split()},
    **{w: "parent_of" for w in "son daughter kid kids child children baby stepson stepdaughter "
                                "sons daughters".split()},
    **{w: "partner_of" for w in "husband wife partner boyfriend girlfriend fiance fiancé fiancee "
                                 "fiancée spouse hubby bf gf fella bloke missus bae beau".split()},
    "other half": "partner_of",  # "Dan is my other half"
    "better half": "partner_of", "significant other": "partner_of",
    "ex": "ex_partner_of",  # "my ex Zoe"
    **{w: "friend_of" for w in "friend friends buddy pal bestie bff".split()},
    **{w: "grandchild_of" for w in "grandma grandmother grandpa grandfather granny nana gran nan grandad granddad".split()},
    **{w: "grandparent_of" for w in "grandson granddaughter grandkid grandkids grandchild".split()},
    **{w: "relative_of" for w in "aunt auntie aunty uncle cousin niece nephew in-law brother-in-law sister-in-law mother-in-law father-in-law son-in-law daughter-in-law".split()},
    **{w: "colleague_of" for w in "coworker co-worker colleague coworkers colleagues".split()},
    "boss": "reports_to", "manager": "reports_to", "supervisor": "reports_to",
    **{w: "student_of" for w in "mentor teacher coach tutor professor instructor".split()},
    "neighbor": "neighbor_of", "neighbour": "neighbor_of",
    **{w: "roommate_of" for w in "roommate flatmate housemate roomie".split()},
    "classmate": "classmate_of", "teammate": "teammate_of", "therapist": "patient_of",
}

# Words after an 's that make it "is" or "has" ("my mum's still in Leeds", "Priya's just started at …"),
# not a possessive ("my aunt's new kitchen", "Priya's little girl").
IS_AFTER_S = _words("""still now just finally also currently already been got gone back not in at up down out
    with off over a an the moving living working staying studying dating started starting based engaged married
    single""")


# The labels of kin by blood or marriage (not partners): who is whose relative for good, whatever a sentence's date
BLOOD_KIN = frozenset(("sibling_of", "child_of", "parent_of", "grandchild_of", "grandparent_of", "relative_of"))


# Kin words that name the same relative ("my bro" is the brother named before as "my brother Dan"); "_" joins
# the words of one ("best_friend": the one best friend, not any friend).
KIN_SYNONYMS: tuple[frozenset[str], ...] = tuple(frozenset(w.replace("_", " ") for w in group.split()) for group in (
    "brother bro", "sister sis", "mum mom mother mam mama mommy mummy ma ammi", "dad father daddy papa pa abba",
    "parents folks", "husband hubby", "wife wifey missus", "boyfriend bf fella bloke", "girlfriend gf",
    "grandma grandmother granny gran nan nana", "grandpa grandfather grandad granddad",
    "friend buddy pal mate", "best_friend best_mate best_pal best_buddy bestie bff"))


# An informal kin word's plain one, for the relative's name: "my bro" and "my brother" are one "Sam's brother".
PLAIN_KIN = {"bro": "brother", "sis": "sister", "folks": "parents", "hubby": "husband", "wifey": "wife",
             "bf": "boyfriend", "gf": "girlfriend", "other half": "partner", "better half": "partner",
             "significant other": "partner", "bae": "partner", "beau": "boyfriend", "auntie": "aunt", "aunty": "aunt", "mam": "mum", "mummy": "mum", "mommy": "mom", "daddy": "dad"}


def kin_synonyms(word: str) -> frozenset[str]:
    """The kin words naming the same relative as ``word`` (itself included)."""
    low = word.lower()
    return next((group for group in KIN_SYNONYMS if low in group), frozenset((low,)))


def kin_pattern(word: str) -> str:
    """A regex alternation of ``word``'s synonyms, each word of one apart by any space ("best\\s+friend|bestie|…")."""
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(kin_synonyms(word)))


# Kin words that name a relative, not a role: never a concept of their own ("my kids").
FAMILY_WORDS = frozenset(w for w, label in KINSHIP.items()
                         if label not in ("reports_to", "student_of", "patient_of", "colleague_of",
                                          "neighbor_of", "roommate_of", "classmate_of",
                                          "teammate_of"))

# Nouns for places one goes to: "visited the beach", "went to a castle".
PLACE_NOUNS = _words(
    """beach park museum zoo lake mountain mountains city town village country island forest
    trail center centre library gallery cafe restaurant bar pub gym church temple castle farm
    market mall store shop campus hospital studio aquarium stadium arena theater theatre cinema
    garden gardens coast countryside desert canyon waterfall falls river vineyard resort spa
    cabin cottage lodge hotel campground cathedral monument palace ruins bakery brewery""")

# Lower-case heads one can work at: "I work at a small bakery".
# Homes named after where they are: "the Leith flat" is a home in Leith.
# Lower-case words before a place name that keep it the place: "in central Leeds", "north London".
PLACE_MODIFIERS = _words("""central north south east west northern southern eastern western northeast northwest
    southeast southwest downtown uptown inner outer rural suburban coastal sunny rainy lovely beautiful""")
DWELLINGS = _words("flat flats house apartment apartments place home condo studio cottage bungalow pg 1bhk 2bhk 3bhk bhk "
                    "semi terrace one-bed two-bed three-bed four-bed 1-bed 2-bed 3-bed 4-bed maisonette bedsit townhouse pad digs "
                    "gaff flatshare flat-share houseshare house-share lodgings houseboat narrowboat duplex loft penthouse "
                    "annexe caravan farmhouse villa chalet dorm halls new-build rental hdb ranch")
WORKPLACES = ORG_WORDS | PLACE_NOUNS | _words(
    """startup firm company business factory warehouse office agency nonprofit charity lab
    plant farm salon shelter store shop restaurant hotel school garage bookshop bookstore workshop nursery
    pharmacy dealership supermarket""")

ANIMALS = _words(
    """dog dogs puppy puppies pup cat cats kitten kittens kitty bunny rabbit hamster guinea pig
    parrot bird birds fish goldfish turtle tortoise snake lizard horse pony ferret gecko
    chinchilla hedgehog rat mouse cockatiel budgie beagle labrador terrier spaniel poodle collie
    dachshund retriever greyhound whippet pug husky corgi bulldog chihuahua schnauzer labradoodle
    cockapoo lurcher tabby moggy chickens hens axolotl kelpie sheepdog alsatian staffie rottweiler dalmatian
    rabbits hamsters tortoises ponies horses budgies parakeet canary beardie
    cavapoo cavachon cavalier westie yorkie frenchie boxer springer cocker vizsla weimaraner akita shiba samoyed
    malamute dobermann doberman mastiff pomeranian maltese bichon shih-tzu jackapoo shepherd greyhounds puppers
    doggo moggie tomcat siamese ragdoll bengal sphynx cockatoo macaw budgerigar gerbil gerbils degu degus iguana
    tarantula frog duck ducks goat goats alpaca alpacas donkey mare gelding foal lamb pigeon finch lovebird
    lovebirds terrapin guinea-pig rescue-dog kitty-cat staffy staffies dragon koi hound hounds heeler setter
    ridgeback bloodhound basset foxhound wolfhound deerhound saluki borzoi pinscher dobie boerboel pitbull pittie ridgie newfoundland newfie
    bernese leonberger sheltie papillon pekingese lhasa havanese cavoodle maltipoo puggle sprocker springador
    goldendoodle bernedoodle maine-coon abyssinian birman tortie tortoiseshell conure"""
)

# Heads of noun phrases that name a gathering: "went to a pottery class" means attended.
EVENTISH = _words(
    """class classes meeting group session workshop concert festival party wedding conference
    show game match parade event retreat camp seminar lecture talk rally march fundraiser gala
    ceremony service funeral reunion recital exhibition exhibit fair convention meetup marathon
    race tournament competition performance play musical opera ballet screening premiere
    tournament protest vigil course program club practice rehearsal gig"""
)

# Who studies: "a fresher at Strathclyde" is at school there, not in a job.
STUDENTS = _words("""student students fresher freshers undergrad undergraduate postgrad postgraduate pupil freshman
    sophomore""")

# Occupation heads for "I'm a/an X" (suffix rules in rules.py cover many more).
JOBS = _words(
    """nurse teacher lead engineer developer dev programmer doctor physician surgeon dentist lawyer
    attorney accountant architect artist painter writer author journalist editor designer
    photographer chef cook baker waiter waitress bartender barista cashier manager director
    consultant analyst scientist researcher professor lecturer tutor counselor counsellor
    therapist psychologist psychiatrist social worker pharmacist paramedic firefighter police
    officer cop soldier pilot driver mechanic electrician plumber carpenter farmer gardener
    librarian musician singer dancer actor actress comedian producer filmmaker entrepreneur
    founder ceo intern assistant secretary receptionist clerk salesperson realtor agent broker
    banker trader economist veterinarian vet coach trainer instructor athlete player model
    influencer streamer youtuber blogger volunteer caregiver nanny babysitter housekeeper
    janitor technician administrator freelancer contractor investigator detective judge
    teacher's mentor activist advocate organizer pastor priest rabbi minister missionary
    translator interpreter sergeant corporal lieutenant colonel estimator dispatcher inspector supervisor
    headteacher midwife solicitor barrister teller physio physiotherapist carer cleaner welder joiner fitter
    planner operator surveyor optician radiographer postman postwoman postie courier porter butcher
    hairdresser barber builder bricklayer plasterer decorator roofer tiler glazier labourer laborer miner
    fisherman sailor lifeguard bouncer caretaker steward stewardess fireman policeman policewoman salesman
    saleswoman handyman foreman doorman milkman binman cameraman tradesman businessman businesswoman
    councillor chauffeur cabbie tailor jeweller greengrocer butler childminder dietitian dietician
    paralegal auditor actuary illustrator animator curator recruiter coder apprentice trainee
    sommelier croupier concierge vicar chaplain
    attendant registrar crew controller coordinator co-ordinator executive advisor adviser assessor buyer clinician
    examiner fundraiser landscaper marketer medic merchandiser presenter principal publican publisher ranger
    reporter representative scaffolder sculptor stylist tester trucker usher warden headmaster headmistress barman
    barmaid gp locum matron footballer cricketer mayor senator underwriter copywriter sonographer anaesthetist
    anesthetist cardiologist dermatologist radiologist pathologist oncologist paediatrician pediatrician
    obstetrician gynaecologist orthodontist hygienist optometrist audiologist podiatrist chiropodist chiropractor
    osteopath nutritionist phlebotomist pharmacologist biologist chemist physicist geologist geographer historian
    archaeologist archivist statistician mathematician sociologist linguist dean chancellor provost bursar
    bookkeeper treasurer strategist typist chairman chairwoman chairperson president vice-president vp cto cfo coo
    co-founder proprietor landlord landlady innkeeper hotelier bellboy valet conductor guard signaller copilot
    co-pilot navigator captain skipper deckhand farmhand shepherd gamekeeper groundskeeper arborist florist
    fishmonger grocer caterer brewer distiller winemaker machinist draughtsman draftsman videographer correspondent
    columnist broadcaster choreographer composer drummer guitarist pianist violinist dj magician potter seamstress
    dressmaker cobbler beautician manicurist masseuse masseur psychotherapist au-pair constable superintendent
    marine airman admiral magistrate notary bailiff imam nun monk rep referee umpire jockey politician mp diplomat
    ambassador servant"""
)

# Words for someone a turn speaks of without a name: "he"/"she" after them may be them.
PERSON_NOUNS = JOBS | frozenset(KINSHIP) | _words(
    """someone somebody anyone anybody everyone man men woman women guy guys girl girls boy boys lady ladies
    gentleman person people actors actresses stranger strangers customer customers client clients neighbour
    neighbours neighbor neighbors kid kids child children friends mate mates colleagues coworkers date
    flatmate flatmates housemate housemates roommate roommates bloke blokes fella""")

JOB_SUFFIXES = ("ist", "ician", "ologist", "eer", "smith", "grapher", "seller", "keeper", "maker", "minder",
                "worker", "setter", "fitter", "monger")
# Last words of a name that make an event ("the Highland Games") and a company ("Pellucid Games").
COMPANY_OR_EVENT = _words("games")

# After "I'm a/an" these are states, not occupations ("I'm a big fan", "I'm a mess").
NOT_JOBS = _words("fan mess wreck bit lot little person believer dreamer fanatic geek nerd") | STUDENTS

# Object heads that are not things one owns ("got a new job", "got a new perspective").
NOT_OWNED = GENERIC_NOUNS | _words(
    """job perspective appreciation hobby obsession friend friends skill skills habit passion role
    position outlook attitude understanding respect appreciation recipe level record lease
    offers offer promotions promotion deal deals lead leads addition member members boss colleague
    colleagues coworker coworkers neighbor neighbors neighbour neighbours roommate flatmate team
    employer workplace gig home address school uni university college city town area neighbourhood
    neighborhood man woman guy girl bloke lad lass partner boyfriend girlfriend""") | JOBS  # states, not things

# Gatherings one attends once (joining anything else makes one a member).
ONE_OFF_EVENTS = EVENTISH - _words(
    """class classes group course program club practice rehearsal session workshop camp
    team""")

# Gerunds too generic to be a liked activity ("I love seeing that").
VAGUE_GERUNDS = _words(
    """seeing hearing being having getting doing going making knowing finding spending sharing
    helping talking chatting telling saying thinking feeling looking watching trying taking
    keeping giving letting putting using coming learning"""
)

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        """january,jan february,feb march,mar april,apr may june,jun july,jul august,aug
        september,sep,sept october,oct november,nov december,dec""".split()
    )
    for m in names.split(",")
}
WEEKDAYS = _words(
    """monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun mondays tuesdays wednesdays thursdays fridays saturdays sundays"""
)


@lru_cache(maxsize=65536)
def pos_tags(word: str) -> frozenset[str]:
    """Universal POS tags a lower-case word can take, from lemminflect's lexicon (empty if OOV).

    Imported lazily: lemminflect loads its tables (~0.4 s) on first use, not at import.
    """
    from lemminflect import getAllLemmas

    return frozenset(getAllLemmas(word))


@lru_cache(maxsize=65536)
def is_past_form(word: str) -> bool:
    """"scored", "left": a verb's past form, which can open a sentence whose "I" was dropped ("Scored a job
    at Aldi!", "Left Auckland in May") — not its base ("Home is …"), nor the -ing of a sentence's subject
    ("Leaving Leeds would be hard")."""
    from lemminflect import getAllInflections, getAllLemmas

    lemmas = getAllLemmas(word).get("VERB", ())
    return word not in lemmas and any(  # not "rent", a verb itself as well as the past of "rend"
        word in forms for lemma in lemmas
        for tag, forms in getAllInflections(lemma, upos="VERB").items() if tag in ("VBD", "VBN"))


@lru_cache(maxsize=65536)
def is_plural_noun(word: str) -> bool:
    """"kids", "faces" (not "news", "bus"): a plural noun rarely modifies the next word."""
    from lemminflect import getAllLemmas

    nouns = getAllLemmas(word).get("NOUN")
    return bool(nouns) and word not in nouns


def is_dictionary_word(word: str) -> bool:
    """True when the lower-cased word is ordinary English (a function word or in the lexicon);
    a hyphenated word when all its parts are ("Much-needed")."""
    low = word.lower()
    if "-" in low:
        return all(is_dictionary_word(p) for p in low.split("-") if p)
    return low in STOPWORDS or low in INTERJECTIONS or low in NUMBERS or bool(pos_tags(low))


NUMBERS = _words(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred hundreds thousand thousands million millions billion dozen dozens half
    first second third fourth fifth sixth seventh eighth ninth tenth twelfth twentieth""")


def is_number_word(word: str) -> bool:
    """"Eighteen", "twenty-five", "Fourth": a spelled-out number, never a name."""
    return all(p in NUMBERS for p in word.lower().split("-") if p) and bool(word.strip("-"))

# Eating and drinking: "I gave up meat", "I quit coffee", "I'm vegetarian".
DIETS = _words(
    """vegetarian vegan pescatarian pescetarian flexitarian omnivore carnivore keto paleo
    gluten-free dairy-free lactose-free plant-based teetotal teetotaler teetotaller vego veggo veggie""")
# Subjects one studies at a university: "got into Warwick for economics", "off to Exeter to do history".
STUDY_SUBJECTS = _words("""law medicine history economics maths math mathematics physics chemistry biology english french
    spanish german italian politics philosophy psychology sociology geography engineering nursing architecture art music
    drama computing accounting business marketing geology dentistry pharmacy veterinary classics linguistics
    anthropology finance design midwifery physiotherapy journalism theology""")
# A diet's other names, stored under its common one: "shes vego" is vegetarian.
DIET_NAMES = {"vego": "vegetarian", "veggo": "vegetarian", "veggie": "vegetarian", "pescetarian": "pescatarian"}
FOODS = _words(
    """meat fish seafood shellfish pork beef chicken lamb turkey bacon ham steak poultry dairy
    milk cheese eggs egg butter sugar sweets candy chocolate gluten bread carbs pasta rice junk
    fast processed red white meats fried snacks desserts dessert sushi tofu vegetables veggies
    fruit salad soy nuts peanuts""")
DRINKS = _words(
    """coffee tea alcohol beer wine booze liquor spirits vodka whisky whiskey gin rum soda pop
    cola coke caffeine espresso energy drinks juice milk matcha kombucha cocktails""")
# Habits one takes up or quits, as the gerund a sentence names them by.
HABITS = _words(
    """smoking vaping drinking gambling snacking swearing procrastinating doomscrolling
    scrolling gaming biting""")
# Pastimes one takes up, gets into or gives up, named as nouns ("took up pottery", "gave up
# tennis", "my new hobby is chess"): the gerund forms are read as habits already.
PASTIMES = _words(
    """yoga pilates pottery ceramics tennis chess guitar piano violin cello drums ukulele flute saxophone
    trumpet clarinet harp bass banjo knitting crochet embroidery quilting sewing painting drawing sketching
    photography calligraphy origami woodworking carpentry gardening baking cooking birdwatching astronomy
    climbing bouldering surfing sailing rowing kayaking canoeing paddleboarding golf football soccer rugby
    cricket basketball volleyball netball badminton squash hockey boxing kickboxing karate judo taekwondo
    jiu-jitsu fencing archery swimming running jogging cycling hiking skiing snowboarding skating
    skateboarding triathlons triathlon marathons parkour juggling meditation crossfit weightlifting
    powerlifting salsa tango ballet dancing dance swing choir singing improv theatre acting poetry
    podcasting blogging vlogging fishing camping scuba diving snorkeling snorkelling ceramics sudoku
    crosswords bridge poker darts bowling lacrosse handball waterpolo triathlete gymnastics spinning
    zumba aerobics rollerblading padel pickleball parkrun sourdough bouldering allotment
    crossword jigsaw jigsaws puzzles gaming warhammer lego kitesurfing windsurfing wakeboarding mountaineering
    orienteering geocaching beekeeping foraging angling birding stargazing hillwalking trekking backpacking rambling
    caving potholing watercolour watercolours sculpture sculpting woodturning woodcarving whittling upholstery
    weaving macrame dressmaking scrapbooking journaling bookbinding harmonica trombone bagpipes accordion karaoke
    drumming djing snooker billiards bowls frisbee baseball softball hurling camogie rounders futsal trampolining
    bodybuilding calisthenics barre hiit bootcamp spin aikido capoeira wrestling bmx motocross karting homebrewing
    brewing mixology fermenting ballroom bachata flamenco tap lindy volunteering gym lifting rugby-league bjj
    snowshoeing sledging tobogganing ornithology filmmaking videography model-making modelling taxidermy astrology
    tarot""") | frozenset((
    # pastimes of two words (read whole: "took up table tennis")
    "table tennis", "ice hockey", "ice skating", "figure skating", "roller derby", "roller skating", "wild swimming",
    "sea swimming", "open water swimming", "rock climbing", "mountain biking", "road cycling", "trail running",
    "fell running", "horse riding", "metal detecting", "fly fishing", "tai chi", "muay thai", "water polo",
    "board games", "video games", "lawn bowls", "ultimate frisbee", "disc golf", "five-a-side", "5-a-side",
    "amateur dramatics", "am dram", "life drawing", "oil painting", "cross stitch", "cross-stitch", "line dancing",
    "tap dancing", "salsa dancing", "ballroom dancing", "pole dancing", "pole fitness", "aerial silks", "stand-up comedy",
    "creative writing", "music production", "model railways", "bird watching", "bird-watching", "scuba diving",
    "free diving", "gaelic football", "american football", "ten-pin bowling", "beach volleyball", "ping pong",
    "jewellery making", "jewelry making", "candle making", "soap making", "stained glass", "musical theatre",
    "language learning", "dungeons and dragons", "d&d"))
# Meal words, never a food one "eats" as a habit.
MEALS = _words("breakfast lunch dinner supper brunch meal meals snack something anything out")
# Foods a diet rules out: an `eats` fact about one of them contradicts the diet.
DIET_EXCLUDES: dict[str, frozenset[str]] = {
    "vegetarian": _words("meat meats pork beef chicken lamb turkey bacon ham steak poultry fish "
                         "seafood shellfish"),
    "vegan": _words("meat meats pork beef chicken lamb turkey bacon ham steak poultry fish seafood "
                    "shellfish dairy cheese eggs egg butter milk"),
    "pescatarian": _words("meat meats pork beef chicken lamb turkey bacon ham steak poultry"),
}

# Words that may stand between a subject and its verb without breaking the link.
GAP_NEUTRAL = frozenset(
    """just recently finally also really actually still now already officially even totally
    absolutely truly definitely currently originally mostly always usually often sometimes both
    all happily proudly eventually soon kinda sorta gladly luckily basically am 'm is 's are 're
    was were have 've has had do does did been be being decided started began get got a an
    somehow then once first initially ever getting genuinely honestly seriously secretly
    literally""".split()
)
GAP_NEGATION = frozenset("not n't never longer".split())
GAP_MODAL = frozenset(
    """will 'll would 'd could should might may must can gonna wanna want wants wanted hope
    hoping hoped plan plans planning planned need needs needed try trying tried going thinking
    considering wish wishing dream dreaming if to""".split()
)
PAST_VERBS = frozenset("lived resided worked studied had interned taught lectured".split())
PERFECT = frozenset("have 've has".split())
BE_WORDS = frozenset("am 'm is 's are 're was were".split())


# Labels that hold one object at a time per subject: a newer fact replaces the older one.
EXCLUSIVE = frozenset(("lives_in", "works_at", "works_as", "studies_at", "partner_of", "born_in", "diet", "favourite_food"))

# First-person rules whose verb may open a sentence with the "I" dropped ("Moved to Boston!").
ELIDABLE = frozenset(
    """love loved liked enjoyed hated adored moved went visited got bought
    adopted started joined attended traveled travelled flew drove quit landed ran been finished
    rescued home gave stopped passed accepted cut back hello hi greetings writing waving since arrived first now made
    handed resigned graduated dropped broke split living moving ditched im doing going starting found merry happy
    last graduation handing lives works enrolled re-enrolled brought rehome rehomed officially bagged morning evening day week onboarding induction working studying dating seeing new things""".split()
)

# A plan called off ("not moving to Edinburgh after all"): what was to come never holds (knowledge.py).
CALLED_OFF = "called_off"

# A statement of one of these labels ends the current facts of the others with that object
# ("I quit smoking" ends "habit smoking"; liking what one disliked ends the dislike).
ENDING_LABELS: dict[str, tuple[str, ...]] = {
    "broke_up_with": ("partner_of",), "left": ("works_at",), "quit": ("works_at",), "moved_out_of": ("lives_in",),
    # What one says one used to do is over: "I used to live in Paris", "I worked at Acme".
    "lived_in": ("lives_in",), "worked_at": ("works_at",), "worked_as": ("works_as",), "studied_at": ("studies_at",),
    "likes": ("dislikes",), "dislikes": ("likes",), "eats": ("stopped_eating",), "stopped_eating": ("eats",),
    "drinks": ("stopped_drinking",), "stopped_drinking": ("drinks",), "habit": ("quit_habit",),
    "quit_habit": ("habit",), "stopped_diet": ("diet",),
    "lost": ("has_pet", "partner_of"),  # a pet that died or was rehomed, a partner who died
    "ex_partner_of": ("partner_of",),  # "my ex Rafael": together no more
}

# A fact told in the same turn as one of these labels ends with it: a job's role.
TOLD_WITH = {"works_at": "works_as"}
# An end tells what held until it: "my last day at Whitcomb is the 13th", "she left him", "I'm done
# with keto" — the state it ends held before, though no turn had said so (since when is unknown).
# Of an object of the state's kind only: one leaves a town as well as a job.
HELD_BEFORE = {"left": ("works_at", "organization"), "quit": ("works_at", "organization"),
               "moved_out_of": ("lives_in", "place"), "broke_up_with": ("partner_of", "person"),
               "stopped_diet": ("diet", None), "quit_habit": ("habit", None)}
# The states an ending leaves one in (single, out of work, without a diet or a home there) end
# when a new one of the kind begins: label → the ending labels it ends, whatever their object.
ABSENCES = {"partner_of": ("broke_up_with",), "works_at": ("left", "quit"), "diet": ("stopped_diet",),
            "lives_in": ("moved_out_of",)}
