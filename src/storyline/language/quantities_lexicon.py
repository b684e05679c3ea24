"""Words the quantity reader knows: number words, scales, approximators, currencies, units."""

from __future__ import annotations

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "dozen": 12.0, "k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "bn": 1e9, "b": 1e9,
    "bln": 1e9, "tn": 1e12, "trn": 1e12,
}
# Plural scale words read as "at least this many": "hundreds of", "tens of millions of".
VAGUE_SCALES = {
    "tens": 10.0, "dozens": 12.0, "scores": 20.0, "hundreds": 1e2, "thousands": 1e3,
    "millions": 1e6, "billions": 1e9, "trillions": 1e12,
}
# Vague counts that need a scale after them: "several billion dollars", "a few hundred".
VAGUE_COUNTS = {"several": ">", "few": ">", "many": ">"}

# Approximators before a number, longest first when matched; value is the bound they imply.
APPROXIMATORS: dict[tuple[str, ...], str] = {
    ("more", "than"): ">", ("over",): ">", ("above",): ">", ("in", "excess", "of"): ">",
    ("upwards", "of"): ">", ("just", "over"): ">", ("greater", "than"): ">",
    ("well", "over"): ">", ("exceeding",): ">",
    ("at", "least"): ">=", ("no", "fewer", "than"): ">=", ("no", "less", "than"): ">=",
    ("not", "less", "than"): ">=", ("a", "minimum", "of"): ">=",
    ("up", "to"): "<=", ("as", "many", "as"): "<=", ("as", "much", "as"): "<=",
    ("at", "most"): "<=", ("no", "more", "than"): "<=", ("not", "more", "than"): "<=",
    ("a", "maximum", "of"): "<=", ("as", "high", "as"): "<=",
    ("fewer", "than"): "<", ("less", "than"): "<", ("under",): "<", ("below",): "<",
    ("just", "under"): "<",
    ("about",): "~", ("around",): "~", ("approximately",): "~", ("roughly",): "~",
    ("some",): "~", ("nearly",): "~", ("almost",): "~", ("close", "to"): "~",
    ("an", "estimated"): "~", ("estimated",): "~", ("circa",): "~", ("approx.",): "~",
    ("an", "approximate"): "~", ("around", "about"): "~",
}
MAX_APPROXIMATOR = max(len(k) for k in APPROXIMATORS)
# Approximators after a number: "1,000 or more", "50 or so".
POST_APPROXIMATORS: dict[tuple[str, ...], str] = {
    ("or", "more"): ">=", ("or", "so"): "~", ("or", "fewer"): "<=", ("or", "less"): "<=",
    ("plus",): ">=",
}

CURRENCY_SYMBOLS = {
    "$": "USD", "us$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
    "¥": "JPY", "jpy": "JPY", "₩": "KRW", "krw": "KRW", "₽": "RUB", "rub": "RUB", "₹": "INR",
    "inr": "INR", "c$": "CAD", "a$": "AUD", "hk$": "HKD", "cny": "CNY", "rmb": "CNY",
    "chf": "CHF", "₴": "UAH",
}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
    "pounds": "GBP", "sterling": "GBP", "won": "KRW", "yen": "JPY", "yuan": "CNY",
    "renminbi": "CNY", "ruble": "RUB", "rubles": "RUB", "rouble": "RUB", "roubles": "RUB",
    "rupee": "INR", "rupees": "INR", "hryvnia": "UAH", "hryvnias": "UAH", "francs": "CHF",
}
# Currency words that are also ordinary words: only trusted inside a spaCy MONEY entity.
AMBIGUOUS_CURRENCY_WORDS = frozenset({"won", "pound", "pounds"})

PERCENT_WORDS = {"%": "percent", "percent": "percent", "per": "percent", "pct": "percent"}

# Nouns that measure something else: the unit keeps their "of" phrase ("rounds of artillery").
MEASURE_NOUNS = frozenset(
    """
    round rounds ton tons tonne tonnes barrel barrels piece pieces unit units kilogram kilograms
    kg liter liters litre litres gallon gallons meter meters metre metres acre acres hectare
    hectares set sets batch batches shipment shipments case cases box boxes truckload
    truckloads kind kinds type types sort sorts cubic square carload carloads crate crates
    bag bags sack sacks pair pairs load loads bottle bottles cup cups dose doses
    """.split()
)
# Counted nouns that make the amount a duration or a date, which the time layer owns.
TIME_NOUNS = frozenset(
    """
    year years month months week weeks day days hour hours minute minutes second seconds
    decade decades century centuries am pm a.m. p.m. o'clock
    """.split()
)
RATIO_WORDS = {"twice": 2.0, "thrice": 3.0}
# Denominators of spelled-out fractions: "two-thirds of", "a quarter of", "half of".
FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
    "fifths": 5, "sixth": 6, "sixths": 6, "tenth": 10, "tenths": 10,
}

__all__ = [
    "AMBIGUOUS_CURRENCY_WORDS",
    "APPROXIMATORS",
    "CURRENCY_SYMBOLS",
    "CURRENCY_WORDS",
    "FRACTIONS",
    "MAX_APPROXIMATOR",
    "MEASURE_NOUNS",
    "ONES",
    "PERCENT_WORDS",
    "POST_APPROXIMATORS",
    "RATIO_WORDS",
    "SCALES",
    "TIME_NOUNS",
    "VAGUE_COUNTS",
    "VAGUE_SCALES",
]
