"""The Python examples people copy: examples/python/nominees.py and the example of
docs/python.md run as shown and print what the CLI decides. (examples/python/columns.py is
run by test_columns.py.)

Run by ctest (python.pytest), which sets PYTHONPATH to <build>/python and THIDUA_CLI.
"""

import json
import os
import pathlib
import re
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
POLICY = ROOT / "examples/an-giang-2026/policy.thidua"
DATA = ROOT / "examples/an-giang-2026/data.json"


def cli_result():
    done = subprocess.run([os.environ["THIDUA_CLI"], "run", str(POLICY), str(DATA)], capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def test_nominees_example_prints_every_award_and_writes_the_result(tmp_path):
    output = tmp_path / "result.json"
    done = subprocess.run([sys.executable, str(ROOT / "examples/python/nominees.py"), str(output)],
                          capture_output=True, text=True, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    expected = cli_result()
    for award in expected["awards"].values():
        recipients = [s["id"] for s in award["selected"]]
        assert f"{award['label']} ({len(recipients)})" in done.stdout
        assert "\n".join(f"  {id}" for id in recipients) in done.stdout
    assert json.loads(output.read_text(encoding="utf-8"))["awards"] == expected["awards"]


def test_the_example_of_docs_python_md_runs_as_written(tmp_path, monkeypatch):
    page = (ROOT / "docs/python.md").read_text(encoding="utf-8")
    section = page[page.index("## Example"):]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    # The example names files relative to the repository's root and writes result.json: run it
    # in a scratch directory that sees the examples.
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "docs/python.md", "exec"), {})
    written = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert written["awards"] == cli_result()["awards"]
