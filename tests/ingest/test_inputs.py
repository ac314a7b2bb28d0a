"""Reading files and stdin: kinds, metadata, publication-date precedence and every input error."""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from claimgraph.errors import Code, ConfigError, InputError
from claimgraph.ingest import NO_DATE_NOTE, RawArticle, parse_published, read_input, read_inputs
from claimgraph.ingest.article import metadata_date

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE = "SEOUL (AP) — North Korea fired a missile on Tuesday, the South's military said.\n"


def write(tmp_path: Path, name: str, data: bytes | str) -> str:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return str(path)


def only(target: str, **options: Any) -> RawArticle:
    articles = read_input(target, **options)
    assert len(articles) == 1
    return articles[0]


def error_of(target: str, **options: Any) -> InputError:
    with pytest.raises(InputError) as caught:
        read_input(target, **options)
    return caught.value


# --- plain text --------------------------------------------------------------------------------

def test_plain_text_file() -> None:
    target = str(FIXTURES / "article.txt")
    article = only(target)
    raw = (FIXTURES / "article.txt").read_text(encoding="utf-8")
    doc = article.document
    assert article.text == raw
    assert doc.sha256 == hashlib.sha256(raw.encode("utf-8")).hexdigest()
    assert doc.origin == target
    assert (doc.dateline, doc.dateline_place, doc.outlet) == ("SEOUL", "Seoul", "Asia Pacific Newswire")
    assert (doc.published, doc.published_source) == (None, "unknown")
    assert NO_DATE_NOTE in doc.notes
    assert article.dateline is not None
    assert article.text[article.dateline.end :].startswith("North Korea has ratified")


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (ARTICLE.replace("\n", "\r\n").encode(), ARTICLE),
        (codecs.BOM_UTF8 + ARTICLE.encode(), ARTICLE),
        (b"Line one.\rLine two.", "Line one.\nLine two."),
    ],
    ids=["crlf", "utf8-bom", "cr"],
)
def test_text_is_decoded_like_python_text_mode(tmp_path: Path, data: bytes, text: str) -> None:
    assert only(write(tmp_path, "a.txt", data)).text == text


def test_explicit_encoding(tmp_path: Path) -> None:
    target = write(tmp_path, "a.txt", "PARIS - Le café a dit.".encode("latin-1"))
    detected = only(target)  # not UTF-8: read in the charset detected, and said so
    assert detected.text == "PARIS - Le café a dit." and any("not UTF-8" in n for n in detected.document.notes)
    assert only(target, encoding="latin-1").text == "PARIS - Le café a dit."
    assert error_of(target, encoding="no-such-codec").code is Code.E003
    wide = write(tmp_path, "b.txt", "KYIV — Текст.".encode("utf-16"))
    assert error_of(wide).code is Code.E003
    assert only(wide, encoding="utf-16").text == "KYIV — Текст."


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    assert only(write(tmp_path, "story.md", ARTICLE)).text == ARTICLE
    html = (FIXTURES / "article.html").read_bytes()
    assert only(write(tmp_path, "page", html)).document.author == "Jane Roe"
    records = (FIXTURES / "records.jsonl").read_bytes()
    assert len(list(read_inputs([write(tmp_path, "export", records)]))) == 6


# --- HTML ----------------------------------------------------------------------------------------

def test_html_page_text_and_metadata() -> None:
    article = only(str(FIXTURES / "article.html"))
    doc = article.document
    assert article.text.startswith("CAMP HUMPHREYS, South Korea — North Korea may be accelerating")
    for boilerplate in ("Subscribe", "Home", "All rights reserved", "Privacy"):
        assert boilerplate not in article.text
    assert (doc.title, doc.author, doc.outlet) == (
        "North Korea sends more troops to the front", "Jane Roe", "Meridian Wire")
    assert (doc.published, doc.published_source) == (dt.date(2025, 1, 24), "metadata")
    assert doc.dateline == "CAMP HUMPHREYS, South Korea"
    assert doc.dateline_place == "Camp Humphreys, South Korea"
    assert doc.notes == []
    assert doc.sha256 == hashlib.sha256(article.text.encode("utf-8")).hexdigest()


