"""A compact place gazetteer: countries, US states, regions and the cities people chat about.

Hand-written rather than a geonames dump (~190 MB installed) because chat mentions a few hundred
places, and a small list keeps person names such as "Austin" or "Victoria" from being swallowed by
obscure towns. Keys are casefolded names, one per line or separated by "|".
"""

from __future__ import annotations

_COUNTRIES = """afghanistan|albania|algeria|andorra|angola|argentina|armenia|australia|austria|
azerbaijan|bahamas|bahrain|bangladesh|barbados|belarus|belgium|belize|benin|bhutan|bolivia|
bosnia|botswana|brazil|brunei|bulgaria|burkina faso|burundi|cambodia|cameroon|canada|cape verde|
chile|china|colombia|congo|costa rica|croatia|cuba|cyprus|czech republic|czechia|denmark|djibouti|
dominican republic|ecuador|egypt|el salvador|england|eritrea|estonia|eswatini|ethiopia|fiji|
finland|france|gabon|gambia|georgia|germany|ghana|great britain|greece|greenland|grenada|
guatemala|guinea|guyana|haiti|honduras|hong kong|hungary|iceland|india|indonesia|iran|iraq|
ireland|israel|italy|ivory coast|jamaica|japan|jordan|kazakhstan|kenya|korea|south korea|
north korea|kosovo|kuwait|kyrgyzstan|laos|latvia|lebanon|lesotho|liberia|libya|liechtenstein|
lithuania|luxembourg|madagascar|malawi|malaysia|maldives|mali|malta|mauritania|mauritius|mexico|
moldova|monaco|mongolia|montenegro|morocco|mozambique|myanmar|burma|namibia|nepal|netherlands|
holland|new zealand|nicaragua|niger|nigeria|north macedonia|norway|oman|pakistan|palestine|
panama|papua new guinea|paraguay|peru|philippines|poland|portugal|puerto rico|qatar|romania|
russia|rwanda|samoa|san marino|saudi arabia|scotland|senegal|serbia|seychelles|sierra leone|
singapore|slovakia|slovenia|somalia|south africa|south sudan|spain|sri lanka|sudan|suriname|
sweden|switzerland|syria|taiwan|tajikistan|tanzania|thailand|tibet|togo|tonga|trinidad|tunisia|
turkey|turkmenistan|uganda|ukraine|united arab emirates|united kingdom|united states|
united states of america|america|uruguay|uzbekistan|vanuatu|vatican|venezuela|vietnam|wales|
yemen|zambia|zimbabwe|usa|uk|uae|us"""

_US_STATES = """alabama|alaska|arizona|arkansas|california|colorado|connecticut|delaware|florida|
hawaii|idaho|illinois|indiana|iowa|kansas|kentucky|louisiana|maine|maryland|massachusetts|
michigan|minnesota|mississippi|missouri|montana|nebraska|nevada|new hampshire|new jersey|
new mexico|new york|north carolina|north dakota|ohio|oklahoma|oregon|pennsylvania|rhode island|
south carolina|south dakota|tennessee|texas|utah|vermont|virginia|washington|west virginia|
wisconsin|wyoming|ontario|quebec|british columbia|alberta|bavaria|catalonia|tuscany|provence|
normandy|andalusia|sicily|sardinia|bali|hokkaido|queensland|new south wales|patagonia|yucatan"""

_REGIONS = """africa|asia|europe|antarctica|north america|south america|latin america|oceania|
middle east|scandinavia|caribbean|mediterranean|balkans|siberia|sahara|himalayas|alps|andes|
rockies|rocky mountains|appalachians|midwest|pacific northwest|new england|east coast|west coast|
gulf coast|deep south|bay area|silicon valley|outback|amazon rainforest|great lakes|
grand canyon|yosemite|yellowstone|everest|mount everest|kilimanjaro|niagara falls|lake tahoe|
central park|times square|golden gate bridge|eiffel tower|big sur|napa valley|the hamptons|
cliffs of moher|highlands|lake district|cotswolds|riviera|french riviera|amalfi coast|
smoky mountains|great smoky mountains|blue ridge mountains|grand teton|zion|joshua tree|
death valley|mojave|hollywood|brooklyn|manhattan|queens|bronx|harlem|soho|nyc|la|sf|dc"""

