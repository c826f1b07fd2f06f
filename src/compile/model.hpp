// The compiled policy: what the checker produces and every later stage reads.
// Immutable once built; it holds no data values and knows nothing of JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "src/common/source.hpp"
#include "src/compile/intervals.hpp"
#include "src/select/apportion.hpp"
#include "thidua/diagnostic.hpp"
#include "thidua/limits.hpp"
#include "thidua/number.hpp"

namespace thidua::detail {

struct Type {
  enum Kind : std::uint8_t {
    none,
    boolean,
    integer,
    decimal,
    text,
    enumeration,  // ref: enumeration index (a scale is an ordered enumeration)
    entity,       // ref: entity index; a reference to one record
    text_set,
    enum_set,     // ref: enumeration index
    entity_set,   // ref: entity index; records of one entity
  };
  Kind kind = none;
  std::int32_t ref = -1;

  bool is_number() const { return kind == integer || kind == decimal; }
  bool is_set() const { return kind == text_set || kind == enum_set || kind == entity_set; }
  bool operator==(const Type&) const = default;
};

struct EnumItemDef {
  std::string code;
  std::string label;  // NFC; the code when the policy gives none
};

struct EnumerationDef {
  std::string name;  // for an inline enum: "Entity.field"
  std::string label;
  bool ordered = false;  // a scale: items best first
  std::vector<EnumItemDef> items;
  SourceRange range;

  // Index of the item whose code or (NFC) label is `text`; -1 when none.
  int find(std::string_view text) const;
};

struct FieldDef {
  std::string name;
  std::string label;  // the field's name when the policy gives no label
  Type type;
  bool optional = false;
  SourceRange range;
};

enum class Op : std::uint8_t {
  constant_bool,    // a: 0 or 1
  constant_number,  // number
  constant_text,    // a: index into CompiledPolicy::text_constants
  constant_enum,    // a: item index; type.ref: enumeration
  field,            // a: field index of the record in the current frame
  derived,          // a: derived fact index of the current frame's entity
  single_record,    // the one record of single entity a
  at_record,        // args[1] evaluated for the record args[0] yields (`unit.score`)
  this_record,      // the candidate; inside `where`, the record the condition is evaluated for
  all_records,      // every record of entity a
  members_of,       // records of entity a whose relation field b points at the current record
  filter,           // records of args[0] for which args[1] holds (args[1] sees the element)
  not_, and_, or_,
  negate, add, sub, mul, div,
  eq, ne, lt, le, gt, ge,  // on numbers, enumerations (scales by their order), text, bool, records
  in_set,                  // args[0] in args[1]
  some, no, count,         // on any set
  all,                     // args[1] holds for every element of args[0]
  sum, min, max, avg,      // args[1] (a number) over the records of args[0]
  floor, ceil, round,      // round: half up
  min_of, max_of,          // smallest or largest of args
  eligible,                // a: award index; the current record meets its conditions
  awarded,                 // a: award index; the current record was selected for it
  first_match,             // a: index into CompiledPolicy::tables; args: each row's condition, then
                           // its value (an `otherwise` row's condition is constant true)
  review_year,             // the year under review: the run's, else the policy's `year`
  consecutive_years,       // b: the `year` field of the records of args[0]; how many years in a row,
                           // ending with year args[2], have a record for which args[1] holds
  last_years,              // the records of args[0] (b: their `year` field) of the args[1] years
                           // ending with the year under review
  sheet_points,            // a: sheet index; b: part index, or -1 for the total (docs/sheets.md)
};

struct Expr {
  Op op = Op::constant_bool;
  Type type;
  std::int32_t a = -1;
  std::int32_t b = -1;
  Number number;
  std::vector<Expr> args;
  SourceRange range;
  // It may have no value: it reads an optional field, directly or through a derived fact,
  // a relation, `eligible(x)` or `awarded(x)` (set by mark_unknowns). Only such expressions
  // take the evaluator's three-valued path.
  bool may_be_unknown = false;
};

// A labelled condition: a `require`, a standard's line, an `open when`.
struct ConditionDef {
  Expr expr;
  // The facts the condition reads of the candidate (fields, derived facts, `unit.x`,
  // `Board.x`), so that an explanation can show the values that decided it.
  std::vector<Expr> inputs;
  std::string label;        // the policy's label; else the field's label; else the source text
  std::string source_text;  // the condition as written
  std::string standard;     // the standard it comes from ("" for a direct `require`)
  SourceRange range;
};

// A decision table's rows as the policy writes them, for explanations ("which row decided").
struct DecisionTableDef {
  struct Row {
    std::string label;        // the policy's label; else the condition as written
    std::string source_text;  // `when score >= 90 then xuat_sac`
    SourceRange range;
  };
  std::vector<Row> rows;  // the `otherwise` row last, when there is one
};

struct DerivedDef {
  std::string name;
  std::string label;
  Expr value;
  SourceRange range;
};

struct EntityDef {
  std::string name;
  std::string label;
  std::string source;  // JSON member holding the records (or the single object)
  bool single = false;
  std::vector<FieldDef> fields;
  std::vector<DerivedDef> derived;
  SourceRange range;

