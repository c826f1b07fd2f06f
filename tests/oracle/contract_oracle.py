#!/usr/bin/python3
"""An independent reading of CONTRACT §2 (the seed plan's rules), in plain Python.

Usage: contract_oracle.py DATA.json [-o OUT.json]

Reads CONTRACT §1 input data and prints, as JSON with sorted keys, the part of the
CONTRACT §4 result this oracle is sure of:

  awards[award]   = {open, selected: [{id, entity, rank}], ties: [{entity, ids, selected}]}
  candidates[id][award] = {status, failed?: [labels], rank?, quota?, by?}

It shares no code with the C++ engine and does not read the policy: the condition
labels below are copied from examples/an-giang-2026/policy.thidua (test_oracle.py
checks that every one of them still occurs in that file).  Numbers are exact
(fractions.Fraction parsed from the JSON text), text is compared after NFC.
"""

import argparse
import json
import sys
import unicodedata
from fractions import Fraction

# ---------------------------------------------------------------- the policy's words

AWARD_LABELS = {
    "giay_khen": "Giấy khen của Trưởng ban Quản lý Khu kinh tế",
    "bang_khen": "Bằng khen của Chủ tịch UBND tỉnh",
}
# Awards in precedence order: the higher one is decided first.
AWARDS = ("bang_khen", "giay_khen")
ENTITIES = ("Unit", "Person")  # declaration order in the policy

# Field labels (a condition without its own label is reported by its field's label).
LABEL_COMPLIES = "Chấp hành nghiêm chủ trương, chính sách, kỷ cương hành chính"
LABEL_TASKS_COMPLETED = "Hoàn thành đầy đủ, kịp thời nhiệm vụ cải cách hành chính"

# Labels of the conditions, per entity, in the order the policy states them.
UNIT_LABELS = {
    "complies": LABEL_COMPLIES,
    "tasks_completed": LABEL_TASKS_COMPLETED,
    "not_disciplined": "Tập thể không bị xử lý kỷ luật trong năm xét khen thưởng",
    "no_members_disciplined": "Không có cá nhân thuộc quyền quản lý bị xử lý kỷ luật",
    "tasks_rating": "Hoàn thành tốt các nhiệm vụ cải cách hành chính được giao",
    "recognized_initiatives":
        "Có ít nhất 01 giải pháp hoặc sáng kiến được Hội đồng sáng kiến của Ban công nhận",
}
PERSON_LABELS = {
    "complies": LABEL_COMPLIES,
    "tasks_completed": LABEL_TASKS_COMPLETED,
    "not_disciplined": "Không bị xử lý kỷ luật trong năm xét khen thưởng",
    "title": "Đạt danh hiệu Lao động tiên tiến",
    "contributions":
        "Có đóng góp tích cực trong tham mưu, chuyển đổi số hoặc giải quyết thủ tục hành chính",
}
# bang_khen's `require eligible(giay_khen)` has no label in the policy and no field; the
# contract does not fix how it is reported.  The oracle reports the giay_khen conditions
# that failed ("failed") and names this composite label as an accepted alternative.
ELIGIBLE_GIAY_KHEN_LABEL = "Đủ điều kiện xét " + AWARD_LABELS["giay_khen"]

CAP_LABELS = {
    ("giay_khen", "Person"): "Không quá 20% tổng số cán bộ, công chức, viên chức",
    ("bang_khen", "Unit"): "Không quá 01 tập thể tiêu biểu nhất",
    ("bang_khen", "Person"): "Không quá 02 cá nhân tiêu biểu nhất",
}
OPEN_LABEL = "Chỉ số cải cách hành chính của Ban được xếp loại Xuất sắc"

RATINGS = [("xuat_sac", "Xuất sắc"), ("tot", "Tốt"), ("kha", "Khá"),
           ("trung_binh", "Trung bình"), ("yeu", "Yếu")]
