"""Phrasings of the held-out time-aware set ("set B"): what people say when their home, job,
partner, pet, diet, course or hobby changes, what an assistant replies, and how questions are
asked. Written apart from the first suite's templates and from memdb's extraction rules.

Slots: {new} the value a turn states, {old} the value it replaces, {planned} a plan called off,
{when} when a plan takes effect ("at the end of the month"), {since} the month a change
happened, {role} a job's title, {species} a pet's kind, {course}/{inst}/{short} a course, its
institution and its short name, {pw} "girlfriend"/"boyfriend"/"partner", {rel} "sister",
"brother" or "friend". In turns about another person {S} is the sentence's subject (a name, a
nickname, "My sister" or a pronoun: only ever at the start of a sentence), {N} a name or
nickname (never a pronoun), {s}/{obj}/{pos} the pronouns. A template names {old} only when the
speaker mentions the value it ends; the generator reads which values a turn names from its slots.
"""

from __future__ import annotations

# ------------------------------------------------------------------ turns about the user
SELF: dict[tuple[str, str], list[str]] = {
    ("home", "intro"): [
        "I live in {new}, in a terraced house with a tiny garden and very loud neighbours.",
        "Quick background: I'm based in {new} and have been for about five years.",
        "Home for me is {new}, a second-floor flat right above a launderette.",
        "I've been renting a little place in {new} since I finished uni.",
    ],
    ("home", "restate"): [
        "The buses in {new} were on strike again today, so I walked everywhere.",
        "It's been pouring in {new} all week; the street outside the flat is basically a river.",
        "There's a food festival on in the middle of {new} this weekend and the whole town smells of garlic.",
        "Council tax bill from {new} arrived today. Living here is not getting cheaper.",
    ],
    ("home", "change"): [
        "We finally got the keys to our place in {new}! Boxes everywhere.",
        "Writing this from my new flat in {new}; the move happened on Saturday.",
        "I moved out of {old} last weekend. {new} is home now, which still feels strange to type.",
        "Done! Left {old} on Friday and spent the whole weekend unpacking in {new}.",
        "First night in the new flat in {new} and I can't find the kettle anywhere.",
    ],
    ("home", "plan"): [
        "I'm moving to {new} {when}. The lease is signed!",
        "Big decision made: we're leaving {old} for {new} {when}.",
        "Got the flat in {new}! We move in {when}.",
        "The removal van is booked, and I'm off to {new} {when}.",
    ],
    ("home", "confirm"): [
        "Hello from {new}! The move went without a hitch.",
        "We're all moved into the new place in {new}. Still no curtains.",
        "Officially living in {new} now. My first post arrived at the new address today.",
        "The move to {new} is done; two nights on a mattress on the floor, but it's home.",
    ],
    ("home", "cancel"): [
        "Change of plan: I'm not moving to {planned} after all. The landlord pulled out, so I'm staying in {old}.",
        "The {planned} move is off. Long story, but we're staying put in {old}.",
        "Scrap what I said about {planned}, I'm not going anywhere. {old} it is.",
        "We decided against {planned} in the end. Staying in {old} for the foreseeable future.",
    ],
    ("home", "answer"): [
        "I don't live in {old} anymore, remember? I'm in {new} now.",
        "Ha, I left {old} ages ago. It's been {new} since {since}.",
        "No, not {old} any more! I've been in {new} since {since}.",
    ],
    ("job", "intro"): [
        "I work as {role} at {new}. It's mostly fine.",
        "Work-wise, I'm {role} at {new} and have been for three years.",
        "My day job is at {new}: {role}, lots of meetings.",
        "I'm {role}. The company's called {new}, you won't have heard of it.",
    ],
    ("job", "restate"): [
        "Long day at {new}. Three meetings that could have been emails.",
        "Quarter-end at {new} is always chaos, and this one is worse than usual.",
        "We had the {new} summer party last night and I'm a bit fragile.",
        "My manager at {new} finally approved my holiday.",
    ],
    ("job", "change"): [
        "Started my new role at {new} on Monday. Everyone's friendly so far.",
        "First week at {new} done! I'm {role} now, which is new for me.",
        "I've left {old}; as of this week I work at {new}.",
        "New job! I'm at {new} now. Leaving {old} was weirdly emotional.",
    ],
    ("job", "plan"): [
        "I got the job at {new}! I start {when}.",
        "Signed the contract with {new} today, and my first day is {when}.",
        "I'm leaving {old} for {new}; I start there {when}.",
        "It's official: I join {new} as {role} {when}.",
    ],
    ("job", "confirm"): [
        "Survived my first week at {new}. The coffee machine is excellent.",
        "Things at {new} are going well, my team is lovely.",
        "New job update: {new} is so much better than I expected.",
    ],
    ("job", "end"): [
        "I handed in my notice at {old} today. Terrifying and brilliant.",
        "That's it, I quit {old}. Taking a few weeks off before I look for something else.",
        "My last day at {old} was Friday. They gave me a card and a cactus.",
    ],
    ("job", "cancel"): [
        "I turned down the {planned} offer in the end. Staying at {old}; they matched the salary.",
        "Not leaving {old} after all, {planned} withdrew the offer.",
        "Forget the {planned} thing. I'm staying at {old}, my boss talked me round.",
    ],
    ("job", "answer"): [
        "No, I don't work there anymore. I'm at {new} now.",
        "I left {old} back in {since}! I work at {new}.",
        "Not at {old} any more, remember? {new} since {since}.",
        "No, I left {old} in {since}. Still job hunting, actually.",
    ],
    ("partner", "intro"): [
        "My partner {new} and I have been together almost four years.",
        "{new}, my {pw}, is a brilliant cook, which is lucky because I am not.",
        "I'm seeing someone, {new}. It's been about a year now.",
    ],
    ("partner", "restate"): [
        "{new} and I went to see a terrible film on Friday and loved every minute.",
        "{new} surprised me with breakfast in bed this morning.",
        "Date night with {new} tomorrow, we're trying the new Thai place.",
    ],
    ("partner", "change"): [
        "So... I've been seeing someone. {new}. We met at a friend's barbecue.",
        "I have a {pw}! {new} asked me out properly last weekend.",
        "{new} and I are officially together. Don't laugh.",
        "Third date with {new} last night. I think this might actually be a thing.",
    ],
    ("partner", "end"): [
        "{old} and I split up. It was mutual, but I'm still sad.",
        "I'm single again: {old} and I broke up on Sunday.",
        "It's over with {old}. We want different things.",
        "{old} moved out at the weekend. We're done.",
    ],
    ("partner", "answer"): [
        "{old} and I aren't together anymore, remember?",
        "Oh, we broke up, {old} and me. It's {new} now.",
    ],
    ("pet", "intro"): [
        "We've got a rescue {species} called {new} who hates everyone but me.",
        "I have a {species} called {new}. She runs the household.",
        "My {species}, {new}, ate one of my socks today.",
    ],
    ("pet", "restate"): [
        "{new} knocked a plant off the windowsill again.",
        "Took {new} to the vet for jabs this morning. So much drama.",
        "{new} has discovered the radiator and refuses to leave it.",
    ],
    ("pet", "change"): [
        "We adopted a rescue {species} called {new}!",
        "Meet {new}: a {species} from the shelter who joined the family on Saturday.",
        "I caved and got a {species}. Her name is {new} and I'm obsessed.",
    ],
    ("pet", "plan"): [
        "We pick up our {species} {when}. We're calling her {new}.",
        "The shelter approved us! Our {species}, {new}, comes home {when}.",
    ],
    ("pet", "end"): [
        "We lost {old} on Tuesday. The vet said it was her kidneys. The flat is so quiet.",
        "We had to rehome {old}; the new landlord doesn't allow pets.",
        "{old} has gone to live with my parents. She's happier with a garden.",
    ],
    ("diet", "intro"): [
        "Food-wise I'm {new}, so keep that in mind if you ever suggest recipes.",
        "I'm {new}, have been since I was a teenager.",
    ],
    ("diet", "restate"): [
        "Made a {new} lasagne for the family and nobody noticed.",
        "Found a great {new} café near work, the lunch menu is huge.",
        "Being {new} at a work barbecue is a special kind of hunger.",
    ],
    ("diet", "change"): [
        "I've gone {new}. Three weeks in and I feel great.",
        "I'm {new} now; I watched one documentary too many.",
        "Big food news: I'm {new} these days, so no more bacon sandwiches.",
    ],
    ("diet", "plan"): [
        "I'm going {new} {when}. Clearing out the freezer first.",
        "Decision made: I go {new} {when}, my sister's doing it with me.",
    ],
    ("diet", "end"): [
        "I'm eating meat again; the {old} thing lasted about four months.",
        "Confession: I had a burger. I'm not {old} anymore.",
        "I've stopped being {old}. My iron levels were terrible.",
    ],
    ("diet", "answer"): [
        "I'm not {old} anymore, I'm {new} now.",
        "Not {old} these days, it's fully {new} since {since}.",
        "Oh, I'm not {old} anymore, I eat everything again.",
    ],
    ("pet", "answer"): [
        "{old} isn't with us any more, remember?",
        "It's {new} now! {old} went to live with my parents.",
    ],
    ("school", "answer"): [
        "I finished {old} back in {since}!",
        "Oh, I'm done with {old}, that ended in {since}.",
    ],
    ("hobby", "answer"): [
        "Not any more! It's {new} now.",
        "I gave up {old} in {since}; these days it's {new}.",
    ],
    ("school", "intro"): [
        "I'm doing {course} at {inst}, evenings only.",
        "On top of work I'm studying: {course} at {inst}.",
    ],
    ("school", "restate"): [
        "Essay due for my {short} on Friday and I've written nothing.",
        "Lecture at {inst} ran late again tonight.",
        "Got a decent mark on my last {short} assignment!",
    ],
    ("school", "change"): [
        "I enrolled in {course} at {inst}!",
        "I've signed up for {course} at {inst}; the first class was on Tuesday.",
        "Back to school: I started {course} at {inst} this week.",
    ],
    ("school", "plan"): [
        "I got a place on {course} at {inst}. It starts {when}.",
        "I start {course} at {inst} {when}. Nervous!",
    ],
    ("school", "end"): [
        "I finished {course}! Final grades came through today.",
        "I've dropped out of {course}; it was too much alongside work.",
        "Handed in my last assignment for {course}. That's it, I'm done.",
    ],
    ("hobby", "intro"): [
        "My main hobby is {new}, I'm a bit obsessed.",
        "Outside work it's all about {new} for me.",
    ],
    ("hobby", "change"): [
        "I've given up {old} and taken up {new}.",
        "New hobby alert: {new}. {old} is officially retired.",
        "I'm done with {old} for now; I've signed up for {new} instead.",
    ],
}

