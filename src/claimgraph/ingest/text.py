"""Raw bytes to text: size, type and binary checks, strict decoding and input-kind detection."""

from __future__ import annotations

import codecs
import json
import re
from pathlib import PurePosixPath
from typing import Literal

from claimgraph.errors import Code, InputError

Kind = Literal["text", "html", "json", "jsonl"]

EXTENSION_KINDS: tuple[tuple[str, Kind], ...] = (
    (".txt", "text"), (".text", "text"), (".md", "text"),
    (".html", "html"), (".htm", "html"), (".xhtml", "html"),
    (".json", "json"), (".jsonl", "jsonl"), (".ndjson", "jsonl"),
)
UNSUPPORTED_EXTENSIONS: tuple[tuple[str, str], ...] = (
    (".pdf", "PDF"), (".doc", "Word document"), (".docx", "Word document"), (".odt", "OpenDocument text"),
    (".rtf", "RTF document"), (".xls", "spreadsheet"), (".xlsx", "spreadsheet"), (".ods", "spreadsheet"),
    (".ppt", "presentation"), (".pptx", "presentation"), (".epub", "e-book"),
    (".png", "image"), (".jpg", "image"), (".jpeg", "image"), (".gif", "image"), (".webp", "image"),
    (".tif", "image"), (".tiff", "image"), (".bmp", "image"), (".svg", "image"),
    (".zip", "archive"), (".gz", "archive"), (".tgz", "archive"), (".bz2", "archive"), (".xz", "archive"),
    (".7z", "archive"), (".tar", "archive"), (".mp3", "audio"), (".wav", "audio"), (".mp4", "video"),
)
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "PDF"), (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office document"), (b"{\\rtf", "RTF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"), (b"\xff\xd8\xff", "JPEG image"), (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"), (b"II*\x00", "TIFF image"), (b"MM\x00*", "TIFF image"),
    (b"\x1f\x8b", "gzip archive"), (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"), (b"BZh", "bzip2 archive"),
    (b"\xfd7zXZ\x00", "xz archive"), (b"OggS", "Ogg media"), (b"fLaC", "FLAC audio"),
)
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "UTF-32"), (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"), (codecs.BOM_UTF16_BE, "UTF-16"),
)
CONTROL_SHARE = 0.10
SAMPLE = 8192


def unsupported_extension(name: str) -> str | None:
    """What an unsupported file is, judged by its extension (".pdf" -> "PDF"), else ``None``."""
    suffix = PurePosixPath(name).suffix.lower()
    return next((what for ext, what in UNSUPPORTED_EXTENSIONS if ext == suffix), None)


def extension_kind(name: str) -> Kind | None:
    """The input kind implied by a file name's extension, if any."""
    suffix = PurePosixPath(name).suffix.lower()
    return next((kind for ext, kind in EXTENSION_KINDS if ext == suffix), None)


def check_bytes(data: bytes, target: str, *, max_bytes: int, encoding: str | None = None) -> None:
    """Raise E004 (too large), E005 (known binary format), E003 (UTF-16/32) or E002 (binary)."""
    if len(data) > max_bytes:
        raise InputError(Code.E004, target, f"more than {max_bytes:,} bytes")
    what = magic_type(data)
    if what:
        raise InputError(Code.E005, target, what)
    if _wide(encoding):
        return
    bom = next((name for mark, name in BOMS if data.startswith(mark)), None)
    if bom:
        raise InputError(Code.E003, target, f"{bom} text")
    binary = binary_reason(data)
    if binary:
        raise InputError(Code.E002, target, binary)


def _wide(encoding: str | None) -> bool:
    """Whether an explicit encoding is UTF-16/32, where NUL bytes are expected."""
    try:
        return encoding is not None and codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))
    except LookupError:
        return False


def magic_type(data: bytes) -> str | None:
    """Name a known non-text format from its first bytes ("PDF", "PNG image"), else ``None``."""
    if data[:4] == b"RIFF" and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return "RIFF media (image, audio or video)"
    if data[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    return next((what for sig, what in MAGIC if data.startswith(sig)), None)


def binary_reason(data: bytes) -> str | None:
    """Why ``data`` looks binary: NUL bytes, or a high share of control characters."""
    if b"\x00" in data:
        return "contains NUL bytes"
    sample = data[:SAMPLE]
    controls = sum(1 for b in sample if (b < 0x20 and b not in b"\t\n\r\f\v") or b == 0x7F)
    if sample and controls / len(sample) > CONTROL_SHARE:
        return f"{controls / len(sample):.0%} control characters"
    return None


def decode(data: bytes, target: str, charset: str | None = None) -> str:
    """Decode strictly (UTF-8, with or without BOM, unless a charset is given); newlines to ``\\n``."""
    codec = _codec(charset, target)
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as err:
        bad = err.object[err.start : err.start + 1].hex()
        raise InputError(Code.E003, target, f"byte 0x{bad} at offset {err.start} is not {codec}") from err
    return normalize_newlines(text.removeprefix("\ufeff"))


def detect_charset(data: bytes) -> str | None:
    """The charset of text that is not UTF-8 (charset-normalizer's best guess), or None when no
    charset reads it as coherent text."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding in ("utf_8", "utf-8"):
        return None
    return str(best.encoding)


def is_utf8(data: bytes) -> bool:
    """Whether the bytes decode as UTF-8."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _codec(charset: str | None, target: str) -> str:
    if charset is None:
        return "utf-8-sig"
    try:
        name = codecs.lookup(charset).name
    except LookupError as err:
        raise InputError(Code.E003, target, f"unknown charset {charset!r}") from err
    return "utf-8-sig" if name == "utf-8" else name


UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> str:
    """Text every backend can store and every encoder can write, of the same length (so that spans
    into it are spans into what was given): NUL made a space (PostgreSQL refuses it in text), lone
    surrogates (from a JSON ``\\ud800`` escape or undecodable file names) made U+FFFD."""
    return UNSTORABLE.sub(lambda m: " " if m.group() == "\x00" else "\ufffd", text)


def normalize_newlines(text: str) -> str:
    """``\\r\\n`` and ``\\r`` to ``\\n``, as Python's text mode reads files."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def require_text(text: str, target: str) -> str:
    """Raise E001 when ``text`` is empty or whitespace only."""
    if not text.strip():
        raise InputError(Code.E001, target)
    return text


def looks_like_markup(data: bytes) -> bool:
    """Whether raw bytes open with markup (after a UTF-8 BOM and whitespace)."""
    return data.removeprefix(codecs.BOM_UTF8).lstrip().startswith(b"<")


def sniff_kind(text: str) -> Kind:
    """Guess the kind from content: markup -> html, parseable JSON -> json/jsonl, else text."""
    head = text.lstrip()
    if head.startswith("<"):
        return "html"
    if head.startswith(("{", "[")):
        try:
            json.loads(text)
            return "json"
        except ValueError:
            first = head.split("\n", 1)[0]
            return "jsonl" if _is_json_object(first) else "text"
    return "text"


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False
