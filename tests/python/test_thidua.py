"""The Python bindings against the CLI and the C++ API's documented behaviour.

Run by ctest (python.pytest), which sets PYTHONPATH to <build>/python and THIDUA_CLI to the
thidua program; the paths below are relative to the source tree, as the CLI tests' are.
"""

import concurrent.futures
import json
import os
import pathlib
import subprocess

import pytest

import thidua

ROOT = pathlib.Path(__file__).resolve().parents[2]
POLICY = "examples/an-giang-2026/policy.thidua"
DATA = "examples/an-giang-2026/data.json"
MISSPELT = "tests/data/cli/misspelt-field.thidua"


@pytest.fixture(autouse=True)
def in_source_tree(monkeypatch):
    # File names appear in results and messages; relative ones make them match the CLI's.
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def policy():
    # compile() under the relative name is what load() does, without depending on the cwd.
    return thidua.compile((ROOT / POLICY).read_text(encoding="utf-8"), POLICY)


def cli(*args):
    program = os.environ.get("THIDUA_CLI")
    if not program:
        pytest.skip("THIDUA_CLI is not set (run through ctest)")
    return subprocess.run([program, *args], cwd=ROOT, capture_output=True, text=True, check=False)


def without_data_identity(result):
    # Inputs given as text or a dict have no file name, and a dict re-serialised has other
    # bytes: everything but the "data" block must still be identical.
    result = dict(result)
    del result["data"]
    return result


def test_result_is_identical_to_the_cli(policy):
    done = cli("run", POLICY, DATA)
    assert done.returncode == 0, done.stderr
    assert policy.run(DATA).to_json() == done.stdout
    assert json.loads(done.stdout) == policy.run(DATA).to_dict()


