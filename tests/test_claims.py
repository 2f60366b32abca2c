"""Claims of responsibility: claimer, channel, pronouns, passives and denials.
Every sentence here was written for these tests."""

from __future__ import annotations

import pytest

from eventcoder.slots.actors import ActorKB
from eventcoder.slots.claims import Claim, find_blames, find_claims

IS = "Islamic State"


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.load()


def one(kb: ActorKB, text: str, **kw: str) -> Claim:
    [claim] = find_claims(text, kb, **kw)
    return claim


@pytest.mark.parametrize("text, by, channel", [
    ("ISIS claimed responsibility for the raid in a post on its Amaq agency.", IS, "Amaq"),
    ("Daesh has claimed the bombing through A'maq.", IS, "Amaq"),
    ("In its weekly al-Nabaa newsletter, IS-Libya claimed the ambush.", "Islamic State (Libya)",
     "Al-Naba"),
    ("Al-Shabaab claimed the attack via its Telegram channel.", "Al Shabaab", "Telegram"),
    ("JNIM took responsibility in a video released on Sunday.",
     "JNIM: Jamaah Nusrat al Islam wal Muslimin", "video"),
    ("The Taliban claimed the assault on social media.", "Taliban", "social media"),
    ("The TTP accepted responsibility in a statement sent to reporters.",
     "TTP: Tehreek-i-Taliban Pakistan", "statement"),
    ("ISWAP claimed the killings on a website it uses.", "Islamic State (West Africa)", "website"),
    ("The FMLN claimed responsibility for the blackout.",
     "FMLN: Farabundo Marti National Liberation Front", None),
])
def test_claims_with_channels(kb: ActorKB, text: str, by: str, channel: str | None) -> None:
    claim = one(kb, text)
    assert (claim.by, claim.channel) == (by, channel)


def test_claim_span_covers_claimer_and_anchor(kb: ActorKB) -> None:
    text = "On Friday, Boko Haram claimed responsibility for the raid."
    claim = one(kb, text)
    assert claim.text == "Boko Haram claimed responsibility"
    assert text[claim.start:claim.end] == claim.text
    shifted = one(kb, text, offset=50)
    assert (shifted.start, shifted.end) == (claim.start + 50, claim.end + 50)


def test_passive_claim(kb: ActorKB) -> None:
    claim = one(kb, "The assault on the checkpoint was claimed by the Sinai Province.")
    assert claim.by == "Islamic State (Sinai)"
    assert claim.text == "was claimed by the Sinai Province"


def test_said_it_carried_out(kb: ActorKB) -> None:
    claim = one(kb, "U.S. Africa Command said it carried out a strike near Murzuq on Thursday.")
    assert claim.by == "Military Forces of the United States"


def test_group_publication_said_its_militants(kb: ActorKB) -> None:
    text = "The group's publication said its militants had killed four soldiers."
    assert one(kb, text).by is None
    assert one(kb, text, context_actor=IS).by == IS


@pytest.mark.parametrize("text", [
    "The group claimed responsibility on Telegram.",
    "The militant group later claimed the assault.",
    "It claimed responsibility in a short statement.",
])
def test_pronoun_claimer_is_left_to_the_caller(kb: ActorKB, text: str) -> None:
    assert one(kb, text).by is None
    assert one(kb, text, context_actor="Al Shabaab").by == "Al Shabaab"


def test_relative_clause_does_not_steal_the_claim(kb: ActorKB) -> None:
    text = "The group, which is loyal to al-Qaeda, claimed responsibility."
    assert one(kb, text).by is None
    text = "Boko Haram, which has fought the army since 2009, has claimed the attack."
    assert one(kb, text).by == "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad"


def test_civilians_and_victims_are_not_claimers(kb: ActorKB) -> None:
    claim = one(kb, "After villagers fled, ISIS claimed the massacre.")
    assert claim.by == IS
    assert one(kb, "Residents said the extremists claimed the attack.").by is None


@pytest.mark.parametrize("text", [
    "No group has claimed responsibility for the blast.",
    "There was no immediate claim of responsibility.",
    "The Taliban have not claimed the attack.",
    "Al-Shabaab denied responsibility for the ambush.",
    "The bombing has not been claimed by any group.",
    "Nobody has yet claimed the shooting.",
    "Hamas did not claim the rocket fire.",
    "The insurgents have yet to claim the kidnapping.",
    "The army said it had no information about the explosion.",
    "The government claimed it was winning the war.",
    "The fighting has claimed hundreds of lives.",
    "Many lives were claimed by the floods.",
])
def test_denials_and_non_claims(kb: ActorKB, text: str) -> None:
    assert find_claims(text, kb) == []


def test_several_sentences(kb: ActorKB) -> None:
    text = ("Gunmen killed six soldiers on Monday. No group claimed the attack at first. "
            "On Tuesday, ISIS-Libya claimed it on Telegram.")
    [claim] = find_claims(text, kb)
    assert (claim.by, claim.channel) == ("Islamic State (Libya)", "Telegram")
    assert text[claim.start:claim.end] == "ISIS-Libya claimed it"


def test_generic_claimer_takes_the_country(kb: ActorKB) -> None:
    text = "The military said it killed eleven militants in the strike."
    assert one(kb, text, country="US").by == "Military Forces of the United States"


def test_sentence_is_not_cut_after_initials(kb: ActorKB) -> None:
    text = "A spokesman for the U.S. Africa Command said it conducted two strikes."
    assert one(kb, text).by == "Military Forces of the United States"


@pytest.mark.parametrize(("text", "by", "what"), [
    ("The governor blamed the Tamarind Hills front, a faction of former FARC rebels, for the blast.",
     "FARC: Revolutionary Armed Forces of Colombia", None),
    ("A monitoring group blamed Syrian government forces for the gas attack.", "Military Forces of Syria", "gas attack"),
    ("Officials also blamed the group for the roadside bomb.", None, "roadside bomb"),
    ("The army held Al-Shabaab responsible.", "Al Shabaab", None),
])
def test_blames_name_who_others_say_did_it(kb: ActorKB, text: str, by: str | None, what: str | None) -> None:
    [blame] = find_blames(text, kb.find(text))
    assert (blame.by, blame.what) == (by, what)
    assert text[blame.start:blame.end] == blame.text and blame.text.startswith(("blamed", "held"))


@pytest.mark.parametrize("text", [
    "Police did not blame Boko Haram for the fire.",
    "The army held talks with Al-Shabaab elders.",
    "Residents blamed the floods on poor drainage.",
])
def test_no_blame_without_a_blamed_actor(kb: ActorKB, text: str) -> None:
    assert find_blames(text, kb.find(text)) == []
