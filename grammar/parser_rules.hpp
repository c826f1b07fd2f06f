// The parse stage's configuration and its entry rule, declared apart from the definitions
// (the X3 "declare / define / instantiate" split): only grammar/parser.cpp sees the rule
// bodies, so the grammar is compiled once.
#pragma once

#include <boost/spirit/home/x3.hpp>
#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>
#include <string>
#include <vector>

#include "grammar/ast.hpp"

namespace thidua::parser::grammar {

namespace x3 = boost::spirit::x3;

using iterator_type = std::string::const_iterator;

// Whitespace (space, tab, CR, LF, FF, VT) and `#` comments up to the end of the line.
// Written by hand rather than `x3::space | comment`: x3::standard::space classifies bytes
// through the C locale, and the policy text is UTF-8.
struct skipper_parser : x3::parser<skipper_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const&, RContext&, Attribute&) const {
    if (first == last) return false;
    switch (*first) {
      case ' ': case '\t': case '\r': case '\n': case '\f': case '\v':
        ++first;
        return true;
      case '#':
        while (first != last && *first != '\n') ++first;
        return true;
      default:
        return false;
    }
  }
};

inline constexpr skipper_parser skipper{};

// Per-parse state reached from every rule through the context: the positions of the tagged
// nodes, and the current nesting depth of expressions and types (bounded, so that hostile
// input cannot exhaust the stack).
struct parse_state_tag;
inline constexpr int default_max_nesting = 256;  // Limits::expression_depth

struct ParseState {
  explicit ParseState(iterator_type first, iterator_type last, int max_depth = default_max_nesting)
      : positions(first, last), max_depth(max_depth) {}
  x3::position_cache<std::vector<iterator_type>> positions;
  int depth = 0;
  int max_depth;  // nesting of expressions and types
};

using phrase_context_type = x3::phrase_parse_context<skipper_parser>::type;
using context_type = x3::context<parse_state_tag, ParseState, phrase_context_type>;

struct policy_class;
using policy_type = x3::rule<policy_class, ast::Policy>;
BOOST_SPIRIT_DECLARE(policy_type)

// The whole policy: its header, then declarations in any order.
policy_type const& policy();

}  // namespace thidua::parser::grammar
