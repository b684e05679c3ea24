"""Small word lists the entity rules consult: titles, name orders, places the small model mistypes.

Kept in Python rather than data files so they ship with the package without packaging rules and
load at import with no I/O. Every list is deliberately short: it covers the errors the small
spaCy model makes most often on international news, not the world.
"""

from __future__ import annotations

# Family names written first in romanised Korean, Chinese and Vietnamese names ("Choe Son Hui",
# "Xi Jinping", "Nguyen Van An").
EAST_ASIAN_SURNAMES = frozenset(
    """
    kim lee yi ri rhee park pak choe choi cho jo jung chung jeong kang kwon han hong hwang
    yoon yun jang chang lim im shin sin ahn an oh song moon mun ryu yoo yu ko koh seo suh nam
    noh roh baek paek jeon chun jon heo ha kwak sohn son bae ju joo ji yang yeo hyun hyon kye
    xi li wang zhang liu chen zhao wu zhou xu sun ma hu guo lin gao luo zheng liang xie tang
    deng feng cao peng zeng xiao tian dong pan yuan cai jiang du ye cheng wei su lu ding ren
    qin qian hou shi bai mao zhu
    nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly
    """.split()
)

# Of those, the ones that are also common Western given or family names: a two-token name
# starting with one of them ("Kim Clijsters", "Lee Anderson") is read Western unless the second
# token is hyphenated ("Lee Jae-myung"); three-token names are read East Asian.
AMBIGUOUS_SURNAMES = frozenset(
    """
    kim lee an ha ma hu lin song moon han chang ko shi ju bai sun lu ye su li yang du ren
    le do ho ly vo vu
    """.split()
)

# Words that head a title or role in front of, or in apposition to, a person's name.
TITLE_HEADS = frozenset(
    """
    president presidents minister ministers secretary secretaries leader leaders chairman
    chairwoman chairperson chair premier chancellor king queen prince princess emperor pope
    senator sen. rep. representative governor mayor ambassador envoy spokesman spokeswoman
    spokesperson aide adviser advisor official officials officer director ceo cfo coo founder
    co-founder executive general gen. adm. admiral marshal marshals colonel col. lt. captain
    capt. commander chief head judge justice prosecutor attorney diplomat counterpart lawmaker
    legislator deputy vice-president vice-chairman speaker analyst analysts professor dr.
    sheikh crown emir sultan ayatollah cardinal bishop rabbi imam anchor correspondent
    editor reporter columnist economist researcher scientist expert spokesmen coach
    father mother son daughter brother sister wife husband uncle aunt grandfather grandson
    widow successor predecessor
    """.split()
)

# Lower-case modifiers that may sit inside a title ("deputy foreign minister", "top envoy").
TITLE_MODIFIERS = frozenset(
    """
    foreign defense defence interior finance trade justice health prime vice deputy acting
    former senior top chief first state national security military policy party ruling
    navy army air force general executive managing assistant associate special presidential
    economic energy unification science education culture labor labour home affairs public
    opposition supreme high foreign-policy news intelligence
    """.split()
)

# Forms of address: not roles ("Mr. Kihara" says nothing about what Kihara does).
HONORIFICS = frozenset("mr. mrs. ms. mr mrs ms miss mx. madam".split())

# Tokens that look like names but are titles when a PERSON span starts with them.
NAME_TITLE_PREFIXES = TITLE_HEADS | HONORIFICS | frozenset(
    """
    foreign defense defence deputy vice prime interior finance state navy army air
    """.split()
)

# Org designators: a capitalised span ending with one of these is an organisation, not a person.
ORG_WORDS = frozenset(
    """
    corporation corp. corp inc. inc co. company group university bank motors electronics
    agency ministry party army navy committee council assembly association institute
    foundation service news times post press network airlines holdings
    """.split()
)