KINDS = {"phong": "Phòng chuyên môn", "don_vi_su_nghiep": "Đơn vị sự nghiệp công lập"}
CONTRIBUTIONS = {"tham_muu": "Tham mưu", "chuyen_doi_so": "Chuyển đổi số",
                 "thu_tuc_hanh_chinh": "Giải quyết thủ tục hành chính"}
LDTT = "Lao động tiên tiến"


def nfc(text):
    return unicodedata.normalize("NFC", text)


def id_key(ident):
    """Ascending byte order of the UTF-8 encoding."""
    return ident.encode("utf-8")


# ---------------------------------------------------------------- reading the data

class Int(Fraction):
    """A JSON integer token (an exact number that was written without '.' or exponent)."""


def parse_number_float(text):
    return Fraction(text)


def parse_number_int(text):
    return Int(text)


class DataError(Exception):
    pass


def loads(text):
    """JSON with exact numbers: every number is a Fraction built from its text."""
    def reject_constant(name):
        raise DataError("$: %s is not a JSON number" % name)
    return json.loads(text, parse_float=parse_number_float, parse_int=parse_number_int,
                      parse_constant=reject_constant)


def _need(obj, key, path):
    if not isinstance(obj, dict):
        raise DataError("%s: expected an object" % path)
    if key not in obj:
        raise DataError("%s.%s: missing field" % (path, key))
    return obj[key]


def _text(obj, key, path):
    v = _need(obj, key, path)
    if not isinstance(v, str):
        raise DataError("%s.%s: expected text" % (path, key))
    return nfc(v)


def _bool(obj, key, path):
    v = _need(obj, key, path)
    if not isinstance(v, bool):
        raise DataError("%s.%s: expected true or false" % (path, key))
    return v


def _count(obj, key, path):
    v = _need(obj, key, path)
    if isinstance(v, bool) or not isinstance(v, Int) or v < 0:
        raise DataError("%s.%s: expected an integer >= 0" % (path, key))
    return int(v)


def _decimal(obj, key, path):
    v = _need(obj, key, path)
    if isinstance(v, bool) or not isinstance(v, Fraction):
        raise DataError("%s.%s: expected a decimal number" % (path, key))
    return Fraction(v)


def _rating(obj, key, path):
    v = _text(obj, key, path)
    for i, (code, label) in enumerate(RATINGS):
        if v == code or v == nfc(label):
            return i  # 0 is the best
    raise DataError("%s.%s: expected a rating (%s), got %r"
                    % (path, key, ", ".join(l for _, l in RATINGS), v))


def _enum(value, items, path):
    if not isinstance(value, str):
        raise DataError("%s: expected text" % path)
    v = nfc(value)
    for code, label in items.items():
        if v == code or v == nfc(label):
            return code
    raise DataError("%s: expected one of %s, got %r" % (path, ", ".join(items), v))


