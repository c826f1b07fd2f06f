// The policy grammar in Boost.Spirit X3. grammar/thidua.ebnf is the same grammar in EBNF;
// keep the two in step.
//
// Lexical tokens (names, keywords, strings, numbers) are small hand-written parsers: they
// need exact control of word boundaries, UTF-8 names and error positions. Everything above
// them is X3 rules. Rules whose attribute is an AST node derive their ID from
// annotate_position, which records the node's source range in the position cache.
//
// Errors: `>` commits after a keyword or operator; the rule that fails there names what was
// expected ("expected a condition"). Lexical errors (unterminated string, a character that
// cannot be in a name, a reserved word used as a name, too deep nesting) throw
// syntax_error with their own message.
#pragma once

#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <boost/fusion/include/adapt_struct.hpp>
#include <cstdio>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "grammar/ast_adapted.hpp"
#include "grammar/parser_rules.hpp"
#include "thidua/language.hpp"

namespace thidua::parser::grammar {

// ---------------------------------------------------------------- errors

// A syntax error with its own message and the text it is about.
template <typename Iterator>
struct syntax_error : std::runtime_error {
  syntax_error(Iterator first, Iterator last, Message message)
      : std::runtime_error(message.en), first(first), last(last), message(std::move(message)) {}
  Iterator first;
  Iterator last;
  Message message;
};

inline const Message unterminated_string{"unterminated string", "chuỗi văn bản chưa có dấu \" đóng"};

// ---------------------------------------------------------------- characters

inline bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

// Bytes that may start or continue a name. Non-ASCII bytes are accepted here and the whole
// name is then checked code point by code point (check_name), so that a stray no-break space
// or curly quote is reported where it is instead of ending the name silently.
inline bool is_name_start_byte(char c) { return is_ascii_letter(c) || c == '_' || is_non_ascii(c); }
inline bool is_name_byte(char c) { return is_name_start_byte(c) || is_digit(c); }

// Words that are operators or values in expressions and so can never be names. All other
// keywords (policy, entity, require, rank, at, most, ...) only mean something where a
// declaration or block item begins, and may name fields.
inline bool is_reserved(std::string_view word) {
  static constexpr std::array<std::string_view, 10> reserved{"and", "or",    "not",  "in",    "some",
                                                              "no",  "where", "true", "false", "this"};
  for (const auto r : reserved)
    if (word == r) return true;
  return false;
}

inline bool is_letter(utf8proc_category_t c) {
  return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT ||
         c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_LO;
}

// What a character is, in words a policy author recognises.
inline Message describe_category(utf8proc_category_t c) {
  switch (c) {
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_ZL: case UTF8PROC_CATEGORY_ZP: return {"a space", "dấu cách"};
    case UTF8PROC_CATEGORY_PI: case UTF8PROC_CATEGORY_PF: return {"a quotation mark", "dấu ngoặc kép"};
    case UTF8PROC_CATEGORY_PS: case UTF8PROC_CATEGORY_PE: return {"a bracket", "dấu ngoặc"};
    case UTF8PROC_CATEGORY_PD: return {"a dash", "dấu gạch ngang"};
    case UTF8PROC_CATEGORY_PO: return {"a punctuation mark", "dấu câu"};
    case UTF8PROC_CATEGORY_SM: return {"a mathematical symbol", "ký hiệu toán học"};
    case UTF8PROC_CATEGORY_SC: return {"a currency symbol", "ký hiệu tiền tệ"};
    case UTF8PROC_CATEGORY_SK: case UTF8PROC_CATEGORY_SO: return {"a symbol", "ký hiệu"};
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
      return {"a combining mark", "dấu kết hợp"};
    case UTF8PROC_CATEGORY_ND: return {"a digit", "chữ số"};
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO: return {"a number sign", "ký hiệu số"};
    case UTF8PROC_CATEGORY_CC: case UTF8PROC_CATEGORY_CF:
      return {"an invisible control character", "ký tự điều khiển vô hình"};
    default: return {"an unassigned or private-use character", "ký tự chưa gán hoặc dùng riêng"};
  }
}

inline std::string code_point_name(utf8proc_int32_t cp) {
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
  return buffer;
}

// A character of `word` that cannot be in a name: where it is (bytes), its length and why.
struct NameProblem {
  std::size_t offset = 0;
  std::size_t length = 0;
  Message message;
};

// Names start with a letter or a connector ('_') and continue with letters, combining marks,
// decimal digits and connectors (Unicode categories L*, Mn, Mc, Nd, Pc): `điểm_thi_đua`.
inline std::optional<NameProblem> check_name(std::string_view word) {
  std::size_t i = 0;
  while (i < word.size()) {
    utf8proc_int32_t cp = 0;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(word.data() + i),
                                    static_cast<utf8proc_ssize_t>(word.size() - i), &cp);
    if (n <= 0) return NameProblem{i, 1, {"invalid UTF-8 in a name", "tên chứa byte UTF-8 không hợp lệ"}};
    const auto length = static_cast<std::size_t>(n);
    const auto category = utf8proc_category(cp);
    const bool start = i == 0;
    const bool fits = is_letter(category) || category == UTF8PROC_CATEGORY_PC ||
                      (!start && (category == UTF8PROC_CATEGORY_MN || category == UTF8PROC_CATEGORY_MC ||
                                  category == UTF8PROC_CATEGORY_ND));
    if (!fits) {
      const Message kind = describe_category(category);
      const std::string what_en = code_point_name(cp) + " (" + kind.en + ")";
      const std::string what_vi = code_point_name(cp) + " (" + kind.vi + ")";
      Message message = start ? Message{"unexpected character " + what_en, "ký tự không hợp lệ " + what_vi}
                              : Message{what_en + " cannot be part of a name", what_vi + " không được có trong tên"};
      if (category == UTF8PROC_CATEGORY_PI || category == UTF8PROC_CATEGORY_PF) {
        message.en += "; text is written between straight quotes \"...\"";
        message.vi += "; văn bản được viết giữa hai dấu nháy thẳng \"...\"";
      } else if (!start && category == UTF8PROC_CATEGORY_ZS) {
        message.en += "; join words with '_'";
        message.vi += "; nối các từ bằng '_'";
      }
      return NameProblem{i, length, std::move(message)};
    }
    i += length;
  }
  return std::nullopt;
}

