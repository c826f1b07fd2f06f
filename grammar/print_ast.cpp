// A deterministic, indented rendering of the AST: one node per line, children indented by two
// spaces, each line ending with the node's source range, `@line:col-line:col` (columns in code
// points, the end exclusive) when the source is given, `@begin-end` in bytes otherwise.
//
//   Chain @3:3-3:20
//     Path tasks_rating @3:3-3:15
//     op >= @3:16-3:20
//       Path tot @3:19-3:20
//
// A node's names and labels are lines of their own (`name Rating @...`, `label "..." @...`);
// a Path prints its dotted name and a Call its function's name on the node's line.
#include <string>
#include <vector>

#include "grammar/parser.hpp"

namespace thidua::parser {

namespace {

namespace x3 = boost::spirit::x3;

using ast::unwrap;

const char* operator_text(ast::Operator op) {
  switch (op) {
    case ast::Operator::or_: return "or";
    case ast::Operator::and_: return "and";
    case ast::Operator::eq: return "==";
    case ast::Operator::ne: return "!=";
    case ast::Operator::lt: return "<";
    case ast::Operator::le: return "<=";
    case ast::Operator::gt: return ">";
    case ast::Operator::ge: return ">=";
    case ast::Operator::in: return "in";
    case ast::Operator::add: return "+";
    case ast::Operator::sub: return "-";
    case ast::Operator::mul: return "*";
    case ast::Operator::div: return "/";
  }
  return "?";
}

// The string as it would be written in a policy.
std::string quoted(const std::string& value) {
  std::string out = "\"";
  for (const char c : value) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default: out += c;
    }
  }
  return out + '"';
}