def read(data):
    """Checks CONTRACT §1 and returns (par_index, units, persons) as plain dicts."""
    if not isinstance(data, dict):
        raise DataError("$: expected an object")
    board = _need(data, "board", "$")
    par_index = _rating(board, "par_index", "$.board")
    ids = set()

    def take_id(obj, path):
        ident = _text(obj, "id", path)
        if ident in ids:
            raise DataError("%s.id: duplicate id %r" % (path, ident))
        ids.add(ident)
        return ident

    units = []
    raw_units = _need(data, "units", "$")
    if not isinstance(raw_units, list):
        raise DataError("$.units: expected an array")
    for i, u in enumerate(raw_units):
        p = "$.units[%d]" % i
        units.append({
            "id": take_id(u, p),
            "name": _text(u, "name", p),
            "kind": _enum(_need(u, "kind", p), KINDS, p + ".kind"),
            "complies": _bool(u, "complies", p),
            "tasks_completed": _bool(u, "tasks_completed", p),
            "tasks_rating": _rating(u, "tasks_rating", p),
            "disciplined": _bool(u, "disciplined", p),
            "recognized_initiatives": _count(u, "recognized_initiatives", p),
            "emulation_rating": _rating(u, "emulation_rating", p),
            "score": _decimal(u, "score", p),
        })
    unit_ids = {u["id"] for u in units}

    persons = []
    raw_persons = _need(data, "persons", "$")
    if not isinstance(raw_persons, list):
        raise DataError("$.persons: expected an array")
    for i, x in enumerate(raw_persons):
        p = "$.persons[%d]" % i
        ident = take_id(x, p)
        unit = _text(x, "unit", p)
        if unit not in unit_ids:
            raise DataError("%s.unit: no unit has id %r" % (p, unit))
        titles = _need(x, "titles", p)
        if not isinstance(titles, list) or not all(isinstance(t, str) for t in titles):
            raise DataError("%s.titles: expected an array of text" % p)
        contributions = _need(x, "contributions", p)
        if not isinstance(contributions, list):
            raise DataError("%s.contributions: expected an array" % p)
        persons.append({
            "id": ident,
            "name": _text(x, "name", p),
            "unit": unit,
            "complies": _bool(x, "complies", p),
            "tasks_completed": _bool(x, "tasks_completed", p),
            "disciplined": _bool(x, "disciplined", p),
            "initiatives": _count(x, "initiatives", p),
            "titles": {nfc(t) for t in titles},
            "contributions": {_enum(c, CONTRIBUTIONS, "%s.contributions[%d]" % (p, j))
                              for j, c in enumerate(contributions)},
            "score": _decimal(x, "score", p),
        })
    return par_index, units, persons


# ---------------------------------------------------------------- the rules (CONTRACT §2)

def person_failed(person):
    """Labels of the giay_khen conditions a person fails, in policy order."""
    failed = []
    if not person["complies"]:
        failed.append(PERSON_LABELS["complies"])
    if not person["tasks_completed"]:
        failed.append(PERSON_LABELS["tasks_completed"])
    if person["disciplined"]:
        failed.append(PERSON_LABELS["not_disciplined"])
    if nfc(LDTT) not in person["titles"]:
        failed.append(PERSON_LABELS["title"])
    if not person["contributions"]:
        failed.append(PERSON_LABELS["contributions"])
    return failed


def unit_failed(unit, has_disciplined_member):
    failed = []
    if not unit["complies"]:
        failed.append(UNIT_LABELS["complies"])
    if not unit["tasks_completed"]:
        failed.append(UNIT_LABELS["tasks_completed"])
    if unit["disciplined"]:
        failed.append(UNIT_LABELS["not_disciplined"])
    if has_disciplined_member:
        failed.append(UNIT_LABELS["no_members_disciplined"])
    if unit["tasks_rating"] > 1:  # worse than Tốt (index 1)
        failed.append(UNIT_LABELS["tasks_rating"])
    if unit["recognized_initiatives"] < 1:
        failed.append(UNIT_LABELS["recognized_initiatives"])
    return failed


def person_key(person):
    """Rank keys, best first: initiatives >= 1, score desc, initiatives desc."""
    return (0 if person["initiatives"] >= 1 else 1, -person["score"], -person["initiatives"])


def unit_key(unit):
    return (-unit["score"], -unit["recognized_initiatives"])


def select(candidates, key, cap):
    """Ranks eligible candidates and takes at most `cap` (None: no cap).

    Returns (ranked, selected_count, tie) where tie is (ids sorted, selected ids sorted)
    or None."""
    ranked = sorted(candidates, key=lambda c: (key(c), id_key(c["id"])))
    n = len(ranked) if cap is None else min(cap, len(ranked))
    tie = None
    if cap is not None and 0 < cap < len(ranked):
        last = key(ranked[cap - 1])
        if key(ranked[cap]) == last:
            group = [c["id"] for c in ranked if key(c) == last]
            chosen = set(c["id"] for c in ranked[:cap])
            ids = sorted(group, key=id_key)
            tie = (ids, [i for i in ids if i in chosen])
    return ranked, n, tie


