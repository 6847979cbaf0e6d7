"""Person-name word lists: common English first names and the nickname table.

Compact by design (a few hundred names): capitalisation and context cues find the rest; the list
only has to type the frequent names correctly and rescue them at the start of a sentence, and it
knows which of them are also words ("Will", "Rose"). The world's other first names, none of them
an English word, are in world_names.py.
"""

from __future__ import annotations

from functools import lru_cache

# Full first name -> its common short forms. Spelling variants share one entry through _VARIANTS.
NICKNAMES: dict[str, frozenset[str]] = {
    full: frozenset(short.split())
    for full, short in {
        "abigail": "abby abbie gail",
        "albert": "al bert bertie",
        "alexander": "alex al xander sasha lex",
        "alexandra": "alex lexi sandra sasha alexa",
        "alfred": "alf alfie fred",
        "allison": "ali allie",
        "amanda": "mandy manda",
        "andrew": "andy drew",
        "angela": "angie",
        "anna": "annie",
        "anne": "annie",
        "anthony": "tony",
        "arthur": "art artie",
        "barbara": "barb barbie babs",
        "benjamin": "ben benny benji",
        "caroline": "caro carrie carol",
        "catherine": "kate katie cathy cat kitty kat",
        "charles": "charlie chuck chas chaz",
        "charlotte": "charlie lottie lotte",
        "christina": "chris tina chrissy",
        "christine": "chris tina chrissy",
        "christopher": "chris kit topher",
        "cynthia": "cindy",
        "daniel": "dan danny",
        "danielle": "dani",
        "david": "dave davey",
        "deborah": "deb debbie",
        "dominic": "dom",
        "donald": "don donnie",
        "dorothy": "dot dottie dolly",
        "douglas": "doug",
        "edward": "ed eddie ted ned teddy",
        "eleanor": "ellie nora nell",
        "elizabeth": "liz lizzie lizzy beth betty betsy eliza libby ellie elsie bess",
        "evelyn": "evie",
        "frances": "fran frannie",
        "francis": "frank fran",
        "frederick": "fred freddie",
        "gabriel": "gabe",
        "gabrielle": "gabby gabi",
        "georgina": "gina georgie",
        "gerald": "jerry gerry",
        "gregory": "greg",
        "gwendolyn": "gwen",
        "harold": "harry hal",
        "henry": "harry hank hal",
        "isabella": "izzy bella belle",
        "isabel": "izzy bella belle",
        "jacob": "jake",
        "jacqueline": "jackie jacqui",
        "james": "jim jimmy jamie",
        "jeffrey": "jeff",
        "jennifer": "jen jenny jenn",
        "jessica": "jess jessie",
        "joanna": "jo jojo joanie",
        "joanne": "jo joanie",
        "john": "jack johnny jon",
        "jonathan": "jon jonny johnny nathan",
        "joseph": "joe joey",
        "josephine": "jo josie",
        "joshua": "josh",
        "judith": "judy",
        "katherine": "kate katie kathy cathy kat kitty",
        "kenneth": "ken kenny",
        "kimberly": "kim",
        "lawrence": "larry",
        "leonard": "leo len lenny",
        "lillian": "lily lil",
        "louise": "lou",
        "madeline": "maddie",
        "margaret": "maggie meg peggy marge margie greta",
        "mary": "molly polly",
        "matthew": "matt matty",
        "maxwell": "max",
        "megan": "meg",
        "melanie": "mel mellie",
        "melissa": "mel missy",
        "michael": "mike mikey mick mickey",
        "mitchell": "mitch",
        "natalie": "nat",
        "nathan": "nate nat",
        "nathaniel": "nate nat",
        "nicholas": "nick nicky",
        "nicole": "nikki nicky",
        "oliver": "ollie",
        "pamela": "pam",
        "patricia": "pat patty trish tricia",
        "patrick": "pat paddy",
        "penelope": "penny",
        "peter": "pete",
        "philip": "phil",
        "rebecca": "becky becca bex becks",
        "regina": "gina",
        "richard": "rick dick rich richie ricky",
        "robert": "rob bob bobby robbie robbo bert",
        "ronald": "ron ronnie",
        "rosemary": "rose rosie",
        "samantha": "sam sammy",
        "samuel": "sam sammy",
        "sophia": "sophie",
        "stephanie": "steph",
        "stephen": "steve",
        "steven": "steve",
        "susan": "sue susie",
        "theodore": "ted teddy theo",
        "theresa": "tess terry",
        "thomas": "tom tommy",
        "timothy": "tim timmy",
        "valerie": "val",
        "victoria": "vicky tori",
        "vincent": "vince",
        "virginia": "ginny",
        "walter": "walt wally",
        "william": "will bill billy willie liam",
        "zachary": "zach zack",
        # more short forms heard in British, Irish and Australian chat
        "amelia": "millie mia", "annabel": "bel belle", "antonia": "toni", "archibald": "archie",
        "angus": "gus", "augustus": "gus", "beatrice": "bea trixie", "cassandra": "cass cassie",
        "clementine": "clem", "emily": "em emmy", "emma": "em", "fiona": "fi",
        "francesca": "fran frankie", "gemma": "gem", "gerard": "ged gerry", "gillian": "gill jill",
        "imogen": "immy", "juliet": "jules", "julian": "jules",
        "kevin": "kev", "lachlan": "lachie lockie", "matilda": "tilly tilda", "michelle": "shell",
        "mohammed": "mo", "muhammad": "mo", "natasha": "tash tasha", "nicola": "nicky nikki",
        "nigel": "nige", "olivia": "liv livvy", "philippa": "pip pippa", "rachel": "rach",
        "raymond": "ray", "reginald": "reg reggie", "rhiannon": "rhi", "rosalind": "ros roz",
        "sebastian": "seb", "simon": "si", "stanley": "stan", "stuart": "stu", "terence": "terry tel",
        "tobias": "toby", "wesley": "wes",
    }.items()
}

