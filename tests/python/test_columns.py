"""Columnar input (dicts of lists, numpy arrays, pandas DataFrames), Dataset and warnings.

Every columnar result must equal the JSON path's, and every problem must be reported with the
JSON path's words and paths (the row index standing for the record's index in the array).
"""

import decimal
import json
import pathlib
import unicodedata

import pytest

import thidua

ROOT = pathlib.Path(__file__).resolve().parents[2]
POLICY = ROOT / "examples/an-giang-2026/policy.thidua"
DATA = ROOT / "examples/an-giang-2026/data.json"


@pytest.fixture(scope="module")
def policy():
    return thidua.load(POLICY)


@pytest.fixture()
def records():
    return json.loads(DATA.read_bytes())


def as_columns(rows):
    return {name: [row[name] for row in rows] for name in rows[0]}


def columnar(records):
    return {"board": records["board"], "units": as_columns(records["units"]),
            "persons": as_columns(records["persons"])}


def without_data(result):
    result = dict(result)
    del result["data"]
    return result


def english(issues):
    """The issues with their English text only, once each is checked to have a Vietnamese one."""
    for issue in issues:
        assert issue.pop("message_vi") not in ("", issue["message"])
    return issues


def data_error(policy, data):
    with pytest.raises(thidua.DataError) as caught:
        policy.run(data)
    english(caught.value.issues)
    return caught.value


def test_dict_of_lists_gives_the_json_result(policy, records):
    expected = policy.run(DATA).to_dict()
    got = policy.run(columnar(records)).to_dict()
    assert without_data(got) == without_data(expected)
    assert got["data"]["source"] == "<data>"
    assert got["awards"] and expected["awards"]


def test_tuples_and_mixed_members_are_columns_too(policy, records):
    expected = without_data(policy.run(DATA).to_dict())
    data = columnar(records)
    data["persons"] = {name: tuple(values) for name, values in data["persons"].items()}
    data["units"] = records["units"]  # a list of records beside columns is reported, not guessed
    error = data_error(policy, data)
    assert error.issues[0]["path"] == "/units"
    assert error.issues[0]["message"].startswith("expected columns (a dict of lists or a DataFrame) of Unit records, got [")
    data["units"] = as_columns(records["units"])
    assert without_data(policy.run(data).to_dict()) == expected


def test_pandas_data_frames_give_the_json_result(policy, records):
    pandas = pytest.importorskip("pandas")
    data = {"board": records["board"], "units": pandas.DataFrame(records["units"]),
            "persons": pandas.DataFrame(records["persons"])}
    assert data["persons"]["score"].dtype == "float64"
    assert without_data(policy.run(data).to_dict()) == without_data(policy.run(DATA).to_dict())


def test_numpy_columns_give_the_json_result(policy, records):
    numpy = pytest.importorskip("numpy")
    data = columnar(records)
    for entity in ("units", "persons"):
        for name in ("score", "complies", "disciplined"):
            data[entity][name] = numpy.array(data[entity][name])
    data["persons"]["initiatives"] = numpy.array(data["persons"]["initiatives"], dtype=numpy.int64)
    assert data["persons"]["score"].dtype == numpy.float64
    assert without_data(policy.run(data).to_dict()) == without_data(policy.run(DATA).to_dict())


def outcome(policy, data):
    """The result without its data block, or the data error's issues: what a run gives."""
    try:
        return without_data(policy.run(data).to_dict())
    except thidua.DataError as e:
        return english(e.issues)


# numpy arrays are read from their memory (not through tolist()); each must give what the
# same values as a Python list give, result or error, whatever its type code, width or stride.
@pytest.mark.parametrize("field, dtype, change", [
    ("initiatives", "int8", None),
    ("initiatives", "int16", None),
    ("initiatives", "int32", None),
    ("initiatives", "uint8", None),
    ("initiatives", "uint64", None),
    ("initiatives", "uint64", 2**64 - 1),   # beyond int64: read as its decimal text
    ("initiatives", "int64", -(2**63)),
    ("score", "float32", None),             # float32 values as the doubles tolist() gives
    ("score", "float64", float("nan")),     # a missing value
    ("score", "float64", float("inf")),
    ("score", "float64", -0.0),
    ("score", "float64", 1e300),
    ("complies", "bool", None),
    ("complies", "int64", 1),               # an integer where a boolean is expected
    ("score", "bool", None),                # a boolean where a number is expected
    ("initiatives", "float64", 2.5),        # a fraction where an integer is expected
], ids=lambda v: str(v))
def test_numpy_buffers_read_as_their_lists(policy, records, field, dtype, change):
    numpy = pytest.importorskip("numpy")
    data = columnar(records)
    values = data["persons"][field]
    if change is not None:
        values[3] = change
    array = numpy.array(values, dtype=dtype)
    data["persons"][field] = array
    from_buffer = outcome(policy, data)
    data["persons"][field] = array.tolist()
    assert from_buffer == outcome(policy, data)
    # read from memory indeed: an array whose tolist() fails binds all the same
    class NoList(numpy.ndarray):
        def tolist(self):
            raise AssertionError("read through tolist()")
    data["persons"][field] = array.view(NoList)
    assert outcome(policy, data) == from_buffer
    # every other element of an array twice as long: a stride of two cells
    doubled = numpy.repeat(array, 2)
    data["persons"][field] = doubled[::2]
    assert not data["persons"][field].flags["C_CONTIGUOUS"]
    assert outcome(policy, data) == from_buffer


