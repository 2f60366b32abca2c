"""The actor knowledge base: aliases, generated state forces, civilians, unnamed perpetrators,
short-alias false positives and user files. Every sentence here was written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.resources import data_yaml
from eventcoder.slots import actors
from eventcoder.slots.actors import ActorKB, get_kb

IS = "Islamic State"
IS_LIBYA = "Islamic State (Libya)"
LNA = "Military Forces of Libya (Libyan National Army)"
US = "Military Forces of the United States"


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.load()


def names(kb: ActorKB, text: str, country: str | None = None) -> list[str]:
    return [m.entry.name for m in kb.find(text, country=country)]


def texts(kb: ActorKB, text: str, country: str | None = None) -> list[str]:
    return [m.text for m in kb.find(text, country=country)]


# ---------------------------------------------------------------- named groups and aliases


@pytest.mark.parametrize("text, expected", [
    ("ISIS fighters entered the town at dawn.", IS),
    ("Militants of ISIL ambushed the convoy.", IS),
    ("A cell loyal to Daesh was dismantled.", IS),
    ("Da'esh has lost most of its territory.", IS),
    ("Da’esh has lost most of its territory.", IS),
    ("The Islamic State in Iraq and the Levant seized the dam.", IS),
    ("IS-Libya set up checkpoints south of the city.", IS_LIBYA),
    ("The Wilayat Fezzan branch published photos.", IS_LIBYA),
    ("Fezzan Province militants kidnapped two engineers.", IS_LIBYA),
    ("Fighters of the Sinai Province attacked a checkpoint.", "Islamic State (Sinai)"),
    ("ISWAP overran a military base near the lake.", "Islamic State (West Africa)"),
    ("IS-K said nothing about the blast.", "Islamic State (Khorasan)"),
    ("An ISKP cell was raided.", "Islamic State (Khorasan)"),
    ("Al-Qaida in the Islamic Maghreb kidnapped a tourist.", "AQIM: Al Qaeda in the Islamic Maghreb"),
    ("Fighters from al Shabab stormed the hotel.", "Al Shabaab"),
    ("Jabhat an-Nusra fighters shelled the village.", "Hayat Tahrir al Sham"),
    ("Hay'at Tahrir al-Sham took the crossing.", "Hayat Tahrir al Sham"),
    ("Huthi rebels fired a missile.", "Houthi Movement (Ansar Allah)"),
    ("Hizballah fighters crossed the border.", "Hezbollah"),
    ("Sendero Luminoso guerrillas blew up a pylon.", "Shining Path: Communist Party of Peru"),
    ("The Extraditables set off a bomb in Bogota.", "Medellin Cartel"),
    ("A Medellín cartel hitman was arrested.", "Medellin Cartel"),
    ("FMLN urban commandos attacked a garrison.", "FMLN: Farabundo Marti National Liberation Front"),
    ("The Tehreek-e-Taliban Pakistan claimed nothing yet.", "TTP: Tehreek-i-Taliban Pakistan"),
    ("Wagner mercenaries were seen near the airbase.", "Wagner Group"),
    ("Toubou fighters held the oil field.", "Tebu Ethnic Militia (Libya)"),
    ("M-19 guerrillas seized the palace.", "M-19: 19th of April Movement"),
    ("Forces loyal to Khalifa Haftar advanced on the capital.", LNA),
    ("LAAF units shelled the suburbs.", LNA),
    ("GNA-aligned forces retook the port.", "Military Forces of Libya (Government of National Accord)"),
    ("MINUSMA peacekeepers were hit by a roadside bomb.",
     "MINUSMA: United Nations Multidimensional Integrated Stabilization Mission in Mali"),
    ("ATMIS troops withdrew from the base.", "ATMIS: African Union Transition Mission in Somalia"),
])
def test_alias_variants(kb: ActorKB, text: str, expected: str) -> None:
    assert expected in names(kb, text)


def test_al_prefix_variants_are_one_group(kb: ActorKB) -> None:
    text = "al-Qaeda, Al Qaida, el-Qaeda, al-Qa'ida and plain Qaeda"
    assert names(kb, text) == ["Al Qaeda"] * 5


def test_longest_alias_wins(kb: ActorKB) -> None:
    assert names(kb, "The Islamic State Libya Province claimed the raid.") == [IS_LIBYA]
    assert names(kb, "AQAP leaders met in Shabwa.") == ["AQAP: Al Qaeda in the Arabian Peninsula"]


def test_head_words_join_the_mention(kb: ActorKB) -> None:
    found = kb.find("Suspected Boko Haram militants burned the market.")
    assert [(m.text, m.entry.name) for m in found] == [
        ("Boko Haram militants", "Boko Haram - Jamaatu Ahli is-Sunnah lid-Dawati wal-Jihad")]
    assert texts(kb, "Haftar's forces and IS-linked militants clashed.") == [
        "Haftar's forces", "IS-linked militants"]


def test_punctuation_splits_names(kb: ActorKB) -> None:
    assert texts(kb, "The Islamic State (IS) group attacked.") == ["Islamic State", "IS"]
    assert names(kb, "Was it Islamic, State officials asked.") == []


def test_offsets_point_into_the_text(kb: ActorKB) -> None:
    text = "Yesterday U.S. troops and ISIS fighters exchanged fire."
    for m in kb.find(text, offset=100):
        assert text[m.start - 100:m.end - 100] == m.text
    assert texts(kb, text) == ["U.S. troops", "ISIS fighters"]


def test_anti_prefix_is_not_a_mention(kb: ActorKB) -> None:
    assert names(kb, "Anti-ISIS activists and counter-IS operations were discussed.") == []
    assert names(kb, "The anti-IS coalition bombed a depot.") == ["Global Coalition Against Daesh"]


# ---------------------------------------------------------------- short aliases


@pytest.mark.parametrize("text", [
    "It is unclear who fired first.",
    "Is this the end of the siege?",
    "Officials told us the road is closed.",
    "Let us wait and see, said the mayor.",
    "The aq fragment in the file is a typo.",
])
def test_short_aliases_need_capitals(kb: ActorKB, text: str) -> None:
    assert names(kb, text) == []


def test_short_aliases_in_capitals_match(kb: ActorKB) -> None:
    assert names(kb, "IS gunmen stormed the police post.", "LY") == [IS, "Police Forces of Libya"]
    assert names(kb, "An AQ courier was detained.") == ["Al Qaeda"]
    assert names(kb, "US forces and U.S. drones struck the camp.") == [US, US]


def test_headline_in_capitals_does_not_turn_is_into_a_group(kb: ActorKB) -> None:
    assert names(kb, "WHO IS BEHIND THE KILLINGS IN THE DESERT") == []
    assert names(kb, "ISIS SAYS IT IS BEHIND KILLINGS") == [IS]


def test_mixed_case_acronym_keeps_its_case(kb: ActorKB) -> None:
    assert names(kb, "LeT operatives were arrested.") == ["Lashkar-e-Taiba"]
    assert names(kb, "Let them go, he said.") == []


# ---------------------------------------------------------------- state forces


@pytest.mark.parametrize("text, expected", [
    ("Nigerian troops repelled the raid.", "Military Forces of Nigeria"),
    ("Malian soldiers and FAMa units left the camp.", "Military Forces of Mali"),
    ("Libya's army moved south.", "Military Forces of Libya"),
    ("The Egyptian military sealed the border.", "Military Forces of Egypt"),
    ("Congolese forces shelled the hills.", "Military Forces of the Democratic Republic of Congo"),
    ("Syrian warplanes struck Idlib.", "Military Forces of Syria"),
    ("Turkish drones hit a convoy.", "Military Forces of Turkey"),
    ("Kenyan police officers were ambushed.", "Police Forces of Kenya"),
    ("Iraqi security forces entered the old city.", "Military Forces of Iraq"),
    ("American airstrikes hit the compound.", US),
    ("The Pentagon confirmed the raid.", US),
    ("AFRICOM said the strike killed eleven militants.", US),
    ("U.S. Africa Command published no names.", US),
    ("CENTCOM announced the operation.", US),
])
def test_state_forces_by_demonym_and_name(kb: ActorKB, text: str, expected: str) -> None:
    assert names(kb, text)[0] == expected


def test_generic_forces_take_the_country_hint(kb: ActorKB) -> None:
    text = "Troops and police arrived after the army sealed the area."
    assert names(kb, text, "LY") == ["Military Forces of Libya", "Police Forces of Libya",
                                     "Military Forces of Libya"]
    assert names(kb, text) == ["Military Forces", "Police Forces", "Military Forces"]
    assert names(kb, "Nigerian soldiers arrived.", "LY") == ["Military Forces of Nigeria"]


def test_bare_forces_needs_a_country_word(kb: ActorKB) -> None:
    assert names(kb, "The forces of nature and the airstrikes debate.", "LY") == []


def test_state_forces_exist_for_every_country(kb: ActorKB) -> None:
    import pycountry

    for country in pycountry.countries:
        military = kb.resolve("state_forces", country.alpha_2)
        assert military.country == country.alpha_2 and military.actor_type == 1
        assert kb.get(military.name) == military
        assert kb.resolve("police", country.alpha_2).name.startswith("Police Forces of ")


def test_state_forces_abroad_are_external(kb: ActorKB) -> None:
    us = kb.get(US)
    assert us is not None and us.actor_type == 1
    assert us.actor_type_in("LY") == 8
    assert us.actor_type_in("US") == 1
    assert kb.get(IS).actor_type_in("LY") == 2


# ---------------------------------------------------------------- civilians


def test_civilians_by_nationality_keep_their_group(kb: ActorKB) -> None:
    [m] = kb.find("Gunmen aside, the Egyptian Coptic Christians on the bus were shot.")[1:]
    assert (m.text, m.entry.name, m.entry.group, m.entry.actor_type) == (
        "Egyptian Coptic Christians", "Civilians (Egypt)", "Coptic Christians", 7)


@pytest.mark.parametrize("text, country, name, group", [
    ("Copts were leaving the monastery.", "LY", "Civilians (Egypt)", "Coptic Christians"),
    ("Egyptian Christians were abducted.", None, "Civilians (Egypt)", "Christians"),
    ("Villagers fled to the hills.", "NG", "Civilians (Nigeria)", None),
    ("Two journalists were detained.", "SY", "Civilians (Syria)", "journalists"),
    ("Pakistani workers were kidnapped.", "AF", "Civilians (Pakistan)", None),
    ("Aid workers were wounded.", None, "Civilians", "aid workers"),
])
def test_civilians(kb: ActorKB, text: str, country: str | None, name: str, group: str | None) -> None:
    [m] = kb.find(text, country=country)
    assert (m.entry.name, m.entry.group, m.entry.actor_type) == (name, group, 7)


# ---------------------------------------------------------------- unnamed perpetrators


@pytest.mark.parametrize("text", [
    "Unidentified gunmen opened fire on the market.",
    "Unknown assailants threw a grenade.",
    "Armed men stopped the truck.",
    "A suicide bomber blew himself up at the gate.",
    "Terrorists attacked the checkpoint.",
])
def test_unnamed_perpetrators_stay_unnamed(kb: ActorKB, text: str) -> None:
    [m] = kb.find(text, country="NE")
    assert (m.entry.name, m.entry.kind) == ("Unidentified Armed Group (Niger)", "unidentified")


def test_unnamed_perpetrators_without_a_country(kb: ActorKB) -> None:
    assert names(kb, "Attackers torched the school.") == ["Unidentified Armed Group"]


# ---------------------------------------------------------------- the shipped data


def test_shipped_groups_cite_sources_and_valid_codes() -> None:
    data = data_yaml("actors.yaml")
    assert len(data["groups"]) >= 60
    for group in data["groups"]:
        assert group.get("source"), group["name"]
        assert 1 <= group["actor_type"] <= 8, group["name"]
    for spec in data["generic"]:
        assert spec.get("source"), spec["kind"]


def test_no_alias_names_two_shipped_groups(kb: ActorKB) -> None:
    seen: dict[tuple[str, ...], str] = {}
    for entry in kb:
        for alias in (entry.name, *entry.aliases):
            key, _ = actors._key(alias)
            assert seen.setdefault(key, entry.name) == entry.name, alias


def test_demonyms_name_one_country_each() -> None:
    seen: dict[str, str] = {}
    for code, spec in data_yaml("actors.yaml")["countries"].items():
        for demonym in spec.get("demonyms") or []:
            assert seen.setdefault(demonym, code) == code, demonym


def test_parents_exist(kb: ActorKB) -> None:
    for entry in kb:
        assert entry.parent is None or kb.get(entry.parent) is not None, entry.name


# ---------------------------------------------------------------- user files


def test_user_csv_adds_and_overrides(tmp_path: Path) -> None:
    path = tmp_path / "mine.csv"
    path.write_text(
        "name,actor_type,aliases\n"
        "Katiba Example,3,Example Brigade|Kateebat Eksampl\n"
        "Islamic State,3,IS|ISIS|Tanzim Example\n",
        encoding="utf-8",
    )
    kb = ActorKB.load(path)
    assert names(kb, "The Example Brigade and Tanzim Example fought.") == [
        "Katiba Example", "Islamic State"]
    assert kb.get("Katiba Example").actor_type == 3
    [daesh] = kb.find("Daesh fighters")  # the shipped aliases lead to the overriding entry
    assert daesh.entry == kb.get("Islamic State")
    assert (daesh.entry.actor_type, "Tanzim Example" in daesh.entry.aliases) == (3, True)


def test_user_yaml_in_the_shipped_shape(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "groups:\n"
        "  - name: Northern Hills Militia\n"
        "    actor_type: 4\n"
        "    country: ML\n"
        "    aliases: [NHM, Hills Militia]\n",
        encoding="utf-8",
    )
    entry = ActorKB.load(path).get("Northern Hills Militia")
    assert entry is not None and (entry.actor_type, entry.country) == (4, "ML")


@pytest.mark.parametrize("name, content, where", [
    ("bad.csv", "name,actor_type,aliases\nGood Group,2,GG\nBad Group,rebels,BG\n", "row 3"),
    ("bad.csv", "name,actor_type,aliases\n,2,Nameless\n", "row 2"),
    ("bad.csv", "name,aliases\nGroup,G\n", "actor_type"),
    ("bad.yaml", "groups:\n  - {name: A Group, actor_type: 2}\n  - {name: B Group, actor_type: 12}\n",
     "row 2"),
    ("bad.yaml", "groups:\n  - {name: C Group, actor_type: 2, country: Narnia}\n", "row 1"),
])
def test_malformed_user_file_names_file_and_row(tmp_path: Path, name: str, content: str,
                                                where: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ValueError) as err:
        ActorKB.load(path)
    assert str(path) in str(err.value) and where in str(err.value)


def test_get_kb_honours_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from eventcoder.settings import get_settings

    path = tmp_path / "mine.csv"
    path.write_text("name,actor_type,aliases\nRiver Front,2,RF Fighters\n", encoding="utf-8")
    monkeypatch.setenv("EVENTCODER_ACTORS_FILE", str(path))
    get_settings.cache_clear()
    get_kb.cache_clear()
    try:
        assert get_kb().get("River Front") is not None
        assert get_kb() is get_kb()
    finally:
        get_settings.cache_clear()
        get_kb.cache_clear()