_CITIES = """new york city|los angeles|chicago|houston|phoenix|philadelphia|san antonio|san diego|
dallas|san jose|austin|jacksonville|fort worth|columbus|charlotte|san francisco|indianapolis|
seattle|denver|washington dc|boston|el paso|nashville|detroit|oklahoma city|portland|las vegas|
memphis|louisville|baltimore|milwaukee|albuquerque|tucson|fresno|sacramento|kansas city|mesa|
atlanta|omaha|colorado springs|raleigh|miami|long beach|virginia beach|oakland|minneapolis|
tulsa|tampa|arlington|new orleans|wichita|cleveland|bakersfield|aurora|anaheim|honolulu|
santa ana|riverside|corpus christi|lexington|stockton|henderson|saint paul|st paul|st louis|
saint louis|cincinnati|pittsburgh|greensboro|anchorage|plano|lincoln|orlando|irvine|newark|
toledo|durham|chula vista|fort wayne|jersey city|st petersburg|laredo|madison|chandler|buffalo|
lubbock|scottsdale|reno|glendale|gilbert|winston-salem|norfolk|chesapeake|garland|irving|
hialeah|fremont|boise|richmond|baton rouge|spokane|des moines|tacoma|san bernardino|modesto|
fontana|santa clarita|birmingham|oxnard|fayetteville|rochester|salt lake city|providence|
hartford|savannah|charleston|knoxville|ann arbor|berkeley|palo alto|santa monica|santa barbara|
santa fe|key west|aspen|boulder|burlington|cambridge|princeton|new haven|syracuse|albany|
asheville|chattanooga|pasadena|malibu|sedona|napa|myrtle beach|palm springs|miami beach|
fort lauderdale|tallahassee|gainesville|tempe|eugene|juneau|toronto|montreal|vancouver|calgary|
ottawa|edmonton|winnipeg|quebec city|halifax|victoria|mexico city|cancun|guadalajara|monterrey|
tijuana|havana|san juan|kingston|bogota|medellin|lima|quito|santiago|buenos aires|montevideo|
rio de janeiro|rio|sao paulo|brasilia|caracas|london|manchester|liverpool|leeds|bristol|oxford|
edinburgh|glasgow|cardiff|belfast|dublin|galway|cork|paris|lyon|marseille|nice|bordeaux|
toulouse|strasbourg|lille|berlin|munich|hamburg|frankfurt|cologne|stuttgart|dusseldorf|dresden|
leipzig|heidelberg|vienna|salzburg|zurich|geneva|bern|basel|lucerne|amsterdam|rotterdam|
the hague|utrecht|brussels|antwerp|bruges|ghent|luxembourg city|copenhagen|stockholm|oslo|
bergen|helsinki|reykjavik|madrid|barcelona|valencia|seville|malaga|granada|bilbao|ibiza|
mallorca|lisbon|porto|rome|milan|naples|turin|florence|venice|bologna|verona|pisa|genoa|athens|
santorini|mykonos|crete|istanbul|ankara|prague|budapest|warsaw|krakow|bucharest|sofia|belgrade|
zagreb|dubrovnik|split|ljubljana|bratislava|tallinn|riga|vilnius|kyiv|kiev|moscow|
saint petersburg|minsk|cairo|alexandria|marrakech|casablanca|tunis|lagos|abuja|accra|nairobi|
addis ababa|johannesburg|cape town|durban|dar es salaam|zanzibar|kampala|kigali|dubai|abu dhabi|
doha|riyadh|jeddah|tel aviv|jerusalem|beirut|amman|tehran|baghdad|karachi|lahore|islamabad|delhi|
new delhi|mumbai|bangalore|bengaluru|chennai|kolkata|hyderabad|pune|goa|jaipur|agra|kathmandu|
dhaka|colombo|bangkok|chiang mai|phuket|hanoi|ho chi minh city|saigon|phnom penh|singapore|
kuala lumpur|jakarta|manila|cebu|beijing|shanghai|guangzhou|shenzhen|chengdu|wuhan|xian|
hong kong|macau|taipei|seoul|busan|tokyo|osaka|kyoto|yokohama|nagoya|sapporo|hiroshima|okinawa|
sydney|melbourne|brisbane|perth|adelaide|canberra|auckland|wellington|christchurch|queenstown|
hobart|darwin|fiji|tahiti|maui|oahu|kauai|hawaii"""


