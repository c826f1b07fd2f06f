#!/usr/bin/python3
"""Checks that the language reference shows every construct of the grammar in an example:
each keyword and reserved word of grammar/thidua.ebnf and each operator appears in the code
(outside strings and comments) of some ```thidua block of docs/language.md. Those blocks are
compiled by check_test (Docs.EveryPolicyExampleCompiles), so each construct has an example
that parses and checks. Run from the repository's root.
"""

import re
import sys


def main() -> int:
    page = open("docs/language.md", encoding="utf-8").read()
    grammar = open("grammar/thidua.ebnf", encoding="utf-8").read()
    code = "\n".join(re.findall(r"```thidua\n(.*?)```", page, re.S))
    code = re.sub(r'"[^"\n]*"', '""', code)
    code = re.sub(r"#[^\n]*", "", code)
    keywords = re.search(r"Every other keyword \(([^)]*)\)", grammar).group(1).split()
    reserved = re.findall(r'"(\w+)"', re.search(r"reserved\s*::=(.*?)\n\n", grammar, re.S).group(1))
    operators = ["==", "!=", "<=", ">=", "<", ">", "+", "-", "*", "/", "%", "(", ".", ","]
    missing = [w for w in keywords + reserved if not re.search(rf"\b{re.escape(w)}\b", code)]
    missing += [op for op in operators if op not in code]
    if len(keywords) < 20 or len(reserved) < 10:
        missing.append(f"(the grammar's keyword lists were not found: {keywords} {reserved})")
    for item in missing:
        print(f"docs/language.md has no example using {item}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