def test_floats_are_read_as_the_decimal_they_print_as(policy, records):
    # With every score equal, P012 ranks before P017 for bang_khen. 90 + 1e-13 prints as
    # 90.0000000000001 but is 90.00000000000009947... in binary: read as the decimal it prints
    # as, it beats a Decimal between the two, which it would not as the binary value.
    data = columnar(records)
    ids = data["persons"]["id"]
    scores = data["persons"]["score"] = [90.0] * len(ids)
    assert [c for c in policy.run(data).selected("bang_khen") if c.startswith("P")] == ["P012", "P017"]
    scores[ids.index("P017")] = 90 + 1e-13
    scores[ids.index("P012")] = decimal.Decimal("90.00000000000009999999")
    assert repr(90 + 1e-13) == "90.0000000000001"
    assert decimal.Decimal("90.00000000000009999999") > decimal.Decimal(90 + 1e-13)
    result = policy.run(data)
    assert [c for c in result.selected("bang_khen") if c.startswith("P")] == ["P017", "P012"]
    # the same as JSON text holding those decimals (json.dumps writes a float as repr does)
    as_json = json.dumps(dict(records, persons=[dict(p, score=s) for p, s in zip(
        records["persons"], scores)]), ensure_ascii=False, default=str).replace(
        '"90.00000000000009999999"', "90.00000000000009999999")
    assert "\"score\": 90.0000000000001}" in as_json
    assert without_data(result.to_dict()) == without_data(policy.run(as_json).to_dict())
    # a Decimal that rounds to the same double as 90.0 still counts all its digits
    scores[ids.index("P017")] = 90.0
    scores[ids.index("P012")] = 90.0
    scores[ids.index("P017")] = decimal.Decimal("90.000000000000000000001")
    assert [c for c in policy.run(data).selected("bang_khen") if c.startswith("P")] == ["P017", "P012"]


def test_bad_score_in_columns(policy, records):
    data = columnar(records)
    data["persons"]["score"][17] = "abc"
    error = data_error(policy, data)
    assert error.issues == [{"path": "/persons/17/score", "message": 'expected a decimal, got "abc"'}]
    assert str(error) == '<data>: /persons/17/score: expected a decimal, got "abc"\n'
    # the JSON path reports the same problem in the same words
    records["persons"][17]["score"] = "abc"
    assert data_error(policy, records).issues == error.issues


def test_unknown_enum_value_in_columns(policy, records):
    data = columnar(records)
    data["units"]["tasks_rating"][2] = "Giỏi"
    data["persons"]["contributions"][5] = ["tham_muu", "nau_an"]
    error = data_error(policy, data)
    ratings = 'xuat_sac "Xuất sắc", tot "Tốt", kha "Khá", trung_binh "Trung bình", yeu "Yếu"'
    assert error.issues == [
        {"path": "/units/2/tasks_rating", "message": f'expected one of {ratings}; got "Giỏi"'},
        {"path": "/persons/5/contributions/1", "message": error.issues[1]["message"]},
    ]
    assert error.issues[1]["message"].startswith("expected one of tham_muu")
    assert error.issues[1]["message"].endswith('; got "nau_an"')
    records["units"][2]["tasks_rating"] = "Giỏi"
    records["persons"][5]["contributions"] = ["tham_muu", "nau_an"]
    assert data_error(policy, records).issues == error.issues


