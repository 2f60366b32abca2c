"""The fine-tuned MUC-4 model (neural extra) on the team's tiny fixtures: tags, span scores,
fine-tuning, save/load, the CLI; and the one-line error when torch is absent."""

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from conftest import FIXTURES
from eventcoder.ingest import read_inputs
from eventcoder.muc4 import model as linear_model
from eventcoder.muc4.model import TrainConfig
from eventcoder.muc4.templates import INCIDENT_TYPES, ROLES

DOCS = FIXTURES / "muc4" / "docs.jsonl"
HINT = "needs the neural extra: pip install 'eventcoder[neural]'"
QUICK_LINEAR = TrainConfig(role_epochs=5, document_epochs=5, rate=0.2, bits=16)


def run(*args: str, without_torch: bool = False) -> subprocess.CompletedProcess:
    """The command line in a fresh process; without_torch makes `import torch` fail there."""
    if without_torch:
        code = "import sys; sys.modules['torch'] = None; from eventcoder.cli import app; sys.argv[0] = 'eventcoder'; app()"
        command = [sys.executable, "-c", code, *args]
    else:
        command = [str(Path(sys.executable).with_name("eventcoder")), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=600)


def articles():
    return {a.id: a for a in read_inputs([str(DOCS)])}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """A neural model fine-tuned on the eight fixtures until it has learnt them (under a minute)."""
    pytest.importorskip("torch")
    from eventcoder.muc4 import neural

    out = tmp_path_factory.mktemp("muc4-neural") / "model"
    config = neural.NeuralConfig(epochs=12, rate=3e-4, head_rate=3e-3, documents_per_step=2, dropout=0.0)
    neural.train(list(articles().values()), out, config, linear_config=QUICK_LINEAR)
    return out


def test_tags_mark_every_occurrence_longest_mention_first():
    pytest.importorskip("torch")
    from eventcoder.muc4.neural import TAGS, NeuralConfig, encode, tag
    from eventcoder.schema import Article

    text = "rebels of the red front bombed a bus. the red front said its rebels used dynamite."
    gold = {"incident_type": "bombing", "PerpInd": [[["rebels", 0]]], "PerpOrg": [[["red front", 14]]],
            "Target": [[["bus", 33]]], "Victim": [], "Weapon": [[["dynamite", 73]], [["front", 18]]]}
    article = Article(id="t", text=text, metadata={"templates": [gold]})
    config = NeuralConfig(window=8, chunks=3)
    encoded = tag(encode(text, config), article, config)
    assert [len(w) for w in encoded.ids] == [10, 10, 4] and encoded.tags[0][0] == encoded.tags[0][-1] == -100
    pieces = [t for window in encoded.tags for t in window[1:-1]]
    assert len(pieces) == len(encoded.offsets) == 18
    tagged = {text[s:e]: TAGS[t] for (s, e), t in zip(encoded.offsets, pieces) if TAGS[t] != "O"}
    # "red front" (longer) wins over the "front" weapon mention; both occurrences are tagged.
    assert [TAGS[t] for (s, e), t in zip(encoded.offsets, pieces) if text[s:e] in ("red", "front")] == [
        "B-PerpOrg", "I-PerpOrg"] * 2
    assert tagged["rebels"] == "B-PerpInd" and tagged["bus"] == "B-Target" and tagged["dynamite"] == "B-Weapon"
    assert list(encoded.labels) == [1.0] + [float(kind == "bombing") for kind in INCIDENT_TYPES]
    # A document without templates teaches its document labels but no tags.
    news = tag(encode(text, config), Article(id="n", text=text, metadata={"templates": []}), config)
    assert {t for window in news.tags for t in window} == {-100} and not news.labels.any()


