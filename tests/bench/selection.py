#!/usr/bin/python3
"""The selection in a thidua result, as the baselines print it: `award<TAB>entity<TAB>id`
lines, award by award (bang_khen, giay_khen), units before persons, best rank first.

  selection.py RESULT.json     (a CONTRACT §4 result, as `thidua run` writes it)

Only the result's "awards" member is read (it comes before "candidates"), so a result of
half a gigabyte is checked in a moment; a result without candidates is read whole.
"""

import json
import sys

ORDER = [("bang_khen", "Unit"), ("bang_khen", "Person"), ("giay_khen", "Unit"), ("giay_khen", "Person")]


def awards_of(path):
    head = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith('  "candidates":'):
                head[-1:] = [head[-1].rstrip().rstrip(",") + "\n}\n"] if head else []
                break
            head.append(line)
    # Without "candidates" (--no-candidates) the whole file is read.
    return json.loads("".join(head))["awards"]


def main():
    awards = awards_of(sys.argv[1])
    out = []
    for award, entity in ORDER:
        chosen = [s for s in awards[award]["selected"] if s["entity"] == entity]
        chosen.sort(key=lambda s: s["rank"])
        out.extend("%s\t%s\t%s\n" % (award, entity, s["id"]) for s in chosen)
    sys.stdout.write("".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
