"""Decoding: BOMs, declared charsets, single-byte encodings, mixed files, and refusing garbage."""

from __future__ import annotations

import pytest

from storyline.errors import DecodeError
from storyline.extract import extract_article
from storyline.extract.decode import decode_bytes, normalize_text
from storyline.model import InputKind, RawDocument

TEXT = ("Le café « Chez René » a rouvert ses portes à Genève après l’été, a déclaré la propriétaire.\n\n"
        "Elle a ajouté que les prix resteraient inchangés jusqu’à la fin de l’année.\n")


def test_utf8() -> None:
    assert decode_bytes(TEXT.encode("utf-8")) == (TEXT, "utf-8")


def test_utf8_with_bom() -> None:
    text, encoding = decode_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert text == TEXT and encoding == "utf-8"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_with_bom(codec: str) -> None:
    data = TEXT.encode(codec) if codec == "utf-16" else b"\xfe\xff" + TEXT.encode(codec)
    text, encoding = decode_bytes(data)
    assert text == TEXT and encoding.startswith("utf-16")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(codec: str) -> None:
    assert decode_bytes(TEXT.encode(codec)) == (TEXT, codec)


def test_cp1252() -> None:
    text, encoding = decode_bytes(TEXT.encode("cp1252"))
    assert text == TEXT and encoding == "cp1252"


def test_latin1_without_cp1252_only_characters() -> None:
    plain = "Le garçon a mangé une crème brûlée à Noël, a-t-il raconté au journal local.\n"
    text, _ = decode_bytes(plain.encode("latin-1"))
    assert text == plain


def test_declared_charset_is_used() -> None:
    data = "Zürich: Grüße aus der Straße".encode("iso-8859-15")
    assert decode_bytes(data, "text/plain; charset=ISO-8859-15") == ("Zürich: Grüße aus der Straße", "iso8859-15")


def test_html_meta_charset_is_used() -> None:
    html = '<html><head><meta charset="windows-1251"></head><body>Новости дня</body></html>'
    text, encoding = decode_bytes(html.encode("cp1251"))
    assert "Новости дня" in text and encoding == "cp1251"


def test_mixed_utf8_and_cp1252_is_repaired_per_line() -> None:
    data = ("Première ligne en UTF‑8, déjà correcte.\n".encode("utf-8")
            + "Deuxième ligne collée depuis Windows – “citation”.\n".encode("cp1252")
            + "Troisième ligne, encore en UTF-8: naïve.\n".encode("utf-8"))
    text, encoding = decode_bytes(data)
    assert encoding == "utf-8+cp1252"
    assert "Deuxième ligne collée depuis Windows – “citation”." in text
    assert "Première" in text and "naïve" in text


def test_mojibake_is_repaired_when_it_round_trips() -> None:
    broken = TEXT.encode("utf-8").decode("cp1252").encode("utf-8")
    text, _ = decode_bytes(broken)
    assert text == TEXT


def test_mojibake_heavy_text_is_refused() -> None:
    # Double-encoded, then damaged so it no longer round-trips: readable only as mojibake.
    broken = TEXT.encode("utf-8").decode("cp1252").replace("é", "é\u0301x") + " Ã"
    with pytest.raises(DecodeError) as error:
        decode_bytes(broken.encode("utf-8"))
    assert "mojibake" in str(error.value)


def test_binary_is_refused() -> None:
    with pytest.raises(DecodeError):
        extract_article(RawDocument("blob.txt", bytes(range(256)) * 40, InputKind.TEXT))


def test_normalisation() -> None:
    assert normalize_text("a\r\nb\rc\x00d\u00a0e\u200bf") == "a\nb\ncd ef"
    assert normalize_text("e\u0301") == "é"


def test_article_records_the_encoding() -> None:
    article = extract_article(RawDocument("f.txt", TEXT.encode("cp1252"), InputKind.TEXT))
    assert article.encoding == "cp1252"
    assert article.language == "fr"
    assert "Chez René" in article.text
