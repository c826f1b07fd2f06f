"""Self-checks of the oracle on tiny datasets whose outcome is computed by hand.

Run from the project root:  /usr/bin/python3 -m unittest tests/oracle/test_oracle.py
"""

import json
import os
import sys
import unicodedata
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import contract_oracle as oracle  # noqa: E402
import generate  # noqa: E402

POLICY = os.path.join(ROOT, "examples", "an-giang-2026", "policy.thidua")
EXAMPLE = os.path.join(ROOT, "examples", "an-giang-2026", "data.json")
LDTT = "Lao động tiên tiến"
P = oracle.PERSON_LABELS
U = oracle.UNIT_LABELS


def unit(ident, **kw):
    u = {"id": ident, "name": "Phòng " + ident, "kind": "phong", "complies": True,
         "tasks_completed": True, "tasks_rating": "Tốt", "disciplined": False,
         "recognized_initiatives": 1, "emulation_rating": "Tốt", "score": "90"}
    u.update(kw)
    return u


def person(ident, score="90", initiatives=0, unit_id="A", **kw):
    p = {"id": ident, "name": "Nguyễn Văn " + ident, "unit": unit_id, "complies": True,
         "tasks_completed": True, "disciplined": False, "initiatives": initiatives,
         "titles": [LDTT], "contributions": ["tham_muu"], "score": score}
    p.update(kw)
    return p


def text_of(par_index, units, persons):
    """JSON text; a `score` given as a str is written as the number's own text."""
    def rec(r):
        return "{" + ", ".join("%s: %s" % (json.dumps(k), v if k == "score" and isinstance(v, str)
                                           else json.dumps(v, ensure_ascii=False))
                               for k, v in r.items()) + "}"
    return ('{"board": {"par_index": %s}, "units": [%s], "persons": [%s]}'
            % (json.dumps(par_index, ensure_ascii=False), ", ".join(map(rec, units)),
               ", ".join(map(rec, persons))))


def run(par_index, units, persons):
    return oracle.evaluate_text(text_of(par_index, units, persons))


def selected(result, award, entity=None):
    return [s["id"] for s in result["awards"][award]["selected"]
            if entity is None or s["entity"] == entity]


def status(result, ident, award):
    return result["candidates"][ident][award]["status"]


def failed(result, ident, award):
    return set(result["candidates"][ident][award]["failed"])


class Quota(unittest.TestCase):
    def test_17_persons_cap_3(self):
        # 17 eligible persons with distinct scores 100, 99, ..., 84; bang_khen closed.
        persons = [person("P%02d" % i, score=str(101 - i)) for i in range(1, 18)]
        r = run("Tốt", [unit("A")], persons)
        self.assertEqual(r["person_cap_giay_khen"], 3)
        self.assertEqual(selected(r, "giay_khen", "Person"), ["P01", "P02", "P03"])
        self.assertEqual(status(r, "P04", "giay_khen"), "not_selected")
        self.assertEqual(r["candidates"]["P04"]["giay_khen"]["rank"], 4)
        self.assertEqual(r["candidates"]["P04"]["giay_khen"]["quota"], 3)
        self.assertEqual(r["awards"]["giay_khen"]["ties"], [])

    def test_17_persons_open_bang_khen_then_3_giay_khen(self):
        persons = [person("P%02d" % i, score=str(101 - i)) for i in range(1, 18)]
        r = run("Xuất sắc", [unit("A")], persons)
        self.assertEqual(selected(r, "bang_khen", "Person"), ["P01", "P02"])
        self.assertEqual(selected(r, "giay_khen", "Person"), ["P03", "P04", "P05"])
        self.assertEqual([s["rank"] for s in r["awards"]["giay_khen"]["selected"]
                          if s["entity"] == "Person"], [1, 2, 3])

    def test_cap_counts_every_person_not_only_eligible(self):
        # 10 persons, 6 of them without the title: cap floor(2) = 2 of the 4 eligible.
        persons = [person("P%02d" % i, score=str(100 - i),
                          titles=[] if i > 4 else [LDTT]) for i in range(1, 11)]
        r = run("Khá", [unit("A")], persons)
        self.assertEqual(selected(r, "giay_khen", "Person"), ["P01", "P02"])
        self.assertEqual(status(r, "P05", "giay_khen"), "ineligible")

    def test_fewer_than_5_persons_gives_nobody_giay_khen(self):
        r = run("Tốt", [unit("A")], [person("P1"), person("P2", score="99")])
        self.assertEqual(r["person_cap_giay_khen"], 0)
        self.assertEqual(selected(r, "giay_khen", "Person"), [])
        self.assertEqual(status(r, "P2", "giay_khen"), "not_selected")
        self.assertEqual(r["awards"]["giay_khen"]["ties"], [])
        # Units have no cap.
        self.assertEqual(selected(r, "giay_khen", "Unit"), ["A"])


