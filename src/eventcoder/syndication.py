"""Syndication: the same wire story republished by many sites, found by near-duplicate text.

A republished story is one source, not independent confirmation, so fusion counts it once.
Each article gets a 64-bit b-bit MinHash signature (Li & König 2010) of its word 3-grams: for
each of 64 hash functions, one bit of the 3-gram with the smallest hash. Two texts differ in a
bit with probability (1 - J) / 2, J being the Jaccard overlap of their 3-grams, so copies with a
new header, byline or last paragraph (J above 0.9) are a few bits apart and different stories
(J near 0) about 32. (A SimHash of the same 3-grams was tried first: a one-word edit of a
200-word story moved it 8 bits, as far as a rewrite.) Two signatures at most MAX_BITS apart are
near-duplicates. For indexed lookup the signature is cut into BANDS bands of 16 bits: two
signatures at most MAX_BITS apart differ in at most MAX_BITS // BANDS bits of one of them
(pigeonhole), so a store keeps each article's band values (`bands`) and looks up the values
within that many bits of the new article's (`probes`: 4 x 17 keys). With 16-bit bands an
unrelated article shares a probed key with chance 68 / 65,536, so a lookup reads about one
article in a thousand stored (8 bands of 8 bits, exact without probes, read one in 32).
"""

from __future__ import annotations

import hashlib
import re
from itertools import combinations

import numpy as np

BITS = 64
# Measured on the Gun Violence Corpus: wire copies with a changed first or last paragraph are 0-5
# bits apart, different stories, even about the same incident, 14 or more.
MAX_BITS = 7
BANDS = 4
BAND_BITS = BITS // BANDS
PROBE_BITS = MAX_BITS // BANDS  # near-duplicates differ in at most this many bits of some band
SHINGLE = 3
WORD = re.compile(r"\w+")
MASK = (1 << BITS) - 1
_RANDOM = np.random.default_rng(5326)  # fixed: signatures must be the same in every process
_SALTS = _RANDOM.integers(0, 2**63, size=BITS, dtype=np.uint64)
_MULTIPLIERS = _RANDOM.integers(0, 2**62, size=BITS, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
_BIT_INDEX = np.arange(BITS, dtype=np.uint64)


def _shingles(text: str) -> set[str]:
    words = WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words)}
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def _hash64(shingle: str) -> int:
    return int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big")


def fingerprint(text: str) -> int:
    """The signature of a text, as a signed 64-bit integer (it fits an SQL INTEGER column)."""
    shingles = _shingles(text)
    hashes = np.fromiter((_hash64(s) for s in shingles), dtype=np.uint64, count=len(shingles))
    with np.errstate(over="ignore"):  # multiply-xorshift mixing wraps around 2**64 on purpose
        keys = (hashes[None, :] ^ _SALTS[:, None]) * _MULTIPLIERS[:, None]
        keys ^= keys >> np.uint64(31)
    winners = hashes[keys.argmin(axis=1)]
    bits = (winners >> _BIT_INDEX) & np.uint64(1)  # bit i of the i-th function's minimum
    value = int((bits << _BIT_INDEX).sum(dtype=np.uint64))
    return value - (1 << BITS) if value >> (BITS - 1) else value


def bands(fp: int) -> list[int]:
    """The fingerprint's band keys, each tagged with its band number so keys never collide
    across bands: what a store indexes."""
    value = fp & MASK
    return [(band << BAND_BITS) | (value >> (band * BAND_BITS) & ((1 << BAND_BITS) - 1)) for band in range(BANDS)]


# The masks of up to PROBE_BITS bits within a band (0: the band itself), made once.
FLIPS = [0] + [sum(1 << bit for bit in bits) for n in range(1, PROBE_BITS + 1) for bits in combinations(range(BAND_BITS), n)]


def probes(fp: int) -> list[int]:
    """The band keys a near-duplicate of `fp` has at least one of: each band's own and those
    up to PROBE_BITS bits from it."""
    return [key ^ flip for key in bands(fp) for flip in FLIPS]


def distance(fp_a: int, fp_b: int) -> int:
    """How many bits two fingerprints differ in."""
    return ((fp_a ^ fp_b) & MASK).bit_count()


def near_duplicate(fp_a: int, fp_b: int) -> bool:
    """The two texts are copies of one story (republished, lightly edited)."""
    return distance(fp_a, fp_b) <= MAX_BITS


class Index:
    """Fingerprints seen so far, by band: `original` names the earlier article a text copies.
    The in-memory form of the store's lookup, for benchmarks and batch tools."""

    def __init__(self) -> None:
        self._by_band: dict[int, list[tuple[str, int]]] = {}

    def original(self, doc_id: str, fp: int) -> str:
        """The first article seen whose text this one nearly duplicates, else doc_id itself;
        the fingerprint is remembered either way."""
        found = doc_id
        for key in probes(fp):
            match = next((d for d, other in self._by_band.get(key, []) if near_duplicate(fp, other)), None)
            if match is not None:
                found = match
                break
        if found == doc_id:
            for key in bands(fp):
                self._by_band.setdefault(key, []).append((doc_id, fp))
        return found