def test_span_probability_prefers_the_exact_span():
    pytest.importorskip("torch")
    from eventcoder.muc4.neural import TAGS, NeuralPrediction

    text = "the red front struck"
    offsets = np.array([[0, 3], [4, 7], [8, 13], [14, 20]])
    tags = np.full((4, len(TAGS)), 0.01)
    tags[:, 0] = 0.9
    tags[1, 0], tags[1, TAGS.index("B-PerpOrg")] = 0.05, 0.9
    tags[2, 0], tags[2, TAGS.index("I-PerpOrg")] = 0.05, 0.9
    prediction = NeuralPrediction(offsets, tags, np.zeros(7))
    perp_org = ROLES.index("PerpOrg")
    exact = prediction.span_probabilities(4, 13)
    assert exact[perp_org] > 0.85 and exact.argmax() == perp_org
    assert prediction.span_probabilities(8, 13)[perp_org] < 0.1  # starts inside the span
    assert prediction.span_probabilities(4, 7)[perp_org] < 0.35  # stops before its end
    assert not prediction.span_probabilities(21, 25).any()  # beyond the pieces read


def test_fine_tuned_model_saves_reloads_and_learnt_the_fixtures(trained):
    from eventcoder.muc4.neural import TAGS, NeuralMuc4Model

    meta = json.loads((trained / "muc4.json").read_text())
    assert meta["kind"] == "neural" and meta["neural"]["report"]["steps"] == 48
    model = linear_model.load(trained)
    assert isinstance(model, NeuralMuc4Model)
    docs = articles()
    predictions = dict(zip(docs, model.encoder.predict([a.text for a in docs.values()])))
    relevant = {docid: p.document[0] for docid, p in predictions.items()}
    assert min(relevant[d] for d in docs if docs[d].metadata["templates"]) > max(
        relevant[d] for d in docs if not docs[d].metadata["templates"])
    fix1 = docs["FIX-001"].text
    start = fix1.index("car bomb")
    tags = predictions["FIX-001"].tags
    inside = np.flatnonzero((predictions["FIX-001"].offsets[:, 0] >= start)
                            & (predictions["FIX-001"].offsets[:, 1] <= start + len("car bomb")))
    assert [TAGS[t] for t in tags[inside].argmax(axis=1)] == ["B-Weapon", "I-Weapon"]
    # Reloading gives the same numbers.
    again = linear_model.load(trained).encoder.predict([fix1])[0]
    assert np.allclose(again.tags, tags, atol=1e-5)


def test_cli_trains_extracts_and_benches_the_neural_kind(trained, tmp_path):
    made = tmp_path / "cli-model"
    result = run("train", "muc4", str(DOCS), "-o", str(made), "--neural")
    assert result.returncode == 0, result.stderr
    assert re.search(r"encoder epoch (\d+)/\1", result.stderr)
    assert json.loads((made / "muc4.json").read_text())["kind"] == "neural"

    out = tmp_path / "templates.jsonl"
    result = run("extract", "--format", "muc4", str(DOCS), "--model", str(trained), "-o", str(out))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["docid"] for line in lines] == [f"FIX-00{i}" for i in range(1, 9)]
    assert lines[2]["templates"] == [] and lines[0]["templates"][0]["incident_type"] == "bombing"

    result = run("bench", "muc4", str(DOCS), "--model", str(trained))
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["model_kind"] == "neural" and summary["slots"]["incident_type"]["f1"] == 1.0
    assert summary["template_f1"] >= 0.8


def test_without_torch_the_neural_kind_is_a_one_line_error_and_linear_still_works(tmp_path):
    linear_dir = tmp_path / "linear"
    linear_model.train(list(articles().values()), linear_dir, QUICK_LINEAR)
    assert json.loads((linear_dir / "muc4.json").read_text())["kind"] == "linear"
    result = run("bench", "muc4", str(DOCS), "--model", str(linear_dir), without_torch=True)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["model_kind"] == "linear"

    result = run("train", "muc4", str(DOCS), "-o", str(tmp_path / "n"), "--neural", without_torch=True)
    assert result.returncode == 2 and HINT in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "n").exists()

    meta = json.loads((linear_dir / "muc4.json").read_text())
    (linear_dir / "muc4.json").write_text(json.dumps({**meta, "kind": "neural"}))
    result = run("extract", "--format", "muc4", str(DOCS), "--model", str(linear_dir), without_torch=True)
    assert result.returncode == 2 and HINT in result.stderr and result.stdout == ""
    assert run("bench", "muc4", str(DOCS), "--model", str(linear_dir), "--neural").returncode == 2