# ------------------------------------------------------------------ turns about someone else
OTHER: dict[tuple[str, str], list[str]] = {
    ("home", "intro"): [
        "My {rel} {N} lives in {new}, so I only see {obj} a few times a year.",
        "{N}, my {rel}, has a flat in {new} with a view of the railway.",
        "My {rel} {N} is in {new}; {s} went there for university and never left.",
    ],
    ("home", "restate"): [
        "{S} says {new} is lovely right now and keeps sending photos of it.",
        "{S} finally found a decent dentist in {new}, which apparently is a big deal there.",
    ],
    ("home", "change"): [
        "{S} has moved to {new}! Apparently {s} loves it there.",
        "{S} finally left {old}; {s}'s renting a place in {new} now.",
        "{S} just got the keys to a flat in {new}. I'm so proud of {obj}.",
    ],
    ("home", "plan"): [
        "{S} is moving to {new} {when}, so I'll have to visit more.",
        "{S} is relocating to {new} {when} for a fresh start.",
        "{S} told me {s}'s leaving {old} {when}; {s}'s found a place in {new}.",
    ],
    ("home", "confirm"): [
        "{S} has settled into {new} and sent me a photo of the view from {pos} new window.",
        "{S} is all moved in to {pos} place in {new} now.",
    ],
    ("home", "cancel"): [
        "{S} isn't moving to {planned} after all; the job there fell through, so {s}'s staying in {old}.",
        "{S} has called off the move to {planned}. {old} is still home for now.",
    ],
    ("job", "intro"): [
        "My {rel} {N} works at {new} as {role}.",
        "{N}, my {rel}, is {role} at {new} and loves it.",
        "{N} has been at {new} for years; {s}'s {role} there.",
    ],
    ("job", "restate"): [
        "{S} says things at {new} are hectic at the moment.",
        "{N} got employee of the month at {new}, which {s} is pretending not to care about.",
    ],
    ("job", "change"): [
        "{S} has a new job at {new} and started last week.",
        "{S} left {old} and is working at {new} now.",
        "{S} just started at {new} as {role}.",
    ],
    ("job", "plan"): [
        "{S} is starting at {new} {when}.",
        "{S} accepted an offer from {new} and starts {when}.",
    ],
    ("job", "confirm"): [
        "{S} loves {pos} new job at {new}; apparently the canteen is amazing.",
        "{S} has settled in at {new} now.",
    ],
    ("job", "end"): [
        "{S} handed in {pos} notice at {old}.",
        "{S} quit {old} last week, with no new job lined up yet.",
    ],
    ("job", "cancel"): [
        "{S} decided not to take the job at {planned}; {s}'s staying at {old}.",
    ],
    ("partner", "intro"): [
        "My {rel} {N} has been with {new} for ages; they're very sweet together.",
        "{N}'s {pw} {new} is coming to my birthday drinks.",
    ],
    ("partner", "change"): [
        "{S} has a new {pw}, {new}. Very charming, slightly too tall.",
        "{S} is dating someone called {new}; they met at a climbing gym.",
    ],
    ("partner", "end"): [
        "{S} split up with {old}.",
        "{S} and {old} broke up, and {N} is taking it hard.",
    ],
    ("pet", "intro"): [
        "My {rel} {N} has a {species} called {new} who is basically a small bear.",
    ],
    ("pet", "change"): [
        "{S} adopted a {species} called {new}.",
        "{S} has a new {species}, {new}, and sends me twenty photos a day.",
    ],
    ("pet", "end"): [
        "{S} had to rehome {pos} {species} {old} because of the new flat.",
    ],
    ("school", "intro"): [
        "My {rel} {N} is doing {course} at {inst}.",
    ],
    ("school", "change"): [
        "{S} has enrolled in {course} at {inst}.",
        "{S} started {course} at {inst} this week.",
    ],
    ("school", "plan"): [
        "{S} starts {course} at {inst} {when}.",
    ],
    ("school", "end"): [
        "{S} dropped out of {course}.",
        "{S} finished {course}; the graduation is in a few weeks.",
    ],
    ("hobby", "intro"): [
        "My {rel} {N} is really into {new} at the moment.",
    ],
    ("hobby", "change"): [
        "{S} has given up {old} and is all about {new} now.",
        "{S} has taken up {new}; {old} is history.",
    ],
}

