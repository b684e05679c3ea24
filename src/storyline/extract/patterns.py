"""The data that decides which lines of a scraped article are junk, and why.

Each rule is a ``(reason, regex)`` pair matched against one whole stripped line
(case-insensitive).  Rules describe *kinds* of junk that recur across sites —
comment prompts, share prompts, copyright notices, photo credits — never the
wording of one particular page.  Adding a kind of junk means adding a row here
and a fixture test, not code.

Reason labels used here: ``comment-prompt``, ``read-more``,
``continuation-prompt``, ``related-links``, ``newsletter-prompt``,
``share-prompt``, ``copyright``, ``distribution-notice``, ``photo-credit``,
``advertisement``, ``navigation``, ``separator``.  Other modules add ``image``
(Markdown image), ``title``, ``byline``, ``date-header``, ``dateline``,
``credit`` and ``after-article-end``.

``END_MARKERS`` are lines after which a scraped page usually holds only
teasers for other stories; :mod:`storyline.extract.boilerplate` decides
whether the article really ended there.
"""

from __future__ import annotations

import re
from typing import Final

_I = re.IGNORECASE

# A line that is *only* this prompt (optionally with a trailing ':' or '»' or '…').
_TAIL = r"\s*[:.!»›>…\-–—]*\s*"


def _line(body: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{body}){_TAIL}$", _I)


def _starts(body: str) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{body})", _I)


