"""From a file a person uploads to rows of cells: size and row limits checked before anything is
parsed, the text encoding found (UTF-8, UTF-16, Korean Excel's CP949), the separator found.
Anything unusable raises InputError (a ValueError) with a sentence of core/said.py; notes are Said."""
import csv
import os
import re
from typing import IO

from .said import InputError, Said
from .text import HANGUL

# What a reader accepts: a path, the bytes themselves, or a file-like object (an upload).
CsvSource = str | os.PathLike | bytes | bytearray | IO

MAX_BYTES = 10 * 2**20  # a daily series of 100,000 rows with OHLC columns is about 6 MB
MAX_ROWS = 100_000  # about 400 years of trading days; checked before parsing
EXAMPLE = "Date,Close\n2024-01-02,101.5\n2024-01-03,102.25"


def too_large(size: int, lines: int | None = None) -> str:
    """The sentence (a Said) for a file over the limits, or '' when it is within them."""
    if size > MAX_BYTES:
        return Said("csv.too_big", mb=size / 2**20, max_mb=MAX_BYTES // 2**20, max_rows=MAX_ROWS)
    if lines is not None and lines > MAX_ROWS + 1:
        return Said("csv.too_many_lines", lines=lines, max_rows=MAX_ROWS)
    return ""


def read_bytes(source: CsvSource) -> bytes:
    """The bytes of a path, bytes or a file-like object, refused early when over the limits."""
    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    elif isinstance(source, (str, os.PathLike)):
        if not os.path.isfile(source):
            raise InputError("csv.no_file", path=source)
        if too_large(os.path.getsize(source)):
            raise InputError(too_large(os.path.getsize(source)))
        with open(source, "rb") as f:
            data = f.read()
    elif hasattr(source, "read"):
        data = source.read(MAX_BYTES + 1)
        data = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    else:
        raise ValueError("Give a CSV file (a path, bytes or an uploaded file).")
    problem = too_large(len(data), data.count(b"\n") + (not data.endswith(b"\n")))
    if problem:
        raise InputError(problem)
    return data


# What a Windows-1252 file holds beyond ASCII when it really is Western European text: accented
# letters and the usual signs, never three accented letters in a row (Cyrillic in Windows-1251
# read this way is all accented letters: "Дата" reads "Äàòà").
_WESTERN = set("ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿŒœŠšŽžŸ"
               "€£¥¢°µ§ºª±×÷¹²³½¼¾«»‘’‚“”„–—…•·\u00a0")


def _korean(text: str) -> bool:
    """Does CP949-decoded text read as Korean? Korean text is mostly the 2,350 common Hangul
    syllables and KS X 1001's signs (▲, ▼, ￦); another encoding read as CP949 (Shift-JIS, Cyrillic,
    Greek) comes out as Hanja and rare syllables."""
    wide = [c for c in set(text) if ord(c) > 0x7f and not c.isspace()]
    ks = {c: c.encode("euc_kr", "ignore") for c in wide}  # two bytes: in KS X 1001
    hangul = [c for c in wide if len(ks[c]) == 2 and re.match(f"[{HANGUL}]", c)]
    signs = [c for c in wide if len(ks[c]) == 2 and ks[c][0] < 0xb0]  # rows before the syllables
    return bool(hangul) and len(hangul) + len(signs) >= 0.8 * len(wide)


def _western(text: str) -> bool:
    return set(re.sub(r"[\x00-\x7f]", "", text)) <= _WESTERN and not re.search("[À-ÿ]{3}", text)


def decode(data: bytes, notes: list, plain: bool = False) -> str:
    """The text of a file: UTF-8 (or UTF-16 with its mark), or CP949 when that reads as Korean, or
    Windows-1252 when that reads as Western European text (a note says which). plain: a plain
    text file (.txt), not a CSV: the errors say so, and an empty file is the caller's to refuse."""
    if not data.strip() and not plain:
        raise InputError("csv.empty", example=EXAMPLE)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:8192] or data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")):
        raise InputError("text.binary" if plain else "csv.binary")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # Excel saves CSV in the computer's own code page: CP949 in Korea, Windows-1252 in Western Europe.
    for codec, reads, said in (("cp949", _korean, "csv.cp949"), ("cp1252", _western, "csv.cp1252")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if reads(text):
            notes.append(Said(said))
            return text
    raise InputError("text.not_utf8" if plain else "csv.not_utf8")


def split_rows(text: str) -> tuple[list, str]:
    """The rows of the CSV and the separator: the one among tab, ';', '|', ',' that gives every
    line the same number (≥ 2) of fields; tab and ';' first, because ',' may be a decimal mark."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    head = lines[:50]
    for sep in ("\t", ";", "|", ","):
        counts = {len(r) for r in csv.reader(head, delimiter=sep)}
        if len(counts) == 1 and counts.pop() >= 2:
            return [[c.strip() for c in r] for r in csv.reader(lines, delimiter=sep)], sep
    for sep in ("\t", ";", "|", ","):  # ragged files: the separator most lines agree on
        rows = list(csv.reader(head, delimiter=sep))
        if sum(len(r) >= 2 for r in rows) >= 0.8 * len(rows):
            return [[c.strip() for c in r] for r in csv.reader(lines, delimiter=sep)], sep
    raise InputError("csv.one_field", example=EXAMPLE)