LATIN1_PAGE = (
    "<html><head><meta charset='iso-8859-1'><title>Caf\xe9</title></head><body><article><p>"
    + "PARIS — Le caf\xe9 a rouvert lundi apr\xe8s trois mois de travaux, a indiqu\xe9 la mairie. " * 3
    + "</p></article></body></html>"
)


def test_html_declared_charset_is_honoured(tmp_path: Path) -> None:
    page = LATIN1_PAGE.replace("—", "-").encode("latin-1")
    article = only(write(tmp_path, "page.html", page))
    assert "Le café a rouvert lundi après" in article.text


def test_html_undeclared_non_utf8_is_an_error(tmp_path: Path) -> None:
    page = LATIN1_PAGE.replace("<meta charset='iso-8859-1'>", "").replace("—", "-").encode("latin-1")
    err = error_of(write(tmp_path, "page.html", page))
    assert err.code is Code.E003
    assert "0xe9" in str(err)


def test_html_without_article_text() -> None:
    err = error_of(str(FIXTURES / "boilerplate.html"))
    assert err.code is Code.E011


# --- JSON and JSON Lines -----------------------------------------------------------------------

def test_jsonl_good_records_survive_bad_ones() -> None:
    target = str(FIXTURES / "records.jsonl")
    items = list(read_inputs([target]))
    origins = [i.document.origin if isinstance(i, RawArticle) else i.target for i in items]
    assert origins == [f"{target}#{n}" for n in (1, 3, 4, 5, 6, 7)]
    kinds = [i.code.name if isinstance(i, InputError) else "ok" for i in items]
    assert kinds == ["ok", "ok", "E010", "ok", "E010", "E010"]
    first, second, fifth = items[0], items[1], items[3]
    assert isinstance(first, RawArticle) and isinstance(second, RawArticle) and isinstance(fifth, RawArticle)
    assert (first.document.published, first.document.published_source) == (dt.date(2024, 6, 20), "metadata")
    assert (first.document.title, first.document.url) == ("Operations postponed", "https://news.example/ops")
    assert (second.document.outlet, second.document.published) == ("Hemisphere Wire", dt.date(2024, 8, 2))
    assert second.document.published_source == "dateline"
    assert (fifth.document.published, fifth.document.author) == (dt.date(2025, 1, 20), "A. Writer")
    assert f"{target}#4" in str(items[2])


def test_read_input_raises_on_a_bad_record() -> None:
    err = error_of(str(FIXTURES / "records.jsonl"))
    assert (err.code, err.target) == (Code.E010, f"{FIXTURES / 'records.jsonl'}#4")


def test_json_list_and_object(tmp_path: Path) -> None:
    target = str(FIXTURES / "records.json")
    items = list(read_inputs([target]))
    assert [type(i).__name__ for i in items] == ["RawArticle", "InputError", "RawArticle"]
    assert isinstance(items[2], RawArticle) and items[2].document.origin == f"{target}#3"
    assert isinstance(items[1], InputError) and "'text' is a number" in str(items[1])
    single = write(tmp_path, "one.json", '{"body": "NAIROBI — Police said.", "outlet": "Rift Post"}')
    article = only(single)
    assert (article.document.origin, article.document.outlet) == (single, "Rift Post")