BOILERPLATE_RULES: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    # Comment sections and their prompts.
    ("comment-prompt", _line(r"leave a (?:comment|reply)|(?:\d+\s+)?comments?|post a comment"
                             r"|add (?:a|your) comment|join the (?:conversation|discussion)"
                             r"|view comments|show comments|comments? \(\d+\)|cancel reply")),
    ("comment-prompt", _line(r"comments are (?:closed|disabled)|commenting (?:is|has been) (?:closed|disabled)")),
    ("comment-prompt", _starts(r"your email(?: address)? will not be (?:published|shown|displayed|shared)")),
    ("comment-prompt", _starts(r"required fields are marked")),
    ("comment-prompt", _starts(r"you must be logged in to post a comment")),
    # Links to elsewhere: "read the full article", "related", teasers.
    ("read-more", _line(r"read (?:the )?(?:full|whole|entire|original) (?:article|story)(?: here| at .{1,60})?"
                        r"|read more(?: here| at .{1,60})?|continue reading(?: .{1,40})?"
                        r"|click here to read (?:more|the full (?:article|story))")),
    ("continuation-prompt", _line(r"story continues(?: below)?(?: advertisement)?"
                                  r"|article continues (?:below|after (?:this )?advertisement)")),
    ("related-links", _line(r"you may also like|you might also like|related(?: articles?| stories| posts| news| coverage| content)?"
                            r"|more (?:from|on) .{1,40}|recommended(?: for you| stories| articles)?"
                            r"|most (?:read|popular|viewed)|popular (?:now|today|stories)|trending(?: now| stories)?"
                            r"|also read|see also|what to read next|don't miss|latest news|top stories")),
    ("related-links", re.compile(r"^\s*(?:related|read more|also read|see also)\s*:\s*\S.{0,200}$", _I)),
    ("comment-prompt", _starts(r"we(?:'d| would)? (?:want|like|love) to hear (?:what you think|from you)"
                               r"|let us know what you think|what do you think\?\s*$|tell us what you think")),
    # The same kinds in other languages news arrives in (kept to unambiguous phrasings).
    ("related-links", _line(r"(?:à )?lire aussi|voir aussi|sur le même sujet|à voir aussi|weitere artikel(?: zum thema)?"
                            r"|mehr zum thema|lesen sie auch|zum weiterlesen|das könnte sie auch interessieren"
                            r"|lee también|leer más|te puede interesar|noticias relacionadas|leggi anche"
                            r"|czytaj (?:też|także|więcej)|zobacz (?:też|także)|dowiedz się więcej")),
    ("newsletter-prompt", _line(r"zum newsletter anmelden|newsletter abonnieren|abonnez-vous(?: à (?:notre|la) newsletter)?"
                                r"|inscrivez-vous à (?:notre|la) newsletter|suscr[ií]bete(?: a (?:nuestro|el) (?:boletín|newsletter))?")),
    # Appeals for money and self-promotion of the outlet.
    ("support-prompt", _starts(r"support (?:our|independent|quality) journalism|become a (?:member|subscriber|supporter)"
                               r"|.{1,60}\bis reader-(?:supported|funded)|subscribe for (?:full |unlimited )?access"
                               r"|(?:please )?(?:consider )?(?:donate|donating) to\b|we rely on (?:readers|you)")),
    ("promo", _starts(r"for more (?:\w+ ){0,3}(?:news|coverage|stories|updates|analysis)\b.{0,20}\b(?:visit|go to|follow|see)\b")),
    ("promo", re.compile(r"^\s*follow (?!us\b).{1,60} on (?:social media|twitter|x|facebook|instagram|linkedin|threads|bluesky)"
                         r"(?: for .{0,60})?\.?\s*$", _I)),
    # "Pacific Gazette - independent news from the coast": a masthead tagline.
    ("promo", re.compile(r"^\s*(?:The )?[A-Z][\w&'’.]*(?: [A-Z][\w&'’.]*){0,4}\s+[-–—|:]\s+(?:[Yy]our |[Tt]he |[Ii]ndependent |[Tt]rusted )?"
                         r"(?:\w+ ){0,3}(?:news|journalism|reporting|coverage)\b.{0,60}$")),
    ("author-bio", re.compile(r"^\s*[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){1,3} is (?:a |an |the )?(?:[A-Z][\w&'’.]*(?: [A-Z][\w&'’.]*){0,4}['’]s )?"
                              r"(?:\w+ ){0,3}(?:correspondent|reporter|editor|writer|columnist|journalist|contributor)"
                              r"(?: (?:for|at|with) [^.]{1,60})?\.?\s*$")),
    ("byline", re.compile(r"^\s*(?:[Pp]osted|[Ff]iled|[Pp]ublished) by (?:the )?[A-Z][\w&'’.]*(?: [A-Z][\w&'’.]*){0,4}"
                          r"(?: (?:news ?desk|desk|staff|team|editors|editorial team|web team))?\.?\s*$")),
    ("navigation", re.compile(r"^\s*(?:tags?|topics?|filed under|categories|category)\s*:\s*.{1,200}$", _I)),
    # Newsletter / subscription / share / app prompts.
    ("newsletter-prompt", _starts(r"never miss (?:the latest|a story|an update).{0,80}\bsign|subscribe now\b"
                                  r"|(?:get|download) our\b.{0,60}\bapps?\b|download the .{0,40}\bapps? (?:for|on|from|now)\b"
                                  r"|for the latest (?:stories|news|updates).{0,80}\b(?:download|subscribe|follow)\b")),
    ("newsletter-prompt", _line(r"sign up (?:for|to) (?:our|the) .{0,40}(?:briefing|newsletter|digest|alerts|emails|bulletin)")),
    ("newsletter-prompt", _starts(r"sign up (?:for|to) (?:our|the) .{0,40}newsletter|subscribe to (?:our|the) .{0,40}newsletter"
                                  r"|get (?:our|the) .{0,40}newsletter|sign up for .{0,60}(?:alerts|emails|newsletter)")),
    ("newsletter-prompt", _line(r"subscribe(?: now| today)?|newsletter|sign up|already a subscriber\?? ?(?:log|sign) in"
                                r"|subscribe to (?:continue|read)(?: reading)?.{0,40}")),
    ("share-prompt", _line(r"share(?: this)?(?: (?:article|story|post|page))?(?: on .{1,30})?|share via .{1,30}"
                           r"|(?:share|follow us) on (?:facebook|twitter|x|linkedin|whatsapp|email)(?:[ ,/|]+\w+)*"
                           r"|tweet|email|print|copy link|link copied|facebook|twitter|x|whatsapp|linkedin|reddit|threads|bluesky"
                           r"|(?:facebook|twitter|x|linkedin|whatsapp|email|print|reddit|copy link)(?:\s*[|,/·•]?\s*"
                           r"(?:facebook|twitter|x|linkedin|whatsapp|email|print|reddit|copy link))+")),
    ("share-prompt", _starts(r"follow (?:us|.{1,40}) on (?:twitter|x|facebook|instagram|linkedin|threads|bluesky)\b")),
    # Copyright and distribution notices.
    ("copyright", re.compile(r"^\s*(?:©|\(c\)\s*\d{4}|copyright\s*(?:©|\(c\))?\s*(?:\d{4}|by\b|of\b))", _I)),
    ("copyright", re.compile(r"\ball rights reserved\b", _I)),
    ("distribution-notice", _starts(r"this (?:material|article|story|content) (?:may|must) not be "
                                    r"(?:published|reproduced|broadcast|rewritten|redistributed)")),
    ("distribution-notice", re.compile(r"\b(?:republished|reprinted|reproduced|used) (?:here )?with (?:the )?"
                                       r"(?:kind )?permission\b", _I)),
    # Case-sensitive: "Distributed by volunteers, the leaflets..." is prose, a company name is not.
    ("distribution-notice", re.compile(r"^\s*(?:[Dd]istributed|[Ss]yndicated) by (?:the )?[A-Z][\w&.,'’-]*"
                                       r"(?:\s+[A-Z&][\w&.,'’-]*){0,6}\.?\s*$")),
    # Wire credits: "Reporting by Ana Holm in Oslo; Editing by Tom Berg" (names only, or a ';' list).
    ("distribution-notice", re.compile(r"^\s*[-–—(\[]*\s*(?:Additional )?(?:[Rr]eporting|[Ww]riting|[Ee]diting) by [A-Z].*;\s*"
                                       r"(?:[Ee]diting|[Ww]riting|[Aa]dditional reporting) by [A-Z].*$")),
    ("distribution-notice", re.compile(r"^\s*[-–—(\[]*\s*(?:Additional )?(?:[Rr]eporting|[Ww]riting|[Ee]diting) by "
                                       r"[A-Z][\w.'’-]*(?:(?:\s+|,\s*|\s+and\s+|\s+in\s+)[A-Z][\w.'’-]*){0,8}\.?[)\]]?\s*$")),
    # Photo and image captions / credits.
    ("photo-credit", re.compile(r"^\s*[\(\[]?(?:photo|photograph|image|picture|pictured|video|graphic|illustration|file photo)"
                                r"(?: credit)?s?\s*(?:by|:|—|–|-)\s*.{0,200}$", _I)),
    ("photo-credit", re.compile(r"^\s*[\(\[]?(?:photo|image|picture) by\b.{0,200}$", _I)),
    ("photo-credit", re.compile(r"^\s*(?:image|photo) credits?\b.{0,200}$", _I)),
    ("photo-credit", re.compile(r"^.{0,200}\((?:photo|image|picture) (?:by|credit|:)[^)]{1,120}\)\s*$", _I)),
    ("photo-credit", re.compile(r"^.{0,160}/\s*(?:getty images|ap photo|afp|reuters|shutterstock|epa|alamy)\s*[\)\]]?\s*$", _I)),
    # Advertisement markers.
    ("advertisement", _line(r"advertisement|advertising|\(?ad\)?|sponsored(?: content)?|paid (?:post|content)"
                            r"|scroll (?:down )?to continue(?: reading)?|skip (?:ad|advertisement)")),
    # Navigation crumbs scraped with the text.
    ("navigation", _line(r"home|menu|back to top|skip to (?:main )?content|next article|previous article"
                         r"|go to comments|jump to comments")),
    # Separator lines (Markdown rules, rows of symbols) carry no text.
    ("separator", re.compile(r"^\s*(?:[-*_=~#•·]\s*){3,}$")),
)