#: A turn that names the person and states nothing, before a turn that calls them "she"/"he".
NAMING: list[str] = [
    "Had a long call with {N} last night.",
    "{N} came round for dinner on Friday.",
    "Went for a walk with {N} this morning, first time in ages.",
    "{N} sent me a massive voice note today.",
    "Caught up with {N} over coffee yesterday.",
]

#: Hobby updates: what makes "what did I tell you last week about X" a question of time.
HOBBY_UPDATES: dict[str, list[str]] = {
    "bouldering": ["New bouldering gym opened near me and the routes are brutal.",
                   "Finally sent the purple problem at the bouldering wall; my forearms are destroyed.",
                   "Bouldering was humbling tonight, I fell off the same move nine times.",
                   "Bought proper shoes for bouldering and they hurt like mad.",
                   "Bouldering session with a new crowd tonight; someone lent me chalk and a pep talk.",
                   "Tore a callus bouldering and now I type like a wounded crab.",
                   "Did the bouldering competition at the wall and came fourth in my category!"],
    "the cello": ["Cello lesson today: my teacher says my bow hold is finally less claw-like.",
                  "Practised the cello for an hour and the neighbours knocked on the wall.",
                  "Learned the first page of the Bach prelude on the cello!",
                  "Played the cello in a tiny amateur concert, my hands were shaking the whole time.",
                  "New cello strings today, they sound so much warmer.",
                  "My cello teacher gave me a Fauré piece and I'm in love with it."],
    "open-water swimming": ["Open-water swimming at 7am, the lake was eleven degrees and I screamed.",
                            "Went open-water swimming this morning: saw a heron, lost a glove.",
                            "Did my longest open-water swim yet, two kilometres along the shore.",
                            "Open-water swimming group met at sunrise; we had hot chocolate after on the beach.",
                            "Bought a proper wetsuit for open-water swimming, no more blue lips.",
                            "Jellyfish season has started, so open-water swimming is a bit more exciting."],
    "sourdough baking": ["My sourdough starter finally doubled overnight!",
                         "Baked a sourdough loaf with an actual ear today.",
                         "Sourdough disaster: the loaf came out flat as a pancake.",
                         "Fed the sourdough starter twice today, it's basically a pet.",
                         "Gave a sourdough loaf to my neighbour and she asked for the recipe.",
                         "Tried a rye sourdough this weekend; dense but delicious."],
    "salsa": ["Salsa class tonight, and I only stepped on my partner's foot twice.",
              "We learned a new salsa turn pattern and I actually nailed it.",
              "Went to a salsa social on Saturday and danced until midnight.",
              "Salsa teacher paired me with the best dancer in the class and I panicked.",
              "Booked a salsa weekend workshop for next month.",
              "Practised my salsa basic step in the kitchen while the pasta boiled."],
    "chess": ["Won three games of chess at the club and lost the fourth to a twelve-year-old.",
              "Been studying chess endgames every evening this week.",
              "Played in my first rated chess tournament; finished in the middle.",
              "Solved forty chess puzzles on the train today.",
              "Drew a chess game against the club champion, I'm still buzzing.",
              "Started learning the Caro-Kann in chess, very solid, very boring."],
    "woodworking": ["Finished the woodworking project: a very wonky stool.",
                    "Woodworking class: I cut dovetail joints that actually fit.",
                    "Bought a second-hand plane for woodworking, it's beautiful.",
                    "Made a chopping board at woodworking and oiled it three times.",
                    "Woodworking lesson on sharpening chisels, which took the whole evening.",
                    "Started a woodworking project: a bookshelf for the hallway."],
    "life drawing": ["Life drawing class tonight, charcoal everywhere.",
                     "My life drawing teacher liked my two-minute sketches.",
                     "Tried watercolour at life drawing and it was a mess.",
                     "Did a whole page of hands at life drawing; hands are impossible.",
                     "Life drawing went well tonight, the model held a pose for forty minutes.",
                     "Bought a new sketchbook just for life drawing."],
    "rowing": ["Rowing at dawn, the river was like glass.",
               "Our rowing crew came third at the regatta!",
               "Rowing session in the rain; my hands are all blisters.",
               "Rowing coach moved me to stroke seat, which is terrifying.",
               "Cold rowing outing this morning, we saw the sun come up over the bridge.",
               "Rowing club social last night; I learned all the boat names."],
    "birdwatching": ["Birdwatching at the reservoir: I spotted a kingfisher!",
                     "Went birdwatching with my new binoculars and saw two buzzards.",
                     "Early birdwatching walk, heard a cuckoo for the first time this year.",
                     "Birdwatching trip to the estuary, loads of curlews.",
                     "Started a birdwatching list for the year, thirty-eight species so far.",
                     "Birdwatching from the kitchen window: a woodpecker on the feeder!"],
    "trail running": ["Trail running in the hills, eighteen kilometres, mud up to the knees.",
                      "Twisted my ankle a bit on a trail run, nothing serious.",
                      "Signed up for my first trail running race in the autumn.",
                      "Trail running at dusk with a head torch, felt like an adventure film.",
                      "New trail running shoes, they grip like a goat.",
                      "Trail running club did hill repeats and I nearly cried."],
    "knitting": ["Finished knitting my first jumper; one sleeve is longer than the other.",
                 "Knitting club tonight, we made hats for the hospital.",
                 "Learned to knit cables this week, very fiddly.",
                 "Knitting socks now; turning the heel is witchcraft.",
                 "Dropped a stitch in my knitting and unravelled two evenings of work.",
                 "Bought far too much wool at the knitting fair."],
}

