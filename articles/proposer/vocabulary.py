"""The words the proposer reads news copy with: titles, the heads that make a name an
organisation, a place or an event, countries and their adjectives, and the capitalised words
that are not names (sentence starts, months, weekdays).

Lists, not a model: every decision the proposer makes can be traced to a word here, and a word
a desk needs is one line to add. The mention linker reads `NOT_GIVEN_NAMES` too, to tell a
known person's surname from a namesake's ("Viktor Lukashenko" is not Alexander Lukashenko).
"""

MONTHS = frozenset(
    "January February March April May June July August September October November December".split()
)
WEEKDAYS = frozenset("Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split())

# Titles and honorifics written before a name ("Kyrgyz Foreign Minister Jeenbek Kulubaev").
PERSON_TITLES = frozenset(
    """
    President Vice Prime Minister Deputy Secretary General Chairman Chairwoman Chairperson
    Chair Head Director Ambassador Governor Mayor Speaker Chief Executive Rector Professor
    Dr Mr Mrs Ms Coach Senator Commander Envoy Representative Spokesman Spokeswoman
    Spokesperson Adviser Advisor Aide Assistant King Queen Prince Princess Emir Sheikh Sultan
    Patriarch Mufti Imam Judge Prosecutor Marshal Colonel Major Lieutenant Captain Admiral
    Commissioner Chancellor Premier Hokim Akim Manager Founder Editor Academician Ombudsman
    Doctor
    """.split()
)
# Words that sit inside a title without being one ("Foreign Minister", "Country Director").
TITLE_MODIFIERS = frozenset(
    """
    First Foreign Defence Defense Finance Economy Economic Trade Energy Interior Culture
    Health Education Agriculture Transport Justice Emergencies Labour Labor Digital Water
    Investment Investments Industry Sports Tourism Ecology Environment Construction Affairs
    Acting Former Senior Managing Country Regional Special Permanent Presidential Board
    Press Security State National Federal Supreme Honorary
    """.split()
)
TITLE_WORDS = PERSON_TITLES | TITLE_MODIFIERS

# Nouns of a person, in lower case, before a name or after it in an apposition: "Uzbek
# diplomat Ilhom Nematov"; "Yury Ushakov, an aide to the President of Russia".
ROLE_NOUNS = frozenset(
    """
    president minister deputy secretary chairman chairwoman chair head director ambassador
    governor mayor speaker chief rector professor coach senator commander envoy
    representative spokesman spokeswoman spokesperson adviser advisor aide assistant
    commissioner chancellor manager founder editor member leader official officer diplomat
    engineer student musician singer akyn poet writer journalist scientist teacher doctor
    athlete runner player champion lawyer economist analyst expert businessman
    businesswoman entrepreneur farmer owner researcher specialist artist composer actor
    general colonel ceo chairperson executive judge prosecutor mufti imam khokim hokim akim
    physician surgeon nurse pilot architect historian archaeologist linguist sculptor painter
    photographer filmmaker producer novelist blogger activist volunteer investor banker
    ombudsman rapporteur negotiator envoy correspondent anchor host curator conductor
    """.split()
)
# Nouns that say "a person" without being a post: a signal, never a title.
PERSON_NOUNS = frozenset(
    """
    namesake son daughter wife husband brother sister mother father resident native citizen
    veteran winner graduate relative colleague friend
    """.split()
)

ORGANIZATION_HEADS = frozenset(
    """
    Bank Fund Council Committee Commission Ministry Agency Organization Organisation Union
    Company Corporation Association Parliament Assembly Institute Service Party Authority
    Foundation Academy University College School Club Airways Airlines Group Holding Bureau
    Court Chamber Senate Duma Majlis Kenesh Inspectorate Directorate Secretariat Railways
    Exchange Commonwealth Administration Alliance Society Federation Cabinet Government
    Department Office Centre Center Network Initiative Programme Partnership Council
    """.split()
)
PLACE_HEADS = {
    "Airport": "airport",
    "Square": "venue",
    "Avenue": "venue",
    "Street": "venue",
    "Station": "venue",
    "Palace": "venue",
    "Park": "venue",
    "Hall": "venue",
    "Stadium": "venue",
    "Arena": "venue",
    "Monument": "venue",
    "Memorial": "venue",
    "Observatory": "venue",
    "Mausoleum": "venue",
    "Museum": "venue",
    "Theatre": "venue",
    "Theater": "venue",
    "Mosque": "venue",
    "Cathedral": "venue",
    "Madrasah": "venue",
    "Hotel": "venue",
    "Bridge": "venue",
    "Port": "venue",
    "Residence": "residence",
    "City": "city",
    "Region": "region",
    "Province": "region",
    "Oblast": "region",
    "District": "region",
    "Valley": "region",
    "River": "region",
    "Lake": "region",
    "Sea": "region",
    "Mountains": "region",
    "Desert": "region",
    "Island": "region",
}
EVENT_HEADS = {
    "Summit": "summit",
    "Forum": "conference",
    "Conference": "conference",
    "Congress": "conference",
    "Festival": "ceremony",
    "Games": "ceremony",
    "Olympiad": "ceremony",
    "Marathon": "ceremony",
    "Championship": "ceremony",
    "Exhibition": "conference",
    "Expo": "conference",
    "Week": "conference",
}
# Lower-case words after a name that say what it names: "Novo-Ogarevo residence", "the
# Kazakh Invest national company". Kept with the name where they are part of it ("the Dostyk
# canal"), dropped where they are a kind ("Novo-Ogarevo residence" is Novo-Ogarevo).
PLACE_DESCRIPTORS = {
    "residence": ("residence", False),
    "reservoir": ("region", True),
    "canal": ("region", True),
    "river": ("region", True),
    "lake": ("region", True),
    "plant": ("venue", False),
    "district": ("region", False),
    "region": ("region", False),
    "village": ("city", False),
    "airport": ("airport", True),
}
ORGANIZATION_DESCRIPTORS = frozenset(
    "company bank airline carrier agency fund holding corporation group".split()
)
DESCRIPTOR_ADJECTIVES = frozenset("national state state-owned joint-stock private".split())

# Prepositions before a place: "in Termez", "near Osh", "flights to Bukhara".
PLACE_PREPOSITIONS = frozenset("in at to from near outside via towards into across between".split())
# Lower-case words that may join the words of one name: "Ministry of Culture", "Bank for
# Reconstruction and Development"; "and" only inside an "of"/"for" phrase.
CONNECTORS = frozenset("of for and the".split())
NAME_PARTICLES = frozenset("de van von bin ibn al el da di du le la ter".split())

# Countries the proposer knows without the database: they are never proposed, and they are
# what "Kyrgyz", "Uzbekistan’s" or "of the Republic of Uzbekistan" say about a person.
COUNTRIES = {
    name: name
    for name in """
    Afghanistan Armenia Azerbaijan Belarus China Egypt France Georgia Germany Hungary India
    Iran Iraq Israel Italy Japan Kazakhstan Korea Kyrgyzstan Latvia Lithuania Estonia
    Moldova Mongolia Pakistan Poland Qatar Russia Serbia Spain Syria Tajikistan Turkey
    Turkmenistan Ukraine Uzbekistan Kuwait Oman Bahrain Indonesia Malaysia Vietnam Canada
    Brazil Mexico Austria Switzerland Sweden Norway Finland Denmark Greece Bulgaria Romania
    Slovakia Czechia Belgium Netherlands Portugal Ireland Cuba Venezuela Argentina Chile
    Nigeria Ethiopia Kenya Algeria Morocco Tunisia Libya Jordan Lebanon Thailand Singapore
    Philippines Bangladesh Nepal Australia
    """.split()
}
COUNTRIES.update(
    {
        "Russian Federation": "Russia",
        "Republic of Uzbekistan": "Uzbekistan",
        "Republic of Kazakhstan": "Kazakhstan",
        "Republic of Tajikistan": "Tajikistan",
        "Republic of Belarus": "Belarus",
        "Republic of Armenia": "Armenia",
        "Republic of Azerbaijan": "Azerbaijan",
        "Kyrgyz Republic": "Kyrgyzstan",
        "South Korea": "South Korea",
        "Republic of Korea": "South Korea",
        "North Korea": "North Korea",
        "United States": "United States",
        "United States of America": "United States",
        "United Kingdom": "United Kingdom",
        "United Arab Emirates": "United Arab Emirates",
        "Saudi Arabia": "Saudi Arabia",
        "Czech Republic": "Czechia",
        "New Zealand": "New Zealand",
        "South Africa": "South Africa",
    }
)
DEMONYMS = {
    "Russian": "Russia",
    "Uzbek": "Uzbekistan",
    "Kazakh": "Kazakhstan",
    "Kazakhstani": "Kazakhstan",
    "Kyrgyz": "Kyrgyzstan",
    "Tajik": "Tajikistan",
    "Turkmen": "Turkmenistan",
    "Azerbaijani": "Azerbaijan",
    "Armenian": "Armenia",
    "Belarusian": "Belarus",
    "Georgian": "Georgia",
    "Moldovan": "Moldova",
    "Ukrainian": "Ukraine",
    "Chinese": "China",
    "Indian": "India",
    "American": "United States",
    "British": "United Kingdom",
    "German": "Germany",
    "French": "France",
    "Turkish": "Turkey",
    "Iranian": "Iran",
    "Afghan": "Afghanistan",
    "Pakistani": "Pakistan",
    "Korean": "South Korea",
    "Japanese": "Japan",
    "Italian": "Italy",
    "Mongolian": "Mongolia",
    "Saudi": "Saudi Arabia",
    "Qatari": "Qatar",
    "Egyptian": "Egypt",
    "Israeli": "Israel",
    "Polish": "Poland",
    "Hungarian": "Hungary",
    "Serbian": "Serbia",
    "Latvian": "Latvia",
    "Lithuanian": "Lithuania",
    "Estonian": "Estonia",
    "Spanish": "Spain",
}
# Adjectives that begin names without being a country's ("Eurasian Development Bank").
NAME_ADJECTIVES = frozenset(
    """
    Eurasian Asian European African Arab Central Northern Southern Eastern Western North
    South East West Great Greater International Intergovernmental Interparliamentary
    Islamic Global World Supreme Civil Olympic Independent
    """.split()
)

# Capitalised words that start sentences and headlines but name nobody.
COMMON_WORDS = frozenset(
    """
    The A An On In At After Before During He She They It This That These Those We I You His
    Her Their Our Its As But And Also However Meanwhile Earlier Later Thus Additionally
    Notably According Upon When While Since Last Next Several Some Many Both Each Every
    Speaking Yesterday Today Tonight Tomorrow Then There Here Now So Yet Still Although
    Though If Because For From With Without By Of To Under Over Between Among Against About
    Despite Following Ahead Amid Around Across Second Third Fourth Fifth First Finally Later
    Moreover Furthermore Indeed Instead Otherwise Overall Recently Currently Previously
    Initially Separately Similarly Likewise Nevertheless Nonetheless Besides Therefore Hence
    Such What Which Who Whose Where Why How All Most Other Another No Not Only Just Even
    Well Yes Over Via Per Its Mr Mrs Ms Dr Live All Photo Video Read More Source Note
    """.split()
)
# Words capitalised in copy that are the desk's own, never a name: the sections (the
# Section table adds the desk's current ones at run time).
SECTION_WORDS = frozenset(
    "World Politics Business Economy Sport Sports Culture Society Opinion Technology".split()
)

# Words after a name that say a person did something: "Kulubaev told reporters".
SPEECH_VERBS = frozenset(
    """
    said says told noted stated added remarked emphasized emphasised stressed explained
    announced proposed thanked presented spoke met arrived visited signed read performed
    welcomed congratulated urged called praised warned declared confirmed wrote asked
    replied answered recalled believes won finished ran chaired opened attended laid
    expressed underlined pointed reported handed received departed
    """.split()
)

# A given name before a known person's surname makes a namesake (articles/linker.py); these
# capitalised words before a surname are not given names.
NOT_GIVEN_NAMES = (
    PERSON_TITLES
    | TITLE_MODIFIERS
    | COMMON_WORDS
    | MONTHS
    | WEEKDAYS
    | frozenset(DEMONYMS)
    | frozenset(COUNTRIES)
    | NAME_ADJECTIVES
)
