"""One exception hierarchy for storyline; every message carries a stable code.

Third-party errors are translated into these at the module boundary that calls
the library, so callers only ever catch :class:`StorylineError`.
"""

from __future__ import annotations


class StorylineError(Exception):
    """Base of every error storyline raises on purpose.

    ``code`` is stable across releases (``E1xx`` input, ``E2xx`` extraction,
    ``E3xx`` storage, ``E4xx`` configuration, ``E5xx`` language layer); the
    message says what went wrong in words a user can act on.
    """

    code = "E000"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        self.message = message
        self.source = source
        super().__init__(f"[{self.code}] {message}")


class InputError(StorylineError):
    """An input could not be read or is not acceptable (E1xx)."""

    code = "E100"


class UnsupportedInput(InputError):
    """The bytes are of a kind storyline does not ingest (binary, image, archive...)."""

    code = "E101"


class EmptyInput(InputError):
    """The input holds no text at all."""

    code = "E102"


class InputTooLarge(InputError):
    """The input exceeds the configured size limit."""

    code = "E103"


class FetchError(InputError):
    """A URL could not be fetched (network, status, timeout, redirects, scheme)."""

    code = "E104"


class MalformedInput(InputError):
    """A structured input (feed, JSON, WARC) is broken."""

    code = "E105"


class DecodeError(InputError):
    """The bytes could not be decoded as text in any plausible encoding."""

    code = "E106"


class ExtractionError(StorylineError):
    """A document was read but no article could be extracted from it (E2xx)."""

    code = "E200"


class StoreError(StorylineError):
    """The store could not be opened, migrated or written (E3xx)."""

    code = "E300"


class SchemaVersionError(StoreError):
    """The store was written by a newer storyline than this one."""

    code = "E301"


class ConfigError(StorylineError):
    """A setting or option is invalid (E4xx)."""

    code = "E400"


class MissingExtra(ConfigError):
    """An optional dependency is not installed; the message names the pip command."""

    code = "E401"


class UnknownId(ConfigError):
    """An id (article, story, entity...) that the store does not hold."""

    code = "E402"


class LanguageError(StorylineError):
    """The language layer failed on one article (E5xx)."""

    code = "E500"


__all__ = [
    "ConfigError",
    "DecodeError",
    "EmptyInput",
    "ExtractionError",
    "FetchError",
    "InputError",
    "InputTooLarge",
    "LanguageError",
    "MalformedInput",
    "MissingExtra",
    "SchemaVersionError",
    "StoreError",
    "StorylineError",
    "UnknownId",
    "UnsupportedInput",
]
