#!/usr/bin/python3
"""Prints the nominees for every award of the An Giang 2026 plan and writes result.json.

    PYTHONPATH=build/python /usr/bin/python3 examples/python/nominees.py [output.json]
"""

import pathlib
import sys

import thidua

EXAMPLE = pathlib.Path(__file__).resolve().parents[1] / "an-giang-2026"


def main() -> int:
    output = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "result.json")
    try:
        policy = thidua.load(EXAMPLE / "policy.thidua")  # compile once
        result = policy.run(EXAMPLE / "data.json")       # a path, JSON text or a dict
    except thidua.Error as e:  # PolicyError and DataError read as the CLI prints them
        print(e, end="", file=sys.stderr)
        return 1

    print(policy.title)
    for award in policy.awards:
        nominees = result.selected(award["id"])
        print(f"\n{award['label']} ({len(nominees)})")
        for candidate in nominees:
            print(f"  {candidate}")
    output.write_text(result.to_json(), encoding="utf-8")
    print(f"\nwrote {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