// Length in bytes of the UTF-8 sequence that starts with `lead` (1 for a stray byte).
inline std::size_t utf8_length(char lead) {
  const auto b = static_cast<unsigned char>(lead);
  return b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
}

template <typename Attribute>
inline constexpr bool is_unused = std::is_same_v<std::remove_const_t<Attribute>, x3::unused_type>;

// ---------------------------------------------------------------- tokens

// A whole-word keyword: `or` does not match the start of `order`, nor `not` of `notice`.
struct keyword_parser : x3::parser<keyword_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;

  constexpr explicit keyword_parser(const char* word) : word(word) {}
  const char* word;

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&, Attribute&) const {
    x3::skip_over(first, last, context);
    Iterator i = first;
    for (const char* w = word; *w != '\0'; ++w, ++i)
      if (i == last || *i != *w) return false;
    if (i != last && is_name_byte(*i)) return false;
    first = i;
    return true;
  }
};

// A name. Declaring names (a field, an entity, an award, ...) reject a reserved word with an
// error; names inside expressions just fail on one, so that `and`, `in`, ... stay operators.
template <bool Declaring>
struct name_parser : x3::parser<name_parser<Declaring>> {
  using attribute_type = ast::Identifier;

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&, Attribute& attr) const {
    x3::skip_over(first, last, context);
    if (first == last || !is_name_start_byte(*first)) return false;
    Iterator end = first;
    bool ascii = true;
    while (end != last && is_name_byte(*end)) {
      ascii = ascii && !is_non_ascii(*end);
      ++end;
    }
    std::string word(first, end);
    if (!ascii) {
      if (auto problem = check_name(word)) {
        const auto at = first + static_cast<std::ptrdiff_t>(problem->offset);
        throw syntax_error<Iterator>(at, at + static_cast<std::ptrdiff_t>(problem->length), problem->message);
      }
    }
    if (is_reserved(word)) {
      if constexpr (Declaring)
        throw syntax_error<Iterator>(first, end, {"'" + word + "' is a reserved word and cannot be used as a name",
                                                  "'" + word + "' là từ khóa dành riêng, không dùng làm tên được"});
      return false;
    }
    if constexpr (!is_unused<Attribute>) attr.name = std::move(word);
    first = end;
    return true;
  }
};

// True when the next token could start a name; consumes nothing.
struct name_ahead_parser : x3::parser<name_ahead_parser> {
  using attribute_type = x3::unused_type;
  static bool const has_attribute = false;

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&, Attribute&) const {
    Iterator i = first;
    x3::skip_over(i, last, context);
    return i != last && is_name_start_byte(*i);
  }
};

// "text" with the escapes \" \\ \n \t. A string ends on its line: a missing closing quote is
// reported at the opening one, instead of swallowing the rest of the policy.
struct string_parser : x3::parser<string_parser> {
  using attribute_type = ast::StringLiteral;

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&, Attribute& attr) const {
    x3::skip_over(first, last, context);
    if (first == last || *first != '"') return false;
    std::string value;
    Iterator i = std::next(first);
    for (;;) {
      if (i == last || *i == '\n' || *i == '\r') throw syntax_error<Iterator>(first, i, unterminated_string);
      const char c = *i;
      if (c == '"') break;
      if (c != '\\') {
        value += c;
        ++i;
        continue;
      }
      const Iterator escape = i++;
      if (i == last || *i == '\n' || *i == '\r') throw syntax_error<Iterator>(first, i, unterminated_string);
      switch (*i) {
        case '"': value += '"'; break;
        case '\\': value += '\\'; break;
        case 'n': value += '\n'; break;
        case 't': value += '\t'; break;
        default: {
          const auto length = static_cast<std::ptrdiff_t>(std::min<std::size_t>(
              utf8_length(*i), static_cast<std::size_t>(last - i)));
          const std::string escaped = "'\\" + std::string(i, i + length) + "'";
          throw syntax_error<Iterator>(escape, i + length,
                                       {"unknown escape " + escaped + " in a string; write \\\" \\\\ \\n or \\t",
                                        "chuỗi có ký tự thoát không hợp lệ " + escaped +
                                            "; hãy viết \\\" \\\\ \\n hoặc \\t"});
        }
      }
      ++i;
    }
    if constexpr (!is_unused<Attribute>) attr.value = std::move(value);
    first = std::next(i);
    return true;
  }
};

// Digits with an optional fraction, and an optional percent sign right after: `92.75`, `20%`.
struct number_parser : x3::parser<number_parser> {
  using attribute_type = ast::NumberLiteral;

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&, Attribute& attr) const {
    x3::skip_over(first, last, context);
    if (first == last || !is_digit(*first)) return false;
    Iterator i = first;
    while (i != last && is_digit(*i)) ++i;
    if (i != last && *i == '.' && std::next(i) != last && is_digit(*std::next(i))) {
      ++i;
      while (i != last && is_digit(*i)) ++i;
    }
    const Iterator digits_end = i;
    const bool percent = i != last && *i == '%';
    if (percent) ++i;
    if constexpr (!is_unused<Attribute>) {
      attr.text.assign(first, digits_end);
      attr.percent = percent;
    }
    first = i;
    return true;
  }
};

