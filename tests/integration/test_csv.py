"""CSV input (`thidua run POLICY DIR`, Dataset::load_csv): the example's data written as CSV
files, as Excel writes them, decides exactly what its JSON decides; bad cells are reported with
the JSON binder's messages, placed at file:row:column."""

import csv
import json

import pytest

from conftest import EXAMPLE

DATA = json.loads((EXAMPLE / "data.json").read_text(encoding="utf-8"))
FILES = {"board": [DATA["board"]], "units": DATA["units"], "persons": DATA["persons"]}


def cell(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(value)
    return str(value)


def write_csv(directory, delimiter=",", bom=False, newline="\n", edit=None):
    """The example data as one CSV file per entity; `edit(name, rows)` may change the rows."""
    directory.mkdir(exist_ok=True)
    for name, records in FILES.items():
        header = list(records[0])
        rows = [header] + [[cell(r[h]) for h in header] for r in records]
        if edit:
            edit(name, rows)
        with open(directory / f"{name}.csv", "w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
            csv.writer(f, delimiter=delimiter, lineterminator=newline).writerows(rows)
    return directory


def decisions(result_text):
    result = json.loads(result_text)
    return result["awards"], result["candidates"], result["warnings"]


@pytest.fixture(scope="module")
def from_json(thidua):
    return decisions(thidua("run", EXAMPLE / "policy.thidua", EXAMPLE / "data.json").stdout)


@pytest.mark.parametrize("delimiter,bom,newline", [(",", False, "\n"), (";", True, "\r\n")],
                         ids=["comma", "excel_semicolon_bom_crlf"])
def test_csv_decides_what_json_decides(thidua, from_json, tmp_path, delimiter, bom, newline):
    directory = write_csv(tmp_path / "data", delimiter, bom, newline)
    assert decisions(thidua("run", EXAMPLE / "policy.thidua", directory).stdout) == from_json


def errors(thidua, directory):
    done = thidua("run", EXAMPLE / "policy.thidua", directory, "--lang", "en", check=False)
    assert done.returncode == 1
    return done.stderr.splitlines()


def set_cell(file, row, column, value):
    def edit(name, rows):
        if name == file:
            rows[row - 1][rows[0].index(column)] = value
    return edit


def test_bad_cells_are_placed_at_file_row_column(thidua, tmp_path):
    def edit(name, rows):
        set_cell("persons", 2, "score", "92,5")(name, rows)
        set_cell("persons", 3, "initiatives", "1.5")(name, rows)
        set_cell("persons", 4, "contributions", "tham_muu; khac")(name, rows)
        set_cell("units", 2, "tasks_rating", "Tot")(name, rows)
        set_cell("units", 3, "complies", "yes")(name, rows)
        set_cell("persons", 5, "unit", "NONE")(name, rows)
    directory = write_csv(tmp_path / "data", edit=edit)
    # In the binder's order: entity by entity, column by column.
    assert errors(thidua, directory) == [
        f"{directory}: units.csv:3:4: expected a boolean, got \"yes\"",
        f"{directory}: units.csv:2:6: expected one of xuat_sac \"Xuất sắc\", tot \"Tốt\", kha \"Khá\", "
        "trung_binh \"Trung bình\", yeu \"Yếu\"; got \"Tot\"",
        f"{directory}: persons.csv:3:7: expected an integer, got \"1.5\"",
        f"{directory}: persons.csv:4:9: expected one of tham_muu \"Tham mưu\", chuyen_doi_so \"Chuyển đổi số\", "
        "thu_tuc_hanh_chinh \"Giải quyết thủ tục hành chính\"; got \"khac\"",
        f"{directory}: persons.csv:2:10: expected a decimal, got \"92,5\"",
        f"{directory}: persons.csv:5:3: no Unit with id \"NONE\"",
    ]


def test_file_problems(thidua, tmp_path):
    def edit(name, rows):
        if name == "persons":
            score = rows[0].index("score")
            for row in rows:
                del row[score]
            rows[3].append("extra")
        if name == "units":
            rows[0].append("note")
            for row in rows[1:]:
                row.append("")
    directory = write_csv(tmp_path / "data", edit=edit)
    (directory / "board.csv").unlink()
    assert errors(thidua, directory) == [
        f"{directory}: persons.csv:4: expected 9 cells, as in the header, got 10",
    ]
    (directory / "persons.csv").write_text("id,name\n\"P1,x\n", encoding="utf-8")
    assert errors(thidua, directory)[0].startswith(f"{directory}: persons.csv:2: invalid CSV: ")
    write_csv(directory, edit=lambda name, rows: [row.pop() for row in rows] if name == "persons" else None)
    (directory / "board.csv").unlink()
    lines = errors(thidua, directory)
    assert f"{directory}: board.csv: missing; expected an object (the Board record)" in lines
    assert f"{directory}: persons.csv:1: missing column \"score\" (Điểm thi đua)" in lines


def test_unknown_columns_are_warnings(thidua, tmp_path):
    def edit(name, rows):
        if name == "units":
            rows[0].append("note")
            for row in rows[1:]:
                row.append("x")
    directory = write_csv(tmp_path / "data", edit=edit)
    done = thidua("run", EXAMPLE / "policy.thidua", directory, "--lang", "en")
    assert done.stderr == f"{directory}: units.csv:1: warning: unknown column \"note\" of Unit (ignored)\n"
