#!/usr/bin/python3
"""Deterministic generator of CONTRACT §1 input data for the seed plan.

  generate.py --persons N --units M --seed S --par-index VALUE --nfd-fraction F --out FILE
              [--force-tie]

The same arguments give the same bytes.  The data exercises every rule of CONTRACT §2:
booleans at realistic rates, ratings written as labels ("Tốt") and as codes ("tot"),
Vietnamese names, titles and rating labels in decomposed (NFD) form for a fraction F
of the records, scores drawn from a small set of decimals (so that exact ties on the
rank keys happen, also at the cuts), a few scores that are equal as binary floats but
not as decimals, integer-valued scores written as JSON integers, disciplined persons
(so their units fail "no member disciplined"), units without recognised initiatives,
and records listed in shuffled order (input order is not id order).  With
--par-index other than "Xuất sắc"/"xuat_sac" the Bằng khen is closed.

--force-tie additionally makes the candidates at every capped cut (Bằng khen: 1 unit,
2 persons; Giấy khen: floor(20% × N) persons) tie exactly on the rank keys, using the
oracle to find the cuts.
"""

import argparse
import json
import os
import random
import sys
import unicodedata

LDTT = "Lao động tiên tiến"
CSTD = "Chiến sĩ thi đua cơ sở"
OTHER_TITLES = ["Hoàn thành xuất sắc nhiệm vụ", "Giấy khen của Trưởng ban năm 2025"]
RATINGS = [("xuat_sac", "Xuất sắc"), ("tot", "Tốt"), ("kha", "Khá"),
           ("trung_binh", "Trung bình"), ("yeu", "Yếu")]
CONTRIBUTIONS = ["tham_muu", "chuyen_doi_so", "thu_tuc_hanh_chinh"]

KNOWN_UNITS = [
    ("VP", "Văn phòng", "phong"),
    ("QLDT", "Phòng Quản lý đầu tư", "phong"),
    ("QLDN", "Phòng Quản lý doanh nghiệp", "phong"),
    ("QHXD", "Phòng Quản lý quy hoạch và xây dựng", "phong"),
    ("TNMT", "Phòng Quản lý tài nguyên và môi trường", "phong"),
    ("TTRA", "Thanh tra", "phong"),
]
SERVICE_UNITS = [
    ("TTDV", "Trung tâm Dịch vụ hỗ trợ và Phát triển hạ tầng khu kinh tế", "don_vi_su_nghiep"),
    ("BQLDA", "Ban Quản lý dự án đầu tư xây dựng khu kinh tế", "don_vi_su_nghiep"),
]

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Đặng", "Bùi",
            "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Châu", "Lâm", "Tô", "Đoàn", "Quách"]
MIDDLE_M = ["Văn", "Minh", "Quốc", "Thanh", "Hoàng", "Hữu", "Tấn", "Trọng", "Công", "Đức"]
MIDDLE_F = ["Thị", "Thị Ngọc", "Thị Kim", "Thị Thanh", "Thị Mỹ", "Ngọc", "Thị Thu", "Thị Hồng"]
GIVEN_M = ["An", "Bảo", "Cường", "Dũng", "Đạt", "Hùng", "Huy", "Khang", "Lộc", "Nghĩa",
           "Phúc", "Sơn", "Tài", "Thắng", "Trí", "Tùng", "Việt", "Vinh", "Nhựt", "Lực"]
GIVEN_F = ["Anh", "Ánh", "Bích", "Chi", "Diệp", "Duyên", "Hà", "Hân", "Hằng", "Lan", "Linh",
           "Loan", "Mai", "My", "Nhung", "Oanh", "Phương", "Thảo", "Trâm", "Trinh", "Vy", "Yến"]

# Small sets of exact decimals: ties on the rank keys are frequent.
PERSON_SCORES = ["80.5", "84.75", "85.5", "87.25", "88", "90.25", "91.5", "92.75",
                 "94.0", "95.5", "97.25"]
UNIT_SCORES = ["88.5", "90.25", "92.75", "94", "95.5", "96.5", "97.25"]
# Equal as binary doubles, different as decimals (92.75 < 92.75000000000000001).
NEAR_SCORES = ["92.75000000000000001", "92.7499999999999999", "90.250"]


def nfd(text):
    return unicodedata.normalize("NFD", text)


def j(value):
    return json.dumps(value, ensure_ascii=False)


def is_xuat_sac(value):
    v = unicodedata.normalize("NFC", value)
    return v in ("Xuất sắc", "xuat_sac")


