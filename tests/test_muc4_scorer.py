"""The MUC-4 template scorer on hand-made cases whose counts are worked out by hand (GTT's rules)."""

import pytest

from eventcoder.muc4.scorer import score_corpus, score_document
from eventcoder.muc4.templates import Template, normalize


def t(kind: str, **roles) -> Template:
    return Template(incident_type=kind, **roles)


def counts(score, slot):
    c = score.slots[slot]
    return c.p_num, c.p_den, c.r_num, c.r_den


def test_normalize_drops_case_punctuation_articles_and_spaces():
    assert normalize("The  FMLN.") == "fmln"
    assert normalize("an \"urban\" guerrilla") == "urban guerrilla"
    assert normalize("theatre") == "theatre"  # "the" only as a word


def test_perfect_prediction_scores_one():
    gold = [t("bombing", PerpOrg=[["farabundo marti national liberation front", "fmln"]], Weapon=[["car bomb"]])]
    pred = [t("bombing", PerpOrg=[["FMLN"]], Weapon=[["the car bomb"]])]
    score = score_document(pred, gold)
    assert score.f1() == 1.0
    assert counts(score, "incident_type") == (1, 1, 1, 1)
    assert counts(score, "PerpOrg") == (1, 1, 1, 1)


def test_predicted_entity_must_be_a_subset_of_one_gold_entity():
    gold = [t("attack", Victim=[["hector oqueli", "oqueli"]], PerpInd=[["gunmen"]])]
    pred = [t("attack", Victim=[["oqueli", "hector oqueli"]], PerpInd=[["gunmen", "soldiers"]])]
    score = score_document(pred, gold)
    assert counts(score, "Victim") == (1, 1, 1, 1)
    assert counts(score, "PerpInd") == (0, 1, 0, 1)  # "soldiers" is no mention of the gold entity


def test_wrong_incident_type_cannot_be_mapped():
    gold = [t("kidnapping", Victim=[["mayor"]])]
    pred = [t("attack", Victim=[["mayor"]])]
    score = score_document(pred, gold)
    # Nothing maps: the predicted template is all spurious, the gold one all missing.
    assert counts(score, "incident_type") == (0, 1, 0, 1)
    assert counts(score, "Victim") == (0, 1, 0, 1)
    assert score.f1() == 0.0


def test_attack_maps_onto_a_combined_gold_type():
    gold = [t("bombing / attack", Target=[["embassy"]])]
    assert score_document([t("attack", Target=[["embassy"]])], gold).f1() == 1.0
    assert score_document([t("bombing", Target=[["embassy"]])], gold).f1() == 1.0


def test_best_one_to_one_mapping_is_chosen():
    gold = [
        t("attack", Victim=[["peasants"]], Target=[["bus"]]),
        t("attack", Victim=[["mayor"]]),
    ]
    # Listed in the "wrong" order: the scorer must map the first prediction onto the second gold.
    pred = [t("attack", Victim=[["mayor"]]), t("attack", Victim=[["peasants"]], Target=[["bus"]])]
    assert score_document(pred, gold).f1() == 1.0
    # Two predictions cannot both map onto one gold template: the second is spurious.
    one_gold = [t("attack", Victim=[["mayor"]])]
    score = score_document([t("attack", Victim=[["mayor"]]), t("attack", Victim=[["mayor"]])], one_gold)
    assert counts(score, "incident_type") == (1, 2, 1, 1)
    assert counts(score, "Victim") == (1, 2, 1, 1)


def test_hand_counted_partial_document():
    gold = [t("bombing", PerpInd=[["terrorists"]], Target=[["power tower"], ["substation"]], Weapon=[["dynamite"]])]
    pred = [
        t("bombing", PerpInd=[["terrorists"]], Target=[["power tower"], ["bridge"]], Weapon=[]),
        t("kidnapping", Victim=[["engineer"]]),
    ]
    score = score_document(pred, gold)
    # incident: mapped pair 1/1 both ways, spurious kidnapping adds 1 to precision's denominator.
    assert counts(score, "incident_type") == (1, 2, 1, 1)
    assert counts(score, "PerpInd") == (1, 1, 1, 1)
    assert counts(score, "Target") == (1, 2, 1, 2)
    assert counts(score, "Weapon") == (0, 0, 0, 1)
    assert counts(score, "Victim") == (0, 1, 0, 0)
    total = score.total
    assert (total.p_num, total.p_den, total.r_num, total.r_den) == (3, 6, 3, 5)
    assert score.f1() == pytest.approx(2 * 0.5 * 0.6 / 1.1)


def test_duplicate_gold_templates_count_once_and_empty_documents_cost_precision():
    gold = {"d1": [t("arson", Target=[["house"]]), t("arson", Target=[["house"]])], "d2": []}
    pred = {"d1": [t("arson", Target=[["house"]])], "d2": [t("attack", PerpInd=[["gunmen"]])]}
    score = score_corpus(pred, gold)
    total = score.total
    assert (total.p_num, total.p_den, total.r_num, total.r_den) == (2, 4, 2, 2)
    summary = score.summary()
    assert summary["micro"]["p"] == 0.5 and summary["micro"]["r"] == 1.0
    assert summary["PerpInd"] == {"p": 0.0, "r": 0.0, "f1": 0.0}


def test_missing_prediction_counts_all_gold_slots_as_missed():
    gold = {"d1": [t("robbery", PerpInd=[["rebels"]], Target=[["bank"]])]}
    total = score_corpus({}, gold).total
    assert (total.p_num, total.p_den, total.r_num, total.r_den) == (0, 0, 0, 3)


def test_gold_file_mentions_with_offsets_read_as_strings():
    raw = {"incident_type": "attack", "PerpInd": [[["gunmen", 12], ["the gunmen", 80]]], "PerpOrg": [],
           "Target": [], "Victim": [[["priest", 40]]], "Weapon": []}
    template = Template.from_json(raw)
    assert template.PerpInd == [["gunmen", "the gunmen"]] and template.Victim == [["priest"]]
