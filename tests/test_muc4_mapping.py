"""From role fillers and events to MUC-4 templates: entity merging, sharing out, rules typing."""

from eventcoder.muc4.assemble import assemble
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
    mentions = [
        ("PerpInd", 0, "guerrillas"),
        ("Victim", text.index("mayor"), "mayor"),
        ("Target", text.index("bank"), "bank"),
        ("Weapon", text.index("bomb"), "bomb"),
    ]
    templates = {t.incident_type: t for t in assemble(["bombing", "kidnapping"], mentions, text)}
    assert templates["kidnapping"].Victim == [["mayor"]] and templates["kidnapping"].Target == []
    assert templates["bombing"].Target == [["bank"]] and templates["bombing"].Weapon == [["bomb"]]
    assert templates["bombing"].PerpInd == templates["kidnapping"].PerpInd == [["guerrillas"]]
    assert assemble([], mentions, text) == []


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
