"""The trained MUC-4 model end to end on the team's tiny fixtures: train, save, load, predict, CLI."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES
from eventcoder.ingest import read_inputs
from eventcoder.muc4.extract import document_templates
from eventcoder.muc4.features import candidates, parser
from eventcoder.muc4.model import ModelNotFound, Muc4Model, TrainConfig, train
from eventcoder.muc4.scorer import score_corpus
from eventcoder.muc4.templates import INCIDENT_TYPES, ROLES, gold_templates

DOCS = FIXTURES / "muc4" / "docs.jsonl"


def run(*args: str) -> subprocess.CompletedProcess:
    exe = Path(sys.executable).with_name("eventcoder")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    """A tiny model trained on the fixtures until it has learnt them (seconds)."""
    out = tmp_path_factory.mktemp("muc4") / "model"
    articles = list(read_inputs([str(DOCS)]))
    report = train(articles, out, TrainConfig(role_epochs=10, document_epochs=10, rate=0.2, bits=16))
    assert report.documents == 8 and report.relevant_documents == 6
    return out


def test_candidates_are_distinct_noun_phrases_with_their_context():
    [article] = [a for a in read_inputs([str(DOCS)]) if a.id == "FIX-001"]
    found = {c.key: c for c in candidates(parser()(article.text))}
    assert {"car bomb", "plf", "urban guerrillas"} <= set(found)
    plf = found["plf"]
    assert plf.count == 2 and plf.text == "plf" and article.text[plf.start:].startswith("plf")
    assert "w=plf" in plf.features and any(f.startswith("cue=bombing") for f in found["car bomb"].features)


def test_trained_model_reloads_and_recovers_what_it_learnt(model_dir):
    model = Muc4Model.load(model_dir)
    articles = {a.id: a for a in read_inputs([str(DOCS)])}
    predicted = dict(zip(articles, model.templates(a.text for a in articles.values())))
    # The fixtures are its training set: types and nearly all fillers must come back.
    score = score_corpus(predicted, {docid: gold_templates(a) for docid, a in articles.items()})
    assert score.summary()["incident_type"]["f1"] == 1.0
    assert score.f1() >= 0.8
    assert [t.incident_type for t in predicted["FIX-005"]] == ["arson", "robbery"]
    assert predicted["FIX-003"] == predicted["FIX-006"] == []
    for template in (t for templates in predicted.values() for t in templates):
        for role in ROLES:
            assert all(len(entity) == 1 for entity in template.role(role))


def test_loading_something_else_fails_clearly(tmp_path):
    with pytest.raises(ModelNotFound, match="train muc4"):
        Muc4Model.load(tmp_path)


def test_model_path_keeps_errors_in_order(model_dir, tmp_path):
    lines = DOCS.read_text().splitlines()
    src = tmp_path / "mixed.jsonl"
    src.write_text("\n".join([lines[0], '{"docid": "broken", ', lines[2]]) + "\n")
    results = list(document_templates(read_inputs([str(src)]), Muc4Model.load(model_dir)))
    assert [getattr(r, "docid", None) for r in results] == ["FIX-001", None, "FIX-003"]


def test_cli_train_extract_and_bench(model_dir, tmp_path):
    trained = tmp_path / "cli-model"
    result = run("train", "muc4", str(DOCS), "-o", str(trained))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["documents"] == 8
    assert (trained / "muc4.json").is_file()

    out = tmp_path / "templates.jsonl"
    result = run("extract", "--format", "muc4", str(DOCS), "--model", str(model_dir), "-o", str(out))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["docid"] for line in lines] == [f"FIX-00{i}" for i in range(1, 9)]
    for line in lines:
        for template in line["templates"]:
            assert template["incident_type"] in INCIDENT_TYPES
            assert set(template) == {"incident_type", *ROLES}

    result = run("bench", "muc4", str(DOCS), "--model", str(model_dir))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["mapping"] == "model" and summary["documents"] == 8
    assert summary["slots"]["incident_type"]["f1"] == 1.0
    assert set(summary["slots"]) == {"incident_type", *ROLES}


def test_cli_rules_mapping_and_usage_errors(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(DOCS.read_text().splitlines()[0] + "\nnot json\n")
    result = run("extract", "--format", "muc4", str(src))
    assert result.returncode == 1
    assert "in.jsonl:2" in result.stderr
    [line] = [json.loads(x) for x in result.stdout.splitlines()]
    assert line["docid"] == "FIX-001" and line["templates"][0]["incident_type"] == "bombing"

    assert run("extract", "--format", "muc4", str(src), "--model", str(tmp_path)).returncode == 2
    assert run("bench", "muc4", str(DOCS), "--model", str(tmp_path), "--train", str(DOCS)).returncode == 2
    assert run("train", "muc4", str(tmp_path / "absent.jsonl"), "-o", str(tmp_path / "m")).returncode == 1