class Ties(unittest.TestCase):
    def test_tie_at_the_cut_is_reported_and_lower_id_selected(self):
        # 10 persons: cap 2. P07 and P03 equal on every key at positions 2 and 3.
        persons = [person("P%02d" % i, score="80") for i in range(1, 11)]
        persons[0]["score"] = "95"                      # P01 first
        persons[6].update(score="90.5", initiatives=1)  # P07
        persons[2].update(score="90.50", initiatives=1)  # P03: the same value, other text
        persons[0]["initiatives"] = 1
        r = run("Tốt", [unit("A")], persons)
        self.assertEqual(selected(r, "giay_khen", "Person"), ["P01", "P03"])
        self.assertEqual(r["awards"]["giay_khen"]["ties"],
                         [{"entity": "Person", "ids": ["P03", "P07"], "selected": ["P03"]}])
        self.assertEqual(status(r, "P07", "giay_khen"), "not_selected")
        self.assertEqual(r["candidates"]["P07"]["giay_khen"]["rank"], 3)

    def test_tie_group_larger_than_the_cut(self):
        # 10 persons: cap 2; four equal candidates: 2 selected, all 4 in the tie.
        persons = [person("P%02d" % i, score="80") for i in range(1, 11)]
        for i in (8, 5, 2, 9):
            persons[i]["score"] = "91.25"
        r = run("Tốt", [unit("A")], persons)
        self.assertEqual(selected(r, "giay_khen", "Person"), ["P03", "P06"])
        self.assertEqual(r["awards"]["giay_khen"]["ties"],
                         [{"entity": "Person", "ids": ["P03", "P06", "P09", "P10"],
                           "selected": ["P03", "P06"]}])

    def test_tie_inside_the_quota_is_not_reported(self):
        persons = [person("P%02d" % i, score="80") for i in range(1, 11)]
        persons[4]["score"] = persons[1]["score"] = "99"
        r = run("Tốt", [unit("A")], persons)
        self.assertEqual(selected(r, "giay_khen", "Person"), ["P02", "P05"])
        self.assertEqual(r["awards"]["giay_khen"]["ties"], [])

    def test_byte_order_of_ids(self):
        # "P10" < "P9" in byte order; a unit tie at the bang_khen cut (cap 1).
        units = [unit("P9", score="95"), unit("P10", score="95.0"), unit("Z", score="99",
                                                                           tasks_rating="Khá")]
        r = run("Xuất sắc", units, [person("X1", unit_id="P9")])
        self.assertEqual(selected(r, "bang_khen", "Unit"), ["P10"])
        self.assertEqual(r["awards"]["bang_khen"]["ties"],
                         [{"entity": "Unit", "ids": ["P10", "P9"], "selected": ["P10"]}])
        self.assertEqual(status(r, "P9", "giay_khen"), "selected")
        self.assertEqual(status(r, "P10", "giay_khen"), "excluded")

    def test_unit_second_key(self):
        units = [unit("A", score="96.5", recognized_initiatives=1),
                 unit("B", score="96.5", recognized_initiatives=2)]
        r = run("Xuất sắc", units, [person("X1")])
        self.assertEqual(selected(r, "bang_khen", "Unit"), ["B"])
        self.assertEqual(r["awards"]["bang_khen"]["ties"], [])


class Ranking(unittest.TestCase):
    def test_initiative_first_then_score_then_initiatives(self):
        persons = [person("P1", score="99.5", initiatives=0),
                   person("P2", score="85.5", initiatives=1),
                   person("P3", score="92.75", initiatives=1),
                   person("P4", score="92.75", initiatives=3),
                   person("P5", score="80", initiatives=0)]
        r = run("Xuất sắc", [unit("A")], persons)
        self.assertEqual(selected(r, "bang_khen", "Person"), ["P4", "P3"])
        self.assertEqual(r["candidates"]["P2"]["bang_khen"]["rank"], 3)
        self.assertEqual(r["candidates"]["P1"]["bang_khen"]["rank"], 4)
        # 5 persons: cap 1 for giay_khen; P2 (initiative) beats P1 (higher score).
        self.assertEqual(selected(r, "giay_khen", "Person"), ["P2"])
        self.assertEqual(status(r, "P1", "giay_khen"), "not_selected")

    def test_decimals_are_exact(self):
        # Equal as binary doubles, different as decimals.
        persons = [person("P1", score="92.75"), person("P2", score="92.75000000000000001"),
                   person("P3", score="10"), person("P4", score="10"), person("P5", score="10")]
        r = run("Tốt", [unit("A")], persons)
        self.assertEqual(selected(r, "giay_khen", "Person"), ["P2"])
        self.assertEqual(r["awards"]["giay_khen"]["ties"], [])


