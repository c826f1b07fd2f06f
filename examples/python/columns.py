#!/usr/bin/python3
"""Runs the An Giang 2026 policy on data given as columns: a pandas DataFrame for the persons
(when pandas is installed) and a dict of lists for the units, so no record becomes a dict.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/columns.py
"""

import json
import pathlib
import sys

import thidua

EXAMPLE = pathlib.Path(__file__).resolve().parents[1] / "an-giang-2026"


def main() -> int:
    records = json.loads((EXAMPLE / "data.json").read_bytes())
    units = {name: [u[name] for u in records["units"]] for name in records["units"][0]}
    persons = {name: [p[name] for p in records["persons"]] for name in records["persons"][0]}
    try:
        import pandas  # optional: a DataFrame works as well as a dict of lists
        persons = pandas.DataFrame(persons)
    except ImportError:
        pass
    policy = thidua.load(EXAMPLE / "policy.thidua")
    try:
        dataset = policy.bind({"board": records["board"], "units": units, "persons": persons})
    except thidua.DataError as e:
        print(e, end="", file=sys.stderr)
        return 1
    for warning in dataset.warnings:
        print(f"warning: {warning['path']}: {warning['message']}", file=sys.stderr)
    result = policy.run(dataset)  # bound once; run as often as needed
    for award in policy.awards:
        print(award["id"], " ".join(result.selected(award["id"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