# Spellings that take the nicknames of another entry.
_VARIANTS = {
    "kathryn": "katherine", "kathleen": "katherine", "phillip": "philip", "sara": "sarah",
    "jon": "jonathan", "ann": "anne", "isobel": "isabel", "jeremy": "gerald", "geoffrey": "jeffrey",
    "mathilda": "matilda", "mohammad": "mohammed", "stewart": "stuart", "philipa": "philippa",
}
for _variant, _base in _VARIANTS.items():
    NICKNAMES.setdefault(_variant, NICKNAMES.get(_base, frozenset()))

_FIRST = """
aaron abby adam adrian aiden alan albert alex alexa alexis alice alicia alison allison amanda amber
amelia amy ana andrea andrew andy angela angie anna anne annie anthony april aria ariana ashley
audrey austin ava avery bailey barbara becky bella ben benjamin beth betty beverly bianca blake
bob bobby brad bradley brandon brenda brett brian brianna brittany brooke bruce bryan caleb
cameron camila carl carla carlos carmen carol caroline carolyn carrie casey cassie catherine
charles charlie charlotte chase chelsea cheryl chloe chris christian christina christine
christopher cindy claire clara claudia cody colin connor courtney craig crystal cynthia daisy
dale dan dana daniel danielle danny darren dave david dawn dean debbie deborah denise dennis
derek diana diane diego dominic don donald donna doris dorothy doug douglas dylan eddie edward
elena eli elijah elizabeth ella ellen ellie emily emma eric erica erin ethan eva evan evelyn
faith felix fiona frances frank fred gabe gabriel gabriella gary gavin george georgia gina
gloria grace graham grant greg gregory gwen hailey haley hannah harold harper harry hazel heather
helen henry holly howard hunter ian isaac isabel isabella ivy jack jackie jackson jacob jade jake
james jamie jane janet janice jared jasmine jason jay jean jeff jeffrey jen jenna jennifer jenny
jeremy jerry jess jesse jessica jill jim jimmy jo joan joanna joanne joe joel joey john johnny
jon jonathan jordan jose joseph josh joshua joy joyce juan judith judy julia julian julie june
justin kaitlyn karen kate katherine kathleen kathryn kathy katie kayla keith kelly ken kenneth
kevin kim kimberly kyle laura lauren leah lee leo leon liam lily linda lindsay lisa logan
lorraine louis louise lucas lucy luis luke lydia mackenzie madeline madison maggie mandy marcus
margaret maria marie marilyn mark martha martin marvin mary mason matt matthew max maya megan
mel melanie melissa mia michael michelle mike mila miles molly monica morgan nancy naomi natalie
nate nathan nicholas nick nicole noah nora olivia oliver oscar owen paige pam pamela patricia
patrick paul paula peggy penny pete peter phil philip phoebe rachel ralph ray raymond rebecca
riley rita rob robert robin roger ron ronald rosa rose ruby russell ruth ryan sally sam samantha
samuel sandra sara sarah scarlett scott sean seth shane shannon sharon shawn sheila shirley
sophia sophie stacy stella stephanie stephen steve steven sue susan sydney tamara tanya taylor
ted teresa terry theo theresa thomas tiffany tim timothy tina todd tom tommy tony tracy travis
trevor tyler valerie vanessa victor victoria vincent violet walter wayne wendy will william
wyatt xavier zach zachary zoe zoey
ahmed ali amir carlos chen hiroshi ivan javier jin kenji li lucia mateo mohammed muhammad omar
pablo priya raj rahul ravi sofia yuki wei
"""

COMMON_FIRST_NAMES: frozenset[str] = frozenset(_FIRST.split())  # without the short forms
FIRST_NAMES: frozenset[str] = COMMON_FIRST_NAMES | frozenset(NICKNAMES) | frozenset(
    short for shorts in NICKNAMES.values() for short in shorts
)

# Names that are also everyday words: at the start of a sentence they need more evidence.
AMBIGUOUS_NAMES: frozenset[str] = frozenset(
    """will bill mark grace rose hope joy faith april june may dawn summer autumn amber ruby crystal
    iris lily holly ivy don guy ray sky art jack sue pat rob chase max bob frank drew jean penny
    violet hazel daisy jade carol angel sandy rich dot nick kit bert bella""".split()
)


@lru_cache(maxsize=16384)
def is_first_name(word: str, *, common_only: bool = False) -> bool:
    """Is the lower-cased word a first name: a common one (with its short forms) or — unless
    ``common_only`` — one of the world's that is no English word ("tammy", "siobhán", "lakshmi")?"""
    from memdb.extract.world_names import folded, load

    return word in FIRST_NAMES or not common_only and (word in load() or folded(word) in load())
