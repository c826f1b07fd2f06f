#!/usr/bin/python3
"""Deterministic benchmark data for the seed plan (examples/an-giang-2026/policy.thidua).

  generate.py --persons N [--seed S] --out FILE

The same arguments give the same bytes. One unit per 200 persons (at least 8), records in
shuffled order, ratings written as labels ("Tốt") and as codes ("tot"), Vietnamese names,
scores from a small set of decimals with at most two places (so ties on the rank keys are
frequent, and every baseline can read them exactly). Unlike tests/oracle/generate.py the
text is NFC throughout and there are no 20-digit scores: the baselines (pandas, ZEN) would
read those as binary floats and disagree with the exact engine for reasons that are theirs.
"""

import argparse
import json
import random
import sys

LDTT = "Lao động tiên tiến"
CSTD = "Chiến sĩ thi đua cơ sở"
OTHER_TITLES = ["Hoàn thành xuất sắc nhiệm vụ", "Giấy khen của Trưởng ban năm 2025"]
RATINGS = [("xuat_sac", "Xuất sắc"), ("tot", "Tốt"), ("kha", "Khá"),
           ("trung_binh", "Trung bình"), ("yeu", "Yếu")]
CONTRIBUTIONS = ["tham_muu", "chuyen_doi_so", "thu_tuc_hanh_chinh"]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Võ", "Phan", "Đặng", "Bùi",
            "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Châu", "Lâm", "Tô", "Đoàn"]
MIDDLE = ["Văn", "Minh", "Quốc", "Thanh", "Hữu", "Thị", "Thị Ngọc", "Thị Kim", "Ngọc", "Thị Thu"]
GIVEN = ["An", "Bảo", "Cường", "Dũng", "Đạt", "Hùng", "Huy", "Khang", "Lộc", "Nghĩa", "Anh",
         "Ánh", "Bích", "Chi", "Duyên", "Hà", "Hằng", "Lan", "Linh", "Mai", "Thảo", "Yến"]
PERSON_SCORES = ["80.5", "84.75", "85.5", "87.25", "88", "90.25", "91.5", "92.75", "94.0",
                 "95.5", "97.25", "98.5"]
UNIT_SCORES = ["88.5", "90.25", "92.75", "94", "95.5", "96.5", "97.25"]


def j(value):
    return json.dumps(value, ensure_ascii=False)


def b(flag):
    return "true" if flag else "false"


def generate(persons, seed, out):
    r = random.Random(seed)
    units = max(8, persons // 200)
    width = max(3, len(str(persons)))

    def rating(weights):
        code, label = r.choices(RATINGS, weights=weights)[0]
        return code if r.random() < 0.5 else label

    unit_lines = []
    for k in range(units):
        kind = "don_vi_su_nghiep" if k % 4 == 3 else "phong"
        unit_lines.append(
            '    { "id": "U%05d", "name": "Phòng chuyên môn số %d", "kind": "%s", "complies": %s, '
            '"tasks_completed": %s, "tasks_rating": %s, "disciplined": %s, "recognized_initiatives": %d, '
            '"emulation_rating": %s, "score": %s }'
            % (k + 1, k + 1, kind, b(r.random() < 0.95), b(r.random() < 0.92), j(rating([25, 45, 20, 7, 3])),
               b(r.random() < 0.03), 0 if r.random() < 0.25 else r.randint(1, 4),
               j(rating([20, 50, 20, 8, 2])), r.choice(UNIT_SCORES)))
    r.shuffle(unit_lines)

    unit_ids = ["U%05d" % (k + 1) for k in range(units)]
    person_lines = []
    for i in range(persons):
        titles = []
        if r.random() < 0.75:
            titles.append(LDTT)
            if r.random() < 0.2:
                titles.append(CSTD)
        elif r.random() < 0.1:
            titles.append(CSTD)
        if r.random() < 0.1:
            titles.append(r.choice(OTHER_TITLES))
        r.shuffle(titles)
        contributions = [] if r.random() < 0.2 else sorted(
            r.sample(CONTRIBUTIONS, r.randint(1, 3)), key=CONTRIBUTIONS.index)
        x = r.random()
        initiatives = 0 if x < 0.6 else 1 if x < 0.85 else 2 if x < 0.95 else 3
        name = "%s %s %s" % (r.choice(SURNAMES), r.choice(MIDDLE), r.choice(GIVEN))
        person_lines.append(
            '    { "id": "P%0*d", "name": "%s", "unit": "%s", "complies": %s, "tasks_completed": %s, '
            '"disciplined": %s, "initiatives": %d, "titles": %s, "contributions": %s, "score": %s }'
            % (width, i + 1, name, r.choice(unit_ids), b(r.random() < 0.97), b(r.random() < 0.95),
               b(r.random() < 0.002), initiatives, j(titles), j(contributions), r.choice(PERSON_SCORES)))
    r.shuffle(person_lines)

    out.write('{\n  "board": { "par_index": "Xuất sắc" },\n  "units": [\n')
    out.write(",\n".join(unit_lines))
    out.write('\n  ],\n  "persons": [\n')
    out.write(",\n".join(person_lines))
    out.write("\n  ]\n}\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--persons", type=int, required=True)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    with open(args.out, "w", encoding="utf-8") as f:
        generate(args.persons, args.seed, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