def test_explain_is_identical_to_the_cli(policy):
    done = cli("explain", POLICY, DATA, "P013", "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert policy.run(DATA).explain("P013", lang="en") == done.stdout


def test_diff_is_what_the_cli_reports(policy):
    draft = thidua.load("tests/data/diff/policy-2027.thidua")
    changes = thidua.diff(policy.run(DATA), draft.run(DATA), lang="en")
    done = cli("diff", POLICY, "tests/data/diff/policy-2027.thidua", DATA, "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert changes["text"] == done.stdout
    as_json = cli("diff", POLICY, "tests/data/diff/policy-2027.thidua", DATA, "--json")
    del changes["text"]
    assert changes == json.loads(as_json.stdout)
    assert [(o["candidate"], o["award"]) for o in changes["outcomes"]][:2] == [("P017", "giay_khen"), ("P020", "giay_khen")]
    assert thidua.diff(policy.run(DATA), policy.run(DATA))["outcomes"] == []


def test_every_kind_of_data_input_gives_the_same_result(policy):
    raw = (ROOT / DATA).read_bytes()
    by_path = policy.run(DATA).to_dict()
    results = {
        "str path": by_path,
        "PathLike": policy.run(pathlib.Path(DATA)).to_dict(),
        "bytes": policy.run(raw).to_dict(),
        "str": policy.run(raw.decode("utf-8")).to_dict(),
        "dict": policy.run(json.loads(raw)).to_dict(),
    }
    for name, result in results.items():
        assert without_data_identity(result) == without_data_identity(by_path), name
    assert results["PathLike"]["data"] == by_path["data"] == {
        "source": DATA, "sha256": by_path["data"]["sha256"]}
    assert results["bytes"]["data"] == {"source": "<data>", "sha256": by_path["data"]["sha256"]}
    assert results["str"]["data"] == results["bytes"]["data"]


def test_policy_facts(policy):
    assert policy.title == "Phong trào thi đua thực hiện công tác cải cách hành chính năm 2026"
    assert policy.filename == POLICY
    assert policy.sha256 == policy.run(DATA).to_dict()["policy"]["sha256"]
    assert policy.awards == [
        {"id": "bang_khen", "label": "Bằng khen của Chủ tịch UBND tỉnh", "entities": ["Unit", "Person"]},
        {"id": "giay_khen", "label": "Giấy khen của Trưởng ban Quản lý Khu kinh tế",
         "entities": ["Unit", "Person"]},
    ]
    assert [e["name"] for e in policy.entities] == ["Board", "Unit", "Person"]
    assert policy.entities[0] == {"name": "Board", "label": "Ban Quản lý", "source": "board", "single": True}
    assert policy.warnings == [] and policy.check() == []


def test_selected_status_and_explain(policy):
    result = policy.run(DATA)
    as_json = result.to_dict()["awards"]
    for award in ("bang_khen", "giay_khen"):
        assert result.selected(award)
        for candidate in result.selected(award):
            assert result.status(candidate, award) == "selected"
    statuses = {result.status(f"P{n:03}", "giay_khen") for n in range(1, 64)}
    assert statuses <= {"selected", "not_selected", "ineligible", "excluded", "closed"}
    assert {"selected", "ineligible", "excluded"} <= statuses
    assert "P013" in result.explain("P013")
    assert result.explain("P013", lang="en") != result.explain("P013", lang="vi")
    assert as_json  # the JSON carries the same awards
    with pytest.raises(KeyError):
        result.selected("no_such_award")
    with pytest.raises(KeyError):
        result.status("NOBODY", "giay_khen")
    with pytest.raises(KeyError):
        result.explain("NOBODY")
    with pytest.raises(ValueError):
        result.explain("P013", lang="fr")


def test_to_json_without_candidates_is_the_cli_flags(policy):
    result = policy.run(DATA)
    done = cli("run", POLICY, DATA, "--no-candidates", "--compact")
    assert done.returncode == 0, done.stderr
    assert result.to_json(-1, candidates=False) == done.stdout
    whole = result.to_dict()
    del whole["candidates"]
    assert json.loads(result.to_json(candidates=False)) == whole


def test_to_json_indent(policy):
    result = policy.run(DATA)
    assert json.loads(result.to_json(indent=4)) == result.to_dict()
    assert result.to_json(indent=4) != result.to_json()


def test_misspelt_field_raises_policy_error_with_its_diagnostics():
    source = (ROOT / MISSPELT).read_text(encoding="utf-8")
    with pytest.raises(thidua.PolicyError) as caught:
        thidua.compile(source, "misspelt.thidua")
    error = caught.value
    assert isinstance(error, thidua.Error) and isinstance(error, Exception)
    first = error.diagnostics[0]
    assert (first["file"], first["line"], first["column"], first["severity"]) == ("misspelt.thidua", 66, 13, "error")
    assert first["message"] == "unknown name 'task_rating' in Unit; did you mean 'tasks_rating'?"
    assert first["length"] == len("task_rating")
    assert first["source_line"].strip().startswith("require task_rating >= tot")


def test_policy_error_reads_as_the_cli_prints_it():
    expected = (ROOT / "tests/data/cli/misspelt-field.stderr").read_text(encoding="utf-8")
    with pytest.raises(thidua.PolicyError) as caught:
        thidua.load(MISSPELT)
    assert str(caught.value) == expected
    done = cli("check", MISSPELT, "--lang", "en")
    assert done.returncode == 1 and done.stderr == str(caught.value)
    in_vietnamese = [d["message_vi"] for d in caught.value.diagnostics]
    assert in_vietnamese == ["không có tên 'task_rating' trong Unit; có phải là 'tasks_rating'?"]


def test_bad_score_raises_data_error_with_its_issues(policy):
    data = json.loads((ROOT / DATA).read_bytes())
    data["persons"][3]["score"] = "abc"
    with pytest.raises(thidua.DataError) as caught:
        policy.run(data)
    error = caught.value
    assert isinstance(error, thidua.Error)
    assert error.issues == [{"path": "/persons/3/score", "message": 'expected a decimal, got "abc"',
                             "message_vi": 'cần một số, nhận được "abc"'}]
    assert error.source_name == "<data>"
    assert str(error) == '<data>: /persons/3/score: expected a decimal, got "abc"\n'


def test_data_error_reads_as_the_cli_prints_it(policy):
    bad = "tests/data/cli/bad-data.json"
    with pytest.raises(thidua.DataError) as caught:
        policy.run(bad)
    assert str(caught.value) == (ROOT / "tests/data/cli/bad-data.stderr").read_text(encoding="utf-8")
    assert len(caught.value.issues) == 4


def test_other_failures_are_thidua_errors():
    with pytest.raises(thidua.Error) as caught:
        thidua.load("no/such/policy.thidua")
    assert type(caught.value) is thidua.Error
    with pytest.raises(thidua.DataError):
        thidua.load(POLICY).run("{ not json")
    with pytest.raises(TypeError):
        thidua.load(POLICY).run(42)


def test_one_policy_runs_from_four_threads_at_once(policy):
    raw = (ROOT / DATA).read_bytes()
    expected = policy.run(raw).to_json()
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        outputs = list(pool.map(lambda _: policy.run(raw).to_json(), range(16)))
    assert outputs == [expected] * 16


def test_limits_bound_the_policy_and_its_data():
    source = (ROOT / POLICY).read_text(encoding="utf-8")
    with pytest.raises(thidua.PolicyError) as caught:
        thidua.compile(source, "p.thidua", limits={"policy_bytes": 100})
    assert caught.value.diagnostics[0]["message"] == (
        f"the policy is {len(source.encode('utf-8'))} bytes, more than the limit of 100")
    policy = thidua.load(ROOT / POLICY, limits={"json_depth": 2})
    with pytest.raises(thidua.DataError) as caught:
        policy.run(ROOT / DATA)
    assert caught.value.issues[0]["message"].startswith("nesting deeper than 2 levels")
    with pytest.raises(ValueError, match="unknown limit 'json_dept'"):
        thidua.load(ROOT / POLICY, limits={"json_dept": 2})


HISTORY_POLICY = """policy "Lịch sử" year 2025
entity Person from persons { history = Year where person == this }
entity Year from history { person: Person  year: int  cstdcs: bool }
award hai_nam { for Person { require consecutive_years(history, cstdcs) >= 2 } }
"""


def test_the_year_under_review_can_be_given_to_a_run():
    policy = thidua.compile(HISTORY_POLICY)
    data = {"persons": [{"id": "P1"}],
            "history": [{"id": "P1-2023", "person": "P1", "year": 2023, "cstdcs": True},
                        {"id": "P1-2024", "person": "P1", "year": 2024, "cstdcs": True}]}
    assert policy.run(data).selected("hai_nam") == []            # 2025, the header's year
    assert policy.run(data, year=2024).selected("hai_nam") == ["P1"]
    assert policy.run(policy.bind(data), year=2024).selected("hai_nam") == ["P1"]


def test_scores_of_a_sheet_are_the_results_scores():
    scoring = thidua.load("examples/an-giang-2026-scoring/policy.thidua")
    result = scoring.run("examples/an-giang-2026-scoring/data.json")
    scores = result.scores("cchc")
    assert scores == result.to_dict()["scores"]["cchc"]["candidates"]
    assert scores["QLDT"]["total"] == "112.12"
    assert scores["QLDT"]["parts"]["cong_khai"] == {"kind": "section", "label": "Công khai, minh bạch",
                                                     "maximum": "18", "points": "18"}
    with pytest.raises(KeyError):
        result.scores("no_such_sheet")
