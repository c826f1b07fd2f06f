"""docs/data-and-results.md shows an input and an abridged result; both must stay true.

The input example must be accepted by the bundled policy as it stands. The result example
must be part of the real result of the bundled example: every member it shows is there with
the value shown. "…" stands for anything (a shortened hash), and a "…" element at the end of
a list for the rest of the list.

    data_examples.py THIDUA_CLI
"""
import json
import pathlib
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs/data-and-results.md"
POLICY = "examples/an-giang-2026/policy.thidua"
DATA = "examples/an-giang-2026/data.json"


def json_blocks(text):
    blocks, inside, lines = [], False, []
    for line in text.splitlines():
        if not inside and line.strip() == "```json":
            inside, lines = True, []
        elif inside and line.startswith("```"):
            inside = False
            blocks.append("\n".join(lines))
        elif inside:
            lines.append(line)
    return blocks


def mismatches(shown, real, where="$"):
    if shown == "…":
        return []
    if isinstance(shown, dict):
        if not isinstance(real, dict):
            return [f"{where}: the page shows an object, the result has {real!r}"]
        out = []
        for key, value in shown.items():
            if key not in real:
                out.append(f"{where}.{key}: shown on the page, missing from the result")
            else:
                out += mismatches(value, real[key], f"{where}.{key}")
        return out
    if isinstance(shown, list):
        if not isinstance(real, list):
            return [f"{where}: the page shows a list, the result has {real!r}"]
        rest = bool(shown) and shown[-1] == "…"
        items = shown[:-1] if rest else shown
        if len(real) < len(items) or (not rest and len(real) != len(items)):
            return [f"{where}: the page shows {len(items)} elements, the result has {len(real)}"]
        out = []
        for i, value in enumerate(items):
            out += mismatches(value, real[i], f"{where}[{i}]")
        return out
    return [] if shown == real else [f"{where}: the page shows {shown!r}, the result has {real!r}"]


def main():
    cli = sys.argv[1]
    blocks = json_blocks(PAGE.read_text(encoding="utf-8"))
    inputs = [b for b in blocks if '"persons"' in b and '"candidates"' not in b]
    results = [b for b in blocks if '"candidates"' in b]
    assert inputs and results, "the page should show an input and a result"
    problems = []
    for block in inputs:
        with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as f:
            f.write(block)
        done = subprocess.run([cli, "run", POLICY, f.name, "--lang", "en"], cwd=ROOT,
                              capture_output=True, text=True, check=False)
        pathlib.Path(f.name).unlink()
        if done.returncode != 0:
            problems.append("the input example does not bind:\n" + done.stderr)
    done = subprocess.run([cli, "run", POLICY, DATA], cwd=ROOT, capture_output=True, text=True, check=True)
    real = json.loads(done.stdout)
    for block in results:
        problems += mismatches(json.loads(block), real)
    for p in problems:
        print(p)
    print(f"{len(inputs)} input and {len(results)} result examples: {len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