class Outcome:
    """The oracle's decisions, with the ranked lists kept for the data generator."""

    def __init__(self, par_index, units, persons):
        self.units, self.persons = units, persons
        self.open = {"bang_khen": par_index == 0, "giay_khen": True}
        self.person_cap = len(persons) // 5  # floor(20% * count(Person)), exactly
        self.caps = {("bang_khen", "Unit"): 1, ("bang_khen", "Person"): 2,
                     ("giay_khen", "Unit"): None, ("giay_khen", "Person"): self.person_cap}
        disciplined_units = {p["unit"] for p in persons if p["disciplined"]}
        self.failed = {}
        for u in units:
            self.failed[u["id"]] = unit_failed(u, u["id"] in disciplined_units)
        for p in persons:
            self.failed[p["id"]] = person_failed(p)

        self.status = {}   # (id, award) -> dict
        self.ranked = {}   # (award, entity) -> ranked list of records
        self.selected = {a: [] for a in AWARDS}
        self.ties = {a: [] for a in AWARDS}
        received = {}      # id -> the higher award it received
        for award in AWARDS:
            for entity, records, key in (("Unit", units, unit_key), ("Person", persons, person_key)):
                self._decide(award, entity, records, key, received)
            self.selected[award].sort(key=lambda s: (s["rank"], ENTITIES.index(s["entity"])))

    def _decide(self, award, entity, records, key, received):
        if not self.open[award]:
            for r in records:
                self.status[(r["id"], award)] = {"status": "closed"}
            self.ranked[(award, entity)] = []
            return
        pool = []
        for r in records:
            if self.failed[r["id"]]:
                entry = {"status": "ineligible", "failed": sorted(self.failed[r["id"]])}
                if award != "giay_khen":
                    entry["via"] = "giay_khen"
                self.status[(r["id"], award)] = entry
            elif r["id"] in received:
                self.status[(r["id"], award)] = {"status": "excluded", "by": received[r["id"]]}
            else:
                pool.append(r)
        cap = self.caps[(award, entity)]
        ranked, n, tie = select(pool, key, cap)
        self.ranked[(award, entity)] = ranked
        for i, r in enumerate(ranked):
            if i < n:
                self.status[(r["id"], award)] = {"status": "selected", "rank": i + 1}
                self.selected[award].append({"id": r["id"], "entity": entity, "rank": i + 1})
                received[r["id"]] = award
            else:
                self.status[(r["id"], award)] = {"status": "not_selected", "rank": i + 1,
                                                 "quota": cap}
        if tie:
            self.ties[award].append({"entity": entity, "ids": tie[0], "selected": tie[1]})

    def to_json(self):
        awards = {}
        for award in AWARDS:
            awards[award] = {"label": AWARD_LABELS[award], "open": self.open[award],
                             "selected": self.selected[award], "ties": self.ties[award]}
        candidates = {}
        for r in self.units + self.persons:
            candidates[r["id"]] = {a: self.status[(r["id"], a)] for a in AWARDS}
        return {"awards": awards, "candidates": candidates,
                "person_cap_giay_khen": self.person_cap}


def evaluate_text(text):
    """The oracle's result (a dict, CONTRACT §4 subset) for JSON input text."""
    return Outcome(*read(loads(text))).to_json()


def outcome_of_text(text):
    return Outcome(*read(loads(text)))


def dumps(result):
    return json.dumps(result, ensure_ascii=False, sort_keys=True, indent=2) + "\n"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("data", help="input data (CONTRACT §1 JSON)")
    ap.add_argument("-o", "--out", help="write the result here instead of stdout")
    args = ap.parse_args(argv)
    try:
        with open(args.data, "rb") as f:
            text = f.read().decode("utf-8")
        result = evaluate_text(text)
    except (DataError, ValueError) as e:
        print("contract_oracle: %s: %s" % (args.data, e), file=sys.stderr)
        return 1
    out = dumps(result)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(out)
    else:
        sys.stdout.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
