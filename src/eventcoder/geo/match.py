"""Place-name normalisation and the loose keys that let Arabic transliterations meet.

News spells the same town many ways (Sebha/Sabha, Murzuk/Marzuq, Derna/Darnah, Qatroun/Al Qatrun).
The gazetteer indexes three keys per name: `normalize` (exact), `bare` (article dropped) and
`skeleton` (consonants only). A skeleton hit is only accepted when `similar` confirms it, so the
loose key finds variants without inventing matches between unrelated short names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Arabic article forms, including the assimilated ones (ash-Shati, az-Zawiya, ad-Dafiniya).
ARTICLES = frozenset({"al", "el", "il", "ul", "as", "es", "ash", "esh", "az", "ez", "ad", "ed", "adh",
                      "ar", "er", "at", "et", "ath", "an", "en"})
# An article written glued to the name with its assimilated, doubled consonant: Azzawiya, Ashshati.
GLUED_ASSIMILATED = re.compile(r"^[ae](sh(?=sh)|([sztdnr])(?=\2))")
GLUED_AL = re.compile(r"^[ae]l(?=[^aeiou\s]{1,2}[aeiouy])")
SPECIAL = str.maketrans({"ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d",
                         "ı": "i", "þ": "th", "ħ": "h"})
APOSTROPHES = re.compile(r"[’'`ʿʾ‘ʻʼ´]")
NON_WORD = re.compile(r"[^0-9a-z]+")
VOWELS = frozenset("aeiouy")
# Loose spelling classes shared by `skeleton` and `similar`, applied in order.
LOOSE_RULES = (
    (re.compile(r"ou"), "u"),
    (re.compile(r"ee"), "i"),
    (re.compile(r"oo"), "u"),
    (re.compile(r"^(?:aw|au)"), "u"),
    (re.compile(r"dj|dzh|dz"), "j"),
    (re.compile(r"[kg]h"), "k"),
    (re.compile(r"[qgc]k?"), "k"),
    (re.compile(r"([a-z])\1+"), r"\1"),
    (re.compile(r"(?<=..)(?:ah|a|h|e)$"), ""),
)


@lru_cache(maxsize=1 << 16)
def normalize(name: str) -> str:
    """Lowercase, no diacritics, apostrophes dropped, hyphens and punctuation to single spaces."""
    text = unicodedata.normalize("NFKD", name.casefold().translate(SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = NON_WORD.sub(" ", APOSTROPHES.sub("", text)).strip()
    return " ".join("umm" if word == "um" else word for word in text.split())


def bare(norm: str) -> str:
    """A normalised name without its leading Arabic article (`al qatrun` -> `qatrun`)."""
    words = norm.split()
    if len(words) > 1 and words[0] in ARTICLES:
        return " ".join(words[1:])
    return norm


def unglued(norm: str) -> str | None:
    """The name without an article written glued to it (`azzawiya`, `alkufra`), if it has one."""
    for pattern in (GLUED_ASSIMILATED, GLUED_AL):
        match = pattern.match(norm)
        if match and len(norm) - match.end() >= 4:
            return norm[match.end():]
    return None


@lru_cache(maxsize=1 << 16)
def loose(norm: str) -> str:
    """The article-free name with transliteration classes merged, spaces dropped."""
    text = bare(norm).replace(" ", "")
    for pattern, repl in LOOSE_RULES:
        text = pattern.sub(repl, text)
    return text


def skeleton(norm: str) -> str:
    """The consonant key: first letter kept, later vowels dropped (`murzuq`, `marzuk` -> `mrzk`)."""
    text = loose(norm)
    if not text:
        return ""
    key = text[0] + "".join(ch for ch in text[1:] if ch not in VOWELS and not ch.isdigit())
    return re.sub(r"([a-z])\1+", r"\1", key)


def weighted_distance(a: str, b: str) -> float:
    """Edit distance where vowel changes are cheap, since transliterations mostly differ in vowels."""

    def cost(ch: str) -> float:
        return 0.5 if ch in VOWELS else 1.0

    previous = [0.0]
    for ch in b:
        previous.append(previous[-1] + cost(ch))
    for ca in a:
        current = [previous[0] + cost(ca)]
        for j, cb in enumerate(b, 1):
            if ca == cb:
                sub = 0.0
            elif ca in VOWELS and cb in VOWELS:
                sub = 0.3
            else:
                sub = 1.0
            current.append(min(previous[j - 1] + sub, previous[j] + cost(ca), current[j - 1] + cost(cb)))
        previous = current
    return previous[-1]


def similarity(a: str, b: str) -> float:
    """1.0 for the same loose form, falling towards 0 as the spellings part."""
    la, lb = loose(a), loose(b)
    if not la or not lb:
        return 0.0
    return max(0.0, 1.0 - weighted_distance(la, lb) / max(len(la), len(lb)))


def similar(a: str, b: str, threshold: float = 0.75) -> bool:
    """Whether two normalised names are plausibly spellings of one name."""
    return similarity(a, b) >= threshold