# ------------------------------------------------------------------ the assistant
ASSISTANT: dict[str, list[str]] = {
    # after a change, the assistant still talks as if the old value held
    "home.echo": ["How are things in {old} these days?", "Is it still raining nonstop in {old}?",
                  "Any nice walks around {old} lately?"],
    "job.echo": ["How's work at {old} going these days?", "Is {old} still keeping you busy?",
                 "Any news from the team at {old}?"],
    "partner.echo": ["How's {old} doing?", "Are you and {old} doing anything nice this weekend?",
                     "Say hi to {old} from me!"],
    "diet.echo": ["Found any good {old} recipes lately?", "Was it easy to eat {old} at the wedding?"],
    "pet.echo": ["How's {old} doing?", "Does {old} still steal your socks?"],
    "school.echo": ["How's the {short} going?", "Any exams coming up at {inst}?"],
    "hobby.echo": ["Still doing {old}?", "How's the {old} going?"],
    # right after a move or job change is announced
    "home.leaving": ["So you're leaving {old}? That's a big step.", "Goodbye {old}! Are you sad to go?",
                     "Leaving {old} must feel strange after all this time."],
    "job.leaving": ["So you're leaving {old}?", "How did your boss at {old} take the news?",
                    "Will you miss your team at {old}?"],
    # a recap of what the assistant knows, true when said
    "home.summary": ["Noted: you're living in {new}.", "Got it, so home is {new}."],
    "job.summary": ["Noted: you work at {new}.", "So you're at {new}, got it."],
    "noted": ["Good to know!", "Noted.", "Thanks, that helps me keep track.", "Got it."],
    "sorry": ["Oh no, I'm so sorry.", "That's hard. Be kind to yourself this week.", "I'm sorry to hear that."],
    "ack": ["That's big news!", "Congratulations!", "Good luck with everything.", "That sounds like a lot.",
            "Oh wow, how do you feel about it?", "Thanks for telling me.", "I'll remember that."],
    "greet": ["Hi {user}! How have you been?", "Good to hear from you, {user}. What's new?",
              "Hello again! What's on your mind today?"],
}

