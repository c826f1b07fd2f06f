// The policy language's abstract syntax tree: plain structs, each tagged with its position
// so that the checker and the explanations can point back at the policy's text.
// Operator chains are kept flat as parsed ("a + b - c" is a Chain); the checker folds them.
#pragma once

#include <boost/optional.hpp>
#include <boost/spirit/home/x3/support/ast/position_tagged.hpp>
#include <boost/spirit/home/x3/support/ast/variant.hpp>
#include <string>
#include <vector>

namespace thidua::ast {

namespace x3 = boost::spirit::x3;

// A name as written (NFC): a field, entity, scale, enum item, award or function.
struct Identifier : x3::position_tagged {
  std::string name;
};

// A number's text as written, digits and an optional fraction ("20", "92.75"); a trailing
// percent sign divides it by 100.
struct NumberLiteral : x3::position_tagged {
  std::string text;
  bool percent = false;
};

// A string's value with its escapes resolved.
struct StringLiteral : x3::position_tagged {
  std::string value;
};

struct BoolLiteral : x3::position_tagged {
  bool value = false;
};

// `this`: the candidate (inside `where`, the record the relation belongs to).
struct This : x3::position_tagged {
  int unused = 0;  // X3 needs a member to adapt
};

struct Path;
struct Chain;
struct Not;
struct Negate;
struct Call;
struct Quantified;
struct Filter;
struct DecisionTable;

using Expression = x3::variant<NumberLiteral, StringLiteral, BoolLiteral, This,
                               x3::forward_ast<Path>, x3::forward_ast<Chain>,
                               x3::forward_ast<Not>, x3::forward_ast<Negate>,
                               x3::forward_ast<Call>, x3::forward_ast<Quantified>,
                               x3::forward_ast<Filter>, x3::forward_ast<DecisionTable>>;

// `a`, `unit.score`, `Board.par_index`, `Rating.tot`.
struct Path : x3::position_tagged {
  std::vector<Identifier> parts;
};

enum class Operator { or_, and_, eq, ne, lt, le, gt, ge, in, add, sub, mul, div };

// One link of a chain; tagged at the operator.
struct Operation : x3::position_tagged {
  Operator op = Operator::add;
  Expression operand;
};

// `first op1 operand1 op2 operand2 ...`, all operators of one precedence level.
// Comparisons form chains of at most one operation.
struct Chain : x3::position_tagged {
  Expression first;
  std::vector<Operation> rest;
};

struct Not : x3::position_tagged {
  Expression operand;
};

struct Negate : x3::position_tagged {
  Expression operand;
};

// `count(members)`, `floor(20% * count(Person))`, `eligible(giay_khen)`.
struct Call : x3::position_tagged {
  Identifier function;
  std::vector<Expression> arguments;
};

enum class Quantifier { some, no };

// `some contributions`, `no members where disciplined`.
struct Quantified : x3::position_tagged {
  Quantifier quantifier = Quantifier::some;
  Expression operand;
};

// `Person where unit == this`: the records of a set that satisfy a condition.
struct Filter : x3::position_tagged {
  Expression source;
  Expression condition;
};

// `when score >= 90 then xuat_sac "Từ 90 điểm"`: one row of a decision table.
struct DecisionRow : x3::position_tagged {
  Expression condition;
  Expression value;
  boost::optional<StringLiteral> label;
};

// `otherwise khong_hoan_thanh "Dưới 50 điểm"`: the value when no row matches.
struct Otherwise : x3::position_tagged {
  Expression value;
  boost::optional<StringLiteral> label;
};

// `first { when c1 then v1 ... otherwise v }`: the value of the first row whose condition
// holds.
struct DecisionTable : x3::position_tagged {
  std::vector<DecisionRow> rows;
  boost::optional<Otherwise> otherwise;
};

// ---- declarations ----

struct PolicyHeader : x3::position_tagged {
  StringLiteral title;
  boost::optional<StringLiteral> issuer;
  boost::optional<StringLiteral> basis;
  boost::optional<NumberLiteral> year;
};

struct EnumItem : x3::position_tagged {
  Identifier code;
  boost::optional<StringLiteral> label;
};

// `scale Rating "Xếp loại" { xuat_sac "Xuất sắc" tot "Tốt" ... }` (ordered, best first) or
// `enum Kind "Loại" { phong "Phòng", ... }` (unordered).
struct Enumeration : x3::position_tagged {
  bool ordered = false;  // true for `scale`
  Identifier name;
  boost::optional<StringLiteral> label;
  std::vector<EnumItem> items;
};

struct SetType;
// A named type (`bool`, `int`, `decimal`, `text`, a scale, an enum, an entity), an inline
// `enum { ... }`, or `set of T`.
struct InlineEnum : x3::position_tagged {
  std::vector<EnumItem> items;
};
using TypeExpression = x3::variant<Identifier, InlineEnum, x3::forward_ast<SetType>>;
struct SetType : x3::position_tagged {
  TypeExpression element;
};

// `score: decimal "Điểm thi đua"`; `score: decimal?` marks the field optional.
struct Field : x3::position_tagged {
  Identifier name;
  TypeExpression type;
  bool optional = false;
  boost::optional<StringLiteral> label;
};

// `members = Person where unit == this`: a fact computed from other facts.
struct Derived : x3::position_tagged {
  Identifier name;
  Expression value;
  boost::optional<StringLiteral> label;
};

using Member = x3::variant<Field, Derived>;

// `entity Unit "Tập thể" from units { ... }`; `single entity Board ... from board { ... }`
// reads one JSON object instead of an array of records.
struct Entity : x3::position_tagged {
  bool single = false;
  Identifier name;
  boost::optional<StringLiteral> label;
  Identifier source;
  std::vector<Member> members;
};

// An expression that must hold, with the plan's words for it.
struct Condition : x3::position_tagged {
  Expression expression;
  boost::optional<StringLiteral> label;
};

// `standard general "Tiêu chuẩn chung" for Person { complies ... }`
struct Standard : x3::position_tagged {
  Identifier name;
  boost::optional<StringLiteral> label;
  Identifier entity;
  std::vector<Condition> conditions;
};

// `require general`, `require tasks_rating >= tot "..."`
struct Require : x3::position_tagged {
  Condition condition;
};

struct RankKey : x3::position_tagged {
  Expression key;
  bool descending = true;  // `desc` (the default) or `asc`
};

// `rank by score desc, recognized_initiatives desc`
struct RankBy : x3::position_tagged {
  std::vector<RankKey> keys;
};

// `rank as giay_khen`: the same keys as that award's block for this entity.
struct RankAs : x3::position_tagged {
  Identifier award;
};

// A quota: `at most floor(20% * count(Person)) "Không quá 20% ..."` or `at least 1 ...`.
// With `per unit`, the limit holds within each group of candidates that share the record
// their `unit` field names, and is read for that record (`at most floor(20% * count(members))
// per unit`). With `where`, only the candidates for which the condition holds count
// (`at least 1 where kind == don_vi_su_nghiep`). `at most 2 where c` parses as a Filter
// limit (`2 where c`); the checker reads it as the limit 2 and the condition c.
struct AtMost : x3::position_tagged {
  bool at_least = false;
  Expression limit;
  boost::optional<Identifier> per;
  boost::optional<Expression> where;
  // `at most 10 shared with bang_khen`: the recipients of these awards count too.
  boost::optional<std::vector<Identifier>> shared_with;
  boost::optional<StringLiteral> label;
};

// `defer when under_review "Đang trong thời gian xem xét kỷ luật"`: a candidate for whom the
// condition holds is not considered yet (Decree 98/2023/NĐ-CP, Article 4).
struct Defer : x3::position_tagged {
  Condition condition;
};

using BlockItem = x3::variant<Require, RankBy, RankAs, AtMost, Defer>;

// `for Unit { ... }` inside an award.
struct ForBlock : x3::position_tagged {
  Identifier entity;
  std::vector<BlockItem> items;
};

// `open when Board.par_index == xuat_sac "..."`
struct OpenWhen : x3::position_tagged {
  Condition condition;
};

using AwardItem = x3::variant<OpenWhen, ForBlock>;

struct Award : x3::position_tagged {
  Identifier name;
  boost::optional<StringLiteral> label;
  std::vector<AwardItem> items;
};

// `precedence bang_khen > giay_khen`: one award per candidate, the higher decided first.
struct Precedence : x3::position_tagged {
  std::vector<Identifier> awards;
};

// ---- scoring sheets (bảng chấm điểm): docs/sheets.md

// One bound of a band: `> 90%`, `<= 90%`, or a bare number (`4`: exactly 4, as `== 4`).
struct BandBound : x3::position_tagged {
  Operator op = Operator::eq;
  NumberLiteral value;
};

// `>= 70%, <= 90%: 1 "Từ 70% đến 90%"`: the values within every bound score the points.
struct Band : x3::position_tagged {
  std::vector<BandBound> bounds;
  NumberLiteral points;
  boost::optional<StringLiteral> label;
};

// `bands plan_done within >= 0, <= 100% { > 90%: 2 ... }`: the one band holding the value.
struct BandsRule : x3::position_tagged {
  Expression value;
  std::vector<BandBound> within;  // the values the bands must cover; none: every number
  std::vector<Band> bands;
};

// `when plan_issue == dung_han: 1 "Đúng hạn"`; without a condition, `otherwise: 0`.
struct WhenRow : x3::position_tagged {
  Expression condition;
  NumberLiteral points;
  boost::optional<StringLiteral> label;
};
struct OtherwiseRow : x3::position_tagged {
  NumberLiteral points;
  boost::optional<StringLiteral> label;
};

// The first row whose condition holds scores; else `otherwise`.
struct WhenRule : x3::position_tagged {
  std::vector<WhenRow> rows;
  OtherwiseRow otherwise;
};

// `proportional on_time / received`: the ratio times the maximum.
struct ProportionalRule : x3::position_tagged {
  Expression ratio;
};

// `deduct 0.5 per late_reports not below 0`: the maximum less the points per occurrence; a
// percentage is a share of the maximum (`deduct 25% per errors`).
struct DeductRule : x3::position_tagged {
  NumberLiteral each;
  Expression count;
  boost::optional<NumberLiteral> floor;
};

using ItemRule = x3::variant<BandsRule, WhenRule, ProportionalRule, DeductRule>;

// `item ke_hoach "Ban hành kế hoạch" out of 1 verified ke_hoach_td { rule }`; at the sheet's
// top level after `bonus`, the same makes a bonus.
struct SheetItem : x3::position_tagged {
  Identifier name;
  boost::optional<StringLiteral> label;
  NumberLiteral maximum;
  boost::optional<Identifier> verified;
  ItemRule rule;
};

// `section khao_sat "Mức độ hài lòng" out of 18 when surveyed { items }`: without `when`, it
// always applies.
struct SheetSection : x3::position_tagged {
  Identifier name;
  boost::optional<StringLiteral> label;
  NumberLiteral maximum;
  boost::optional<Expression> applies;
  std::vector<SheetItem> items;
};

// A top-level SheetItem is a bonus.
using SheetMember = x3::variant<SheetSection, SheetItem>;

// `sheet cchc "Bảng chấm điểm" for Unit out of 100 up to 115 rounding 2 { ... }`
struct Sheet : x3::position_tagged {
  Identifier name;
  boost::optional<StringLiteral> label;
  Identifier entity;
  NumberLiteral out_of;
  boost::optional<NumberLiteral> up_to;
  boost::optional<NumberLiteral> rounding;
  std::vector<SheetMember> members;
};

using Declaration = x3::variant<Enumeration, Entity, Standard, Award, Precedence, Sheet>;

struct Policy : x3::position_tagged {
  PolicyHeader header;
  std::vector<Declaration> declarations;
};

// A variant alternative as the node itself, whether held directly or through forward_ast.
template <class T>
const T& unwrap(const T& node) {
  return node;
}
template <class T>
const T& unwrap(const x3::forward_ast<T>& node) {
  return node.get();
}

}  // namespace thidua::ast
