"""`thidua schema POLICY` against the binder: the example data validates, and the schema
rejects what the binder rejects (each mutation below is run through both)."""

import copy
import json

import jsonschema
import pytest

from conftest import EXAMPLE

DATA = json.loads((EXAMPLE / "data.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator(thidua):
    schema = json.loads(thidua("schema", EXAMPLE / "policy.thidua").stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def binder_accepts(thidua, data, tmp_path):
    path = tmp_path / "data.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = thidua("run", EXAMPLE / "policy.thidua", path, check=False)
    assert done.returncode in (0, 1), done.stderr
    return done.returncode == 0


def test_the_example_data_is_valid(validator):
    assert list(validator.iter_errors(DATA)) == []


def test_descriptions_are_the_policys_labels(thidua):
    schema = json.loads(thidua("schema", EXAMPLE / "policy.thidua").stdout)
    person = schema["$defs"]["Person"]
    assert person["description"] == "Cá nhân"
    assert person["properties"]["score"] == {"description": "Điểm thi đua", "type": "number"}
    assert person["properties"]["initiatives"]["type"] == "integer"
    assert person["properties"]["contributions"]["items"] == {"$ref": "#/$defs/Person.contributions"}
    assert schema["$defs"]["Rating"]["enum"] == [
        "xuat_sac", "tot", "kha", "trung_binh", "yeu", "Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
    assert schema["properties"]["persons"]["items"] == {"$ref": "#/$defs/Person"}
    assert "id" not in schema["$defs"]["Board"]["properties"]


def mutate(path, value):
    """The example data with the member at `path` replaced (value DELETE removes it)."""
    data = copy.deepcopy(DATA)
    *parents, last = path
    target = data
    for key in parents:
        target = target[key]
    if value is DELETE:
        del target[last]
    else:
        target[last] = value
    return data


DELETE = object()

# (name, path, value, accepted): accepted by the binder and by the schema alike.
CASES = [
    ("score_as_text", ["persons", 0, "score"], "92,5", False),
    ("score_null", ["persons", 0, "score"], None, False),
    ("int_with_fraction", ["persons", 0, "initiatives"], 1.5, False),
    ("bool_as_number", ["units", 0, "complies"], 1, False),
    ("unknown_rating", ["units", 0, "tasks_rating"], "Tot", False),
    ("rating_by_code", ["units", 0, "tasks_rating"], "tot", True),
    ("rating_by_label", ["units", 0, "tasks_rating"], "Tốt", True),
    ("unknown_contribution", ["persons", 0, "contributions"], ["tham_muu", "khac"], False),
    ("contributions_not_array", ["persons", 0, "contributions"], "tham_muu", False),
    ("titles_with_number", ["persons", 0, "titles"], ["Lao động tiên tiến", 3], False),
    ("missing_field", ["persons", 0, "name"], DELETE, False),
    ("missing_id", ["units", 0, "id"], DELETE, False),
    ("empty_id", ["units", 0, "id"], "", False),
    ("unit_not_a_string", ["persons", 0, "unit"], 5, False),
    ("missing_entity", ["persons"], DELETE, False),
    ("units_as_object", ["units"], {}, False),
    ("board_as_array", ["board"], [], False),
    ("record_not_object", ["units", 1], 5, False),
    ("unknown_field_is_a_warning", ["units", 0, "extra"], "x", True),
    ("unknown_member_is_a_warning", ["extra"], 1, True),
]


@pytest.mark.parametrize("name,path,value,accepted", CASES, ids=[c[0] for c in CASES])
def test_schema_and_binder_agree(thidua, validator, tmp_path, name, path, value, accepted):
    data = mutate(path, value)
    assert binder_accepts(thidua, data, tmp_path) == accepted, "binder"
    assert validator.is_valid(data) == accepted, "schema"