# Lines after which a scraped page typically shows only teasers for other stories.
# Matched against a whole stripped line, like the rules above.
END_MARKERS: Final[tuple[re.Pattern[str], ...]] = (
    _line(r"leave a (?:comment|reply)|post a comment|(?:\d+\s+)?comments?|join the (?:conversation|discussion)"),
    _line(r"you may also like|you might also like|related(?: articles?| stories| posts| news| coverage| content)?"
          r"|more (?:from|on) .{1,40}|recommended(?: for you| stories| articles)?|most read|trending(?: now| stories)?"
          r"|what to read next|more stories|latest news|top stories|also read"),
    _line(r"read (?:the )?(?:full|whole|entire|original) (?:article|story)(?: here| at .{1,60})?|read more"),
)

# Agency names spelled several ways, mapped to one spelling so that outlets compare equal.
OUTLET_ALIASES: Final[dict[str, str]] = {
    "ap": "Associated Press",
    "the associated press": "Associated Press",
    "associated press": "Associated Press",
    "afp": "AFP",
    "agence france-presse": "AFP",
    "agence france presse": "AFP",
    "thomson reuters": "Reuters",
    "reuters": "Reuters",
    "upi": "UPI",
    "dpa": "dpa",
    "efe": "EFE",
    "ansa": "ANSA",
}

# Companies that deliver other outlets' stories: a credit to them is not the story's origin.
DISTRIBUTORS: Final[tuple[str, ...]] = (
    "tribune content agency",
    "tribune media services",
    "newscred",
    "newsbank",
    "yahoo",
    "msn",
    "apple news",
    "google news",
    "pressreader",
)

# Picture agencies: a "© Shutterstock" line credits a photo, not the story.
PICTURE_AGENCIES: Final[tuple[str, ...]] = (
    "shutterstock", "getty", "istock", "adobe stock", "alamy", "picture alliance", "imago", "dreamstime",
    "unsplash", "pixabay", "depositphotos", "123rf", "wikimedia", "flickr",
)

# Words that make a name in a byline or credit an outlet rather than a person or a role.
# Words that are also common surnames (Post, Star, Sun, Mail, Record...) are left out on purpose:
# "By Ana Holm, Jo Post" names two people.
OUTLET_WORDS: Final[frozenset[str]] = frozenset(
    "times news daily herald wire journal dispatch monitor ledger gazette tribune chronicle digest "
    "agency network radio tv television broadcasting courier telegraph examiner inquirer bulletin "
    "weekly magazine media newsroom reuters bloomberg ap afp upi".split())

# Feed titles name a section after the outlet ("Capital Dispatch - World"): the section is not the outlet.
SECTION_NAMES: Final[frozenset[str]] = frozenset(
    "world news latest top stories top stories home politics business economy sport sports culture "
    "opinion science technology tech health asia europe americas africa middle east international "
    "national local rss feed all".split())
