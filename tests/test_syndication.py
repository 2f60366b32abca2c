"""Near-duplicate detection: wire copies are found, different stories are not."""

from eventcoder import syndication

STORY = (
    "Gunmen attacked a market in the town of Kalama on Tuesday morning, killing eleven traders and "
    "wounding at least twenty others, the district governor said. Witnesses said the attackers came "
    "on motorcycles and fired at stalls for nearly an hour before security forces arrived. The "
    "governor said a curfew had been imposed and that the wounded were taken to the regional "
    "hospital, where several were in critical condition. No group has claimed the attack, the third "
    "on a market in the district this year. Residents said traders had asked for more patrols after "
    "the last attack, in which four people died, but that only a handful of police officers had been "
    "sent to guard the market, which draws farmers and buyers from villages across the district every "
    "week. The governor said the army would now take over security in the town and that roads into "
    "the district would be checked. Aid groups said they were sending medical supplies to the "
    "hospital, which has only two surgeons and was already short of blood for transfusions. A local "
    "lawmaker called for an inquiry into why the warnings of traders had gone unanswered, and said "
    "the families of those killed would be buried on Wednesday in the town's main cemetery."
)
OTHER = (
    "Heavy rain flooded the lower districts of the capital on Tuesday, forcing hundreds of families "
    "from their homes, the city's emergency service said. Roads were closed across the centre and "
    "schools will stay shut until Thursday, officials said, as forecasters warned of more storms "
    "later in the week. The mayor asked residents to avoid travel and said shelters had been opened "
    "in three stadiums for those who lost their homes to the water."
)


def test_a_republished_copy_with_a_new_header_and_footer_is_a_near_duplicate():
    # SimHash needs some length: an article of a few hundred words, as wire stories are.
    copy = "Share this story | World news\n" + STORY.replace("nearly an hour", "almost an hour") + "\nCopyright Wire Agency."
    assert syndication.near_duplicate(syndication.fingerprint(STORY), syndication.fingerprint(copy))


def test_a_different_story_is_not_a_near_duplicate():
    a, b = syndication.fingerprint(STORY), syndication.fingerprint(OTHER)
    assert not syndication.near_duplicate(a, b)
    assert syndication.distance(a, b) > syndication.MAX_BITS


def test_fingerprints_fit_a_signed_64_bit_column_and_are_stable():
    fp = syndication.fingerprint(STORY)
    assert -(2**63) <= fp < 2**63
    assert fp == syndication.fingerprint(STORY)


def test_a_near_duplicate_has_a_band_the_lookup_probes_however_its_bits_are_spread():
    a = syndication.fingerprint(STORY) & syndication.MASK
    spreads = [
        [0, 1, 2, 3, 4, 5, 6],  # all in the first band
        [0, 16, 17, 32, 33, 48, 49],  # one band with one changed bit, the others two
        [15, 16, 31, 32, 47, 48, 63],  # on the band edges
        [5, 21, 37, 53, 6, 22, 38],  # two in three bands, one in the last
    ]
    for bits in spreads:
        flipped = a
        for bit in bits:
            flipped ^= 1 << bit
        assert syndication.near_duplicate(a, flipped)
        assert set(syndication.probes(a)) & set(syndication.bands(flipped)), bits
    assert len(syndication.bands(a)) == syndication.BANDS
    assert len(set(syndication.probes(a))) == syndication.BANDS * (1 + syndication.BAND_BITS)


def test_an_unrelated_story_shares_no_probed_band():
    assert not set(syndication.probes(syndication.fingerprint(STORY))) & set(syndication.bands(syndication.fingerprint(OTHER)))


def test_index_names_the_first_article_a_copy_repeats():
    index = syndication.Index()
    assert index.original("a", syndication.fingerprint(STORY)) == "a"
    assert index.original("b", syndication.fingerprint(OTHER)) == "b"
    assert index.original("c", syndication.fingerprint(STORY + " Reporting by a correspondent.")) == "a"