  int field_index(std::string_view field_name) const;  // -1 when none
};

struct RankKeyDef {
  Expr key;
  bool descending = true;
  std::string source_text;
};

// `at most apportion(10, headcount, dhondt) per unit`: a total shared among the groups in
// proportion to a weight read for each group record; each group's share is its limit.
struct ApportionDef {
  Expr total;   // an integer expression evaluated once
  Expr weight;  // a number read for each group record
  ApportionMethod method = ApportionMethod::largest_remainder;
  std::string method_name;
};

// `at most N per unit`: a limit within each group of candidates that name the same record.
struct GroupCapDef {
  std::int32_t field = -1;         // the candidates' relation field that names their group
  std::int32_t group_entity = -1;  // the entity of the group records
  Expr limit;                      // an integer expression read for each group record
  std::optional<ApportionDef> apportion;  // when set, the limits come from it instead
  std::string label;
  std::string source_text;
};

// Any further quota of a block: `at least 1 where kind == don_vi_su_nghiep`,
// `at most 3 where gender == nam`, `at least 1 per unit`, a second `at most ... per`.
// It bounds how many of the candidates for which `where` holds are selected (in each group
// with `per`). With `share`, the limit is a percentage of those selected instead of a count:
// `at most 50% where gender == nam`.
struct BoundDef {
  bool at_least = false;
  Expr limit;                      // an integer expression, read once or for each group record
  std::optional<Expr> where;       // read for each candidate; none: every candidate counts
  std::int32_t field = -1;         // with `per`: as in GroupCapDef
  std::int32_t group_entity = -1;
  std::string label;
  std::string source_text;
  bool share = false;
  // `at most 10 shared with bang_khen`: awards decided before this one whose recipients (of
  // this entity, in the group with `per`) take places of the limit too.
  std::vector<std::int32_t> shared_with;
};

// The limit of a bound as people read it: "3", or "50%" for a share.
std::string limit_text(const BoundDef& bound, const Number& limit);

// An award's rules for one entity kind: `for Person { ... }`.
struct BlockDef {
  std::int32_t entity = -1;
  std::vector<ConditionDef> requirements;
  std::vector<RankKeyDef> rank_keys;
  std::optional<Expr> cap;  // an integer expression evaluated once, outside any record
  std::string cap_label;
  std::string cap_source;
  std::optional<GroupCapDef> group_cap;
  std::vector<BoundDef> bounds;  // the other quotas, in policy order
  // `defer when c "..."`: a candidate for whom c holds is deferred, not considered yet.
  std::vector<ConditionDef> deferrals;
  SourceRange range;
};

struct AwardDef {
  std::string id;
  std::string label;
  std::optional<ConditionDef> open_when;
  std::vector<BlockDef> blocks;
  // Awards higher in a `precedence` line: their recipients are excluded from this award.
  std::vector<std::int32_t> outranked_by;
  SourceRange range;