GREETINGS = ["Hi! Got a few minutes?", "Hey, it's me again.", "Evening! Long day.", "Morning! Quick catch-up?",
             "Hello hello. Lots to tell you."]

# ------------------------------------------------------------------ questions
#: {Q} the person asked about (a name, nickname, full name or "my sister"); {I}-forms ask about
#: the user in the first person. {period} a month, season or part of a year; {old} an earlier value.
QUESTIONS: dict[tuple[str, str, str], list[str]] = {
    ("home", "now", "self"): ["Where do I live now?", "Where am I living these days?",
                              "Which city am I in at the moment?", "Am I still living in {old}?"],
    ("home", "now", "other"): ["Where does {Q} live these days?", "Where is {Q} living now?",
                               "Which city is {Q} in at the moment?", "Is {Q} still in {old}?",
                               "Where's {Q} based now?"],
    ("home", "past", "self"): ["Where was I living in {period}?", "Which city did I live in {period}?"],
    ("home", "past", "other"): ["Where did {Q} live in {period}?", "Which city was {Q} living in {period}?"],
    ("home", "as_of", "self"): ["Where do I live?", "What city am I in?"],
    ("home", "as_of", "other"): ["Where does {Q} live?", "Which city is {Q}'s home?"],
    ("job", "now", "self"): ["Where do I work now?", "Who am I working for these days?",
                             "What's my job at the moment?", "Am I still at {old}?"],
    ("job", "now", "other"): ["Where does {Q} work now?", "Who is {Q} working for these days?",
                              "Which company is {Q} at at the moment?", "Is {Q} still working at {old}?"],
    ("job", "past", "self"): ["Where was I working in {period}?", "What was my job in {period}?"],
    ("job", "past", "other"): ["What was {Q}'s job in {period}?", "Where did {Q} work in {period}?"],
    ("job", "as_of", "self"): ["Where do I work?", "Which company employs me?"],
    ("job", "as_of", "other"): ["Where does {Q} work?", "Who is {Q}'s employer?"],
    ("partner", "now", "self"): ["Who am I with at the moment?", "Who is my partner now?",
                                 "Am I still with {old}?"],
    ("partner", "now", "other"): ["Who is {Q} going out with these days?", "Is {Q} still with {old}?",
                                  "Who is {Q}'s partner now?"],
    ("partner", "past", "self"): ["Who was I seeing in {period}?", "Who was my partner in {period}?"],
    ("partner", "past", "other"): ["Who was {Q} dating in {period}?"],
    ("partner", "as_of", "self"): ["Who is my partner?", "Am I seeing anyone?"],
    ("partner", "as_of", "other"): ["Who is {Q} with?", "Is {Q} in a relationship?"],
    ("pet", "now", "self"): ["What pet do I have now?", "What's my pet called these days?",
                             "Do I still have {old}?"],
    ("pet", "now", "other"): ["What pet does {Q} have now?", "What's the name of {Q}'s pet these days?"],
    ("pet", "past", "self"): ["Which pet did I have in {period}?"],
    ("pet", "past", "other"): ["What was {Q}'s pet called in {period}?"],
    ("pet", "as_of", "self"): ["What pet do I have?"],
    ("pet", "as_of", "other"): ["What's {Q}'s pet called?"],
    ("diet", "now", "self"): ["What diet am I on now?", "What do I eat these days?", "Am I still {old}?"],
    ("diet", "now", "other"): ["What diet is {Q} following now?", "Is {Q} still {old}?"],
    ("diet", "past", "self"): ["What was I eating in {period}, diet-wise?", "Was I vegetarian or vegan in {period}?"],
    ("diet", "past", "other"): ["What diet was {Q} on in {period}?"],
    ("diet", "as_of", "self"): ["Do I have any dietary restrictions?"],
    ("diet", "as_of", "other"): ["What does {Q} eat?"],
    ("school", "now", "self"): ["What am I studying at the moment?", "Which course am I taking now?"],
    ("school", "now", "other"): ["What is {Q} studying now?", "Which course is {Q} doing these days?"],
    ("school", "past", "self"): ["What course was I doing in {period}?"],
    ("school", "past", "other"): ["What was {Q} studying in {period}?"],
    ("school", "as_of", "self"): ["What am I studying?"],
    ("school", "as_of", "other"): ["What is {Q} studying?"],
    ("hobby", "now", "self"): ["What's my hobby these days?", "What do I do for fun now?"],
    ("hobby", "now", "other"): ["What is {Q} into these days?", "What's {Q}'s hobby now?"],
    ("hobby", "past", "self"): ["What was my hobby in {period}?", "What did I do for fun in {period}?"],
    ("hobby", "past", "other"): ["What hobby was {Q} into in {period}?"],
    ("hobby", "as_of", "self"): ["What's my hobby?"],
    ("hobby", "as_of", "other"): ["What does {Q} do for fun?"],
}

RELATIVE_SELF = ["What did I tell you {rel} about {topic}?", "What did I say about {topic} {rel}?",
                 "Remind me what I said {rel} about {topic}.", "What was my update on {topic} {rel}?"]
RELATIVE_NAMED = ["What did {user} tell me {rel} about {topic}?", "What did {user} say {rel} about {topic}?"]
