"""The rule table's homes (patterns.py, whose label conventions they follow): where one lives, moves
from and to, plans to move, arrives and comes from. The table's first rules."""

from __future__ import annotations

from memdb.extract import phrases as ph
from memdb.extract.phrases import Rule, rule

# "staying in Paris till Friday": a stay that ends this soon is a trip
_SOON = (r"(?:next\s+|this\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|tonight|the\s+weekend"
         r"|next\s+week|the\s+end\s+of\s+the\s+week")
# "staying with my parents in Devon for Christmas", "… for a bit": a visit, not a home
_VISIT = ph.compiled(rf"{ph.SHORT_STAY.pattern}|\bfor\s+(?:christmas|easter|diwali|eid|the\s+holidays"
                     r"|a\s+(?:bit|while|few))\b|\bover\s+(?:christmas|the\s+holidays)\b")
# A stay, or a home at someone's: "I'm living in Mam's in Bray" is the speaker's home, not Mam's
_AT_SOMEONES = ph.compiled(rf"{ph.SHORT_STAY.pattern}|\b(?:in|at|to|from|with|round|over)\s+"
                           r"(?:(?:my|our|his|her|their|your|the)\s+)?[\w-]+'s\s+in\b")
# The relatives one lives with at theirs: "staying with my parents in Devon", "still at my mum's in Leeds"
_HOME_FAMILY = rf"(?:{ph.HOME_FAMILY_WORDS})"
_KIN = r"(?:sister|brother|sis|bro|aunt|auntie|uncle|gran|nan|grandma|grandad|granny|cousin|daughter|son|mate|friend)"
_PAUSE = r"(?:too|again|as\s+well)\s*,\s*"  # "moved too, Hackney to Peckham"
# "lives near the university in Dundee", "lives in a cottage just outside York": the home's place past a landmark
_LANDMARK = (r"(?:a|an|the)\s+(?:[\w'-]+\s+){0,2}?(?:university|uni|station|river|seafront|coast|beach|park|hospital"
             r"|castle|cathedral|harbour|marina|docks|canal|common|green)\s+(?:in|of)\b")

_NAME = r"(?-i:[A-Z])[\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)?"  # a place's name of one or two words
# What a home is like, said between its owner and it: "my little brother's student house in Nottingham"
_HOME_LOOKS = ("student|rented|council|shared|tiny|small|big|lovely|cosy|cozy|gorgeous|poky|damp|terraced|sheltered"
               "|granny|beautiful|nice|massive|huge")