@pytest.mark.parametrize(
    ("name", "data", "code", "detail"),
    [
        ("a.json", '"just a string"', Code.E010, "top level is a string"),
        ("a.json", "[]", Code.E001, "empty list"),
        ("a.json", '{"text": "x",', Code.E010, "invalid JSON"),
        ("a.json", '{"title": "no text"}', Code.E010, "no 'text'"),
        ("a.json", '{"text": "   "}', Code.E010, "'text' is empty"),
        ("a.json", '{"text": "x", "title": 3}', Code.E010, "'title' is a number"),
        ("a.jsonl", '{"text": "x", "outlet": ["a"]}\n', Code.E010, "'outlet' is a list"),
    ],
)
def test_bad_json(tmp_path: Path, name: str, data: str, code: Code, detail: str) -> None:
    err = error_of(write(tmp_path, name, data))
    assert err.code is code
    assert detail in str(err)


# --- publication date, outlet and other overrides -------------------------------------------------

@pytest.mark.parametrize(
    ("record", "given", "published", "source"),
    [
        ({"text": "BEIRUT, Jan 5, 2025 (Reuters) - x", "published": "2025-01-06"}, dt.date(2025, 2, 1),
         dt.date(2025, 2, 1), "given"),
        ({"text": "BEIRUT, Jan 5, 2025 (Reuters) - x", "published": "2025-01-06"}, None,
         dt.date(2025, 1, 6), "metadata"),
        ({"text": "BEIRUT, Jan 5, 2025 (Reuters) - x"}, None, dt.date(2025, 1, 5), "dateline"),
        ({"text": "BEIRUT, Jan 5 (Reuters) - x"}, None, None, "unknown"),
        ({"text": "Plain text, no dateline."}, None, None, "unknown"),
        ({"text": "Plain text.", "published": "last Tuesday"}, None, None, "unknown"),
    ],
)
def test_publication_date_precedence(
    tmp_path: Path, record: dict[str, str], given: dt.date | None, published: dt.date | None, source: str
) -> None:
    doc = only(write(tmp_path, "r.json", json.dumps(record)), published=given).document
    assert (doc.published, doc.published_source) == (published, source)
    assert (NO_DATE_NOTE in doc.notes) == (source == "unknown")


def test_unreadable_metadata_date_is_noted(tmp_path: Path) -> None:
    doc = only(write(tmp_path, "r.json", '{"text": "x", "date": "last Tuesday"}')).document
    assert any("last Tuesday" in note for note in doc.notes)


def test_explicit_metadata_wins_for_every_record() -> None:
    given: dict[str, Any] = {"outlet": "Given Outlet", "title": "Given", "url": "https://given.example/a"}
    published = dt.datetime(2024, 11, 12, 8)
    items = list(read_inputs([str(FIXTURES / "records.json")], published=published, **given))
    docs = [item.document for item in items if isinstance(item, RawArticle)]
    assert len(docs) == 2
    for doc in docs:
        assert (doc.outlet, doc.title, doc.url) == ("Given Outlet", "Given", "https://given.example/a")
        assert (doc.published, doc.published_source) == (dt.date(2024, 11, 12), "given")
        assert not any("agency" in note for note in doc.notes)


@pytest.mark.parametrize(
    ("value", "date"),
    [("2025-01-24", dt.date(2025, 1, 24)), (" 2025-01-24 ", dt.date(2025, 1, 24)),
     ("2025-01-24T23:30:00+09:00", dt.date(2025, 1, 24)), ("20250124", dt.date(2025, 1, 24))],
)
def test_parse_published(value: str, date: dt.date) -> None:
    assert parse_published(value) == date


@pytest.mark.parametrize("value", ["2025-13-01", "24/01/2025", "yesterday", "", "2025-02-30"])
def test_parse_published_rejects(value: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_published(value)
    assert caught.value.code is Code.E009
    assert repr(value) in str(caught.value)


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2025-01-24", dt.date(2025, 1, 24)),
        ("2025-01-24T23:30:00-05:00", dt.date(2025, 1, 24)),
        ("2025-01-24T10:00:00Z", dt.date(2025, 1, 24)),
        ("2025/01/24", dt.date(2025, 1, 24)),
        ("Fri, 24 Jan 2025 10:00:00 GMT", dt.date(2025, 1, 24)),
        (dt.datetime(2025, 1, 24, 5), dt.date(2025, 1, 24)),
        ("January 2025", None),
        ("", None),
        (20250124, None),
        (None, None),
    ],
)
def test_metadata_date(value: object, date: dt.date | None) -> None:
    assert metadata_date(value) == date


