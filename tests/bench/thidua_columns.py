#!/usr/bin/python3
"""thidua's Python API with columns: the input read with the json module, one pandas
DataFrame per entity handed to `policy.run`, the selection printed as the baselines print it
(`award<TAB>entity<TAB>id`, best rank first; selection.py), and on stderr the wall time from
the DataFrames made to the selection printed (binding the frames included). PYTHONPATH must name the built
module (BUILD/python).

  thidua_columns.py POLICY DATA.json
"""

import json
import sys
import time

import pandas as pd

import thidua


def main():
    policy = thidua.load(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as f:
        data = json.load(f)
    units = pd.DataFrame(data["units"])
    persons = pd.DataFrame(data["persons"])
    start = time.perf_counter()  # the frames are made: binding them, the rules and selection from here
    result = policy.run({"board": data["board"], "units": units, "persons": persons})
    unit_ids = set(units["id"])
    out = []
    for award in ("bang_khen", "giay_khen"):
        chosen = result.selected(award)
        for entity, wanted in (("Unit", True), ("Person", False)):
            out.extend("%s\t%s\t%s\n" % (award, entity, i) for i in chosen if (i in unit_ids) == wanted)
    sys.stdout.write("".join(out))
    print("rules and selection: %.1f ms wall" % ((time.perf_counter() - start) * 1000), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