// Counts the nesting of expressions (parentheses, not, negation, some/no, where, call
// arguments) and of types (set of), and stops at ParseState::max_depth with an error: recursive descent
// would otherwise exhaust the stack on `((((((...`.
enum class nesting { expression, type };

template <typename Subject, nesting Kind>
struct nest_directive : x3::unary_parser<Subject, nest_directive<Subject, Kind>> {
  using base_type = x3::unary_parser<Subject, nest_directive<Subject, Kind>>;
  static bool const is_pass_through_unary = true;
  static bool const handles_container = Subject::handles_container;

  constexpr nest_directive(Subject const& subject) : base_type(subject) {}

  template <typename Iterator, typename Context, typename RContext, typename Attribute>
  bool parse(Iterator& first, Iterator const& last, Context const& context, RContext& rcontext,
             Attribute& attr) const {
    ParseState& state = x3::get<parse_state_tag>(context);
    if (state.depth >= state.max_depth) {
      Iterator at = first;
      x3::skip_over(at, last, context);
      const std::string limit = std::to_string(state.max_depth);
      throw syntax_error<Iterator>(at, at == last ? at : std::next(at),
                                   Kind == nesting::expression
                                       ? Message{"expression nested too deeply (limit " + limit + ")",
                                                 "biểu thức lồng nhau quá sâu (tối đa " + limit + " mức)"}
                                       : Message{"type nested too deeply (limit " + limit + ")",
                                                 "kiểu lồng nhau quá sâu (tối đa " + limit + " mức)"});
    }
    struct level {
      int& depth;
      explicit level(int& d) : depth(d) { ++depth; }
      ~level() { --depth; }
      level(const level&) = delete;
      level& operator=(const level&) = delete;
    } guard(state.depth);
    return this->subject.parse(first, last, context, rcontext, attr);
  }
};

template <nesting Kind>
struct nest_gen {
  template <typename Subject>
  constexpr nest_directive<typename x3::extension::as_parser<Subject>::value_type, Kind> operator[](
      Subject const& subject) const {
    return {x3::as_parser(subject)};
  }
};

inline constexpr nest_gen<nesting::expression> nest_expression{};
inline constexpr nest_gen<nesting::type> nest_type{};

}  // namespace thidua::parser::grammar

// What an expectation failure says it expected: a keyword in quotes; through a nesting counter,
// whatever the counted rule is called.
namespace boost::spirit::x3 {
template <>
struct get_info<thidua::parser::grammar::keyword_parser> {
  using result_type = std::string;
  std::string operator()(thidua::parser::grammar::keyword_parser const& p) const {
    return std::string("'") + p.word + "'";
  }
};
template <typename Subject, thidua::parser::grammar::nesting Kind>
struct get_info<thidua::parser::grammar::nest_directive<Subject, Kind>> {
  using result_type = std::string;
  std::string operator()(thidua::parser::grammar::nest_directive<Subject, Kind> const& p) const {
    return what(p.subject);
  }
};
}  // namespace boost::spirit::x3

namespace thidua::parser::grammar {

// `primary (where condition)?`, before it becomes a Filter or just the primary.
struct PostfixParts : x3::position_tagged {
  ast::Expression primary;
  boost::optional<ast::Expression> condition;
};

}  // namespace thidua::parser::grammar

BOOST_FUSION_ADAPT_STRUCT(thidua::parser::grammar::PostfixParts, primary, condition)