class Generator:
    def __init__(self, persons, units, seed, par_index, nfd_fraction):
        self.rng = random.Random(seed)
        self.n, self.m = persons, units
        self.par_index = par_index
        self.f = nfd_fraction

    def maybe_nfd(self, text):
        return nfd(text) if self.rng.random() < self.f else text

    def rating(self, weights):
        code, label = self.rng.choices(RATINGS, weights=weights)[0]
        return code if self.rng.random() < 0.5 else self.maybe_nfd(label)

    def person_name(self):
        r = self.rng
        if r.random() < 0.5:
            parts = [r.choice(SURNAMES), r.choice(MIDDLE_M), r.choice(GIVEN_M)]
        else:
            parts = [r.choice(SURNAMES), r.choice(MIDDLE_F), r.choice(GIVEN_F)]
        return self.maybe_nfd(" ".join(parts))

    def units(self):
        r = self.rng
        specs = []
        service = SERVICE_UNITS[:2] if self.m >= 3 else []
        offices = self.m - len(service)
        for k in range(offices):
            if k < len(KNOWN_UNITS):
                specs.append(KNOWN_UNITS[k])
            else:
                specs.append(("U%03d" % (k + 1), "Phòng chuyên môn số %d" % (k + 1), "phong"))
        specs.extend(service)
        out = []
        for ident, name, kind in specs:
            out.append({
                "id": ident, "name": self.maybe_nfd(name), "kind": kind,
                "complies": r.random() < 0.93,
                "tasks_completed": r.random() < 0.9,
                "tasks_rating": self.rating([25, 45, 20, 7, 3]),
                "disciplined": r.random() < 0.05,
                "recognized_initiatives": 0 if r.random() < 0.25 else r.randint(1, 4),
                "emulation_rating": self.rating([20, 50, 20, 8, 2]),
                "score": r.choice(UNIT_SCORES),
            })
        return out

    def persons(self, units):
        r = self.rng
        width = max(3, len(str(self.n)))
        unit_ids = [u["id"] for u in units]
        weights = [r.randint(1, 4) for _ in unit_ids]
        out = []
        for i in range(self.n):
            titles = []
            if r.random() < 0.75:
                titles.append(self.maybe_nfd(LDTT))
                if r.random() < 0.2:
                    titles.append(self.maybe_nfd(CSTD))
            elif r.random() < 0.1:
                titles.append(self.maybe_nfd(CSTD))  # without the LĐTT title: still fails
            if r.random() < 0.1:
                titles.append(self.maybe_nfd(r.choice(OTHER_TITLES)))
            r.shuffle(titles)
            if r.random() < 0.2:
                contributions = []
            else:
                contributions = sorted(r.sample(CONTRIBUTIONS, r.randint(1, 3)),
                                       key=CONTRIBUTIONS.index)
            x = r.random()
            initiatives = 0 if x < 0.6 else 1 if x < 0.85 else 2 if x < 0.95 else 3
            score = r.choice(NEAR_SCORES) if r.random() < 0.01 else r.choice(PERSON_SCORES)
            out.append({
                "id": "P%0*d" % (width, i + 1), "name": self.person_name(),
                "unit": r.choices(unit_ids, weights=weights)[0],
                "complies": r.random() < 0.96,
                "tasks_completed": r.random() < 0.93,
                "disciplined": r.random() < 0.03,
                "initiatives": initiatives, "titles": titles,
                "contributions": contributions, "score": score,
            })
        if out and not any(p["disciplined"] for p in out):
            out[r.randrange(len(out))]["disciplined"] = True
        return out

    def generate(self):
        units = self.units()
        persons = self.persons(units)
        self.rng.shuffle(units)
        self.rng.shuffle(persons)
        return {"board": {"par_index": self.maybe_nfd(self.par_index)},
                "units": units, "persons": persons}


def render(data):
    """JSON text, one record a line; scores are written as the decimal text itself."""
    def record(rec, numbers):
        items = []
        for k, v in rec.items():
            items.append("%s: %s" % (j(k), v if k in numbers else j(v)))
        return "    { " + ", ".join(items) + " }"
    lines = ["{", '  "board": { "par_index": %s },' % j(data["board"]["par_index"]), '  "units": [']
    lines.append(",\n".join(record(u, ("score",)) for u in data["units"]))
    lines.append("  ],")
    lines.append('  "persons": [')
    lines.append(",\n".join(record(p, ("score",)) for p in data["persons"]))
    lines.append("  ]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def force_ties(data):
    """Makes the first candidate left out at every capped cut tie the last one selected."""
    here = os.path.dirname(os.path.abspath(__file__))
    if here not in sys.path:
        sys.path.insert(0, here)
    import contract_oracle as oracle

    by_id = {r["id"]: r for r in data["units"] + data["persons"]}
    for award, entity in (("bang_khen", "Unit"), ("bang_khen", "Person"), ("giay_khen", "Person")):
        outcome = oracle.outcome_of_text(render(data))
        ranked = outcome.ranked[(award, entity)]
        cap = outcome.caps[(award, entity)]
        if cap is None or not 0 < cap < len(ranked):
            continue
        last, first_out = by_id[ranked[cap - 1]["id"]], by_id[ranked[cap]["id"]]
        first_out["score"] = last["score"]
        key = "initiatives" if entity == "Person" else "recognized_initiatives"
        first_out[key] = last[key]
    return data


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--persons", type=int, required=True)
    ap.add_argument("--units", type=int, required=True)
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--par-index", default="Xuất sắc")
    ap.add_argument("--nfd-fraction", type=float, default=0.0)
    ap.add_argument("--out", help="output file (default: stdout)")
    ap.add_argument("--force-tie", action="store_true")
    args = ap.parse_args(argv)
    if args.persons < 0 or args.units < 1:
        ap.error("need --persons >= 0 and --units >= 1")
    data = Generator(args.persons, args.units, args.seed, args.par_index,
                     args.nfd_fraction).generate()
    if args.force_tie:
        force_ties(data)
    text = render(data)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