# Last words of names of events, which the small model types ORG ("Worldwide Developers
# Conference", "Asia-Pacific Economic Cooperation summit"): events are not actors.
EVENT_HEADS = frozenset(
    "conference summit olympics games expo festival championship championships war".split()
)

# Places the small model often types as PERSON or ORG.
PLACES = {
    "kyiv": "GPE", "kiev": "GPE", "kharkiv": "GPE", "odesa": "GPE", "odessa": "GPE",
    "donetsk": "GPE", "luhansk": "GPE", "crimea": "GPE", "gaza": "GPE", "seoul": "GPE",
    "pyongyang": "GPE", "moscow": "GPE", "beijing": "GPE", "tokyo": "GPE", "taipei": "GPE",
    "tehran": "GPE", "damascus": "GPE", "riyadh": "GPE", "ankara": "GPE", "minsk": "GPE",
    "vladivostok": "GPE", "guam": "GPE", "najin": "GPE", "rason": "GPE",
}

# Nouns only a state has ("X's foreign ministry", "X's embassy", "X's northern border"): a name
# that owns or modifies one is a place. Words companies or parties share ("leader",
# "officials", "president", "forces") are left out on purpose.
STATE_NOUNS = frozenset(
    """
    embassy embassies consulate ministry ministries parliament border borders
    territory territories coast coastline coastguard
    """.split()
)

# Nouns a state has but a leader may own too ("the Meloni government", "Putin's foreign
# minister", "Trump's ambassador"): a weaker place cue.
STATE_OR_LEADER_NOUNS = frozenset(
    """
    government governments minister ministers military ambassador ambassadors counterpart
    counterparts
    """.split()
)

# Lemmas that make "to X" / "from X" a destination or origin: "flew to X", "a trip to X",
# "returned from X". Not "told to" or "a letter from", which people get.
TRAVEL_WORDS = frozenset(
    """
    travel go come return fly head move flee arrive depart deploy deport trip visit journey bring
    flight route road way drive sail cross escape evacuate relocate emigrate immigrate
    """.split()
)

# Lemmas of trade and shipment: "sent shells to X", "imports from X". X is then a country or a
# company, not a person, so these only count against PERSON.
TRADE_WORDS = frozenset(
    """
    send ship export import deliver supply sell smuggle transfer receive buy shipment delivery
    sale arms weapon shell missile
    """.split()
)

# News outlets and agencies the small model types as GPE or PERSON ("interview with Bloomberg").
ORGANISATIONS = frozenset(
    """
    bloomberg reuters tass ria yonhap kcna xinhua afp ap cnn bbc nhk kyodo interfax rodong
    """.split()
)

# Demonyms the small model sometimes types as GPE ("Ukrainian territory").
NORP_SUFFIXES = ("ian", "ean", "ese", "ish", "ic", "i")

# Words that are never names although capitalised at sentence start or in headlines.
NOT_NAMES = frozenset(
    """
    story continues leave reply comment visit read share image photo video advertisement
    """.split()
)

# Name suffixes that do not carry the family name ("Martin Luther King Jr.").
NAME_SUFFIXES = frozenset("jr. jr sr. sr ii iii iv".split())

# Particles that belong to the family name in Western names ("Ursula von der Leyen").
NAME_PARTICLES = frozenset("von van der den de del della da di du la le bin ibn al el".split())

__all__ = [
    "AMBIGUOUS_SURNAMES",
    "EAST_ASIAN_SURNAMES",
    "EVENT_HEADS",
    "HONORIFICS",
    "NAME_PARTICLES",
    "NAME_SUFFIXES",
    "NAME_TITLE_PREFIXES",
    "NORP_SUFFIXES",
    "NOT_NAMES",
    "ORGANISATIONS",
    "ORG_WORDS",
    "PLACES",
    "STATE_NOUNS",
    "STATE_OR_LEADER_NOUNS",
    "TITLE_HEADS",
    "TITLE_MODIFIERS",
    "TRADE_WORDS",
    "TRAVEL_WORDS",
]
