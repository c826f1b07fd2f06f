#include "src/compile/decision_table.hpp"

namespace thidua::detail {

namespace {

// A number written in the policy: `90`, `-5`.
std::optional<Number> constant(const Expr& e) {
  if (e.op == Op::constant_number) return e.number;
  if (e.op == Op::negate && e.args[0].op == Op::constant_number) return -e.args[0].number;
  return std::nullopt;
}

// `x >= 90` or `90 <= x`: the compared expression and the interval of its values for which
// the comparison holds.
std::optional<std::pair<const Expr*, Interval>> comparison(const Expr& e) {
  if (e.op != Op::lt && e.op != Op::le && e.op != Op::gt && e.op != Op::ge && e.op != Op::eq) return std::nullopt;
  if (!e.args[0].type.is_number() || !e.args[1].type.is_number()) return std::nullopt;
  Op op = e.op;
  const Expr* subject = &e.args[0];
  auto value = constant(e.args[1]);
  if (!value) {
    // `90 <= x` reads as `x >= 90`.
    value = constant(e.args[0]);
    subject = &e.args[1];
    if (!value || constant(*subject)) return std::nullopt;
    op = op == Op::lt ? Op::gt : op == Op::le ? Op::ge : op == Op::gt ? Op::lt : op == Op::ge ? Op::le : op;
  } else if (constant(*subject)) {
    return std::nullopt;
  }
  switch (op) {
    case Op::lt: return std::pair{subject, Interval::below(*value)};
    case Op::le: return std::pair{subject, Interval::at_most(*value)};
    case Op::gt: return std::pair{subject, Interval::above(*value)};
    case Op::ge: return std::pair{subject, Interval::at_least(*value)};
    default: return std::pair{subject, Interval::exactly(*value)};
  }
}

// A comparison, or an `and` of comparisons of one expression: `score >= 70 and score < 90`.
std::optional<std::pair<const Expr*, Interval>> band(const Expr& e) {
  if (e.op != Op::and_) return comparison(e);
  std::optional<std::pair<const Expr*, Interval>> result;
  for (const auto& part : e.args) {
    auto next = band(part);
    if (!next || (result && !same_value(*result->first, *next->first))) return std::nullopt;
    if (result) result->second = result->second.intersect(next->second);
    else result = std::move(next);
  }
  return result;
}

}  // namespace

bool same_value(const Expr& a, const Expr& b) {
  if (a.op != b.op || !(a.type == b.type) || a.a != b.a || a.b != b.b || a.number != b.number ||
      a.args.size() != b.args.size())
    return false;
  for (std::size_t i = 0; i < a.args.size(); ++i)
    if (!same_value(a.args[i], b.args[i])) return false;
  return true;
}

TableBands table_bands(std::span<const Expr* const> conditions) {
  TableBands out;
  for (const Expr* condition : conditions) {
    auto found = band(*condition);
    if (found && !out.subject) out.subject = found->first;
    if (found && same_value(*out.subject, *found->first)) out.rows.emplace_back(std::move(found->second));
    else out.rows.emplace_back(std::nullopt);
  }
  return out;
}

}  // namespace thidua::detail