# Towns and cities of the English-speaking countries people chat from, beyond the big ones above
# ("moved to York", "relocated to Noida"), by country. Words of the dictionary ("Reading", "Bath",
# "Mobile") are left out: capitalised at a sentence's start they are words far more often.
_MORE_CITIES = """united kingdom: york|sheffield|nottingham|leicester|newcastle|sunderland|brighton|southampton|portsmouth|
plymouth|exeter|norwich|coventry|wolverhampton|cheltenham|gloucester|worcester|hereford|shrewsbury|chester|
lancaster|preston|blackpool|bolton|wigan|stockport|salford|bradford|huddersfield|wakefield|harrogate|whitby|
scarborough|hull|kingston upon hull|carlisle|canterbury|dover|margate|hastings|eastbourne|milton keynes|luton|watford|st albans|
ipswich|colchester|chelmsford|peterborough|northampton|swindon|guildford|croydon|aberdeen|dundee|inverness|
stirling|st andrews|swansea|newport|bournemouth|poole|torquay|truro|penzance|falmouth|leamington spa|
warwick|stratford-upon-avon|kendal|middlesbrough|darlington|gateshead|derry|bangor|aberystwyth|wrexham
ireland: waterford|kilkenny|sligo|killarney
australia: geelong|ballarat|bendigo|wollongong|gold coast|sunshine coast|cairns|townsville|toowoomba|
launceston|fremantle|newcastle|byron bay|alice springs
new zealand: dunedin|tauranga|napier|rotorua|nelson|hamilton
india: noida|gurgaon|gurugram|lucknow|kochi|cochin|ahmedabad|surat|indore|bhopal|chandigarh|mysore|mysuru|
coimbatore|thiruvananthapuram|trivandrum|kanpur|nagpur|patna|visakhapatnam|vizag|madurai|varanasi|amritsar|
dehradun|ranchi|bhubaneswar|guwahati|vadodara|nashik|thane|navi mumbai|mangalore|udaipur|jodhpur|shimla|
rishikesh|kolhapur|ernakulam|calicut|kozhikode
canada: saskatoon|regina|kitchener|waterloo|kelowna|st john's|fredericton|moncton|charlottetown|whitehorse|
yellowknife|banff
united states: salem|olympia|provo|ogden|billings|bozeman|missoula|cheyenne|fargo|sioux falls|topeka|
little rock|jackson|montgomery|greenville|chapel hill|wilmington|annapolis|trenton|hoboken|the bronx|
staten island|evanston|naperville|green bay|grand rapids|lansing|dayton|akron|erie|scranton|allentown|
worcester|springfield|new bedford|cape cod|nantucket|martha's vineyard|bar harbor"""

# The cities above by country, for questions that name the country of a city the user spoke
# of ("moving to Germany" → Berlin). Each line: country: its cities. The US cities are the rest
# of _CITIES (see cities_in).
_COUNTRY_CITIES = """canada: toronto|montreal|vancouver|calgary|ottawa|edmonton|winnipeg|quebec city|halifax|victoria
mexico: mexico city|cancun|guadalajara|monterrey|tijuana
cuba: havana
puerto rico: san juan
jamaica: kingston
colombia: bogota|medellin
peru: lima
ecuador: quito
chile: santiago
argentina: buenos aires
uruguay: montevideo
brazil: rio de janeiro|rio|sao paulo|brasilia
venezuela: caracas
united kingdom: london|manchester|liverpool|leeds|bristol|oxford|edinburgh|glasgow|cardiff|belfast|
cambridge|birmingham
england: london|manchester|liverpool|leeds|bristol|oxford|cambridge|birmingham
scotland: edinburgh|glasgow
wales: cardiff
ireland: dublin|galway|cork
france: paris|lyon|marseille|nice|bordeaux|toulouse|strasbourg|lille
germany: berlin|munich|hamburg|frankfurt|cologne|stuttgart|dusseldorf|dresden|leipzig|heidelberg
austria: vienna|salzburg
switzerland: zurich|geneva|bern|basel|lucerne
netherlands: amsterdam|rotterdam|the hague|utrecht
belgium: brussels|antwerp|bruges|ghent
luxembourg: luxembourg city
denmark: copenhagen
sweden: stockholm
norway: oslo|bergen
finland: helsinki
iceland: reykjavik
spain: madrid|barcelona|valencia|seville|malaga|granada|bilbao|ibiza|mallorca
portugal: lisbon|porto
italy: rome|milan|naples|turin|florence|venice|bologna|verona|pisa|genoa
greece: athens|santorini|mykonos|crete
turkey: istanbul|ankara
czech republic: prague
hungary: budapest
poland: warsaw|krakow
romania: bucharest
bulgaria: sofia
serbia: belgrade
croatia: zagreb|dubrovnik|split
slovenia: ljubljana
slovakia: bratislava
estonia: tallinn
latvia: riga
lithuania: vilnius
ukraine: kyiv|kiev
russia: moscow|saint petersburg
belarus: minsk
egypt: cairo|alexandria
morocco: marrakech|casablanca
tunisia: tunis
nigeria: lagos|abuja
ghana: accra
kenya: nairobi
ethiopia: addis ababa
south africa: johannesburg|cape town|durban
tanzania: dar es salaam|zanzibar
uganda: kampala
rwanda: kigali
united arab emirates: dubai|abu dhabi
qatar: doha
saudi arabia: riyadh|jeddah
israel: tel aviv|jerusalem
lebanon: beirut
iran: tehran
iraq: baghdad
pakistan: karachi|lahore|islamabad
india: delhi|new delhi|mumbai|bangalore|bengaluru|chennai|kolkata|hyderabad|pune|goa|jaipur|agra
nepal: kathmandu
bangladesh: dhaka
sri lanka: colombo
thailand: bangkok|chiang mai|phuket
vietnam: hanoi|ho chi minh city|saigon
cambodia: phnom penh
malaysia: kuala lumpur
indonesia: jakarta|bali
philippines: manila|cebu
china: beijing|shanghai|guangzhou|shenzhen|chengdu|wuhan|xian|hong kong|macau
taiwan: taipei
south korea: seoul|busan
korea: seoul|busan
japan: tokyo|osaka|kyoto|yokohama|nagoya|sapporo|hiroshima|okinawa|hokkaido
australia: sydney|melbourne|brisbane|perth|adelaide|canberra|hobart|darwin
new zealand: auckland|wellington|christchurch|queenstown
singapore: singapore
fiji: fiji
french polynesia: tahiti"""
# Other names of a country in the table above.
# ("us" is left out: in a question it is far more often the pronoun; "Jordan" too, as a name).
_COUNTRY_NAMES = {"usa": "united states", "america": "united states",
                  "united states of america": "united states", "uk": "united kingdom",
                  "great britain": "united kingdom", "britain": "united kingdom", "czechia": "czech republic",
                  "holland": "netherlands", "uae": "united arab emirates"}


