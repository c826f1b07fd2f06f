#!/usr/bin/python3
"""Converts the benchmark JSON into a CLIPS facts file for baseline (e), CLIPS, which has
no JSON reader. run.py runs it once per size while preparing the data, like generate.py;
it is not part of CLIPS's timed run, which starts from the facts file.

  facts.py DATA.json FACTS.clp

One fact per record, every member the policy declares, slots named as the JSON members:
  (board (par_index "Xuất sắc"))
  (unit (id "U00040") (name "…") … (score 90250000))
  (person (id "P…") … (titles "Lao động tiên tiến") (contributions "tham_muu") (score …))
Text is written as CLIPS strings (UTF-8 bytes as they are; `\\` and `"` escaped with a
backslash, the only two characters CLIPS's reader treats specially inside a string), true
and false as the symbols TRUE and FALSE. Scores are decimals: CLIPS's floats are binary
doubles, so they are written as exact integers scaled by 10^6 ("92.75" -> 92750000; a score
with more than 6 decimals is refused), and CLIPS compares those 64-bit integers.
"""

import decimal
import json
import sys

SCALE = 10 ** 6
UNIT_SLOTS = ["id", "name", "kind", "complies", "tasks_completed", "disciplined", "tasks_rating",
              "recognized_initiatives", "emulation_rating", "score"]
PERSON_SLOTS = ["id", "name", "unit", "complies", "tasks_completed", "disciplined", "initiatives",
                "titles", "contributions", "score"]


def text(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def value(name, v):
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, str):
        return text(v)
    if isinstance(v, list):
        return " ".join(value(name, x) for x in v)
    if name == "score":
        scaled = decimal.Decimal(v) * SCALE
        if scaled != scaled.to_integral_value():
            sys.exit("facts.py: score %s has more than 6 decimals; CLIPS would compare it inexactly" % v)
        return str(int(scaled))
    if isinstance(v, int):
        return str(v)
    sys.exit("facts.py: unexpected value %r for %s" % (v, name))


def fact(template, slots, record):
    missing = [s for s in slots if s not in record]
    if missing:
        sys.exit("facts.py: a %s without %s" % (template, ", ".join(missing)))
    return "(%s %s)\n" % (template, " ".join("(%s %s)" % (s, value(s, record[s])) for s in slots))


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        data = json.load(f, parse_float=decimal.Decimal)
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        out.write("(board (par_index %s))\n" % text(data["board"]["par_index"]))
        for u in data["units"]:
            out.write(fact("unit", UNIT_SLOTS, u))
        for p in data["persons"]:
            out.write(fact("person", PERSON_SLOTS, p))
    return 0


if __name__ == "__main__":
    sys.exit(main())
