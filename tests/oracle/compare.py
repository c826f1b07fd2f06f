#!/usr/bin/python3
"""Differential test: the thidua CLI against the independent Python oracle.

  compare.py THIDUA_BINARY POLICY [--only NAME] [--keep DIR]

For each case (the example data next to POLICY when there is a data.json, then data
made by generate.py in a temporary directory) runs `THIDUA_BINARY run POLICY DATA` and
compares its CONTRACT §4 result with contract_oracle.py's: per award `open`, `selected`
(ids in order, per entity kind, with entity and rank) and `ties`; per candidate and
award the `status`, and for `ineligible` the set of `failed[].label`.  Prints the
differences and a closing line `N passed, M failed`; exits 1 when a case failed.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import contract_oracle as oracle  # noqa: E402
import generate  # noqa: E402

MAX_DIFFS = 20
ENGINE_TIMEOUT = 120

# name, generator arguments, expectations checked on the oracle's result (so that a case
# keeps testing what its name says when the generator changes).
GENERATED = [
    ("small-12", dict(persons=12, units=4, seed=1), {"open": True}),
    ("tiny-4-cap-0", dict(persons=4, units=3, seed=2), {"person_cap": 0}),
    ("p17-cap-3", dict(persons=17, units=4, seed=12), {"person_cap": 3}),
    ("p60", dict(persons=60, units=8, seed=3, nfd=0.1), {"person_cap": 12}),
    ("p60-tie-at-cut", dict(persons=60, units=8, seed=4, nfd=0.1, force_tie=True),
     {"giay_khen_person_tie": True, "bang_khen_ties": True}),
    ("p60-closed-Tot", dict(persons=60, units=8, seed=5, par="Tốt"), {"open": False}),
    ("p60-closed-code-kha", dict(persons=60, units=8, seed=6, par="kha"), {"open": False}),
    ("p60-open-code", dict(persons=60, units=8, seed=7, par="xuat_sac"), {"open": True}),
    ("p500-nfd", dict(persons=500, units=10, seed=8, nfd=0.5), {}),
    ("p500-all-nfd-tie", dict(persons=500, units=10, seed=9, nfd=1.0, force_tie=True),
     {"giay_khen_person_tie": True}),
    ("p5000", dict(persons=5000, units=20, seed=10, nfd=0.1), {}),
    ("p20000", dict(persons=20000, units=40, seed=11, nfd=0.2), {}),
    ("p20000-closed-tie", dict(persons=20000, units=40, seed=13, nfd=0.2,
                               par="Trung bình", force_tie=True),
     {"open": False, "giay_khen_person_tie": True}),
]


def make_data(args):
    g = generate.Generator(args["persons"], args["units"], args["seed"],
                           args.get("par", "Xuất sắc"), args.get("nfd", 0.0))
    data = g.generate()
    if args.get("force_tie"):
        generate.force_ties(data)
    return generate.render(data)


def check_expectations(expect, result):
    """Problems with the case itself (the data does not test what the case claims)."""
    problems = []
    awards = result["awards"]
    if "open" in expect and awards["bang_khen"]["open"] != expect["open"]:
        problems.append("expected bang_khen open=%s" % expect["open"])
    if "person_cap" in expect and result["person_cap_giay_khen"] != expect["person_cap"]:
        problems.append("expected a person cap of %d" % expect["person_cap"])
    if expect.get("giay_khen_person_tie") and not any(
            t["entity"] == "Person" for t in awards["giay_khen"]["ties"]):
        problems.append("expected a Person tie at the giay_khen cut")
    if expect.get("bang_khen_ties") and len(awards["bang_khen"]["ties"]) < 2:
        problems.append("expected Unit and Person ties at the bang_khen cuts")
    return problems


def _entity_lists(selected):
    lists = {}
    for s in selected:
        lists.setdefault(s.get("entity"), []).append((s.get("id"), s.get("rank")))
    return lists


def _ties(ties):
    return sorted((t.get("entity"), tuple(sorted(t.get("ids", []))),
                   tuple(sorted(t.get("selected", [])))) for t in ties)


def compare(expected, actual):
    """Differences between the oracle's result and the engine's, as readable lines."""
    diffs = []
    if not isinstance(actual, dict) or not isinstance(actual.get("awards"), dict) \
            or not isinstance(actual.get("candidates"), dict):
        return ["engine output has no 'awards' and 'candidates' objects"]
    for award, exp in expected["awards"].items():
        act = actual["awards"].get(award)
        if not isinstance(act, dict):
            diffs.append("awards.%s: missing" % award)
            continue
        if act.get("open") != exp["open"]:
            diffs.append("awards.%s.open: oracle %s, engine %s" % (award, exp["open"], act.get("open")))
        sel = act.get("selected", [])
        ranks = [s.get("rank") for s in sel]
        if any(not isinstance(r, int) for r in ranks) or ranks != sorted(ranks):
            diffs.append("awards.%s.selected: not in rank order: %s" % (award, ranks))
        exp_lists, act_lists = _entity_lists(exp["selected"]), _entity_lists(sel)
        for entity in sorted(set(exp_lists) | set(act_lists), key=str):
            e, a = exp_lists.get(entity, []), act_lists.get(entity, [])
            if e != a:
                k = next((k for k, (x, y) in enumerate(zip(e, a)) if x != y), min(len(e), len(a)))
                lo = max(0, k - 3)
                diffs.append("awards.%s.selected (%s): oracle %d, engine %d recipients; "
                             "first difference at position %d; positions %d.. (id#rank):"
                             % (award, entity, len(e), len(a), k + 1, lo + 1))
                diffs.append("    oracle: %s" % " ".join("%s#%s" % x for x in e[lo:k + 5]))
                diffs.append("    engine: %s" % " ".join("%s#%s" % x for x in a[lo:k + 5]))
        e_ties, a_ties = _ties(exp["ties"]), _ties(act.get("ties", []))
        if e_ties != a_ties:
            diffs.append("awards.%s.ties: oracle %s, engine %s" % (award, e_ties, a_ties))
    for award in actual["awards"]:
        if award not in expected["awards"]:
            diffs.append("awards.%s: not in the oracle's result" % award)

    cands = actual["candidates"]
    for ident, per_award in expected["candidates"].items():
        got = cands.get(ident)
        if not isinstance(got, dict):
            diffs.append("candidates.%s: missing" % ident)
            continue
        for award, exp in per_award.items():
            act = got.get(award)
            if not isinstance(act, dict):
                diffs.append("candidates.%s.%s: missing (oracle: %s)" % (ident, award, exp["status"]))
                continue
            if act.get("status") != exp["status"]:
                extra = ""
                if exp["status"] == "ineligible":
                    extra = " (oracle failed: %s)" % "; ".join(exp["failed"])
                elif "rank" in exp:
                    extra = " (oracle rank %d)" % exp["rank"]
                diffs.append("candidates.%s.%s.status: oracle %s, engine %s%s"
                             % (ident, award, exp["status"], act.get("status"), extra))
                continue
            if exp["status"] == "ineligible":
                labels = act.get("failed", [])
                got_labels = {f.get("label") if isinstance(f, dict) else f for f in labels}
                want = set(exp["failed"])
                accepted = [want]
                if exp.get("via") == "giay_khen":
                    # `require eligible(giay_khen)` has no label of its own in the policy.
                    composite = {oracle.ELIGIBLE_GIAY_KHEN_LABEL}
                    accepted += [composite, want | composite]
                if got_labels not in accepted:
                    diffs.append("candidates.%s.%s.failed: oracle %s, engine %s"
                                 % (ident, award, sorted(want), sorted(got_labels, key=str)))
    for ident in cands:
        if ident not in expected["candidates"]:
            diffs.append("candidates.%s: not a unit or person of the input" % ident)
    return diffs


def run_case(binary, policy, name, path, text, expect):
    """Returns (passed, lines)."""
    t0 = time.monotonic()
    proc = subprocess.Popen([binary, "run", policy, path], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    try:
        expected = oracle.evaluate_text(text)  # while the engine runs
    except (oracle.DataError, ValueError) as e:
        proc.kill()
        proc.communicate()
        return False, ["oracle rejected the data: %s" % e]
    t_oracle = time.monotonic() - t0
    try:
        out, err = proc.communicate(timeout=ENGINE_TIMEOUT)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        return False, ["engine timed out after %ds" % ENGINE_TIMEOUT]
    t_engine = time.monotonic() - t0
    lines = ["oracle %.2fs, engine %.2fs" % (t_oracle, t_engine)]
    problems = check_expectations(expect, expected)
    if problems:
        return False, lines + ["case setup: " + p for p in problems]
    if proc.returncode != 0:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-10:]
        return False, lines + ["engine exited with %d:" % proc.returncode] + ["    " + t for t in tail]
    try:
        actual = json.loads(out.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        return False, lines + ["engine output is not JSON: %s" % e]
    diffs = compare(expected, actual)
    if diffs:
        shown = diffs[:MAX_DIFFS]
        if len(diffs) > MAX_DIFFS:
            shown.append("... and %d more differences" % (len(diffs) - MAX_DIFFS))
        return False, lines + shown
    return True, lines


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("binary", help="the thidua executable")
    ap.add_argument("policy", help="the seed plan's policy (examples/an-giang-2026/policy.thidua)")
    ap.add_argument("--only", action="append", help="run only the named case(s)")
    ap.add_argument("--keep", help="write the generated data into this directory and keep it")
    args = ap.parse_args(argv)
    if not (os.path.isfile(args.binary) and os.access(args.binary, os.X_OK)):
        print("compare.py: %s is not an executable file" % args.binary, file=sys.stderr)
        return 2
    if not os.path.isfile(args.policy):
        print("compare.py: no policy at %s" % args.policy, file=sys.stderr)
        return 2
    binary, policy = os.path.abspath(args.binary), os.path.abspath(args.policy)

    cases = []
    example = os.path.join(os.path.dirname(policy), "data.json")
    if os.path.isfile(example):
        cases.append(("example", example, None, {}))
    cases += [(name, None, gen, expect) for name, gen, expect in GENERATED]
    if args.only:
        cases = [c for c in cases if c[0] in args.only]
        if not cases:
            print("compare.py: no case named %s" % ", ".join(args.only), file=sys.stderr)
            return 2

    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="thidua-oracle-") as tmp:
        workdir = args.keep or tmp
        os.makedirs(workdir, exist_ok=True)
        for name, path, gen, expect in cases:
            if gen is not None:
                text = make_data(gen)
                path = os.path.join(workdir, name + ".json")
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
            else:
                with open(path, "rb") as f:
                    text = f.read().decode("utf-8")
            ok, lines = run_case(binary, policy, name, path, text, expect)
            print("%s %s (%s)" % ("PASS" if ok else "FAIL", name, lines[0]))
            for line in lines[1:]:
                print("  " + line)
            sys.stdout.flush()
            if ok:
                passed += 1
            else:
                failed += 1
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