class Awards(unittest.TestCase):
    def test_closed_bang_khen(self):
        for par in ("Tốt", "tot", "Khá", "yeu", "Trung bình"):
            r = run(par, [unit("A", score="99")], [person("P1", initiatives=2)])
            self.assertFalse(r["awards"]["bang_khen"]["open"], par)
            self.assertEqual(r["awards"]["bang_khen"]["selected"], [])
            self.assertEqual(r["awards"]["bang_khen"]["ties"], [])
            self.assertEqual(status(r, "A", "bang_khen"), "closed")
            self.assertEqual(status(r, "P1", "bang_khen"), "closed")
            self.assertEqual(status(r, "A", "giay_khen"), "selected")  # nothing excluded

    def test_open_bang_khen_by_label_code_and_nfd(self):
        for par in ("Xuất sắc", "xuat_sac", unicodedata.normalize("NFD", "Xuất sắc")):
            r = run(par, [unit("A")], [person("P1")])
            self.assertTrue(r["awards"]["bang_khen"]["open"], par)
            self.assertEqual(selected(r, "bang_khen"), ["A", "P1"])

    def test_precedence_excludes_bang_khen_recipients(self):
        units = [unit("A", score="97"), unit("B", score="95"), unit("C", score="93")]
        persons = [person("P%d" % i, score=str(90 + i), unit_id="A") for i in range(1, 11)]
        r = run("Xuất sắc", units, persons)
        self.assertEqual(selected(r, "bang_khen", "Unit"), ["A"])
        self.assertEqual(selected(r, "bang_khen", "Person"), ["P10", "P9"])
        for ident in ("A", "P10", "P9"):
            self.assertEqual(r["candidates"][ident]["giay_khen"],
                             {"status": "excluded", "by": "bang_khen"})
        self.assertEqual(selected(r, "giay_khen", "Unit"), ["B", "C"])
        self.assertEqual(selected(r, "giay_khen", "Person"), ["P8", "P7"])  # cap floor(10/5)
        self.assertEqual([s["rank"] for s in r["awards"]["giay_khen"]["selected"]], [1, 1, 2, 2])
        self.assertEqual(r["candidates"]["P6"]["giay_khen"]["rank"], 3)

    def test_nfd_title_matches(self):
        persons = [person("P1", titles=[unicodedata.normalize("NFD", LDTT)]),
                   person("P2", titles=["Lao dong tien tien"]),
                   person("P3", titles=["Chiến sĩ thi đua cơ sở"])]
        r = run("Xuất sắc", [unit("A")], persons)
        self.assertEqual(status(r, "P1", "bang_khen"), "selected")
        self.assertEqual(failed(r, "P2", "giay_khen"), {P["title"]})
        self.assertEqual(failed(r, "P3", "giay_khen"), {P["title"]})
        self.assertEqual(failed(r, "P3", "bang_khen"), {P["title"]})
        self.assertEqual(r["candidates"]["P3"]["bang_khen"]["via"], "giay_khen")

    def test_disciplined_member_fails_the_unit(self):
        units = [unit("A", score="99"), unit("B", score="80")]
        persons = [person("P1", unit_id="A", disciplined=True), person("P2", unit_id="B")]
        r = run("Xuất sắc", units, persons)
        self.assertEqual(status(r, "A", "giay_khen"), "ineligible")
        self.assertEqual(failed(r, "A", "giay_khen"), {U["no_members_disciplined"]})
        self.assertEqual(failed(r, "A", "bang_khen"), {U["no_members_disciplined"]})
        self.assertEqual(failed(r, "P1", "giay_khen"), {P["not_disciplined"]})
        self.assertEqual(selected(r, "bang_khen", "Unit"), ["B"])

    def test_every_failed_condition_is_listed(self):
        units = [unit("A", complies=False, tasks_completed=False, disciplined=True,
                      tasks_rating="trung_binh", recognized_initiatives=0),
                 unit("B", tasks_rating="kha"), unit("C", tasks_rating="xuat_sac")]
        persons = [person("P1", unit_id="A", complies=False, tasks_completed=False,
                          disciplined=True, titles=[], contributions=[]),
                   person("P2", unit_id="C", contributions=["chuyen_doi_so"])]
        r = run("Tốt", units, persons)
        self.assertEqual(failed(r, "A", "giay_khen"), set(U.values()))
        self.assertEqual(failed(r, "B", "giay_khen"), {U["tasks_rating"]})
        self.assertEqual(status(r, "C", "giay_khen"), "selected")
        self.assertEqual(failed(r, "P1", "giay_khen"), set(P.values()))
        self.assertEqual(status(r, "P1", "bang_khen"), "closed")