# --- bad input -------------------------------------------------------------------------------------

BAD_FILES = [
    ("empty.txt", b"", Code.E001),
    ("blank.txt", b"  \n\t\n ", Code.E001),
    ("bom-only.txt", codecs.BOM_UTF8, Code.E001),
    ("nul.txt", b"SEOUL \x00\x00 text", Code.E002),
    ("controls.txt", b"ab\x01\x02\x03\x04\x05\x06cd", Code.E002),
    ("utf16.txt", "SEOUL — text".encode("utf-16"), Code.E003),
    ("big.txt", b"x" * 101, Code.E004),
    ("report.pdf", b"%PDF-1.7 whatever", Code.E005),
    ("report.docx", b"PK\x03\x04", Code.E005),
    ("disguised.txt", b"%PDF-1.4\n%\xe2\xe3", Code.E005),
    ("image", b"\x89PNG\r\n\x1a\n\x00\x00", Code.E005),
    ("photo.txt", b"\xff\xd8\xff\xe0\x00\x10JFIF", Code.E005),
    ("page.html", b"<html><body><p>Hi</p></body></html>", Code.E011),
    ("data.json", b"{not json", Code.E010),
]


@pytest.mark.parametrize(("name", "data", "code"), BAD_FILES, ids=[row[0] for row in BAD_FILES])
def test_bad_files(tmp_path: Path, name: str, data: bytes, code: Code) -> None:
    target = write(tmp_path, name, data)
    err = error_of(target, max_bytes=100)
    assert err.code is code
    assert err.target == target
    assert str(err).startswith(f"{code.name}: cannot read {target!r}: ")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    assert error_of(missing).code is Code.E006
    assert error_of(str(tmp_path)).code is Code.E005
    assert error_of(str(tmp_path / "nope.pdf")).code is Code.E006


def test_read_inputs_goes_on_after_a_bad_target(tmp_path: Path) -> None:
    good = str(FIXTURES / "article.txt")
    items = list(read_inputs([str(tmp_path / "missing.txt"), good]))
    assert isinstance(items[0], InputError) and items[0].code is Code.E006
    assert isinstance(items[1], RawArticle) and items[1].document.origin == good


@pytest.mark.parametrize("options", [{"max_bytes": 0}, {"timeout": -1.0}])
def test_bad_options_fail_at_once(options: dict[str, Any]) -> None:
    with pytest.raises(ConfigError) as caught:
        read_inputs(["x"], **options)
    assert caught.value.code is Code.E014


# --- stdin -------------------------------------------------------------------------------------------

def test_stdin_text() -> None:
    article = only("-", stdin=io.StringIO(ARTICLE))
    assert (article.text, article.document.origin) == (ARTICLE, "stdin")


def test_stdin_bytes_are_checked() -> None:
    stream = io.TextIOWrapper(io.BytesIO("SEOUL — text".encode("utf-16")), encoding="utf-8")
    err = error_of("-", stdin=stream)
    assert (err.code, err.target) == (Code.E003, "stdin")
    latin = io.TextIOWrapper(io.BytesIO("Le café a dit que 14 maisons sont détruites.".encode("latin-1")),
                             encoding="utf-8")
    (article,) = read_input("-", stdin=latin)
    assert "café" in article.text


def test_stdin_jsonl_is_sniffed() -> None:
    stream = io.StringIO('{"text": "NAIROBI — x"}\n{"text": "LONDON — y"}\n')
    assert [a.document.origin for a in read_input("-", stdin=stream)] == ["stdin#1", "stdin#2"]


def test_stdin_over_the_cap() -> None:
    assert error_of("-", stdin=io.StringIO("x" * 50), max_bytes=10).code is Code.E004
