#!/usr/bin/python3
"""Runs thidua and the baselines side by side on the benchmark data and prints the table of
docs/performance.md. Called by run.sh, which builds everything first.

  run.py --build DIR [--sizes 10k,100k,1m] [--runs 3] [--skip zen,clips,pandas,...]

Every tool runs on the same file in the same round, rounds interleaved, so that a busy
machine slows all of them alike; the figures are medians over the rounds, and every ratio
is taken against thidua's median in the same table. Before timing, each baseline's selection
is checked against thidua's (selection.py); a difference stops the run. The last column
compares with `thidua run --no-candidates`, which does the baselines' work: the selection
without an outcome per candidate.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
POLICY = os.path.join(ROOT, "examples", "an-giang-2026", "policy.thidua")
PERSONS = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000}
PYTHON = "/usr/bin/python3"  # Debian's, with pandas
CLIPS = "(e) CLIPS 6.30 (from its facts file)"
SELECTION_ONLY = "thidua run --no-candidates"


def clips_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def tools(build, data, out_dir):
    """name -> (command, selection file or None); thidua first."""
    result = os.path.join(out_dir, "thidua-result.json")
    awards_only = os.path.join(out_dir, "thidua-awards.json")
    # CLIPS takes no arguments but a batch file: load the rules, run them on the facts
    # facts.py made from this data, print the selection.
    clips_driver = os.path.join(out_dir, "clips-driver.bat")
    with open(clips_driver, "w", encoding="utf-8") as f:
        f.write("(load* %s)\n(bench %s)\n(exit)\n" % (clips_string(os.path.join(HERE, "clips", "rules.clp")),
                                                   clips_string(clips_facts(data))))
    env_py = {"PYTHONPATH": os.path.join(build, "python")}
    return {
        "thidua run": ([os.path.join(build, "thidua"), "run", POLICY, data, "-o", result], result, {}),
        # The baselines' work: the selection, without an outcome per candidate (docs/cli.md).
        SELECTION_ONLY: ([os.path.join(build, "thidua"), "run", POLICY, data, "-o", awards_only, "--no-candidates"],
                         awards_only, {}),
        "thidua Python API, columns": ([PYTHON, os.path.join(HERE, "thidua_columns.py"), POLICY, data], None, env_py),
        "(a) hand-written C++ (nlohmann SAX)": ([os.path.join(build, "tests", "bench", "baseline_handwritten"), data], None, {}),
        "(b) nlohmann/json DOM parse only": ([os.path.join(build, "tests", "bench", "baseline_dom"), data], None, {}),
        "(c) pandas script": ([PYTHON, os.path.join(HERE, "baseline_pandas.py"), data], None, {}),
        "(d) GoRules ZEN engine (Node)": (["node", os.path.join(HERE, "zen", "baseline_zen.js"), data], None, {}),
        CLIPS: (["clips", "-f2", clips_driver], None, {}),
    }


def clips_facts(data):
    """The CLIPS facts file made from DATA.json (clips/facts.py), beside it."""
    return os.path.splitext(data)[0] + ".clp"


def timed(command, env):
    """Wall seconds, CPU seconds (user + system), peak RSS in MB (10^6 bytes, as the input's
    size is given), stdout and stderr."""
    full_env = dict(os.environ, **env)
    proc = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M"] + command, env=full_env,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        sys.exit("failed: %s\n%s" % (" ".join(command), proc.stderr[-2000:]))
    wall, user, system, rss = proc.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(rss) * 1024 / 1e6, proc.stdout, proc.stderr


def selection_of(result_file):
    return subprocess.run([PYTHON, os.path.join(HERE, "selection.py"), result_file],
                          check=True, stdout=subprocess.PIPE, text=True).stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--sizes", default="10k,100k,1m")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--skip", default="", help="comma-separated words; tools whose name has one are skipped")
    args = ap.parse_args()
    skip = [s for s in args.skip.split(",") if s]
    data_dir = os.path.join(args.build, "bench-data")
    os.makedirs(data_dir, exist_ok=True)

    for size in args.sizes.split(","):
        data = os.path.join(data_dir, "persons-%s.json" % size)
        if not os.path.exists(data):
            subprocess.run([PYTHON, os.path.join(HERE, "generate.py"), "--persons", str(PERSONS[size]),
                            "--out", data], check=True)
        facts = clips_facts(data)
        if not any(s.lower() in CLIPS.lower() for s in skip) and (
                not os.path.exists(facts) or os.path.getmtime(facts) < os.path.getmtime(data)):
            # CLIPS reads no JSON: converted once here, not timed (docs/performance.md).
            subprocess.run([PYTHON, os.path.join(HERE, "clips", "facts.py"), data, facts], check=True)
        megabytes = os.path.getsize(data) / 1e6
        with tempfile.TemporaryDirectory() as out_dir:
            table = {k: v for k, v in tools(args.build, data, out_dir).items()
                     if not any(s.lower() in k.lower() for s in skip)}
            # The same selection from every tool that makes one.
            timed(table["thidua run"][0], {})
            expected = selection_of(table["thidua run"][1])
            for name, (command, _, env) in table.items():
                if name == "thidua run" or "DOM" in name:
                    continue
                got = timed(command, env)[3]
                if name == SELECTION_ONLY:
                    got = selection_of(table[name][1])
                if got != expected:
                    sys.exit("%s: its selection differs from thidua's on %s" % (name, data))
            print("\n%s persons (%s, %.1f MB): every baseline's selection equals thidua's "
                  "(%d recipients)" % (size, os.path.basename(data), megabytes, expected.count("\n")))
            figures = {name: [] for name in table}
            # Tools that time their own work after the input is in memory print
            # "rules and selection: X ms CPU|wall" on stderr.
            after_reading = {}
            for _ in range(args.runs):
                for name, (command, _, env) in table.items():
                    run = timed(command, env)
                    figures[name].append(run[:3])
                    for line in run[4].splitlines():
                        if line.startswith("rules and selection:"):
                            words = line.split()
                            after_reading.setdefault((name, words[5]), []).append(float(words[3]))
            base_wall = statistics.median(f[0] for f in figures["thidua run"])
            base_cpu = statistics.median(f[1] for f in figures["thidua run"])
            # The last column compares with thidua doing the baselines' work (the selection only).
            same_work = statistics.median(f[0] for f in figures.get(SELECTION_ONLY, figures["thidua run"]))
            print("| tool | wall s | CPU s | peak MB | peak ÷ input | wall ÷ thidua | CPU ÷ thidua | wall ÷ thidua --no-candidates |")
            print("|---|---:|---:|---:|---:|---:|---:|---:|")
            for name, runs in figures.items():
                w = statistics.median(f[0] for f in runs)
                c = statistics.median(f[1] for f in runs)
                m = statistics.median(f[2] for f in runs)
                print("| %s | %.2f | %.2f | %.1f | %.2f | %.2f | %.2f | %.2f |"
                      % (name, w, c, m, m / megabytes, w / base_wall, c / base_cpu, w / same_work))
            if after_reading:
                print("\nAfter reading, the rules and selection alone (medians; compare "
                      "thidua_stages_bench's run/persons-%s.json):" % size)
                for (name, unit), ms in after_reading.items():
                    print("- %s: %.1f ms %s" % (name, statistics.median(ms), unit))
            sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
