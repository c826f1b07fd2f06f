#!/usr/bin/python3
"""Checks the command transcripts in the docs against the real command.

A transcript is a ```text block whose first line is `$ thidua ARGS`; the lines after it are
the exact output, standard output then standard error (a last line `...` means: the output starts with the lines before
it). Run from the repository's root:

    python3 tests/docs/transcripts.py THIDUA_EXECUTABLE docs/cli.md docs/cases.md ...
"""

import re
import shlex
import subprocess
import sys

BLOCK = re.compile(r"^```text\n(\$ thidua [^\n]*)\n(.*?)^```", re.M | re.S)


def main(thidua: str, pages: list[str]) -> int:
    failures = checked = 0
    for page in pages:
        text = open(page, encoding="utf-8").read()
        for match in BLOCK.finditer(text):
            command, expected = match.group(1), match.group(2)
            line = text.count("\n", 0, match.start()) + 1
            args = shlex.split(command[len("$ thidua "):])
            done = subprocess.run([thidua, *args], capture_output=True, text=True)
            actual = done.stdout + done.stderr
            lines = expected.split("\n")
            if lines[-2:] in (["...", ""], ["    ...", ""]):
                expected = "\n".join(lines[:-2]) + "\n"
                same = actual.startswith(expected)
            else:
                same = actual == expected
            checked += 1
            if not same:
                failures += 1
                print(f"{page}:{line}: {command}\n--- documented\n{expected}--- actual\n{actual}")
    print(f"{checked} transcripts, {failures} differ")
    return 1 if failures or not checked else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2:]))