class Input(unittest.TestCase):
    def bad(self, par, units, persons, fragment):
        with self.assertRaises(oracle.DataError) as ctx:
            run(par, units, persons)
        self.assertIn(fragment, str(ctx.exception))

    def test_bad_input_is_an_error_naming_the_path(self):
        p = person("P1")
        del p["titles"]
        self.bad("Tốt", [unit("A")], [p], "$.persons[0].titles")
        self.bad("Tốt", [unit("A")], [person("P1", unit_id="Q")], "$.persons[0].unit")
        self.bad("Tốt", [unit("A")], [person("A")], "duplicate")
        self.bad("Giỏi", [unit("A")], [person("P1")], "$.board.par_index")
        self.bad("Tốt", [unit("A", score='"90"')], [person("P1")], "$.units[0].score")
        self.bad("Tốt", [unit("A")], [person("P1", initiatives=1.5)], "$.persons[0].initiatives")
        self.bad("Tốt", [unit("A")], [person("P1", disciplined=0)], "$.persons[0].disciplined")
        self.bad("Tốt", [unit("A")], [person("P1", contributions=["khac"])],
                 "$.persons[0].contributions[0]")


class PolicyLabels(unittest.TestCase):
    def test_labels_are_copied_from_the_policy(self):
        with open(POLICY, encoding="utf-8") as f:
            policy = f.read()
        labels = (list(U.values()) + list(P.values()) + list(oracle.AWARD_LABELS.values())
                  + list(oracle.CAP_LABELS.values()) + [oracle.OPEN_LABEL])
        for label in labels:
            self.assertIn('"%s"' % label, policy)


class Example(unittest.TestCase):
    def test_example_data(self):
        with open(EXAMPLE, encoding="utf-8") as f:
            r = oracle.evaluate_text(f.read())
        self.assertEqual(r["person_cap_giay_khen"], 12)  # floor(63 / 5)
        self.assertEqual(selected(r, "bang_khen"), ["QLDT", "P012", "P003"])
        self.assertEqual(selected(r, "giay_khen", "Unit"), ["VP", "TTRA", "TTDV"])
        self.assertEqual(selected(r, "giay_khen", "Person"),
                         ["P050", "P022", "P005", "P031", "P014", "P044", "P039", "P008",
                          "P055", "P017", "P025", "P020"])
        self.assertEqual(r["awards"]["bang_khen"]["ties"], [])
        self.assertEqual(r["awards"]["giay_khen"]["ties"],
                         [{"entity": "Person", "ids": ["P020", "P046"], "selected": ["P020"]}])
        self.assertEqual(failed(r, "QLDN", "giay_khen"), {U["no_members_disciplined"]})
        self.assertEqual(failed(r, "QHXD", "giay_khen"), {U["tasks_rating"]})
        self.assertEqual(failed(r, "TNMT", "giay_khen"), {U["recognized_initiatives"]})
        self.assertEqual(status(r, "P005", "giay_khen"), "selected")  # NFD title
        # P041 (1 initiative, 85.5) ranks above P043 (no initiative, 99.0).
        self.assertEqual(r["candidates"]["P041"]["giay_khen"]["rank"], 14)
        self.assertEqual(r["candidates"]["P043"]["giay_khen"]["rank"], 15)


class Generator(unittest.TestCase):
    def test_deterministic_and_forced_ties(self):
        def make(seed):
            data = generate.Generator(60, 8, seed, "Xuất sắc", 0.3).generate()
            generate.force_ties(data)
            return generate.render(data)
        a, b = make(5), make(5)
        self.assertEqual(a, b)
        self.assertNotEqual(a, make(6))
        r = oracle.evaluate_text(a)
        self.assertTrue(any(t["entity"] == "Person" for t in r["awards"]["giay_khen"]["ties"]))
        self.assertNotEqual(a, unicodedata.normalize("NFC", a))  # some text is decomposed

    def test_closed_when_par_index_is_not_xuat_sac(self):
        data = generate.Generator(30, 5, 1, "Tốt", 0.0).generate()
        r = oracle.evaluate_text(generate.render(data))
        self.assertFalse(r["awards"]["bang_khen"]["open"])


if __name__ == "__main__":
    unittest.main()
