"""Missing data from Python: None, or NaN in a float column, is a missing value, and a
candidate whose conditions read one is "pending", never "ineligible"."""

import math
import pathlib

import pytest

import thidua

ROOT = pathlib.Path(__file__).resolve().parents[2]
POLICY = ROOT / "examples/thieu-du-lieu-2026/policy.thidua"


@pytest.fixture(scope="module")
def policy():
    return thidua.load(POLICY)


def persons(scores):
    n = len(scores)
    return {"persons": {
        "id": [f"P{i + 1}" for i in range(n)], "name": ["A"] * n, "complies": [True] * n,
        "score": scores, "initiatives": [0] * n, "under_review": [False] * n,
        "open_complaint": [False] * n,
    }}


@pytest.mark.parametrize("missing", [None, math.nan], ids=["None", "NaN"])
def test_a_missing_score_makes_the_candidate_pending(policy, missing):
    result = policy.run(persons([95.0, missing]))
    assert result.status("P1", "giay_khen") == "selected"
    assert result.status("P2", "giay_khen") == "pending"
    outcome = result.to_dict()["candidates"]["P2"]["giay_khen"]
    assert outcome["missing"] == ["score"]
    assert [c["label"] for c in outcome["unknown"]] == ["Đạt từ 90 điểm hoặc có sáng kiến được công nhận"]
    assert result.to_dict()["awards"]["giay_khen"]["pending"] == [{"id": "P2", "entity": "Person"}]


def test_numpy_nan_is_missing(policy):
    numpy = pytest.importorskip("numpy")
    result = policy.run(persons(numpy.array([95.0, numpy.nan])))
    assert result.status("P2", "giay_khen") == "pending"


def test_a_deferred_candidate_gives_the_reason(policy):
    data = persons([99.0, 95.0])
    data["persons"]["under_review"][0] = True
    result = policy.run(data)
    assert result.status("P1", "giay_khen") == "deferred"
    reasons = result.to_dict()["candidates"]["P1"]["giay_khen"]["reasons"]
    assert [r["label"] for r in reasons] == ["Đang trong thời gian xem xét kỷ luật"]
    assert result.selected("giay_khen") == ["P2"]
