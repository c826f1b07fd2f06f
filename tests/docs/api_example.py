#!/usr/bin/python3
"""Checks that a docs page shows an example program exactly as it is, and its output exactly
as the program prints it today.

    python3 tests/docs/api_example.py PAGE SOURCE EXECUTABLE

The page must hold the source in a fenced block, and a ```text block whose first line is
`$ NAME ARGS` (NAME being the source's stem): ARGS are passed to EXECUTABLE, run from the
repository's root, and its standard output must be the rest of the block.
"""

import pathlib
import re
import shlex
import subprocess
import sys


def main(page: str, source: str, executable: str) -> int:
    text = pathlib.Path(page).read_text(encoding="utf-8")
    program = pathlib.Path(source).read_text(encoding="utf-8")
    problems = []
    if f"\n{program}```" not in text:
        problems.append(f"{page} does not show {source} as it is")
    stem = pathlib.Path(source).stem
    match = re.search(rf"^```text\n\$ {re.escape(stem)} ([^\n]*)\n(.*?)^```", text, re.M | re.S)
    if not match:
        problems.append(f"{page} has no transcript '$ {stem} ...'")
    else:
        done = subprocess.run([executable, *shlex.split(match.group(1))], capture_output=True, text=True)
        if done.returncode != 0 or done.stdout != match.group(2):
            problems.append(f"the output differs (status {done.returncode})\n--- documented\n"
                            f"{match.group(2)}--- actual\n{done.stdout}{done.stderr}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
