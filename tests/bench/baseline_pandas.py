#!/usr/bin/python3
"""Baseline (c): the seed plan's rules as a pandas script, the way an analyst would write
them: load the JSON, one DataFrame per entity, vectorised conditions, sort, take the top.
Prints the selection as `award<TAB>entity<TAB>id` lines, best rank first (selection.py), and
on stderr the wall time from the DataFrames made to the selection printed.

  baseline_pandas.py DATA.json

Scores are floats here, as pandas reads them; the benchmark data has at most two decimals,
so no two different scores are equal as floats and the ranking agrees with the exact one.
"""

import json
import sys
import time

import pandas as pd

LDTT = "Lao động tiên tiến"
RATING = {"xuat_sac": 0, "Xuất sắc": 0, "tot": 1, "Tốt": 1, "kha": 2, "Khá": 2,
          "trung_binh": 3, "Trung bình": 3, "yeu": 4, "Yếu": 4}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        data = json.load(f)
    units = pd.DataFrame(data["units"])
    persons = pd.DataFrame(data["persons"])
    start = time.perf_counter()  # the frames are made: the rules and selection from here

    # The general standard and the Giấy khen criteria.
    disciplined_units = set(persons.loc[persons["disciplined"], "unit"])
    units["eligible"] = (units["complies"] & units["tasks_completed"] & ~units["disciplined"]
                         & ~units["id"].isin(disciplined_units)
                         & (units["tasks_rating"].map(RATING) <= 1)
                         & (units["recognized_initiatives"] >= 1))
    persons["eligible"] = (persons["complies"] & persons["tasks_completed"] & ~persons["disciplined"]
                           & persons["titles"].map(lambda t: LDTT in t)
                           & (persons["contributions"].str.len() > 0))

    # Rank keys, best first; the id (byte order) breaks ties.
    units["score"] = units["score"].astype(float)
    persons["score"] = persons["score"].astype(float)
    persons["has_initiative"] = persons["initiatives"] >= 1
    unit_pool = units[units["eligible"]].sort_values(
        ["score", "recognized_initiatives", "id"], ascending=[False, False, True], kind="stable")
    person_pool = persons[persons["eligible"]].sort_values(
        ["has_initiative", "score", "initiatives", "id"], ascending=[False, False, False, True], kind="stable")

    par = data["board"]["par_index"]
    bang_open = par in ("xuat_sac", "Xuất sắc")
    bang_units = list(unit_pool["id"][:1]) if bang_open else []
    bang_persons = list(person_pool["id"][:2]) if bang_open else []
    # Bằng khen recipients are excluded from the Giấy khen; its person quota is 20%.
    giay_units = list(unit_pool["id"][len(bang_units):])
    giay_persons = list(person_pool["id"][len(bang_persons):][: len(persons) // 5])

    out = []
    for award, entity, ids in (("bang_khen", "Unit", bang_units), ("bang_khen", "Person", bang_persons),
                               ("giay_khen", "Unit", giay_units), ("giay_khen", "Person", giay_persons)):
        out.extend("%s\t%s\t%s\n" % (award, entity, i) for i in ids)
    sys.stdout.write("".join(out))
    print("rules and selection: %.1f ms wall" % ((time.perf_counter() - start) * 1000), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
