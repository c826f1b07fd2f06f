// The parse stage: policy text in, AST out. Knows text and positions, nothing of types or data.
#pragma once

#include <optional>
#include <vector>

#include "grammar/ast.hpp"
#include "src/common/source.hpp"
#include "thidua/limits.hpp"

namespace thidua::parser {

// The AST with the source range of every tagged node: a node's id_first indexes `ranges`.
struct ParsedPolicy {
  ast::Policy policy;
  std::vector<detail::SourceRange> ranges;

  detail::SourceRange range(const ast::x3::position_tagged& node) const {
    return node.id_first >= 0 && static_cast<std::size_t>(node.id_first) < ranges.size()
               ? ranges[static_cast<std::size_t>(node.id_first)]
               : detail::SourceRange{};
  }
};

// Parses the file's text (already NFC). On a syntax error, reports it to `diagnostics`
// ("expected a condition", with the position) and returns nothing. Expressions and types
// nested deeper than `max_depth` are an error (Limits::expression_depth).
std::optional<ParsedPolicy> parse_policy(const detail::SourceFile& file, detail::Diagnostics& diagnostics,
                                         int max_depth = Limits{}.expression_depth);

// A deterministic, indented rendering of the AST (for golden tests and `thidua parse`).
// Each node's range is printed in bytes; with the source file, as line:col.
std::string print_ast(const ParsedPolicy& parsed);
std::string print_ast(const ParsedPolicy& parsed, const detail::SourceFile& file);

}  // namespace thidua::parser
