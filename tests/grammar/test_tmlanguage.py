"""grammar/thidua.tmLanguage.json against the real grammar.

Debian has no TextMate engine, so this file carries a small one: TextMate's rules (at each
position the pattern that matches earliest wins, the first listed on a tie; `begin`/`end`
regions with their own patterns, `end` tried first), with Python's `re` for the regexes. The
grammar keeps to the regex features Oniguruma and `re` share, so the result is VS Code's.

Run: /usr/bin/python3 -m pytest tests/grammar (from the source tree).
"""

import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
GRAMMAR = json.loads((ROOT / "grammar" / "thidua.tmLanguage.json").read_text(encoding="utf-8"))
PARSER = (ROOT / "grammar" / "parser_def.hpp").read_text(encoding="utf-8")
EBNF = (ROOT / "grammar" / "thidua.ebnf").read_text(encoding="utf-8")
CHECKER = (ROOT / "src" / "compile" / "compile.cpp").read_text(encoding="utf-8")
EXAMPLE = (ROOT / "examples" / "an-giang-2026" / "policy.thidua").read_text(encoding="utf-8")


# ---------------------------------------------------------------- what the real grammar has

def parser_keywords():
    """Every keyword of parser_def.hpp: `kw_policy{"policy"}, ...`."""
    words = set(re.findall(r'\bkw_\w+\{"([^"]+)"\}', PARSER))
    assert len(words) > 30, "no keywords found in grammar/parser_def.hpp"
    return words


def parser_reserved():
    """The reserved words: `reserved{"and", "or", ...}`."""
    found = re.search(r"\breserved\{([^}]*)\}", PARSER)
    assert found, "no reserved list in grammar/parser_def.hpp"
    return set(re.findall(r'"([^"]+)"', found.group(1)))


def checker_list(pattern, what):
    found = re.search(pattern, CHECKER, re.S)
    assert found, f"no list of {what} in src/compile/compile.cpp"
    return set(re.findall(r'"([^"]+)"', found.group(1)))


BUILTIN_TYPES = checker_list(r"std::vector<std::string> names = \{([^}]*)\}", "built-in types")
BUILTIN_FUNCTIONS = checker_list(r"suggestion\(function,\s*\{([^}]*)\}", "built-in functions")


# ---------------------------------------------------------------- a small TextMate engine

def resolve(patterns):
    """Flattens includes and pattern groups into a list of match/begin rules."""
    out = []
    for p in patterns:
        if "include" in p:
            out += resolve([GRAMMAR["repository"][p["include"].lstrip("#")]])
        elif "match" in p or "begin" in p:
            out.append(p)
        else:
            out += resolve(p["patterns"])
    return out


def capture_tokens(match, rule, key, scopes):
    name = [rule["name"]] if "name" in rule and key == "match" else []
    tokens = []
    captures = rule.get("captures" if key == "match" else key, {})
    if "0" in captures:
        name = name + [captures["0"]["name"]]
    covered = []
    for group, capture in sorted(captures.items()):
        group = int(group)
        if group and match.group(group) is not None and match.start(group) < match.end(group):
            covered.append((match.start(group), match.end(group), scopes + name + [capture["name"]]))
    pos = match.start()
    for start, end, scope in covered:
        if pos < start:
            tokens.append((pos, start, scopes + name))
        tokens.append((start, end, scope))
        pos = end
    if pos < match.end():
        tokens.append((pos, match.end(), scopes + name))
    return tokens


def compile_rule(rule):
    return re.compile(rule.get("match") or rule["begin"])


def tokenize(text):
    """[(text, [scope, ...])] for every token of every line, in order; unmatched text has []."""
    top = resolve(GRAMMAR["patterns"])
    stack = []  # open begin/end regions: (rule, its compiled end, its patterns)
    result = []
    for line in text.split("\n"):
        pos = 0
        while pos <= len(line):
            scopes = [r["name"] for r, _, _ in stack if "name" in r]
            if stack:
                rule, end, inner = stack[-1]
                candidates = [("end", end, rule)] + [("rule", compile_rule(p), p) for p in inner]
            else:
                candidates = [("rule", compile_rule(p), p) for p in top]
            best = None
            for kind, regex, rule in candidates:
                m = regex.search(line, pos)
                if m and (best is None or m.start() < best[1].start()):
                    best = (kind, m, rule)
            if best is None:
                if pos < len(line):
                    result.append((line[pos:], scopes))
                break
            kind, m, rule = best
            if pos < m.start():
                result.append((line[pos:m.start()], scopes))
            if kind == "end":
                pieces = capture_tokens(m, rule, "endCaptures", scopes)
                stack.pop()
            elif "begin" in rule:
                stack.append((rule, re.compile(rule["end"]), resolve(rule.get("patterns", []))))
                pieces = capture_tokens(m, rule, "beginCaptures", scopes + [rule["name"]])
            else:
                pieces = capture_tokens(m, rule, "match", scopes)
            result += [(line[s:e], scope) for s, e, scope in pieces]
            # An empty match (the end of a string at the end of its line) must still move on.
            pos = m.end() if m.end() > m.start() or kind == "end" and m.end() < len(line) else m.end() + 1
    return result


