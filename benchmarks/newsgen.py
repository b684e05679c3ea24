"""Real-looking English news articles for the scaling benchmarks, generated on the fly.

:mod:`benchmarks.synthetic` writes prose made of random syllables: fine for ingest
and copy detection, but the language layer reads it as a stream of unknown words.
This generator recombines sentence templates written for the project (visits,
talks, tests, vetoes, shipments, accusations and denials, quotes with speakers,
numbers with units, relative and absolute dates) filled with invented people,
real places and organisations, so that entity recognition, time expressions,
attributions, quantities and event detection all do their usual work.

It reuses the stream of :class:`benchmarks.synthetic.ArticleGenerator` (originals,
syndicated copies with junk lines and a rewritten paragraph, byte-identical
re-posts, a bounded window of originals) and only changes what sentences,
titles, names and places look like. Every story thread keeps its cast (two
officials, two countries, an organisation) over several articles, as a
developing story does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import synthetic
from synthetic import ArticleGenerator, SyntheticArticle

_GIVEN = ("Anna", "Boris", "Carla", "Daniel", "Elena", "Farid", "Grace", "Hamid", "Irina",
          "Jonas", "Karin", "Leon", "Maria", "Nikolai", "Olga", "Pavel", "Rita", "Samuel",
          "Tomas", "Ursula", "Viktor", "Wen", "Yusuf", "Zofia", "Min-jun", "Ji-woo", "Kenji",
          "Aiko", "Omar", "Leila", "Hugo", "Ines", "Marek", "Nadia", "Pedro", "Sofia")
_FAMILY = ("Adler", "Brandt", "Castell", "Dorn", "Ekberg", "Falk", "Gorin", "Halvorsen",
           "Ivanko", "Jansen", "Kovacs", "Lindqvist", "Morozan", "Novak", "Ostrava", "Petrenko",
           "Quist", "Romero", "Sandor", "Terzic", "Ulrich", "Varga", "Weller", "Yamori", "Zeman",
           "Park", "Choi", "Haddad", "Mansour", "Okafor", "Duarte", "Ferreira", "Kaplan")
_ROLES = ("Foreign Minister", "Defence Minister", "Prime Minister", "President",
          "Deputy Foreign Minister", "envoy", "spokesperson", "General", "Ambassador")
_COUNTRIES = ("Russia", "China", "Japan", "South Korea", "North Korea", "Ukraine", "Poland",
              "Germany", "France", "Brazil", "India", "Turkey", "Iran", "Egypt", "Kenya",
              "Mexico", "Canada", "Australia", "Vietnam", "Indonesia")
_CITIES = ("Moscow", "Beijing", "Tokyo", "Seoul", "Pyongyang", "Kyiv", "Warsaw", "Berlin",
           "Paris", "Brasilia", "New Delhi", "Ankara", "Tehran", "Cairo", "Nairobi", "Geneva",
           "Vienna", "Vladivostok", "Hanoi", "Jakarta")
_ORGS = ("the United Nations", "the Security Council", "NATO", "the European Union",
         "the International Atomic Energy Agency", "the World Bank", "the Red Cross",
         "the African Union", "the defence ministry", "the foreign ministry")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December")
_THINGS = (("artillery shells", "shells"), ("rounds of ammunition", "rounds"),
           ("tonnes of grain", "tonnes"), ("barrels of oil", "barrels"),
           ("containers", "containers"), ("drones", "drones"), ("missiles", "missiles"))

# Sentences are composed (subject, verb phrase, time or place adjunct) rather than picked
# from a short list of templates, so that two independent articles rarely share a
# sentence: sharing many would make them rewrites of each other to copy detection.
# Slots: {a} {b} (people of the thread, with roles), {a_last} {b_last}, {x} {y}
# (countries), {city}, {org}, {thing}, plus per-sentence draws (see _slots).
_SUBJECTS = ("{a}", "{b}", "{a_last}", "{b_last}", "{x}", "{y}", "{org}",
             "Officials in {city}", "The government of {x}", "The foreign ministry of {y}",
             "State media in {x}", "A delegation from {y}", "Military officials in {city}",
             "Diplomats at {org}", "{person2}, an analyst at the {inst},",
             "Lawmakers in {x2}", "The embassy of {x} in {city}")
_COMMON_STARTS = frozenset({"Officials", "The", "State", "A", "Military", "Diplomats",
                            "Lawmakers"})
_VERB_PHRASES = (
    "accused {x2} of {offence}", "denied {claim}", "announced plans to {plan}",
    "signed {n_small} agreements on {topic}", "shipped more than {n} {thing} to {y}",
    "met {person2} to discuss {topic}", "test-fired {weapon}",
    "vetoed a draft resolution on {topic}", "called for talks on {topic}",
    "warned that {x2} would {consequence}", "confirmed that {n} {thing} had reached {city2}",
    "estimated that up to {n2} million {thing} had been sent", "arrived in {city2} for talks",
    "hosted {person2} for a two-day visit", "postponed a planned visit to {city2}",
    "released satellite images of {site}", "pledged {n_small} billion dollars for {topic}",
    "rejected claims of {offence}", "opened an investigation into {offence}",
    "expelled {n_small} diplomats from {x2}", "held a phone call with {person2}",
    "described the talks as {adjective}", "threatened to {consequence}",
    "praised {x2} for its support on {topic}", "unveiled {weapon} at a parade",
    "suspended cooperation with {org2} on {topic}", "demanded an inquiry into {site}",
)
_ADJUNCTS = ("on {day}", "on {date}", "last {month}", "{ago}", "in {year}", "in {city2}",
             "earlier this week", "late on {day}", "at a summit in {city2}",
             "during a visit to {city2}", "", "")
_QUOTES = ("We will {consequence_q} if {x2} continues down this path",
           "Our cooperation with {y} is {adjective} and will grow",
           "Nobody should doubt our commitment to {topic}",
           "These accusations about {offence} are completely false",
           "The world cannot ignore {offence} any longer",
           "We expect concrete results on {topic} before {month}")
_TOPICS = ("energy supplies", "grain exports", "nuclear safety", "border security",
           "fishing rights", "space research", "railway links", "humanitarian aid",
           "sanctions relief", "prisoner exchanges", "arms control", "cyber security",
           "shipping routes", "tourism", "public health", "refugee returns")
_OFFENCES = ("violating sanctions", "supplying weapons", "spying", "smuggling fuel",
             "attacking civilian ships", "breaching the ceasefire", "illegal arms transfers")
_CLAIMS = ("any arms deals", "reports of a secret meeting", "sending troops abroad",
           "the allegations of smuggling", "that talks had collapsed")
_PLANS = ("build a new port", "open a consulate in {city2}", "expand rail freight",
          "hold joint exercises", "resume direct flights", "launch a satellite")
_WEAPONS = ("a ballistic missile", "a cruise missile", "a new rocket launcher",
            "two short-range missiles", "a hypersonic glide vehicle", "an attack drone")
_CONSEQUENCES = ("respond firmly", "face new sanctions", "lose access to markets",
                 "reconsider the treaty", "close its airspace")
_CONSEQUENCES_Q = ("respond with all means", "take countermeasures", "defend our interests")
_ADJECTIVES = ("productive", "frank", "constructive", "difficult", "historic", "unprecedented")
_SITES = ("a missile base near {city2}", "the port of {city2}", "an airfield outside {city2}",
          "a rail depot on the border")
_INSTITUTES = ("Institute for Security Studies", "Centre for Strategic Research",
               "Council on Regional Affairs", "Peace Research Institute")
_TITLES = (
    "{a_last} visits {city} as ties with {x} deepen",
    "{x} accused of shipping {thing} to {y}",
    "{x} denies supplying {thing}",
    "{x} test-fires missile ahead of talks in {city}",
    "{x} vetoes {org} resolution",
    "Leaders of {x} and {y} meet in {city}",
    "{b_last} warns {x} over military cooperation",
)
# Openings and endings that vary otherwise similar sentences, as reporters' phrasing does.
_OPENINGS = ("", "", "", "Separately, ", "Earlier, ", "In a statement, ", "Meanwhile, ",
             "As tensions rose, ", "According to diplomats in {city2}, ", "On the same day, ",
             "Speaking to reporters, ", "In a rare move, ", "By contrast, ", "Later, ")
_ENDINGS = ("", "", "", " amid growing international concern", " despite objections from {org2}",
            ", a senior official in {city2} said", ", the report added",
            ", according to {person2}", " after {n_small} days of negotiations",
            ", two people familiar with the matter said", " in a move criticised by {person2}",
            ", citing intelligence from {x2}")
_AGO = ("nine months ago", "last year", "in the spring", "two years ago", "last winter",
        "three weeks ago")


class NewsGenerator(ArticleGenerator):
    """:class:`ArticleGenerator`'s stream of originals and copies, in real-looking English."""

    def __init__(self, seed: int = 20_261_123) -> None:
        super().__init__(seed, vocabulary=9000)
        r = self.random
        people = sorted({f"{g} {f}" for g in _GIVEN for f in _FAMILY})
        r.shuffle(people)
        self.people = people[:600]
        self.places = [city.upper() for city in _CITIES]
        self._cast: dict[str, str] = {}
        self._new_thread()

    def _new_thread(self) -> None:
        """A new story thread: two officials, two countries, a city, an organisation."""
        r = self.random
        a, b = r.sample(self.people, 2)
        x, y = r.sample(_COUNTRIES, 2)
        role_a, role_b = r.sample(_ROLES, 2)
        thing, _ = r.choice(_THINGS)
        self._cast = {
            "a": f"{role_a} {a}", "b": f"{role_b} {b}", "a_last": a.split()[-1],
            "b_last": b.split()[-1], "x": x, "y": y, "city": r.choice(_CITIES),
            "org": r.choice(_ORGS), "thing": thing,
        }

    def _slots(self) -> dict[str, object]:
        r = self.random
        return {**self._cast,
                "day": r.choice(_WEEKDAYS),
                "date": f"{r.choice(_MONTH_NAMES)} {r.randint(1, 28)}",
                "month": r.choice(_MONTH_NAMES),
                "n": f"{r.randint(1, 900) * 1000:,}", "n2": f"{r.randint(1, 48) / 10:g}",
                "n_small": r.randint(2, 30), "ago": r.choice(_AGO),
                "year": r.randint(1990, 2024), "city2": r.choice(_CITIES),
                "org2": r.choice(_ORGS), "person2": r.choice(self.people),
                "x2": r.choice(_COUNTRIES), "inst": r.choice(_INSTITUTES)}

    def _sentence(self) -> str:
        r = self.random
        slots = self._slots()
        # The lists below may themselves hold slots: fill them first, then the sentence.
        slots.update({
            "topic": r.choice(_TOPICS), "offence": r.choice(_OFFENCES), "claim": r.choice(_CLAIMS),
            "plan": r.choice(_PLANS).format(**slots), "weapon": r.choice(_WEAPONS),
            "consequence": r.choice(_CONSEQUENCES), "consequence_q": r.choice(_CONSEQUENCES_Q),
            "adjective": r.choice(_ADJECTIVES), "site": r.choice(_SITES).format(**slots),
        })
        if r.random() < 0.15:
            quote = r.choice(_QUOTES).format(**slots)
            speaker = r.choice(("{a}", "{b}", "{person2}")).format(**slots)
            cue = r.choice(("said", "told reporters", "said in a statement", "wrote"))
            return f'"{quote}," {speaker} {cue}.'
        subject = r.choice(_SUBJECTS).format(**slots)
        verb = r.choice(_VERB_PHRASES).format(**slots)
        adjunct = r.choice(_ADJUNCTS).format(**slots)
        body = " ".join(part for part in (subject, verb, adjunct) if part)
        # Most sentences are plain: stock openings and endings are what unrelated
        # articles share, and real reporting uses them sparingly.
        opening = r.choice(_OPENINGS).format(**slots) if r.random() < 0.3 else ""
        ending = r.choice(_ENDINGS).format(**slots) if r.random() < 0.3 else ""
        if opening and body.split(" ", 1)[0] in _COMMON_STARTS:
            body = body[0].lower() + body[1:]
        sentence = opening + body + ending
        return sentence[0].upper() + sentence[1:] + "."

    def _title(self) -> str:
        # A new title starts a new article; a third of the originals start a new thread.
        if self.random.random() < 0.33:
            self._new_thread()
        title = self.random.choice(_TITLES).format(**self._slots())
        return title[0].upper() + title[1:]

    def _byline(self) -> str | None:
        r = self.random
        return f"By {r.choice(self.people)}" if r.random() < 0.8 else None


def write_jsonl(path: Path, count: int, seed: int) -> dict[str, int]:
    """``count`` real-looking articles as one JSON Lines file; counts by kind."""
    return synthetic.write_jsonl(path, count, seed, NewsGenerator)


def articles(count: int, seed: int = 20_261_123) -> Iterator[SyntheticArticle]:
    return NewsGenerator(seed).articles(count)


__all__ = ["NewsGenerator", "articles", "write_jsonl"]