def _parse(block: str) -> frozenset[str]:
    return frozenset(p.strip() for p in block.replace("\n", "").split("|") if p.strip())


COUNTRIES = _parse(_COUNTRIES)
_MORE_BY_COUNTRY = {country.strip(): _parse(cities) for country, cities in
                    (line.split(":") for line in _MORE_CITIES.replace("|\n", "|").splitlines())}
PLACES: frozenset[str] = (COUNTRIES | _parse(_US_STATES) | _parse(_REGIONS) | _parse(_CITIES)
                          | frozenset().union(*_MORE_BY_COUNTRY.values()))
# Longest place name in tokens: bounds the gazetteer look-up window.
MAX_PLACE_TOKENS = max(len(p.split()) for p in PLACES)

_BY_COUNTRY = {country.strip(): _parse(cities) for country, cities in
               (line.split(":") for line in _COUNTRY_CITIES.replace("|\n", "|").splitlines())}
_BY_COUNTRY["united states"] = _parse(_CITIES) - frozenset().union(*_BY_COUNTRY.values())
for _country, _cities in _MORE_BY_COUNTRY.items():
    _BY_COUNTRY[_country] = _BY_COUNTRY.get(_country, frozenset()) | _cities


CITIES = frozenset().union(*_BY_COUNTRY.values())  # the gazetteer's cities, of every country


def cities_in(country: str) -> frozenset[str]:
    """The gazetteer's cities in a country, by any of its names ("Germany", "the UK"); none for
    anything else."""
    key = " ".join(country.lower().split()).removeprefix("the ")
    return _BY_COUNTRY.get(_COUNTRY_NAMES.get(key, key), frozenset())


# Languages and nationalities: typed as concepts when they stand alone ("learning Spanish").
LANGUAGES = frozenset(
    """english spanish french german italian portuguese dutch swedish norwegian danish finnish
    polish russian ukrainian greek turkish arabic hebrew persian hindi urdu bengali punjabi tamil
    chinese mandarin cantonese japanese korean vietnamese thai indonesian tagalog swahili latin
    irish scottish welsh british american canadian mexican brazilian australian european asian
    african indian pakistani nigerian egyptian israeli cuban colombian peruvian argentinian
    chilean swiss austrian belgian czech hungarian romanian serbian croatian icelandic filipino
    midwestern southern northern eastern western""".split()
)