def test_missing_column_wrong_length_ids_and_references(policy, records):
    data = columnar(records)
    del data["persons"]["score"]
    error = data_error(policy, data)
    assert error.issues == [{"path": "/persons", "message": 'missing column "score" (Điểm thi đua)'}]

    data = columnar(records)
    data["units"]["score"].pop()
    error = data_error(policy, data)  # the persons' units are not reported missing as well
    assert error.issues == [{"path": "/units", "message": 'column "score" has 7 values, but column "id" has 8'}]

    data = columnar(records)
    data["persons"]["id"][9] = data["persons"]["id"][3]
    data["persons"]["unit"][4] = "NOWHERE"
    data["persons"]["unit"][6] = "P001"
    data["persons"]["complies"][7] = None
    error = data_error(policy, data)
    records["persons"][9]["id"] = records["persons"][3]["id"]
    records["persons"][4]["unit"] = "NOWHERE"
    records["persons"][6]["unit"] = "P001"
    records["persons"][7]["complies"] = None
    # the same problems as the JSON path; columns are read one after another, so the order differs
    key = lambda issue: (issue["path"], issue["message"])  # noqa: E731
    assert sorted(error.issues, key=key) == sorted(data_error(policy, records).issues, key=key)
    assert len(error.issues) == 4
    assert {"path": "/persons/9/id", "message": 'duplicate id "P004" (also at /persons/3/id)'} in error.issues
    assert {"path": "/persons/4/unit", "message": 'no Unit with id "NOWHERE"'} in error.issues
    assert {"path": "/persons/6/unit", "message": 'no Unit with id "P001" (that id is a Person)'} in error.issues
    assert {"path": "/persons/7/complies", "message": "expected a boolean, got null"} in error.issues


def test_missing_member_and_bad_board(policy, records):
    data = columnar(records)
    data["board"] = {"par_index": "Giỏi"}
    del data["units"]
    error = data_error(policy, data)
    assert error.issues[:2] == [
        {"path": "/board/par_index", "message": error.issues[0]["message"]},
        {"path": "/units", "message": "missing; expected an array of Unit records"}]
    assert error.issues[0]["message"].endswith('; got "Giỏi"')
    assert error.issues[2] == {"path": "/persons/0/unit", "message": 'no Unit with id "VP"'}
    records["board"] = {"par_index": "Giỏi"}
    del records["units"]
    assert data_error(policy, records).issues == error.issues  # as the JSON path reports it


def test_nfd_text_in_columns_is_normalised(policy, records):
    data = columnar(records)
    nfd = lambda values: [unicodedata.normalize("NFD", v) for v in values]  # noqa: E731
    data["persons"]["name"] = nfd(data["persons"]["name"])
    data["units"]["tasks_rating"] = nfd(data["units"]["tasks_rating"])
    data["persons"]["titles"] = [nfd(t) for t in data["persons"]["titles"]]
    data["persons"]["id"] = nfd(data["persons"]["id"])
    assert data["units"]["tasks_rating"] != as_columns(records["units"])["tasks_rating"]
    assert without_data(policy.run(data).to_dict()) == without_data(policy.run(DATA).to_dict())


def test_dataset_binds_once_and_runs_many_times(policy, records):
    data = columnar(records)
    data["persons"]["shoe_size"] = [40] * len(data["persons"]["id"])
    data["extra"] = {"x": [1]}
    dataset = policy.bind(data)
    assert isinstance(dataset, thidua.Dataset)
    assert dataset.size("Person") == 63 and dataset.size("Unit") == 8 and dataset.size("Board") == 1
    warnings = [
        {"path": "/persons", "message": 'unknown column "shoe_size" of Person (ignored)'},
        {"path": "/extra", "message": 'unknown member "extra" (no entity reads it; ignored)'},
    ]
    assert english(dataset.warnings) == warnings
    first = policy.run(dataset).to_json()
    assert policy.run(dataset).to_json() == first
    got, expected = without_data(json.loads(first)), without_data(policy.run(DATA).to_dict())
    assert got.pop("warnings") == warnings and expected.pop("warnings") == []  # the result is in English
    assert got == expected
    with pytest.raises(KeyError):
        dataset.size("Nobody")

    from_json = policy.bind(DATA)
    assert from_json.warnings == [] and from_json.source_name == str(DATA)
    assert policy.run(from_json).to_json() == policy.run(DATA).to_json()
    other = thidua.compile(POLICY.read_text(encoding="utf-8"), "other.thidua")
    with pytest.raises(ValueError):
        other.run(from_json)


def test_json_warnings_are_exposed(policy, records):
    records["persons"][0]["shoe_size"] = 40
    dataset = policy.bind(records)
    assert english(dataset.warnings) == [{"path": "/persons/0/shoe_size",
                                 "message": 'unknown field "shoe_size" of Person (ignored)'}]


def test_a_column_must_be_a_sequence(policy, records):
    data = columnar(records)
    data["persons"]["name"] = "Nguyễn Văn A"  # not one character per record
    with pytest.raises(TypeError, match='column "name" of "persons" must be a list'):
        policy.run(data)


def test_the_columns_example_prints_the_nominees(policy):
    import os
    import subprocess
    import sys
    done = subprocess.run([sys.executable, str(ROOT / "examples/python/columns.py")], capture_output=True,
                          text=True, check=False, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    result = policy.run(DATA)
    assert done.stdout == "".join(f"{a['id']} {' '.join(result.selected(a['id']))}\n" for a in policy.awards)
