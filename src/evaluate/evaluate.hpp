// The evaluate stage: compiled expressions read on bound columns, record by record.
// Knows neither JSON nor how selection is computed.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "src/bind/dataset_data.hpp"
#include "src/compile/model.hpp"

namespace thidua::detail {

// A condition's value in Kleene's three-valued logic: one that depends on a missing value
// is unknown (docs/language.md, "Missing values").
enum class Truth : std::uint8_t { no, yes, unknown };

// What the awards decided so far in a run; `eligible(x)` and `awarded(x)` read it.
struct AwardFacts {
  // eligible and selected: 0 no, 1 yes, `undecided` when the candidate is pending or deferred.
  static constexpr std::uint8_t undecided = 2;
  bool open = true;
  std::vector<std::vector<std::uint8_t>> eligible;  // per entity, per record
  std::vector<std::vector<std::uint8_t>> selected;  // per entity, per record
};

// The record an expression is read for. Inside `where`, `outer` is the record the enclosing
// condition is about, which `this` names.
struct Frame {
  std::int32_t entity = -1;  // -1: no record (a quota, `open when`)
  std::uint32_t record = 0;
  const Frame* outer = nullptr;
};

// Reads expressions on one dataset. Not shared between threads: each run makes its own,
// and it caches relation indexes as it goes.
class Evaluator {
 public:
  // `review_year`: the run's year under review; when empty, the policy's `year`.
  Evaluator(const CompiledPolicy& policy, const DatasetData& data, const std::vector<AwardFacts>& awards,
            std::optional<int> review_year = std::nullopt);

  bool truth(const Expr& e, const Frame& frame) const;
  Number number(const Expr& e, const Frame& frame) const;
  // text: a pool id (or a constant's own id when the data never mentions it);
  // enumeration: the item index; entity: the record index.
  std::uint32_t code(const Expr& e, const Frame& frame) const;
  std::span<const std::uint32_t> values(const Expr& e, const Frame& frame) const;  // text and enum sets

  // A callable's reference without ownership or allocation: `records` takes one, so that
  // nested `where` filters do not instantiate templates without end.
  class RecordVisitor {
   public:
    template <class F>
    RecordVisitor(F&& f) : object_(&f), call_([](void* o, std::uint32_t r) { return (*static_cast<std::remove_reference_t<F>*>(o))(r); }) {}
    bool operator()(std::uint32_t record) const { return call_(object_, record); }

   private:
    void* object_;
    bool (*call_)(void*, std::uint32_t);
  };

  // Calls `visit(record)` for each record of an entity set until it returns false.
  void records(const Expr& e, const Frame& frame, RecordVisitor visit) const;

  // The row of a decision table (Op::first_match) that gives its value: the first whose
  // condition holds.
  std::size_t decided_row(const Expr& e, const Frame& frame) const;
  // For a fact whose value a decision table gives (`rating` = first { ... }, also through
  // `unit.rating`): the table (an index into CompiledPolicy::tables) and the row that decided.
  std::optional<std::pair<std::int32_t, std::size_t>> deciding_row(const Expr& e, const Frame& frame) const;

  // The three-valued path (src/evaluate/unknown.cpp), for expressions that may read a missing
  // value (Expr::may_be_unknown); for any other they are truth(), number() and code().
  // std::nullopt: unknown.
  Truth truth3(const Expr& e, const Frame& frame) const;
  std::optional<Number> number3(const Expr& e, const Frame& frame) const;
  std::optional<std::uint32_t> code3(const Expr& e, const Frame& frame) const;
  // Whether the expression has no value here (show() says "missing").
  bool unknown(const Expr& e, const Frame& frame) const;
  // A value that must be known (a quota, `open when`): a missing one stops the run.
  Number known_number(const Expr& e, const Frame& frame) const;
  bool known_truth(const Expr& e, const Frame& frame) const;
  // The missing optional fields an expression reads for this record: "score" for the frame's
  // own record, "Unit.score" for another's; each once, in order of first use.
  void missing_fields(const Expr& e, const Frame& frame, std::vector<std::string>& out) const;

  // A value printed for people: "true", "92.75", "Tốt", "[\"Lao động tiên tiến\"]", "VP";
  // "missing" for an unknown one, and a record that may belong to a set is marked "?".
  std::string show(const Expr& e, const Frame& frame) const;

  const CompiledPolicy& policy() const noexcept { return policy_; }
  const DatasetData& data() const noexcept { return data_; }

 private:
  // An expression with no value on this data (division by zero, the largest of nothing):
  // stops the run with a diagnostic at the expression, in the one format.
  [[noreturn]] void stop_at(const Expr& e, Message message) const;
  const Column& column(const Frame& frame, std::int32_t field) const;
  std::span<const std::uint32_t> members(std::int32_t entity, std::int32_t field, std::uint32_t owner) const;
  bool compare(const Expr& e, const Frame& frame) const;
  // A field's or a constant's value as a fraction in lowest terms (numerator, denominator > 0)
  // when both fit in 64 bits, read without building a Number; none for anything else.
  std::optional<std::pair<std::int64_t, std::int64_t>> fraction_of(const Expr& e, const Frame& frame) const;
  bool contains(const Expr& e, const Frame& frame) const;
  // Three-valued helpers: false when the set itself is unknown (a missing set field, or a
  // relation that names no record); the visitor sees each possible member and whether it
  // surely is one (yes) or may be (unknown).
  using MemberVisitor = std::function<bool(std::uint32_t, Truth)>;
  bool records3(const Expr& e, const Frame& frame, const MemberVisitor& visit) const;
  bool values3(const Expr& e, const Frame& frame, std::span<const std::uint32_t>& out) const;
  Truth compare3(const Expr& e, const Frame& frame) const;
  Truth contains3(const Expr& e, const Frame& frame) const;
  bool present(const Frame& frame, std::int32_t field) const;
  bool strictly_unknown(const Expr& e, const Frame& frame) const;

  const CompiledPolicy& policy_;
  const DatasetData& data_;
  const std::vector<AwardFacts>& awards_;
  std::optional<int> review_year_;
  // The year under review, or a stop at `e` when neither the run nor the policy gives one.
  Number year_under_review(const Expr& e) const;
  // The `year` (field b of args[0]'s records) of a record of a history.
  Number year_of(const Expr& e, std::uint32_t record) const;
  std::vector<std::uint32_t> text_constant_ids_;
  // Reverse relation indexes, built on first use: (entity, field) → records grouped by owner.
  struct Index {
    std::vector<std::uint32_t> offsets, records;
    std::vector<std::uint32_t> unowned;  // records whose optional relation is missing
  };
  mutable std::map<std::pair<std::int32_t, std::int32_t>, Index> indexes_;
  const Index& index(std::int32_t entity, std::int32_t field) const;
};

}  // namespace thidua::detail