def scope_of(text):
    """The innermost scope of `text` tokenised alone ("" when unmatched); it must be one token."""
    tokens = [t for t in tokenize(text) if t[0]]
    assert len(tokens) == 1, f"{text!r} is not one token: {tokens}"
    return tokens[0][1][-1] if tokens[0][1] else ""


def grammar_words():
    """Every lowercase word the grammar's regexes spell out."""
    words = set()
    for rule in resolve(GRAMMAR["patterns"]):
        words |= set(re.findall(r"(?<![\\a-z_])[a-z][a-z_]+", rule.get("match") or rule["begin"]))
    return words


# ---------------------------------------------------------------- tests

def test_every_keyword_of_the_parser_is_highlighted_as_one():
    reserved = parser_reserved()
    for word in sorted(parser_keywords()):
        scope = scope_of(word)
        if word in ("true", "false"):
            assert scope == "constant.language.boolean.thidua", word
        elif word == "this":
            assert scope == "variable.language.this.thidua", word
        elif word in reserved:
            assert scope == "keyword.operator.word.thidua", word
        else:
            assert scope == "keyword.other.thidua", word


def test_the_grammar_highlights_no_word_the_parser_does_not_have():
    keywords, types, functions = set(), set(), set()
    for word in grammar_words():
        scope = scope_of(word)
        if scope.startswith("keyword.") or scope.startswith("constant.language") or scope.startswith("variable.language"):
            keywords.add(word)
        elif scope.startswith("support.type"):
            types.add(word)
        elif scope_of_call(word).startswith("support.function"):
            functions.add(word)
    assert keywords == parser_keywords()
    assert types == BUILTIN_TYPES
    assert functions == BUILTIN_FUNCTIONS


def scope_of_call(word):
    tokens = tokenize(word + "(x)")
    return tokens[0][1][-1] if tokens[0][1] else ""


def test_the_ebnf_lists_the_same_keywords():
    contextual = re.search(r"Every other keyword \(([^)]*)\)", EBNF)
    reserved = re.search(r"reserved\s*::=([^/]*?)\n\n", EBNF, re.S)
    assert contextual and reserved
    listed = set(contextual.group(1).split()) | set(re.findall(r'"([^"]+)"', reserved.group(1)))
    assert listed == parser_keywords()
    assert set(re.findall(r'"([^"]+)"', reserved.group(1))) == parser_reserved()


def test_whole_words_only():
    for word in ["order", "notice", "income", "nobody", "thistle", "Đor", "rankings", "for_x", "scale2"]:
        assert scope_of(word) == "", word


def test_a_contextual_keyword_may_name_a_field():
    tokens = [t for t in tokenize("  rank: int  from: text") if t[0].strip()]
    assert tokens[0] == ("rank", ["variable.other.field.thidua"])
    assert tokens[2] == ("int", ["support.type.builtin.thidua"])
    assert tokens[3] == ("from", ["variable.other.field.thidua"])


def test_strings_escapes_and_comments():
    tokens = [t for t in tokenize('require x "a \\" # b" # note') if t[0].strip()]
    assert ("\\\"", ["string.quoted.double.thidua", "constant.character.escape.thidua"]) in tokens
    assert tokens[-1] == ("# note", ["comment.line.number-sign.thidua"])
    assert all("comment" not in " ".join(s) for text, s in tokens[:-1])
    # A string ends on its line: the next line is code again.
    assert tokenize('x "open\nrequire y')[-2] == ("require", ["keyword.other.thidua"])


def test_the_example_policy_has_no_unmatched_keyword_or_symbol():
    keywords = parser_keywords()
    unmatched_words, unmatched_symbols = [], []
    for text, scopes in tokenize(EXAMPLE):
        if scopes:
            if re.fullmatch(r"\w+", text) and scopes[-1].startswith(("keyword", "constant.language", "variable.language")):
                assert text in keywords, text
            continue
        for word in re.findall(r"\w+", text):
            if word in keywords:
                unmatched_words.append(word)
        unmatched_symbols += re.findall(r"[^\w\s]", text)
    assert unmatched_words == []
    assert unmatched_symbols == []


def test_the_example_policy_scopes():
    tokens = [t for t in tokenize(EXAMPLE) if t[0].strip()]
    assert ("bang_khen", ["entity.name.type.thidua"]) in tokens
    assert ("par_index", ["variable.other.field.thidua"]) in tokens
    assert ("members", ["variable.other.derived.thidua"]) in tokens
    assert ("floor", ["support.function.builtin.thidua"]) in tokens
    assert ("20%", ["constant.numeric.thidua"]) in tokens
    assert ("precedence", ["keyword.other.thidua"]) in tokens