HOME_RULES: tuple[Rule, ...] = (
    # where one lives (exclusive: one home at a time)
    rule("lives_in", "liv|resid|settled|based|rent|shack",
          r"\b(?:live|lives|living|lived|reside|resides|residing|resided|settled|based|rent|rents|renting|shacked\s+up|shacking\s+up)\s+"
          r"(?:here\s+(?=with\b))?"  # "living here with me in Cardiff"
          # "live with my parents in Leeds", "live at home with my mum and gran in Leeds", "live with my gran, in …"
          r"(?:at\s+home,?\s+)?(?:with\s+(?:my\s+|our\s+|his\s+|her\s+)?[\w'-]+(?:\s+and\s+(?:my\s+|our\s+|his\s+|her\s+)?[\w'-]+)?,?\s+)?"
          r"(?:at\s+(?:my|our|his|her|their)\s+[\w-]+'s\s+)?"  # "lives at her mum's in Hull"
          r"(?:on\s+(?:my|his|her|their|our)\s+own\s+|alone\s+|by\s+(?:my|him|her|them)sel(?:f|ves)\s+)?"
          r"(?:(?:now|currently|here|there|way|right|just|all\s+the\s+way)\s+)?(?:(?:up|down|over|out|round)\s+)?"
          r"(?:and\s+(?:works|work|working)\s+)?"  # "lives and works in Leeds", "I'll be living and working in …"
          r"(?:(?:above|over|behind)\s+(?:the|a|an|my|our|his|her|their)\s+(?:[\w'-]+\s+){1,2}?(?=in\b))?"  # "above the shop in Hull"
          # "lives at Tampines" (not "lives at Mum's")
          r"(?:in|near|outside|on\s+the\s+outskirts\s+of|(?<=based\s)out\s+of|at(?=\s+(?-i:[A-Z])[\w-]*\b(?!'s)))\b"
          rf"(?:\s+{ph.A_HOME}|\s+{_LANDMARK})?"
          # "in a village near Leeds", "in a tiny village called Nettleham"
          r"(?:\s+(?:a|the)\s+(?:small\s+|little\s+|tiny\s+|quiet\s+|sleepy\s+)?(?:village|town|suburb|hamlet|city)\s+"
          r"(?:near|outside|just\s+outside|close\s+to|(?:north|south|east|west)\s+of|called|named)\b)?"
          r"(?:\s+the\s+(?:centre|center|heart|middle|north|south|east|west|edge|suburbs)\s+of\b)?",  # "in the centre of York"  # "… in a flat in Partick"
          "place", exclusive=True, past="lived_in"),
    rule("lives_in", "home",
          r"(?:(?:\b(?:my|our|his|her|their)|'s)\s+(?:new\s+)?)?\bhome\s+(?:base\s+)?(?:these\s+days\s+|now\s+|nowadays\s+)?(?:is|'s)\s+(?:now\s+)?"
          r"(?:(?:a|an|the|my|our|(?-i:[A-Z])[\w-]*'s)\s+(?:[\w'-]+\s+){0,6}?(?:in|near)\s+|in\s+)?"  # "Home these days is a little flat … in Hove", "Home is Mum's place in Leeds"
          r"(?=(?-i:[A-Z]))",
          "place", exclusive=True),
    # "I love living in Leeds", "she's enjoying living in Hove": a home one lives in now (not "I'd love living
    # in Paris", a wish; "I miss living in Leeds", a home left)
    rule("lives_in", "love|loving|enjoy|like|liking|hate|hating",
          r"\b(?:love|loves|loving|enjoy|enjoys|enjoying|like|likes|liking|hate|hates|hating)\s+(?:living|being\s+based)\s+"
          r"(?:(?:up|down|over|out)\s+)?(?:in|near)\b", "place", exclusive=True),
    # "our place in Bristol", "my new flat in Leith", "Ana's new address is in Bristol", "Lachie's couch in
    # Coburg": one's home (not "my old flat", nor one moved out of)
    # (and the home's parts and neighbours: "our back garden in Croydon", "the bars at the end of my road in Belfast")
    rule("lives_in", "place|flat|house|apartment|home|condo|studio|address|couch|sofa|spare|cottage|bungalow|garden|balcony"
          "|road|street|neighbours|landlord|landlady|flatmate|housemate|roommate|window|driveway|power|electricity|internet|wifi"
          "|broadband|heating",
          r"(?<!out of )(?<!sold )(?<!selling )(?<!left )(?<! up )(?:\b(?:my|our|his|her)|'s)\s+"
          rf"(?:(?:new|own|little|current|back|front|{_HOME_LOOKS})\s+){{0,2}}"
          r"(?:place|flat|house|apartment|home|condo|studio|address|cottage|bungalow|garden|balcony|road|street|neighbours|landlord"
          r"|flatmates?|housemates?|roommates?|landlady|couch|sofa|spare\s+room|(?:kitchen|bedroom|front|back)\s+window|driveway"
          r"|power|electricity|internet|wifi|broadband|heating)"  # "Anil's power in Chennai cut out"
          r"(?:\s+is|'s)?\s+(?:(?:out|up|down|over|just)\s+)?"  # "Joe's place is out in Harrogate"
          r"(?:in|near|outside|on\s+the\s+(?:edge|outskirts)\s+of)\b",  # "Fiona's cottage on the edge of Inverness"
          "place", exclusive=True),
    # "The new flat's in Hackney", "the new place is near Stroud": the home moved into
    rule("lives_in", "place|flat|house|apartment|home|condo|studio",
          r"\bthe\s+new\s+(?:place|flat|house|apartment|home|condo|studio)(?:'s|\s+is)\s+(?:in|near)\b",
          "place", exclusive=True),
    # "we moved from Phoenix to Portland", "Nneka has moved from Okonkwo Partners to Afribank Capital":
    # the move's end and its start, a home's or an employer's as the names are; "jordo moved too, hackney to
    # peckham": told after a pause, without "from"
    rule("lives_in", "from|moved", rf"\b(?:moved|relocated)\s+(?:house\s+|back\s+)?(?:from\s+|{_PAUSE}){ph.NAME_WORDS}\s+to\s+",
          "town", exclusive=True),
    rule("moved_out_of", "from|moved",
          rf"\b(?:moved|relocated)\s+(?:house\s+|back\s+|away\s+)?(?:from\s+|{_PAUSE}(?={ph.NAME_WORDS}\s+to\s+))", "town"),
    rule("works_at", "from", rf"\b(?:moved|switched|jumped)\s+(?:jobs\s+)?from\s+{ph.NAME_WORDS}\s+to\s+", "org_only",
          exclusive=True),
    rule("left", "from", r"\b(?:moved|switched|jumped)\s+(?:jobs\s+)?from\s+", "org_only"),
    # "I'm moving from Manchester to Edinburgh at the end of the month", "moving out of Leeds to York": the home until
    # then, and the move to come
    rule("lives_in", "moving|relocating",
          rf"\b(?:moving|relocating)\s+(?:house\s+|home\s+)?(?:from|out\s+of|away\s+from)\s+(?={ph.NAME_WORDS}\s+(?:up\s+|down\s+|over\s+)?to\s+(?-i:[A-Z]))",
          "town", exclusive=True),
    rule("moving_to", "moving|relocating|emigrating",
          r"\b(?:moving|relocating|emigrating)\s+(?:house\s+|home\s+)?(?:for\s+good\s*,?\s+)?"
          rf"(?:(?:from|out\s+of|away\s+from)\s+{ph.NAME_WORDS}\s+)?(?:back\s+|over\s+|up\s+|down\s+|out\s+)?"
          # "moving over to hers in Nottingham": the partner's home, in its town
          rf"(?:{ph.TO_FAMILY_HOME}|(?:to|into)\s+(?:hers|his|theirs)\s+(?:place\s+)?in\b|(?:to|into)\b)", "place", past="drop", future=True),
    rule("lives_in", "moved|relocated|emigrated|decamped",
          r"\b(?:moved|relocated|emigrated|decamped)\s+(?:house\s+|home\s+)?(?:back\s+(?:home\s+)?|over\s+|out\s+|up\s+|down\s+|all\s+the\s+way\s+|here\s+)?"
          r"(?:(?:north|south|east|west|up\s+north|down\s+south|out\s+west|back\s+east)\s+)?"  # "moved up north to Durham"
          rf"(?:{ph.TO_FAMILY_HOME}|(?:to|into|in)\b)",
          "place", exclusive=True),
    # "he's got his own place out at Highfields", "she has her own flat in Leith": a home
    rule("lives_in", "own",
          r"\b(?:got|has|have|had)\s+(?:his|her|my|their|our)\s+own\s+(?:place|flat|house|home|apartment)\s+"
          r"(?:(?:out|up|down|over|round)\s+)?(?:at|in)\b", "place", exclusive=True, past="lived_in"),
    # "found a room in Brunswick": a home to move to (not a hotel room on a trip; "got a flat in": frames.py)
    # "In a few weeks I'll be living in York", "from June she'll be based in Leeds": a move to come
    rule("moving_to", "living|based",
          r"(?:'ll|\bwill|\bgoing\s+to)\s+be\s+(?:living|based)\s+(?:in|near)\b", "place", future=True,
          unless=ph.SHORT_STAY),
    rule("moving_to", "found",
          r"\bfound\s+(?:(?:a|an|our|my)\s+(?:new\s+|little\s+|\d\s*-?\s*bed(?:room)?\s+)?"
          r"(?:room|flat|place|house|apartment|studio)|somewhere(?:\s+to\s+(?:live|rent))?)\s+(?:in|near)\b",
          "place", past="keep", future=True, unless=ph.AWAY),
    # "They have booked a flat in Gomti Nagar and possession is in September": a home bought to move to
    # (not "booked a flat in Paris for the weekend")
    rule("moving_to", "booked",
          rf"\bbooked\s+{ph.A_HOME}(?=[^.!?;]*\b(?:possession|handover|hand-over|the\s+keys)\b)", "place",
          future=True, unless=ph.SHORT_STAY),
    # "moved into a lovely flat in Edinburgh", "moving into a house near Leeds": the home's place
    rule("lives_in", "moved|relocated|gone|went",  # … "Gran's gone into a care home in Scarborough"
          rf"\b(?:moved|relocated)\s+(?:in)?to\s+{ph.A_HOME}|\b(?:gone|went)\s+into\s+(?:a|an|the)\s+"
          r"(?:care|nursing|retirement|residential)\s+home\s+(?:in|near)\b", "place", exclusive=True),
    rule("moving_to", "moving|relocating",
          rf"\b(?:moving|relocating)\s+(?:in)?to\s+{ph.A_HOME}", "place", past="drop", future=True),
    # "I rent a flat in Leeds", "we share a house near York", "our Manchester flat": one's home
    # "we have taken a 2BHK in Bellandur" (rented), not "took a cottage in Devon for the week"
    rule("lives_in", "taken|took", rf"\b(?:taken|took)\s+{ph.A_HOME}", "place", exclusive=True,
          unless=ph.SHORT_STAY),
    rule("lives_in", "rent|share|sharing|have|has|had|own|bought|got",
          rf"\b(?:rent|rents|renting|share|shares|sharing|have|has|had|own|owns|bought|(?<='ve\s)got|(?<='s\s)got)\s+{ph.A_HOME}",
          "place", exclusive=True, past="lived_in"),
    # "renting a room in Didsbury": a room rented is a home (a room booked is a trip's)
    rule("lives_in", "rent|rents|renting|rented",
          r"\b(?:rent|rents|renting|rented)\s+(?:a|my|our|his|her|their)\s+(?:[\w'-]+\s+)?room\s+(?:in|near)\b",
          "place", exclusive=True, past="lived_in", unless=ph.SHORT_STAY),
    rule("lives_in", "place|flat|house|apartment|home|condo|studio|cottage|bungalow",
          rf"(?:\b(?:my|our|his|her|their|got\s+the|been\s+in\s+the|in\s+the\s+(?=new\b))|'s)\s+(?:new\s+|little\s+|current\s+|own\s+)?"
          rf"(?={ph.NAME_WORDS}\s+(?:{ph.DWELLING})\b)",  # "our Manchester flat", "Ana's Leeds flat", "been in the Leith flat"
          "place", exclusive=True),
    # "our new neighbours in Leith are lovely", "loving my new neighbourhood, Leith": a home moved to
    rule("lives_in", "neighbo",
          r"(?:\b(?:my|our|his|her|their)|'s)\s+new\s+(?:neighbou?rs|neighbou?rhood|street|area)\s*(?:in\s+|,\s*)(?=(?-i:[A-Z]))",
          "place", exclusive=True),
    # "I live in Lisbon, in a tiny flat in Graça": the home's place after a subject and a comma
    rule("lives_in", "in_a|in_an|in_my|in_our|in_the|in_digs|in_lodgings",
          rf"\bin\s+{ph.A_HOME}", "place", exclusive=True),
    # "she's staying in London until her contract ends", "staying on in Leeds for now": a home kept a while
    # (not "staying in Rome for the weekend", a trip)
    rule("lives_in", "staying|stays|stay",
          rf"\b(?:staying|stays|stay)\s+(?:on\s+|put\s+)?in\s+(?={ph.NAME_WORDS}\s+"
          rf"(?:(?:until|till|til)\b(?!\s+(?:{_SOON}))|for\s+now"
          r"|for\s+good|for\s+the\s+(?:foreseeable|time\s+being)|indefinitely|permanently)\b)",
          "place", exclusive=True),
    # "he will stay with his parents in Kakkanad", "staying with my mum in Hull while I look": a home with
    # family (not "staying with my parents in Devon for Christmas", a visit)
    rule("lives_in", "staying|stays|stay",
          rf"\b(?:staying|stays|stay)\s+(?:with\s+(?:my|his|her|their|our)\s+{_HOME_FAMILY}|at\s+(?:my|his|her|their|our)\s+"
          rf"(?:{_HOME_FAMILY}|sister|brother|aunt|auntie|uncle)(?:'s|')(?:\s+(?:place|house|flat))?)"
          r"\s+(?:in|near)\b",  # "staying at my gran's in Leeds till I find a place"
          "place", exclusive=True, unless=_VISIT),
    # "since moving to Leeds", "after relocating to York": a move done
    rule("lives_in", "moving|relocating",
          r"\b(?:since|after|(?:ever|just)\s+since)\s+(?:moving|relocating)\s+(?:back\s+|over\s+)?(?:to|into|here\s+to)\b",
          "place", exclusive=True),
    # A home bought or let, told by the deal: "we complete on the house in Harrogate on the 14th", "we close
    # on the Charlotte house May 30th", "got the keys to the Lewes house"
    rule("lives_in", "complet|exchang|close|closing|closed|keys",
          rf"(?:\b(?:complet(?:e|ed|es|ing)|exchang(?:e|ed|ing)|clos(?:e|ed|es|ing))\s+on"
          r"|\b(?:got|get|getting|collected|collecting|picked\s+up|picking\s+up)\s+(?:the|our|my)\s+keys\s+(?:to|for))"
          rf"\s+(?:the|our|a|my)\s+(?:new\s+)?(?:(?:{ph.DWELLING})\s+(?:(?:out|up|down|over)\s+)?(?:in|near)\s+"
          rf"|(?={_NAME}\s+(?:{ph.DWELLING})\b))",
          "place", exclusive=True, future=True),
    # "bought somewhere cheaper over in Missoula", "downsized to a flat in Colchester": the home moved to
    rule("lives_in", "somewhere|downsized",
          r"\b(?:bought|renting|rented)\s+somewhere\s+(?:[\w'-]+\s+){0,2}?(?:(?:out|up|down|over)\s+)?(?:in|near)\b"
          rf"|\bdownsized\s+(?:(?:in)?to\s+{ph.A_HOME}|to\b)", "place", exclusive=True, past="lived_in", unless=ph.SHORT_STAY),
    # "Mum's coming to live with us in York", "she came to live with me in Leeds": the home shared from then
    rule("lives_in", "live_with|live_in",
          r"\b(?:coming|come|comes|came|going|goes|gone|went|moving|moved)\s+to\s+live\s+(?:with\s+(?:me|us|him|her|them)\s+)?in\b",
          "place", exclusive=True, future=True),
    # "from September I'll be in Bristol", "we'll be in Leeds from May": an open-ended stay from a date is a home
    rule("lives_in", "ll_be",
          r"(?:(?<=\bI)|(?<=\bwe))'ll\s+be\s+(?:living\s+|based\s+)?in\s+(?=(?-i:[A-Z])[\w'-]*(?:\s+(?-i:[A-Z])[\w'-]*)?\s+from\s+)",
          "place", exclusive=True, future=True, unless=_VISIT),
    rule("lives_in", "ll_be", r"(?:(?<=\bI)|(?<=\bwe))'ll\s+be\s+(?:living\s+|based\s+)?in\b", "place", exclusive=True, future=True,
         unless=ph.compiled(r"^(?![^.!?]*\bfrom\s+[^,.!?]{2,25}?,?\s+(?:I|we)'ll\s+be\s+(?:living\s+|based\s+)?in\b)|"
                            + _VISIT.pattern)),
    # "my commute in from Reading", "commuting from Otley into Leeds every day": the home one travels from
    rule("lives_in", "commut",
          r"(?:\b(?:my|our|his|her)\s+(?:daily\s+|morning\s+)?commute|\b(?:commute|commutes|commuting))\s+(?:(?:in|into\s+town|up|down|over)\s+)?from\b(?!\s+(?:work|home|the\s+office)\b)"
          # "Nikhil's commute across Bengaluru": the town one lives and works in
          r"|(?:\b(?:my|our|his|her)|'s)\s+(?:daily\s+|morning\s+)?commute\s+(?:across|through|around)\b",
          "place", exclusive=True),
    # "he will travel Noida to Gurugram daily", "commutes from Otley to Leeds every day": the home travelled from
    rule("lives_in", "travel|commut|driv",
          rf"\b(?:travel|travels|travelling|traveling|commute|commutes|commuting|drive|drives|driving)\s+(?:from\s+)?"
          rf"(?={ph.NAME_WORDS}\s+to\s+{ph.NAME_WORDS}\s+(?:and\s+back\s+)?(?:daily|every\s+(?:day|morning|weekday)|each\s+day)\b)",
          "place", exclusive=True),
    # "Derek's driving down from Scunthorpe with that woman of his", "my mother-in-law is coming from Coimbatore for
    # Pongal": where someone sets out from to come to the speaker is home (not "back from", a trip's end; nor the
    # speaker's own, as often a trip)
    rule("lives_in", "coming|driving|travelling|traveling|flying",
          r"(?<!\bI'm\s)(?<!\bwe're\s)\b(?:is|'s|are|'re|will\s+be|'ll\s+be)\s+(?:coming|driving|travelling|traveling|flying)\s+"
          r"(?:all\s+the\s+way\s+)?(?:(?:down|up|over|across|in)\s+)?from\s+(?=(?-i:[A-Z]))",
          "known_town"),  # (one at a time no more than a home told: "driving up from Swindon" ends no flat in Old Town)
    # "Ben gets the train in from Milton Keynes", "Tom works remotely from Austin": the home one travels or works from
    rule("lives_in", "train|bus|ferry|remote",
          r"\b(?:gets|get|getting|takes|take|taking|catches|catch|catching)\s+the\s+(?:train|bus|ferry|tram)\s+"
          r"(?:in|up|down|over)\s+from\b(?!\s+(?:work|home|the\s+office)\b)"
          r"|\b(?:works|work|working)\s+(?:remote|remotely|from\s+home)\s+(?:from|in)\b", "place", exclusive=True),
    # "I've been in Manchester for five years", "been living in Leeds since 2019", "she's been stuck in Hull for years"
    rule("lives_in", "been",
          rf"\bbeen\s+(?:living\s+|based\s+|stuck\s+)?(?:(?:up|down|over|out|back)\s+)?in\s+(?={ph.NAME_WORDS}\s+(?:{ph.LONG_TIME}|{ph.YEARS}|{ph.MONTHS}\s+now\b"
          r"|(?:all\s+(?:my|his|her|our|their)|(?:my|his|her|our|their)\s+(?:whole|entire))\s+(?:life|lives)\b))", "place",  # "… all my life"
          exclusive=True),
    # "Fiona is in Monifieth with her man", "he's back in Bhopal with the parents", "Fiona's back in
    # Monifieth.": a household's place, or one come back to
    rule("lives_in", "with|back",
          r"\b(?:is|'s|are|'re|am|'m)\s+(?:(?:(?:back|down|up|over|out|still|now)\s+)?in\s+"
          rf"(?={ph.NAME_WORDS}\s+with\s+(?:his|her|their|the|my|our)\s+{ph.HOUSEHOLD}\b)"
          rf"|back\s+(?:home\s+)?in\s+(?={ph.NAME_WORDS}\s*(?:[.!,;]|$|(?:with|now|and)\b)))", "place", exclusive=True,
          unless=ph.SHORT_STAY),
    # "my sister's in Leeds", "my parents are up in Leeds", "Dan's in Leeds.": someone's home, told as where they
    # are, the clause ending there (not "… in Leeds this week", "… in Paris for a conference"; one's own "I'm in
    # Paris" is as often a trip)
    rule("lives_in", "in",
          r"(?:'s|\s+is|(?<![Ww]e)(?:'re|\s+are))\s+"
          rf"{ph.OVER_THERE}in\s+(?={ph.NAME_WORDS}\s*(?:[.!;]|,\s+(?:and|but|so)\b|,?\s+(?:so|because|and\s+(?:I|we)\b)\b|$))", "place",
          exclusive=True, unless=_AT_SOMEONES),
    # "she's still up in Toowoomba", "yeah shes still in Kedron, working at a bakery": still living there
    rule("lives_in", "still",
          rf"(?:\b(?:is|are|am)|'s|'re|'m)\s+still\s+{ph.OVER_THERE}in\s+(?={ph.NAME_WORDS})", "place",
          exclusive=True, unless=ph.SHORT_STAY),
    # "Ana is now in Leeds", "she's currently living in Leeds": someone else's home told as where they are now
    rule("lives_in", "now|currently",
          rf"(?:\b(?:is|are)|(?<!\b[Ii])'s|'re)\s+(?:now|currently)\s+{ph.OVER_THERE}(?:living\s+|based\s+)?in\s+"
          rf"(?={ph.NAME_WORDS})", "place", exclusive=True, unless=ph.SHORT_STAY),
    # "my sister's in Leeds now", "they're down in Hove now": someone else's home told by where they are now
    # (one's own "I'm in Paris now" is as often a trip)
    rule("lives_in", "now|as_of",
          rf"(?:\b(?:is|are)|(?<!\b[Ii])'s|'re)\s+{ph.OVER_THERE}in\s+"
          rf"(?={ph.NAME_WORDS}\s+(?:now\b(?!\s+(?:for|until|till|on|at)\b)|as\s+of\b))",
          "place", exclusive=True, unless=ph.SHORT_STAY),
    # "she's all set up in Perth now", "they're nicely settled in Hove": a home made (not "set up in the hotel for the
    # conference")
    rule("lives_in", "set_up|settled",
          r"(?:\b(?:is|are|am)|'s|'re|'m)\s+(?:(?:now|all|finally|nicely|properly|fully)\s+)*(?:set\s+up|settled(?:\s+in)?)\s+"
          r"(?:(?:up|down|over|out)\s+)?in\b", "place", exclusive=True, unless=ph.SHORT_STAY),
    # "Lucy's decided to stay put in Exeter after all": the home kept
    rule("lives_in", "put", r"\bstay(?:s|ed|ing)?\s+put\s+in\b", "place", exclusive=True, unless=ph.SHORT_STAY),
    # "back in Seville for good", "I now call Lyon home"
    rule("lives_in", "for_good",
          rf"\b(?:back|home|here|settled)\s+(?:home\s+)?(?:in|to)\s+(?={ph.NAME_WORDS}\s+for\s+good\b)",
          "place", exclusive=True),
    rule("lives_in", "call",
          rf"\b(?:call|calls|calling|(?:'ve|have|has)\s+called)\s+(?={ph.NAME_WORDS}\s+(?:my\s+|our\s+|their\s+)?home\b)",
          "place", exclusive=True),
    # "we've made our home in Whitby", "made a life for herself in Hull", "put down roots in Stroud", "now
    # homeowners in Leith", "Bristol-based these days", "I'm in Manchester these days": where one lives
    rule("lives_in", "home|life|roots|based|days|nowadays",
          r"\bmade\s+(?:my|our|their|his|her|a)\s+(?:new\s+)?(?:home|life)\s+(?:for\s+\w+sel(?:f|ves)\s+)?(?:in|near)\b"
          r"|\bput\s+down\s+roots\s+in\b"
          r"|\bhome-?owners?\s+in\b"
          rf"|(?:'re|'m|'s|\bare|\bam|\bis)\s+(?:now\s+)?(?=(?-i:[A-Z])[\w'-]+\s+based\b(?!\s+(?:in|on|at)\b))"
          rf"|(?:'re|'m|'s|\bare|\bam|\bis)\s+(?:now\s+)?(?:(?:up|down|over|out)\s+)?in\s+(?={ph.NAME_WORDS}\s+(?:these\s+days|nowadays)\b)",
          "place", exclusive=True, unless=ph.AWAY),
    # "Jo's not in Leeds any more", "she's no longer living in Leeds": a home left (read as its negation)
    rule("lives_in", "not|no_longer",
          rf"(?:\b(?:am|is|are)|'m|'s|'re)\s+(?:not\s+(?:living\s+|based\s+)?in\s+(?={ph.NAME_WORDS}\s+(?:anymore|any\s+more)\b)"
          rf"|(?P<no_longer>no\s+longer)\s+(?:living\s+|based\s+)?in\s+(?={ph.NAME_WORDS}))", "known_town"),
    # "finally got out of Leeds": a home left (not "got out of the car")
    rule("moved_out_of", "got_out", r"\bgot\s+out\s+of\s+", "known_town"),
    # "Jo ended up in Hove", "ended up moving to Leeds": a move done (not "ended up in Paris for the night", "ended up in a pub")
    rule("lives_in", "ended",
          r"\bended\s+up\s+(?:(?:living|settling)\s+in|moving\s+(?:back\s+|over\s+)?to|in)\b(?!\s+(?:a|an|the)\b)",
          "place", exclusive=True, unless=ph.SHORT_STAY),
    # "our life in Leeds", "my new life out in Perth", "life here in Hull": where one lives (not "my old life in …")
    rule("lives_in", "life",
          r"(?:(?:\b(?:my|our|his|her|their)|'s)\s+(?:new\s+|whole\s+)?life|\blife\s+here)\s+(?:(?:out|over|up|down)\s+)?in\b",
          "place", exclusive=True, unless=ph.SHORT_STAY),
    # "Jo is a Cardiff resident now", "he's a Leeds local": where one lives (not "a Leeds fan")
    rule("lives_in", "resident|local",
          r"\b(?:a|an)\s+(?:(?:proud|new|long-time|longtime)\s+)?(?=(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?\s+"
          r"(?:resident|local)\b(?!\s+(?:pub|paper|team|club|shop|school|radio|news|council|bus)\b))", "place",
          exclusive=True),
    # "she's an Ottawa girl now", "he's officially a Leeds lad": where one lives now (without "now" an origin)
    rule("lives_in", "girl|boy|lad|lass|gal|guy",
          r"\b(?:a|an)\s+(?:(?:proper|real|true|total)\s+)?(?=(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?\s+(?:girl|boy|lad|lass|gal|guy)\s+now\b)"
          r"|(?<=\bofficially\s)(?:a|an)\s+(?=(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?\s+(?:girl|boy|lad|lass|gal|guy)\b)",
          "town", exclusive=True),
    # "Last month we swapped Brighton for Lewes": the move's end and its start
    rule("lives_in", "swapped|swapping|traded", rf"\b(?:swapped|swapping|traded)\s+{ph.NAME_WORDS}\s+for\s+", "town",
          exclusive=True),
    # "Meg's traded the mountain view for Melbourne": a life somewhere else for a town
    rule("lives_in", "swapped|traded",
          r"\b(?:swapped|traded)\s+(?:the|her|his|their|my|our)\s+(?-i:[a-z])[\w'-]*(?:\s+(?-i:[a-z])[\w'-]*){0,2}?\s+for\s+"
          r"(?=(?-i:[A-Z]))", "known_town", exclusive=True),
    # "I left Leeds for York in April": the home left and the one gone to, both towns by name
    rule("lives_in", "left", rf"\bleft\s+(?={ph.NAME_WORDS}\s+for\s+(?-i:[A-Z]))\S+(?:\s+(?-i:[A-Z])\S+)*\s+for\s+",
          "known_town", exclusive=True, unless=ph.SHORT_STAY),
    rule("moved_out_of", "left", rf"\bleft\s+(?={ph.NAME_WORDS}\s+for\s+(?-i:[A-Z]))", "known_town",
          unless=ph.SHORT_STAY),
    # "We're leaving London for Brighton in June": the move to come
    rule("moving_to", "leaving", rf"\bleaving\s+(?={ph.NAME_WORDS}\s+for\s+(?-i:[A-Z]))\S+(?:\s+(?-i:[A-Z])\S+)*\s+for\s+",
          "known_town", future=True, unless=ph.SHORT_STAY),
    # "We moved out last week", "we've moved house": the home memory knows, left
    rule("moved_out_of", "moved", r"\bmoved\s+(?:out|house)\b(?!\s+(?:of|from|to|into|in|with|near)\b)", "current"),
    rule("moved_out_of", "swapped|swapping|traded", rf"\b(?:swapped|swapping|traded)\s+(?={ph.NAME_WORDS}\s+for\s+(?-i:[A-Z]))",
          "town"),
    # Being there: "Arrived in Leeds!", "my first week in Leeds", "now that I'm in Leeds", "Hello
    # from Leeds!": after "I'm moving to Leeds" the move done (knowledge.py), else no lasting fact
    rule("arrived_in", "arrived|arriving|landed|made_it",
          r"\b(?:arrived|arriving|landed|made\s+it)\s+(?:safely\s+|at\s+last\s+|finally\s+)?(?:in|at|to)\b", "place"),
    rule("arrived_in", "first",
          r"(?:\b(?:my|our)\s+)?\bfirst\s+(?:full\s+)?(?:night|nights|day|days|week|weeks|weekend|month)\s+in\b", "place"),
    rule("arrived_in", "now",
          rf"(?:(?:'m|\bam|'re|\bare)\s+(?:finally\s+|officially\s+)?in\s+(?={ph.NAME_WORDS}\s+now\b)"
          r"|\bnow\s+that\s+(?:I'm|I\s+am|we're|we\s+are)\s+(?:finally\s+|officially\s+)?(?:here\s+)?in\s+)", "place"),
    rule("arrived_in", "hello|hi_from|greetings|writing|waving|merry|happy|love_from",
          r"\b(?:hello|hi|greetings|writing|waving|(?:merry|happy)\s+(?:almost\s+)?(?:christmas|new\s+year|easter)|love)"
          r"\s+(?:again\s+|all\s+|everyone\s+)?from\s+"
          r"(?:the\s+new\s+(?:flat|place|house|apartment|room|pad)\s+in\s+)?"
          r"(?:(?:sunny|rainy|snowy|cold|hot|rainy|beautiful|lovely)\s+)?(?=(?-i:[A-Z]))",
          "place"),
    # "Greetings from the new flat in Leith!", "Writing to you from our new place in Hove": the home moved into
    rule("lives_in", "hello|hi_from|greetings|writing|waving|morning|evening",
          r"\b(?:hello|hi|greetings|morning|evening|writing|waving)\s+(?:to\s+you\s+|again\s+|all\s+|everyone\s+)?"
          r"from\s+(?:the|our|my)\s+new\s+(?:flat|place|house|apartment|home|pad|room)\s+(?:in|near)\s+", "place",
          exclusive=True),
    # "They shifted on 15th September, in the end", "we finally moved last weekend!": a move told without
    # where to is the move planned, done (knowledge.py; not "I've moved on", over something)
    rule("arrived_in", "moved|relocated",
          r"\b(?:moved|relocated)\b(?=\s*(?:[.!,;]|$)|\s+(?:on\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day|(?:the\s+)?\d+(?:st|nd|rd|th)?)"
          r"|last\s+(?:week|weekend|month|night)|yesterday|today|this\s+(?:week|weekend|morning|month)"
          r"|in\s+the\s+end|at\s+last|finally)\b)", "current"),
    # "Greetings from the new flat!", "morning from the new place!!": the move one told of is done (knowledge.py)
    rule("arrived_in", "new",
          r"\b(?:hello|hi|greetings|morning|evening|writing|waving)\s+(?:again\s+)?from\s+(?:the|our|my)\s+new\s+"
          r"(?:flat|place|house|apartment|home|pad)\b(?!\s+in\b)", "current"),
    # A home left: "we packed up and left Brooklyn", "sold up in Kent", "left Leeds for good", "we left
    # Melbourne in Jan and we're living in Brisbane now" (not "left Rome on Friday", a trip's end)
    # "Jo packed up and headed to Bristol", "we upped sticks to Hove": the move's end
    rule("lives_in", "packed|sticks",
          r"\b(?:packed\s+up\s+(?:and\s+)?(?:headed|went|gone|moved|left|relocated)|upped\s+sticks(?:\s+and\s+(?:headed|went|moved))?)"
          r"\s+(?:off\s+|down\s+|up\s+|over\s+|out\s+)?(?:to|for)\b", "place", exclusive=True, unless=ph.SHORT_STAY),
    rule("moved_out_of", "left|sold",
          r"\b(?:(?:packed\s+up|sold\s+up)\s+and\s+left|sold\s+up\s+in|upped\s+sticks\s+from)\s+(?=(?-i:[A-Z]))",
          "town"),
    # "sis has finally left Harrogate", "they've left Leeds for good": a home left, told as done
    rule("moved_out_of", "left",
          rf"(?:\b(?:has|have)|'s|'ve)\s+(?:finally|now|already|actually|officially)\s+left\s+(?={ph.NAME_WORDS}\s*(?:[.!,;]|$|and\b))",
          "known_town", unless=ph.SHORT_STAY),
    # … told by "left" alone, only of a place known by name ("left Acme and moved to Leeds": a job)
    # (also "since we left London": a life since, and "Left Auckland in May and I've been in Wellington ever since")
    rule("moved_out_of", "left",
          rf"(?:\bleft\s+(?={ph.NAME_WORDS}\s+(?:for\s+good|behind|after\s+{ph.YEARS}"
          r"|[^.!?;]{0,50}?\b(?:living|live|settled|based|moved|relocated)\s+(?:(?:here\s+|now\s+)?in|to)\s+(?-i:[A-Z])"
          r"|[^.!?;]{0,50}?\bbeen\s+(?:living\s+)?in\s+(?-i:[A-Z])[\w'-]*\s+(?:ever\s+)?since\b))"
          r"|(?:(?<=\bsince\sI\s)|(?<=\bsince\swe\s))left\s+(?=(?-i:[A-Z])))",
          "known_town"),
    # "handed in notice on his Bristol room", "gave notice on the flat in Leith": the home given up (not "handed in my
    # notice", a job's)
    rule("moved_out_of", "notice",
          r"\b(?:handed|hand|handing|gave|give|giving|given)\s+(?:in\s+)?(?:(?:my|his|her|their|our|the)\s+)?notice\s+on\s+"
          rf"(?:my|his|her|their|our|the)\s+(?:(?:{ph.DWELLING}|room)\s+(?:in|near)\s+|(?={_NAME}\s+(?:{ph.DWELLING}|room)\b))",
          "town"),
    # "evicted from the flat in Brunswick", "turfed out of our house in Leith": a home lost
    rule("moved_out_of", "evicted|kicked|turfed|booted|chucked",
          r"\b(?:evicted|(?:kicked|turfed|booted|chucked)\s+out)\s+(?:of|from)\s+"
          rf"(?:(?:my|our|the|his|her|their)\s+(?:[\w'-]+\s+){{0,2}}?(?:{ph.DWELLING})\s+(?:in|near)\s+)?", "town"),
    # "the landlord sold up and we all got turfed", "we've been evicted": the home one had, lost (not
    # "turfed out of the pub", "evicted from the game")
    rule("moved_out_of", "evicted|turfed",
          r"\b(?:got|been|were|was|getting|being)\s+(?:all\s+)?(?:evicted|turfed)(?:\s+out)?\b(?!\s+out\b)"
          r"(?!\s+(?:of|from|at|by\s+closing)\b)", "current"),
    # "I'm still at my mum's in Leeds", "back at Mum's in Leeds for now": a home with family (not "at my mum's in
    # Leeds for Christmas", a visit, nor "Jo's at her mum's in Leeds", where she is)
    rule("lives_in", "at_my|at_mum|at_mom|at_mam|at_dad|at_gran|at_nan|at_his|at_her|at_their|at_our",
          r"(?:(?:'m|\bam|'re|\bare|'s|\bis)\s+|^(?=(?:back|still)\b))(?:(?:still|back)\s+(?:living\s+)?|living\s+)(?:at|in)\s+"
          rf"(?:(?:my|his|her|their|our)\s+)?{_HOME_FAMILY}(?:'s|')(?:\s+(?:place|house|flat))?\s+(?:in|near)\b",
          "place", exclusive=True, unless=_VISIT),
    # "I'm still at home in Bray", "she's back home in Hull", "living at home in Leeds": the family home, still
    rule("lives_in", "home",
          r"(?:(?:'m|\bam|'re|\bare|'s|\bis)\s+|^)(?:still\s+(?:living\s+)?|living\s+)(?:at|back)\s+home\s+"
          rf"(?:with\s+(?:my\s+|our\s+)?{_HOME_FAMILY}(?:\s+and\s+(?:my\s+|our\s+)?{_HOME_FAMILY})?\s+)?(?:in|near)\b"  # "… with Mum in Hull"
          r"|(?:(?:'m|\bam|'re|\bare|'s|\bis)\s+)back\s+(?:living\s+)?(?:at\s+)?home\s+(?:in|near)\b(?=[^.!?;]*\b(?:for\s+good|now|again"
          r"|since|these\s+days)\b)", "place", exclusive=True, unless=_VISIT),
    # "she moved back in with her mother in Grove City", "I moved in with Nadia in Rathmines": a home with others
    rule("lives_in", "moved|moving",
          rf"\b(?:moved|moving)\s+(?:back\s+)?in\s+with\s+(?:(?:my|his|her|their|our)\s+(?:{ph.HOUSEHOLD}|{_KIN})"
          r"|(?-i:[A-Z])[\w'-]+(?:\s+(?-i:[A-Z])[\w'-]+)?|him|her|them)\s+(?:in|near)\b",
          "place", exclusive=True, future=True),
    # "I grew up in Hull and never left", "born and raised in Leeds and still there": the home of a whole life
    rule("lives_in", "never|still",
          rf"\b(?:grew\s+up|born(?:\s+and\s+(?:raised|bred))?|raised)\s+in\s+(?={ph.NAME_WORDS}\s*,?\s+(?:and\s+)?(?:I've\s+|I\s+have\s+|"
          r"(?:he|she)(?:'s|\s+has)\s+|have\s+|has\s+)?(?:never\s+(?:left|moved(?:\s+away)?)|(?:I'm\s+|(?:he|she)'s\s+)?still\s+(?:there|here)\b))",
          "place", exclusive=True),
    # origin
    rule("from", "from", r"\b(?:originally\s+)?from\b", "place", need_be=True),
    rule("from", "grew|raised|come|hail",
          r"\b(?:grew\s+up|raised|come|comes|hail|hails)\s+(?:in|from)\b", "place"),
    rule("born_in", "born", r"\bborn\s+(?:and\s+raised\s+)?in\b", "place", exclusive=True,
          need_be=True),
)
