"""Bytes to clean Unicode text: encoding detection, repair of mixed encodings, normalisation.

Order of trust: a byte-order mark, then a declared charset (HTTP ``content_type``
or an HTML ``<meta charset>``) when the bytes actually decode with it, then
strict UTF-8, then UTF-8 repaired line by line (files pasted together from
several sources are mostly UTF-8 with a few cp1252 lines), then
charset-normalizer's guess.  Text that only decodes into mojibake or noise is
refused with :class:`DecodeError` rather than passed on as garbage.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from storyline.errors import DecodeError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_CONTENT_TYPE_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)

# Browsers read these labels as cp1252 (WHATWG Encoding Standard); pages rely on it.
_LABEL_ALIASES = {"iso-8859-1": "cp1252", "latin-1": "cp1252", "latin1": "cp1252",
                  "us-ascii": "cp1252", "ascii": "cp1252", "iso8859-1": "cp1252"}

# UTF-8 read as cp1252/latin-1: "Ã©", "â€™", "Â " ... A few are normal (Portuguese "Ã"),
# a text made of them is not.
_MOJIBAKE = re.compile(r"[ÃÂ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122\xa0-\xbf]|â€")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")
_SPACES = re.compile(r"[\xa0\u2000-\u200a\u202f\u205f\u3000]")

MAX_MOJIBAKE_SHARE = 0.02  # of characters; above it the text is refused, not guessed at
MAX_REPLACEMENT_SHARE = 0.01


def decode_bytes(data: bytes, declared: str | None = None, *, source: str | None = None) -> tuple[str, str]:
    """Decode ``data`` and return ``(normalised text, encoding name used)``.

    ``declared`` is a charset label from outside the bytes (HTTP header); an HTML
    ``<meta charset>`` in the first 4 KiB is also honoured.  Raises
    :class:`DecodeError` when no encoding yields readable text.
    """
    text, encoding = _decode(data, declared, source)
    text = _repair_mojibake(text)
    _refuse_garbage(text, encoding, source)
    return normalize_text(text), encoding


def normalize_text(text: str) -> str:
    """Unix newlines, no control or zero-width characters, plain spaces, NFC."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = _CONTROL.sub("", text.replace("\t", " "))
    text = _SPACES.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def _decode(data: bytes, declared: str | None, source: str | None) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding), encoding
            except UnicodeDecodeError:
                break  # a BOM followed by something else: fall through to detection
    for label in _declared_labels(data, declared):
        try:
            return data.decode(label), label
        except (UnicodeDecodeError, LookupError):
            continue  # declarations lie often; the bytes decide
    utf16 = _bomless_utf16(data)
    if utf16 is not None:
        return utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    repaired = _repair_mixed_utf8(data)
    if repaired is not None:
        return repaired, "utf-8+cp1252"
    return _guess(data, source)


def _declared_labels(data: bytes, declared: str | None) -> list[str]:
    labels: list[str] = []
    if declared:
        found = _CONTENT_TYPE_CHARSET.search(declared)
        labels.append(found.group(1) if found else declared)
    meta = _META_CHARSET.search(data[:4096])
    if meta:
        labels.append(meta.group(1).decode("ascii", "ignore"))
    out: list[str] = []
    for label in labels:
        label = label.strip().lower()
        label = _LABEL_ALIASES.get(label, label)
        try:
            name = codecs.lookup(label).name
        except LookupError:
            continue
        if name.startswith("utf-16") or name.startswith("utf-32"):
            continue  # a meta tag readable as ASCII cannot be UTF-16; the label is wrong
        if name not in out:
            out.append(name)
    return out


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 saved without a BOM: mostly-Latin text has a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 8 or sample.count(0) < len(sample) // 4:
        return None
    even_nuls, odd_nuls = sample[0::2].count(0), sample[1::2].count(0)
    encoding = "utf-16-le" if odd_nuls > 3 * even_nuls else "utf-16-be" if even_nuls > 3 * odd_nuls else None
    if encoding is None:
        return None
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError:
        return None


def _repair_mixed_utf8(data: bytes) -> str | None:
    """Decode line by line, UTF-8 where valid, cp1252 elsewhere; None unless mostly UTF-8."""
    lines = data.split(b"\n")
    utf8_lines = 0
    bad_lines = 0
    decoded: list[str] = []
    for line in lines:
        try:
            text = line.decode("utf-8")
            if any(b >= 0x80 for b in line):
                utf8_lines += 1
        except UnicodeDecodeError:
            bad_lines += 1
            text = line.decode("cp1252", errors="replace")
        decoded.append(text)
    # Only a file with real UTF-8 in it and a minority of broken lines is "mixed";
    # anything else is a single-byte file that detection should name.
    if utf8_lines == 0 or bad_lines > utf8_lines:
        return None
    return "\n".join(decoded)


def _guess(data: bytes, source: str | None) -> tuple[str, str]:
    matches = list(from_bytes(data))
    if not matches:
        raise DecodeError(
            "the bytes do not decode as text in any known encoding; "
            "save the file as UTF-8 or give its charset", source=source)
    best = matches[0]
    # On short texts charset-normalizer often cannot tell cp1252 from cp1250/cp1257 and
    # ranks them arbitrarily; cp1252 is by far the most common single-byte encoding of
    # news text, so it wins any tie.
    for match in matches:
        if (match.encoding == "cp1252" and match.chaos <= best.chaos + 0.01
                and match.coherence >= best.coherence - 0.05):
            best = match
            break
    return str(best), best.encoding


def _repair_mojibake(text: str) -> str:
    """Undo one round of UTF-8-read-as-cp1252 when that round-trips exactly."""
    if len(_MOJIBAKE.findall(text)) < 3:
        return text
    for single_byte in ("cp1252", "latin-1"):
        try:
            return text.encode(single_byte).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def _refuse_garbage(text: str, encoding: str, source: str | None) -> None:
    size = max(len(text), 1)
    if len(_MOJIBAKE.findall(text)) / size > MAX_MOJIBAKE_SHARE:
        raise DecodeError(
            f"the text decoded as {encoding} is full of mojibake (e.g. 'Ã©', 'â€™'): it was "
            "probably converted between encodings twice; re-save it from the original as UTF-8",
            source=source)
    if text.count("\ufffd") / size > MAX_REPLACEMENT_SHARE:
        raise DecodeError(
            f"the text holds many undecodable characters (U+FFFD) after decoding as {encoding}; "
            "re-save it as UTF-8", source=source)
    controls = len(_CONTROL.findall(text))
    if controls / size > 0.05:
        raise DecodeError(
            f"the bytes look binary ({controls} control characters) rather than text", source=source)