  const BlockDef* block_for(std::int32_t entity) const;
};

// ---- scoring sheets (bảng chấm điểm thi đua): docs/sheets.md

// A row of a sheet item's rule: a band (`> 90%: 2`), a `when` row, or `otherwise`.
struct ScoreRowDef {
  Interval band;                  // for a band
  std::optional<Expr> condition;  // for a `when` row; none for `otherwise`
  Number points;
  std::string label;
  std::string source_text;  // the row as written
};

// How an item turns the record's data into points.
struct ScoreRuleDef {
  enum Kind : std::uint8_t { bands, when, proportional, deduct };
  Kind kind = bands;
  Expr value;  // bands: the value; proportional: the ratio; deduct: the occurrences
  Interval within;                // bands: the values the data may give (else the run stops)
  std::vector<ScoreRowDef> rows;  // bands, when (the last row is `otherwise`)
  Number each;                    // deduct: points per occurrence (a share of the maximum made absolute)
  Number floor;                   // deduct: never below it
  std::string source_text;        // the value, ratio or occurrences as written
};

// A section, an item (in the section before it in `parts`) or a bonus.
struct SheetPartDef {
  enum Kind : std::uint8_t { section, item, bonus };
  Kind kind = item;
  std::string name;
  std::string label;
  Number maximum;
  std::int32_t in_section = -1;  // an item's section (index into parts)
  std::optional<Expr> applies;   // a section's `when`: not applicable where it is false
  std::int32_t verified = -1;    // an item's or bonus's field of verified points (optional decimal)
  ScoreRuleDef rule;             // items and bonuses
  SourceRange range;
};

struct SheetDef {
  std::string name;
  std::string label;
  std::int32_t entity = -1;
  Number out_of;                  // the full scale; sections' maxima add up to it
  Number up_to;                   // the cap of the total with bonuses (out_of unless `up to`)
  std::optional<int> rounding;    // decimals of proportional points and of a rescaled total
  std::vector<SheetPartDef> parts;  // sections each followed by their items, then bonuses
  SourceRange range;

  int part_index(std::string_view part_name) const;  // -1 when none
};

struct CompiledPolicy {
  explicit CompiledPolicy(SourceFile file) : source(std::move(file)) {}

  SourceFile source;
  Limits limits;  // this policy's, and its data's and runs'
  std::string sha256;
  std::string title;
  std::string issuer;
  std::string basis;
  std::optional<int> year;

  std::vector<EnumerationDef> enumerations;
  std::vector<EntityDef> entities;
  std::vector<AwardDef> awards;            // in policy order
  std::vector<SheetDef> sheets;            // in policy order
  // The run's steps, dependencies first: an award's eligibility, then (later) its selection.
  struct Step {
    std::int32_t award = -1;
    bool select = false;
  };
  std::vector<Step> steps;
  std::vector<std::int32_t> decision_order;  // award indices in the order they are selected
  std::vector<std::string> text_constants;   // NFC
  std::vector<DecisionTableDef> tables;      // Expr::a of Op::first_match
  std::vector<Diagnostic> warnings;

  int entity_index(std::string_view name) const;  // -1 when none
  int award_index(std::string_view id) const;     // -1 when none
};

// Sets Expr::may_be_unknown on every expression of a checked policy (src/compile/unknown.cpp).
// Returns the places that may read a missing value where no three-valued reading exists yet
// (the history functions, a scoring sheet's rules): the checker reports them as errors.
std::vector<std::pair<SourceRange, Message>> mark_unknowns(CompiledPolicy& policy);

// "a decimal", "a Rating", "a set of text", "a Unit": for diagnostics.
Message describe(const Type& type, const CompiledPolicy& policy);

}  // namespace thidua::detail
