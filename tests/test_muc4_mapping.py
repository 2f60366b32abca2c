"""From role fillers and events to MUC-4 templates: entity merging, sharing out, rules typing."""

from eventcoder.muc4.assemble import Filler, assemble
from eventcoder.muc4.rules import incident_type, templates_from_events
from eventcoder.muc4.templates import build_templates
from eventcoder.schema import Actor, Event, Evidence


def test_build_templates_keeps_one_first_mention_per_distinct_string():
    [template] = build_templates({"attack": {"PerpInd": ["Gunmen", "the gunmen", "terrorists"], "Victim": ["priest"]}})
    assert template.incident_type == "attack"
    assert template.PerpInd == [["Gunmen"], ["terrorists"]]
    assert template.Victim == [["priest"]] and template.Target == []


def test_assemble_shares_perpetrators_and_places_victims_by_nearest_incident_words():
    text = ("guerrillas kidnapped the mayor in the morning. " + "nothing else happened that day. " * 6 +
            "later a bomb destroyed the bank.")
    fillers = [
        Filler("PerpInd", 0, "guerrillas", 0),
        Filler("Victim", text.index("mayor"), "mayor", 0),
        Filler("Target", text.index("bank"), "bank", 7),
        Filler("Weapon", text.index("bomb"), "bomb", 7),
    ]
    templates = {t.incident_type: t for t in assemble(["bombing", "kidnapping"], fillers, text)}
    assert templates["kidnapping"].Victim == [["mayor"]] and templates["kidnapping"].Target == []
    assert templates["bombing"].Target == [["bank"]] and templates["bombing"].Weapon == [["bomb"]]
    assert templates["bombing"].PerpInd == templates["kidnapping"].PerpInd == [["guerrillas"]]
    assert assemble([], fillers, text) == []


def test_assemble_gives_victims_of_different_sentences_their_own_templates():
    text = ("gunmen shot a judge and his driver in the capital. the police blamed the cartel. "
            "two days later a pistol was used to kill a teacher in a village.")
    fillers = [
        Filler("PerpInd", 0, "gunmen", 0),
        Filler("Victim", text.index("judge"), "judge", 0),
        Filler("Victim", text.index("his driver"), "his driver", 0),
        Filler("PerpOrg", text.index("cartel"), "cartel", 1),
        Filler("Weapon", text.index("pistol"), "pistol", 2),
        Filler("Victim", text.index("teacher"), "teacher", 2),
    ]
    first, second = assemble(["attack"], fillers, text)
    assert first.Victim == [["judge"], ["his driver"]] and second.Victim == [["teacher"]]
    # Each other filler joins the victims of the nearest sentence (the first of two as near).
    assert first.PerpInd == [["gunmen"]] and first.PerpOrg == [["cartel"]] and first.Weapon == []
    assert second.Weapon == [["pistol"]] and second.PerpInd == []
    [alone] = assemble(["attack"], [f for f in fillers if f.text != "teacher"], text)
    assert alone.Victim == [["judge"], ["his driver"]] and alone.Weapon == [["pistol"]]


def test_assemble_drops_a_filler_inside_a_longer_one_of_the_same_role():
    text = "a car bomb exploded; the bomb squad found a second bomb near the car."
    fillers = [
        Filler("Weapon", 2, "car bomb", 0),
        Filler("Weapon", text.index("bomb squad"), "bomb", 0),
        Filler("Target", text.index("car."), "the car", 0),
    ]
    [template] = assemble(["bombing"], fillers, text)
    assert template.Weapon == [["car bomb"]]
    assert template.Target == [["the car"]]  # "car" inside "car bomb", but another role


def event(sub_event_type: str, event_type: str, clause: str, actors: list[Actor]) -> Event:
    return Event(
        id="ev", doc_ids=["d"], event_type=event_type, sub_event_type=sub_event_type, actors=actors,
        evidence=[Evidence(doc_id="d", start=0, end=len(clause), text=clause, field="clause")],
    )


def test_rules_type_events_and_skip_combat():
    kidnap = event("Abduction/forced disappearance", "Violence against civilians", "rebels kidnapped a judge", [])
    clash = event("Armed clash", "Battles", "troops clashed with rebels", [])
    arson = event("Attack", "Violence against civilians", "rebels set fire to the town hall", [])
    assert incident_type(kidnap, "rebels kidnapped a judge") == "kidnapping"
    assert incident_type(clash, "troops clashed with rebels") is None
    assert incident_type(arson, "rebels set fire to the town hall") == "arson"


def test_rules_fill_roles_from_actors_and_clause_words():
    clause = "urban guerrillas of the plf set off a car bomb outside the agriculture ministry building"
    actors = [
        Actor(name="Unidentified Armed Group", role="perpetrator", text="urban guerrillas", actor_type=3),
        Actor(name="People's Liberation Front", role="perpetrator", text="plf", actor_type=2),
        Actor(name="Civilians", role="target", text="passers-by", actor_type=7),
    ]
    [template] = templates_from_events([event("Remote explosive/landmine/IED", "Explosions/Remote violence", clause, actors)])
    assert template.incident_type == "bombing"
    assert template.PerpInd == [["urban guerrillas"]] and template.PerpOrg == [["plf"]]
    assert template.Victim == [["passers-by"]]
    assert template.Weapon == [["car bomb"]]
    assert template.Target == [["agriculture ministry building"]]