class Printer {
 public:
  Printer(const ParsedPolicy& parsed, const detail::SourceFile* file) : parsed_(parsed), file_(file) {
    // The column of every byte offset, computed once: SourceFile::column_of counts from the
    // start of the line on each call, which is quadratic on a long line of many nodes.
    if (!file_) return;
    const std::string& text = file_->text();
    columns_.resize(text.size() + 1);
    int column = 1;
    for (std::size_t i = 0; i < text.size(); ++i) {
      columns_[i] = column;
      if (text[i] == '\n')
        column = 1;
      else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80)  // not a continuation byte
        ++column;
    }
    columns_[text.size()] = column;
  }

  std::string take() { return std::move(out_); }

  void policy(const ast::Policy& node) {
    line(0, "Policy", node);
    header(1, node.header);
    for (const auto& declaration : node.declarations)
      boost::apply_visitor([&](const auto& d) { this->declaration(1, unwrap(d)); }, declaration);
  }

 private:
  // ---- lines

  void line(int depth, const std::string& text, const x3::position_tagged& node) {
    out_.append(static_cast<std::size_t>(depth) * 2, ' ');
    out_ += text;
    out_ += ' ';
    out_ += position(node);
    out_ += '\n';
  }

  std::string position(const x3::position_tagged& node) const {
    if (node.id_first < 0) return "@?";  // never annotated: a grammar bug, visible in goldens
    const auto range = parsed_.range(node);
    if (!file_) return "@" + std::to_string(range.begin) + "-" + std::to_string(range.end);
    return "@" + std::to_string(file_->line_of(range.begin)) + ":" + std::to_string(columns_.at(range.begin)) + "-" +
           std::to_string(file_->line_of(range.end)) + ":" + std::to_string(columns_.at(range.end));
  }

  void identifier(int depth, const char* role, const ast::Identifier& node) {
    line(depth, std::string(role) + " " + node.name, node);
  }

  void label(int depth, const boost::optional<ast::StringLiteral>& node) {
    if (node) line(depth, "label " + quoted(node->value), *node);
  }

  // ---- declarations

  void header(int depth, const ast::PolicyHeader& node) {
    line(depth, "Header", node);
    line(depth + 1, "title " + quoted(node.title.value), node.title);
    if (node.issuer) line(depth + 1, "issuer " + quoted(node.issuer->value), *node.issuer);
    if (node.basis) line(depth + 1, "basis " + quoted(node.basis->value), *node.basis);
    if (node.year) line(depth + 1, "year " + node.year->text + (node.year->percent ? "%" : ""), *node.year);
  }

  void item(int depth, const ast::EnumItem& node) {
    line(depth, "Item", node);
    identifier(depth + 1, "code", node.code);
    label(depth + 1, node.label);
  }

  void declaration(int depth, const ast::Enumeration& node) {
    line(depth, node.ordered ? "Scale" : "Enum", node);
    identifier(depth + 1, "name", node.name);
    label(depth + 1, node.label);
    for (const auto& i : node.items) item(depth + 1, i);
  }

  void declaration(int depth, const ast::Entity& node) {
    line(depth, node.single ? "Entity single" : "Entity", node);
    identifier(depth + 1, "name", node.name);
    label(depth + 1, node.label);
    identifier(depth + 1, "from", node.source);
    for (const auto& member : node.members)
      boost::apply_visitor([&](const auto& m) { this->member(depth + 1, m); }, member);
  }

  void member(int depth, const ast::Field& node) {
    line(depth, node.optional ? "Field optional" : "Field", node);
    identifier(depth + 1, "name", node.name);
    type(depth + 1, node.type);
    label(depth + 1, node.label);
  }

  void member(int depth, const ast::Derived& node) {
    line(depth, "Derived", node);
    identifier(depth + 1, "name", node.name);
    expression(depth + 1, node.value);
    label(depth + 1, node.label);
  }

  void type(int depth, const ast::TypeExpression& node) {
    boost::apply_visitor([&](const auto& t) { this->type_node(depth, unwrap(t)); }, node);
  }
  void type_node(int depth, const ast::Identifier& node) { identifier(depth, "type", node); }
  void type_node(int depth, const ast::InlineEnum& node) {
    line(depth, "InlineEnum", node);
    for (const auto& i : node.items) item(depth + 1, i);
  }
  void type_node(int depth, const ast::SetType& node) {
    line(depth, "SetOf", node);
    type(depth + 1, node.element);
  }

  void condition(int depth, const ast::Condition& node) {
    line(depth, "Condition", node);
    expression(depth + 1, node.expression);
    label(depth + 1, node.label);
  }

  void declaration(int depth, const ast::Standard& node) {
    line(depth, "Standard", node);
    identifier(depth + 1, "name", node.name);
    label(depth + 1, node.label);
    identifier(depth + 1, "for", node.entity);
    for (const auto& c : node.conditions) condition(depth + 1, c);
  }

  void declaration(int depth, const ast::Award& node) {
    line(depth, "Award", node);
    identifier(depth + 1, "name", node.name);
    label(depth + 1, node.label);
    for (const auto& item : node.items)
      boost::apply_visitor([&](const auto& i) { this->award_item(depth + 1, i); }, item);
  }

  void award_item(int depth, const ast::OpenWhen& node) {
    line(depth, "OpenWhen", node);
    condition(depth + 1, node.condition);
  }

  void award_item(int depth, const ast::ForBlock& node) {
    line(depth, "For", node);
    identifier(depth + 1, "entity", node.entity);
    for (const auto& item : node.items)
      boost::apply_visitor([&](const auto& i) { this->block_item(depth + 1, i); }, item);
  }

  void block_item(int depth, const ast::Require& node) {
    line(depth, "Require", node);
    condition(depth + 1, node.condition);
  }
  void block_item(int depth, const ast::Defer& node) {
    line(depth, "Defer", node);
    condition(depth + 1, node.condition);
  }
  void block_item(int depth, const ast::RankBy& node) {
    line(depth, "RankBy", node);
    for (const auto& key : node.keys) {
      line(depth + 1, key.descending ? "Key desc" : "Key asc", key);
      expression(depth + 2, key.key);
    }
  }
  void block_item(int depth, const ast::RankAs& node) {
    line(depth, "RankAs", node);
    identifier(depth + 1, "award", node.award);
  }
  void block_item(int depth, const ast::AtMost& node) {
    line(depth, node.at_least ? "AtLeast" : "AtMost", node);
    expression(depth + 1, node.limit);
    if (node.per) identifier(depth + 1, "per", *node.per);
    if (node.where) expression(depth + 1, *node.where);
    if (node.shared_with)
      for (const auto& a : *node.shared_with) identifier(depth + 1, "shared with", a);
    label(depth + 1, node.label);
  }

  void declaration(int depth, const ast::Precedence& node) {
    line(depth, "Precedence", node);
    for (const auto& a : node.awards) identifier(depth + 1, "award", a);
  }

  // ---- scoring sheets

  void declaration(int depth, const ast::Sheet& node) {
    line(depth, "Sheet", node);
    identifier(depth + 1, "name", node.name);
    label(depth + 1, node.label);
    identifier(depth + 1, "for", node.entity);
    number(depth + 1, "out of", node.out_of);
    if (node.up_to) number(depth + 1, "up to", *node.up_to);
    if (node.rounding) number(depth + 1, "rounding", *node.rounding);
    for (const auto& member : node.members)
      boost::apply_visitor([&](const auto& m) { this->sheet_member(depth + 1, m); }, member);
  }

  void number(int depth, const std::string& role, const ast::NumberLiteral& node) {
    line(depth, role + " " + node.text + (node.percent ? "%" : ""), node);
  }

  void sheet_member(int depth, const ast::SheetSection& node) {
    line(depth, "Section", node);
    identifier(depth + 1, "name", node.name);
    label(depth + 1, node.label);
    number(depth + 1, "out of", node.maximum);
    if (node.applies) {
      line(depth + 1, "When", node);
      expression(depth + 2, *node.applies);
    }
    for (const auto& item : node.items) sheet_item(depth + 1, "Item", item);
  }
  void sheet_member(int depth, const ast::SheetItem& node) { sheet_item(depth, "Bonus", node); }

  void sheet_item(int depth, const char* kind, const ast::SheetItem& node) {
    line(depth, kind, node);
    identifier(depth + 1, "name", node.name);
    label(depth + 1, node.label);
    number(depth + 1, "out of", node.maximum);
    if (node.verified) identifier(depth + 1, "verified", *node.verified);
    boost::apply_visitor([&](const auto& r) { this->item_rule(depth + 1, r); }, node.rule);
  }

  void bounds(int depth, const std::vector<ast::BandBound>& list) {
    for (const auto& b : list) line(depth, std::string("bound ") + operator_text(b.op) + " " + b.value.text + (b.value.percent ? "%" : ""), b);
  }

  void item_rule(int depth, const ast::BandsRule& node) {
    line(depth, "Bands", node);
    expression(depth + 1, node.value);
    if (!node.within.empty()) {
      line(depth + 1, "Within", node);
      bounds(depth + 2, node.within);
    }
    for (const auto& band : node.bands) {
      line(depth + 1, "Band", band);
      bounds(depth + 2, band.bounds);
      number(depth + 2, "points", band.points);
      label(depth + 2, band.label);
    }
  }
  void item_rule(int depth, const ast::WhenRule& node) {
    line(depth, "When", node);
    for (const auto& row : node.rows) {
      line(depth + 1, "Row", row);
      expression(depth + 2, row.condition);
      number(depth + 2, "points", row.points);
      label(depth + 2, row.label);
    }
    line(depth + 1, "Otherwise", node.otherwise);
    number(depth + 2, "points", node.otherwise.points);
    label(depth + 2, node.otherwise.label);
  }
  void item_rule(int depth, const ast::ProportionalRule& node) {
    line(depth, "Proportional", node);
    expression(depth + 1, node.ratio);
  }
  void item_rule(int depth, const ast::DeductRule& node) {
    line(depth, "Deduct", node);
    number(depth + 1, "each", node.each);
    expression(depth + 1, node.count);
    if (node.floor) number(depth + 1, "not below", *node.floor);
  }

  // ---- expressions

  void expression(int depth, const ast::Expression& node) {
    boost::apply_visitor([&](const auto& e) { this->expression_node(depth, unwrap(e)); }, node);
  }

  void expression_node(int depth, const ast::NumberLiteral& node) {
    line(depth, "Number " + node.text + (node.percent ? "%" : ""), node);
  }
  void expression_node(int depth, const ast::StringLiteral& node) { line(depth, "String " + quoted(node.value), node); }
  void expression_node(int depth, const ast::BoolLiteral& node) {
    line(depth, node.value ? "Bool true" : "Bool false", node);
  }
  void expression_node(int depth, const ast::This& node) { line(depth, "This", node); }
  void expression_node(int depth, const ast::Path& node) {
    std::string dotted;
    for (const auto& part : node.parts) dotted += (dotted.empty() ? "" : ".") + part.name;
    line(depth, "Path " + dotted, node);
  }
  void expression_node(int depth, const ast::Chain& node) {
    line(depth, "Chain", node);
    expression(depth + 1, node.first);
    for (const auto& operation : node.rest) {
      line(depth + 1, std::string("op ") + operator_text(operation.op), operation);
      expression(depth + 2, operation.operand);
    }
  }
  void expression_node(int depth, const ast::Not& node) {
    line(depth, "Not", node);
    expression(depth + 1, node.operand);
  }
  void expression_node(int depth, const ast::Negate& node) {
    line(depth, "Negate", node);
    expression(depth + 1, node.operand);
  }
  void expression_node(int depth, const ast::Call& node) {
    line(depth, "Call " + node.function.name, node);
    for (const auto& argument : node.arguments) expression(depth + 1, argument);
  }
  void expression_node(int depth, const ast::Quantified& node) {
    line(depth, node.quantifier == ast::Quantifier::some ? "Some" : "No", node);
    expression(depth + 1, node.operand);
  }
  void expression_node(int depth, const ast::Filter& node) {
    line(depth, "Filter", node);
    expression(depth + 1, node.source);
    expression(depth + 1, node.condition);
  }
  void expression_node(int depth, const ast::DecisionTable& node) {
    line(depth, "DecisionTable", node);
    for (const auto& row : node.rows) {
      line(depth + 1, "When", row);
      expression(depth + 2, row.condition);
      expression(depth + 2, row.value);
      label(depth + 2, row.label);
    }
    if (node.otherwise) {
      line(depth + 1, "Otherwise", *node.otherwise);
      expression(depth + 2, node.otherwise->value);
      label(depth + 2, node.otherwise->label);
    }
  }

  const ParsedPolicy& parsed_;
  const detail::SourceFile* file_;
  std::vector<int> columns_;
  std::string out_;
};

}  // namespace

std::string print_ast(const ParsedPolicy& parsed) {
  Printer printer(parsed, nullptr);
  printer.policy(parsed.policy);
  return printer.take();
}

std::string print_ast(const ParsedPolicy& parsed, const detail::SourceFile& file) {
  Printer printer(parsed, &file);
  printer.policy(parsed.policy);
  return printer.take();
}

}  // namespace thidua::parser