namespace thidua::parser::grammar {

// ---------------------------------------------------------------- actions

// Records the range of the node a rule produced. X3 calls it after skipping the rule's
// leading whitespace, so ranges start on the node's first character; parse_policy trims the
// whitespace that a failed optional may leave at the end.
struct annotate_position {
  template <typename Iterator, typename Attribute, typename Context>
  void on_success(Iterator const& first, Iterator const& last, Attribute& node, Context const& context) const {
    x3::get<parse_state_tag>(context).positions.annotate(node, first, last);
  }
};

// Fills a one-member node (Path, Not, Require, ...) from the parsed attribute.
template <auto Member>
struct fill {
  template <typename Context>
  void operator()(Context& context) const {
    (x3::_val(context).*Member) = std::move(x3::_attr(context));
  }
};

template <bool Value>
struct set_bool {
  template <typename Context>
  void operator()(Context& context) const {
    x3::_val(context).value = Value;
  }
};

// A chain without operators is just its first operand: `a` is a Path, not Chain{a}.
struct collapse_chain {
  template <typename Context>
  void operator()(Context& context) const {
    ast::Chain& chain = x3::_attr(context);
    if (chain.rest.empty())
      x3::_val(context) = std::move(chain.first);
    else
      x3::_val(context) = std::move(chain);
  }
};

// `source where condition` becomes a Filter spanning both; a lone primary stays itself.
struct build_postfix {
  template <typename Context>
  void operator()(Context& context) const {
    PostfixParts& parts = x3::_attr(context);
    if (!parts.condition) {
      x3::_val(context) = std::move(parts.primary);
      return;
    }
    ast::Filter filter;
    static_cast<x3::position_tagged&>(filter) = static_cast<const x3::position_tagged&>(parts);
    filter.source = std::move(parts.primary);
    filter.condition = std::move(*parts.condition);
    x3::_val(context) = std::move(filter);
  }
};

// ---------------------------------------------------------------- keywords

inline constexpr keyword_parser kw_policy{"policy"}, kw_issuer{"issuer"}, kw_basis{"basis"}, kw_year{"year"},
    kw_scale{"scale"}, kw_enum{"enum"}, kw_single{"single"}, kw_entity{"entity"}, kw_from{"from"},
    kw_set{"set"}, kw_of{"of"}, kw_standard{"standard"}, kw_for{"for"}, kw_award{"award"}, kw_open{"open"},
    kw_when{"when"}, kw_require{"require"}, kw_rank{"rank"}, kw_by{"by"}, kw_as{"as"}, kw_asc{"asc"},
    kw_desc{"desc"}, kw_at{"at"}, kw_most{"most"}, kw_least{"least"}, kw_per{"per"}, kw_precedence{"precedence"},
    kw_first{"first"}, kw_then{"then"}, kw_otherwise{"otherwise"},
    // scoring sheets
    kw_sheet{"sheet"}, kw_out{"out"}, kw_up{"up"}, kw_to{"to"}, kw_rounding{"rounding"}, kw_section{"section"},
    kw_item{"item"}, kw_bonus{"bonus"}, kw_verified{"verified"}, kw_bands{"bands"}, kw_within{"within"},
    kw_proportional{"proportional"}, kw_deduct{"deduct"}, kw_below{"below"},
    kw_defer{"defer"}, kw_shared{"shared"}, kw_with{"with"},
    // reserved
    kw_and{"and"}, kw_or{"or"}, kw_not{"not"}, kw_in{"in"}, kw_some{"some"}, kw_no{"no"}, kw_where{"where"},
    kw_true{"true"}, kw_false{"false"}, kw_this{"this"};

// `scale X`, `entity X`, `award x`, ...: the start of the next declaration. Lists of names or
// conditions stop there, so that a missing '}' is reported where the next declaration begins
// rather than deep inside it.
inline const auto declaration_start =
    (kw_scale | kw_enum | kw_single | kw_entity | kw_standard | kw_award | kw_precedence | kw_sheet) >>
    name_ahead_parser{};

inline const x3::symbols<ast::Operator> comparison_symbols(
    {{"==", ast::Operator::eq}, {"!=", ast::Operator::ne}, {"<=", ast::Operator::le},
     {">=", ast::Operator::ge}, {"<", ast::Operator::lt}, {">", ast::Operator::gt}},
    "a comparison");
inline const x3::symbols<ast::Operator> additive_symbols({{"+", ast::Operator::add}, {"-", ast::Operator::sub}},
                                                         "'+' or '-'");
inline const x3::symbols<ast::Operator> multiplicative_symbols(
    {{"*", ast::Operator::mul}, {"/", ast::Operator::div}}, "'*' or '/'");

// ---------------------------------------------------------------- rule IDs

// Rules producing AST nodes: annotated with their position.
struct name_class : annotate_position {};
struct reference_class : annotate_position {};
struct string_class : annotate_position {};
struct number_class : annotate_position {};
struct boolean_class : annotate_position {};
struct this_class : annotate_position {};
struct or_chain_class : annotate_position {};
struct or_operation_class : annotate_position {};
struct and_chain_class : annotate_position {};
struct and_operation_class : annotate_position {};
struct not_class : annotate_position {};
struct comparison_chain_class : annotate_position {};
struct comparison_operation_class : annotate_position {};
struct additive_chain_class : annotate_position {};
struct additive_operation_class : annotate_position {};
struct multiplicative_chain_class : annotate_position {};
struct multiplicative_operation_class : annotate_position {};
struct negate_class : annotate_position {};
struct postfix_parts_class : annotate_position {};
struct quantified_class : annotate_position {};
struct call_class : annotate_position {};
struct decision_table_class : annotate_position {};
struct decision_row_class : annotate_position {};
struct otherwise_class : annotate_position {};
struct path_class : annotate_position {};
struct inline_enum_class : annotate_position {};
struct set_type_class : annotate_position {};
struct enum_item_class : annotate_position {};
struct enumeration_class : annotate_position {};
struct field_class : annotate_position {};
struct derived_class : annotate_position {};
struct entity_class : annotate_position {};
struct condition_class : annotate_position {};
struct standard_class : annotate_position {};
struct require_class : annotate_position {};
struct rank_key_class : annotate_position {};
struct rank_by_class : annotate_position {};
struct rank_as_class : annotate_position {};
struct at_most_class : annotate_position {};
struct for_block_class : annotate_position {};
struct open_when_class : annotate_position {};
struct defer_class : annotate_position {};
struct award_class : annotate_position {};
struct precedence_class : annotate_position {};
struct header_class : annotate_position {};
struct band_bound_class : annotate_position {};
struct band_class : annotate_position {};
struct bands_rule_class : annotate_position {};
struct when_row_class : annotate_position {};
struct points_otherwise_class : annotate_position {};
struct when_rule_class : annotate_position {};
struct proportional_rule_class : annotate_position {};
struct deduct_rule_class : annotate_position {};
struct sheet_item_body_class : annotate_position {};
struct sheet_section_class : annotate_position {};
struct sheet_class : annotate_position {};
struct policy_class : annotate_position {};

// Rules producing variants, lists or nothing: their alternatives are annotated instead.
struct expression_class;
struct condition_expression_class;
struct or_class;
struct and_class;
struct not_or_comparison_class;
struct comparison_class;
struct additive_class;
struct multiplicative_class;
struct unary_class;
struct postfix_class;
struct set_operand_class;
struct primary_class;
struct parens_class;
struct arguments_class;
struct decision_rows_class;
struct table_close_class;
struct table_end_class;
struct otherwise_close_class;
struct path_parts_class;
struct type_class;
struct enum_items_class;
struct items_close_class;
struct colon_or_equals_class;
struct member_class;
struct members_close_class;
struct conditions_close_class;
struct rank_keys_class;
struct by_or_as_class;
struct most_or_least_class;
struct block_item_class;
struct block_close_class;
struct award_item_class;
struct award_close_class;
struct precedence_list_class;
struct shared_list_class;
struct declaration_class;
struct band_bounds_class;
struct bands_close_class;
struct item_rule_class;
struct sheet_item_class;
struct sheet_bonus_class;
struct section_close_class;
struct sheet_member_class;
struct sheet_close_class;
struct proportional_rule_body_class;

// The bodies of node rules that fill their node in a semantic action. X3 gives a rule with an
// action no attribute to annotate, so the annotated rule wraps its body rule instead.
struct boolean_body_class;
struct not_node_body_class;
struct negate_body_class;
struct path_body_class;
struct inline_enum_body_class;
struct set_type_body_class;
struct require_body_class;
struct rank_by_body_class;
struct rank_as_body_class;
struct open_when_body_class;
struct defer_body_class;
struct precedence_body_class;

// ---------------------------------------------------------------- rules
// A rule's name completes "expected ...", so it reads as what the author should write.

// Tokens
const x3::rule<name_class, ast::Identifier> name = "an identifier";
const x3::rule<reference_class, ast::Identifier> reference = "an identifier";
const x3::rule<string_class, ast::StringLiteral> string_literal = "a string";
const x3::rule<number_class, ast::NumberLiteral> number = "a number";
const x3::rule<boolean_class, ast::BoolLiteral> boolean = "'true' or 'false'";
const x3::rule<this_class, ast::This> this_ = "'this'";

// Expressions, loosest first
const x3::rule<expression_class, ast::Expression> expression = "an expression";
const x3::rule<condition_expression_class, ast::Expression> condition_expression = "a condition";
const x3::rule<or_class, ast::Expression> or_expression = "a condition";
const x3::rule<or_chain_class, ast::Chain> or_chain = "a condition";
const x3::rule<or_operation_class, ast::Operation> or_operation = "'or'";
const x3::rule<and_class, ast::Expression> and_expression = "a condition";
const x3::rule<and_chain_class, ast::Chain> and_chain = "a condition";
const x3::rule<and_operation_class, ast::Operation> and_operation = "'and'";
const x3::rule<not_or_comparison_class, ast::Expression> not_expression = "a condition";
const x3::rule<not_class, ast::Not> not_node = "'not'";
const x3::rule<comparison_class, ast::Expression> comparison = "an expression";
const x3::rule<comparison_chain_class, ast::Chain> comparison_chain = "an expression";
const x3::rule<comparison_operation_class, ast::Operation> comparison_operation = "a comparison";
const x3::rule<additive_class, ast::Expression> additive = "an expression";
const x3::rule<additive_chain_class, ast::Chain> additive_chain = "an expression";
const x3::rule<additive_operation_class, ast::Operation> additive_operation = "'+' or '-'";
const x3::rule<multiplicative_class, ast::Expression> multiplicative = "an expression";
const x3::rule<multiplicative_chain_class, ast::Chain> multiplicative_chain = "an expression";
const x3::rule<multiplicative_operation_class, ast::Operation> multiplicative_operation = "'*' or '/'";
const x3::rule<unary_class, ast::Expression> unary = "an expression";
const x3::rule<negate_class, ast::Negate> negate = "'-'";
const x3::rule<postfix_class, ast::Expression> postfix = "an expression";
const x3::rule<postfix_parts_class, PostfixParts> postfix_parts = "an expression";
const x3::rule<set_operand_class, ast::Expression> set_operand = "a set";
const x3::rule<primary_class, ast::Expression> primary = "an expression";
const x3::rule<parens_class, ast::Expression> parens = "'('";
const x3::rule<quantified_class, ast::Quantified> quantified = "'some' or 'no'";
const x3::rule<call_class, ast::Call> call = "a function call";
const x3::rule<arguments_class, std::vector<ast::Expression>> arguments = "an expression";
const x3::rule<decision_table_class, ast::DecisionTable> decision_table = "'first {'";
const x3::rule<decision_rows_class, std::vector<ast::DecisionRow>> decision_rows = "'when'";
const x3::rule<decision_row_class, ast::DecisionRow> decision_row = "'when'";
const x3::rule<otherwise_class, ast::Otherwise> otherwise_row = "'otherwise'";
const x3::rule<table_end_class, boost::optional<ast::Otherwise>> table_end = "'when', 'otherwise' or '}'";
const x3::rule<table_close_class> table_close = "'}'";
const x3::rule<otherwise_close_class> otherwise_close = "'}': the 'otherwise' row is the last";
const x3::rule<path_class, ast::Path> path = "a name";
const x3::rule<path_parts_class, std::vector<ast::Identifier>> path_parts = "a name";

// Types
const x3::rule<type_class, ast::TypeExpression> type = "a type";
const x3::rule<inline_enum_class, ast::InlineEnum> inline_enum = "'enum'";
const x3::rule<set_type_class, ast::SetType> set_type = "'set of'";

// Declarations
const x3::rule<enum_item_class, ast::EnumItem> enum_item = "an item";
const x3::rule<enum_items_class, std::vector<ast::EnumItem>> enum_items = "an item";
const x3::rule<items_close_class> items_close = "an item or '}'";
const x3::rule<enumeration_class, ast::Enumeration> enumeration = "'scale' or 'enum'";
const x3::rule<field_class, ast::Field> field = "a field";
const x3::rule<derived_class, ast::Derived> derived = "a field";
const x3::rule<colon_or_equals_class> colon_or_equals = "':' or '='";
const x3::rule<member_class, ast::Member> member = "a field";
const x3::rule<members_close_class> members_close = "a field or '}'";
const x3::rule<entity_class, ast::Entity> entity = "'entity'";
const x3::rule<condition_class, ast::Condition> condition = "a condition";
const x3::rule<conditions_close_class> conditions_close = "a condition or '}'";
const x3::rule<standard_class, ast::Standard> standard = "'standard'";
const x3::rule<require_class, ast::Require> require = "'require'";
const x3::rule<rank_key_class, ast::RankKey> rank_key = "an expression";
const x3::rule<rank_keys_class, std::vector<ast::RankKey>> rank_keys = "an expression";
const x3::rule<rank_by_class, ast::RankBy> rank_by = "'rank by'";
const x3::rule<by_or_as_class> by_or_as = "'by' or 'as'";
const x3::rule<most_or_least_class, bool> most_or_least = "'most' or 'least'";
const x3::rule<rank_as_class, ast::RankAs> rank_as = "'rank as'";
const x3::rule<at_most_class, ast::AtMost> at_most = "'at most'";
const x3::rule<defer_class, ast::Defer> defer = "'defer when'";
const x3::rule<block_item_class, ast::BlockItem> block_item = "'require', 'rank', 'at most' or 'defer when'";
const x3::rule<block_close_class> block_close = "'require', 'rank', 'at most', 'defer when' or '}'";
const x3::rule<for_block_class, ast::ForBlock> for_block = "'for'";
const x3::rule<open_when_class, ast::OpenWhen> open_when = "'open when'";
const x3::rule<award_item_class, ast::AwardItem> award_item = "'open when' or 'for'";
const x3::rule<award_close_class> award_close = "'open when', 'for' or '}'";
const x3::rule<award_class, ast::Award> award = "'award'";
const x3::rule<precedence_list_class, std::vector<ast::Identifier>> precedence_list = "an identifier";
const x3::rule<shared_list_class, std::vector<ast::Identifier>> shared_list = "an award";
const x3::rule<precedence_class, ast::Precedence> precedence = "'precedence'";
const x3::rule<declaration_class, ast::Declaration> declaration = "a declaration";
const x3::rule<header_class, ast::PolicyHeader> header = "a policy header";
const policy_type policy_rule = "a policy";

// Scoring sheets
const x3::rule<band_bound_class, ast::BandBound> band_bound = "a bound ('>', '>=', '<', '<=' or a number)";
const x3::rule<band_bounds_class, std::vector<ast::BandBound>> band_bounds = "a bound ('>', '>=', '<', '<=' or a number)";
const x3::rule<band_class, ast::Band> band = "a band";
const x3::rule<bands_close_class> bands_close = "a band or '}'";
const x3::rule<bands_rule_class, ast::BandsRule> bands_rule = "'bands'";
const x3::rule<when_row_class, ast::WhenRow> when_row = "'when'";
const x3::rule<points_otherwise_class, ast::OtherwiseRow> points_otherwise = "'when' or 'otherwise'";
const x3::rule<when_rule_class, ast::WhenRule> when_rule = "'when'";
const x3::rule<proportional_rule_class, ast::ProportionalRule> proportional_rule = "'proportional'";
const x3::rule<proportional_rule_body_class, ast::ProportionalRule> proportional_rule_body = "'proportional'";
const x3::rule<deduct_rule_class, ast::DeductRule> deduct_rule = "'deduct'";
const x3::rule<item_rule_class, ast::ItemRule> item_rule = "a scoring rule ('bands', 'when', 'proportional' or 'deduct')";
const x3::rule<sheet_item_body_class, ast::SheetItem> sheet_item_body = "an item";
const x3::rule<sheet_item_class, ast::SheetItem> sheet_item = "'item'";
const x3::rule<sheet_bonus_class, ast::SheetItem> sheet_bonus = "'bonus'";
const x3::rule<section_close_class> section_close = "'item' or '}'";
const x3::rule<sheet_section_class, ast::SheetSection> sheet_section = "'section'";
const x3::rule<sheet_member_class, ast::SheetMember> sheet_member = "'section' or 'bonus'";
const x3::rule<sheet_close_class> sheet_close = "'section', 'bonus' or '}'";
const x3::rule<sheet_class, ast::Sheet> sheet = "'sheet'";

const x3::rule<boolean_body_class, ast::BoolLiteral> boolean_body = "'true' or 'false'";
const x3::rule<not_node_body_class, ast::Not> not_node_body = "'not'";
const x3::rule<negate_body_class, ast::Negate> negate_body = "'-'";
const x3::rule<path_body_class, ast::Path> path_body = "a name";
const x3::rule<inline_enum_body_class, ast::InlineEnum> inline_enum_body = "'enum'";
const x3::rule<set_type_body_class, ast::SetType> set_type_body = "'set of'";
const x3::rule<require_body_class, ast::Require> require_body = "'require'";
const x3::rule<rank_by_body_class, ast::RankBy> rank_by_body = "'rank by'";
const x3::rule<rank_as_body_class, ast::RankAs> rank_as_body = "'rank as'";
const x3::rule<open_when_body_class, ast::OpenWhen> open_when_body = "'open when'";
const x3::rule<precedence_body_class, ast::Precedence> precedence_body = "'precedence'";
const x3::rule<defer_body_class, ast::Defer> defer_body = "'defer when'";

// ---------------------------------------------------------------- definitions

const auto name_def = name_parser<true>{};
const auto reference_def = name_parser<false>{};
const auto string_literal_def = string_parser{};
const auto number_def = number_parser{};
const auto boolean_def = boolean_body;
const auto boolean_body_def = kw_true[set_bool<true>{}] | kw_false[set_bool<false>{}];
const auto this__def = kw_this;

// Both are the full expression; the names differ only in what an error says is missing.
const auto expression_def = or_expression;
const auto condition_expression_def = or_expression;

const auto or_expression_def = or_chain[collapse_chain{}];
const auto or_chain_def = and_expression >> *or_operation;
const auto or_operation_def = (kw_or >> x3::attr(ast::Operator::or_)) > and_expression;

const auto and_expression_def = and_chain[collapse_chain{}];
const auto and_chain_def = not_expression >> *and_operation;
const auto and_operation_def = (kw_and >> x3::attr(ast::Operator::and_)) > not_expression;

const auto not_expression_def = not_node | comparison;
const auto not_node_def = not_node_body;
const auto not_node_body_def = (kw_not > nest_expression[not_expression])[fill<&ast::Not::operand>{}];

// Several comparisons in a row (`a < b < c`) parse as one chain; the checker rejects them
// with "comparisons do not chain".
const auto comparison_def = comparison_chain[collapse_chain{}];
const auto comparison_chain_def = additive >> *comparison_operation;
const auto comparison_operation_def =
    (comparison_symbols | (kw_in >> x3::attr(ast::Operator::in))) > additive;

const auto additive_def = additive_chain[collapse_chain{}];
const auto additive_chain_def = multiplicative >> *additive_operation;
const auto additive_operation_def = additive_symbols > multiplicative;

const auto multiplicative_def = multiplicative_chain[collapse_chain{}];
const auto multiplicative_chain_def = unary >> *multiplicative_operation;
const auto multiplicative_operation_def = multiplicative_symbols > unary;

const auto unary_def = negate | postfix;
const auto negate_def = negate_body;
const auto negate_body_def = (x3::lit('-') > nest_expression[unary])[fill<&ast::Negate::operand>{}];

// The condition after `where` is a whole expression and extends as far as it can:
// `no members where disciplined and complies` filters on both.
const auto postfix_def = postfix_parts[build_postfix{}];
const auto postfix_parts_def = primary >> -(kw_where > nest_expression[condition_expression]);
const auto set_operand_def = postfix;

const auto primary_def = number | string_literal | boolean | this_ | quantified | decision_table | call | path | parens;
const auto parens_def = x3::lit('(') > nest_expression[expression] > x3::lit(')');
const auto quantified_def =
    ((kw_some >> x3::attr(ast::Quantifier::some)) | (kw_no >> x3::attr(ast::Quantifier::no))) >
    nest_expression[set_operand];
// The '(' must touch the function's name: conditions are listed one after another, and
// `complies` followed by `(a or b)` on the next line are two conditions, not a call.
const auto call_def = reference >> x3::no_skip[x3::lit('(')] > nest_expression[arguments] > x3::lit(')');
const auto arguments_def = expression > *(x3::lit(',') > expression);
// `first {` starts a decision table; `first` alone stays a name.
// Nothing may follow `otherwise`: its row is the last, and the error says so.
const auto decision_table_def = kw_first >> x3::lit('{') > decision_rows > table_end;
const auto table_end_def = (otherwise_row > otherwise_close) | table_close;
const auto decision_rows_def = *decision_row;
const auto decision_row_def =
    kw_when > nest_expression[condition_expression] > kw_then > nest_expression[expression] > -string_literal;
const auto otherwise_row_def = kw_otherwise > nest_expression[expression] > -string_literal;
const auto table_close_def = x3::lit('}');
const auto otherwise_close_def = x3::lit('}');
const auto path_def = path_body;
const auto path_body_def = path_parts[fill<&ast::Path::parts>{}];
const auto path_parts_def = reference >> *(x3::lit('.') > reference);

const auto type_def = inline_enum | set_type | name;
const auto inline_enum_def = inline_enum_body;
const auto inline_enum_body_def = (kw_enum >> x3::lit('{') > enum_items > items_close)[fill<&ast::InlineEnum::items>{}];
const auto set_type_def = set_type_body;
const auto set_type_body_def = (kw_set >> kw_of > nest_type[type])[fill<&ast::SetType::element>{}];

const auto enum_item_def = !declaration_start >> name >> -string_literal;
const auto enum_items_def = *(enum_item >> -x3::lit(','));
const auto items_close_def = x3::lit('}');
const auto enumeration_def = ((kw_scale >> x3::attr(true)) | (kw_enum >> x3::attr(false))) > name >
                             -string_literal > x3::lit('{') > enum_items > items_close;

const auto field_def = name >> x3::lit(':') > type > x3::matches[x3::lit('?')] > -string_literal;
const auto derived_def = name > colon_or_equals > expression > -string_literal;
const auto colon_or_equals_def = x3::lit('=');
const auto member_def = !declaration_start >> (field | derived);
const auto members_close_def = x3::lit('}');
const auto entity_def = (((kw_single > kw_entity) >> x3::attr(true)) | (kw_entity >> x3::attr(false))) > name >
                        -string_literal > kw_from > name > x3::lit('{') > *member > members_close;

const auto condition_def = condition_expression >> -string_literal;
const auto conditions_close_def = x3::lit('}');
const auto standard_def = kw_standard > name > -string_literal > kw_for > name > x3::lit('{') >
                          *(!declaration_start >> condition) > conditions_close;

const auto require_def = require_body;
const auto require_body_def = (kw_require > condition)[fill<&ast::Require::condition>{}];
const auto rank_key_def = expression >> ((kw_asc >> x3::attr(false)) | (kw_desc >> x3::attr(true)) | x3::attr(true));
const auto rank_keys_def = rank_key > *(x3::lit(',') > rank_key);
const auto rank_by_def = rank_by_body;
const auto rank_by_body_def = (kw_rank >> kw_by > rank_keys)[fill<&ast::RankBy::keys>{}];
const auto by_or_as_def = kw_as;
const auto rank_as_def = rank_as_body;
const auto rank_as_body_def = (kw_rank > by_or_as > name)[fill<&ast::RankAs::award>{}];
// `at least` is true. A `where` right after the limit is read by the expression (a Filter).
const auto most_or_least_def = (kw_most >> x3::attr(false)) | (kw_least >> x3::attr(true));
const auto at_most_def =
    kw_at > most_or_least > expression > -(kw_per > name) > -(kw_where > expression) >
    -(kw_shared > kw_with > shared_list) > -string_literal;
const auto shared_list_def = name % x3::lit(',');
const auto defer_def = defer_body;
const auto defer_body_def = (kw_defer > kw_when > condition)[fill<&ast::Defer::condition>{}];
const auto block_item_def = require | rank_by | rank_as | at_most | defer;
const auto block_close_def = x3::lit('}');
const auto for_block_def = kw_for > name > x3::lit('{') > *block_item > block_close;

const auto open_when_def = open_when_body;
const auto open_when_body_def = (kw_open > kw_when > condition)[fill<&ast::OpenWhen::condition>{}];
const auto award_item_def = open_when | for_block;
const auto award_close_def = x3::lit('}');
const auto award_def = kw_award > name > -string_literal > x3::lit('{') > *award_item > award_close;

const auto precedence_list_def = name > x3::lit('>') > name > *(x3::lit('>') > name);
const auto precedence_def = precedence_body;
const auto precedence_body_def = (kw_precedence > precedence_list)[fill<&ast::Precedence::awards>{}];

// Scoring sheets. A band's bounds are separated by ','; rows may end with ',' or ';'.
const auto band_bound_def = (comparison_symbols > number) | (x3::attr(ast::Operator::eq) >> number);
const auto band_bounds_def = band_bound > *(x3::lit(',') > band_bound);
const auto band_def = band_bounds > x3::lit(':') > number > -string_literal;
const auto bands_close_def = x3::lit('}');
const auto bands_rule_def = kw_bands > expression > -(kw_within > band_bounds) > x3::lit('{') >
                            *(band >> -(x3::lit(',') | x3::lit(';'))) > bands_close;
const auto when_row_def = kw_when > condition_expression > x3::lit(':') > number > -string_literal;
const auto points_otherwise_def = kw_otherwise > x3::lit(':') > number > -string_literal;
const auto when_rule_def = +when_row > points_otherwise;
const auto proportional_rule_def = proportional_rule_body;
const auto proportional_rule_body_def = (kw_proportional > expression)[fill<&ast::ProportionalRule::ratio>{}];
const auto deduct_rule_def = kw_deduct > number > kw_per > expression > -(kw_not > kw_below > number);
const auto item_rule_def = bands_rule | when_rule | proportional_rule | deduct_rule;
const auto sheet_item_body_def = name > -string_literal > kw_out > kw_of > number > -(kw_verified > name) >
                                 x3::lit('{') > item_rule > x3::lit('}');
const auto sheet_item_def = kw_item > sheet_item_body;
const auto sheet_bonus_def = kw_bonus > sheet_item_body;
const auto section_close_def = x3::lit('}');
const auto sheet_section_def = kw_section > name > -string_literal > kw_out > kw_of > number >
                               -(kw_when > condition_expression) > x3::lit('{') > *sheet_item > section_close;
const auto sheet_member_def = sheet_section | sheet_bonus;
const auto sheet_close_def = x3::lit('}');
const auto sheet_def = kw_sheet > name > -string_literal > kw_for > name > kw_out > kw_of > number >
                       -(kw_up > kw_to > number) > -(kw_rounding > number) > x3::lit('{') > *sheet_member >
                       sheet_close;

const auto declaration_def = enumeration | entity | standard | award | precedence | sheet;
const auto header_def = kw_policy > string_literal > -(kw_issuer > string_literal) >
                        -(kw_basis > string_literal) > -(kw_year > number);
const auto policy_rule_def = x3::expect[header] >> *declaration;

BOOST_SPIRIT_DEFINE(name, reference, string_literal, number, boolean, this_)
BOOST_SPIRIT_DEFINE(expression, condition_expression, or_expression, or_chain, or_operation, and_expression,
                    and_chain, and_operation, not_expression, not_node, comparison, comparison_chain,
                    comparison_operation, additive, additive_chain, additive_operation, multiplicative,
                    multiplicative_chain, multiplicative_operation)
BOOST_SPIRIT_DEFINE(unary, negate, postfix, postfix_parts, set_operand, primary, parens, quantified, call,
                    arguments, path, path_parts)
BOOST_SPIRIT_DEFINE(decision_table, decision_rows, decision_row, otherwise_row, table_end, table_close, otherwise_close)
BOOST_SPIRIT_DEFINE(type, inline_enum, set_type, enum_item, enum_items, items_close, enumeration, field, derived,
                    colon_or_equals, member, members_close, entity, condition, conditions_close, standard)
BOOST_SPIRIT_DEFINE(defer, defer_body)
BOOST_SPIRIT_DEFINE(require, rank_key, rank_keys, rank_by, by_or_as, rank_as, most_or_least, at_most, block_item, block_close,
                    for_block, open_when, award_item, award_close, award, precedence_list, shared_list, precedence,
                    declaration, header, policy_rule)
BOOST_SPIRIT_DEFINE(band_bound, band_bounds, band, bands_close, bands_rule, when_row, points_otherwise, when_rule,
                    proportional_rule, proportional_rule_body, deduct_rule, item_rule, sheet_item_body, sheet_item,
                    sheet_bonus, section_close, sheet_section, sheet_member, sheet_close, sheet)
BOOST_SPIRIT_DEFINE(boolean_body, not_node_body, negate_body, path_body, inline_enum_body, set_type_body,
                    require_body, rank_by_body, rank_as_body, open_when_body, precedence_body)

}  // namespace thidua::parser::grammar
