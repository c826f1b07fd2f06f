// The evaluate stage: compiled expressions read on bound columns, record by record.
// Knows neither JSON nor how selection is computed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <type_traits>
#include <utility>
#include <vector>

#include "src/bind/dataset_data.hpp"
#include "src/compile/model.hpp"

namespace thidua::detail {

// What the awards decided so far in a run; `eligible(x)` and `awarded(x)` read it.
struct AwardFacts {
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
  Evaluator(const CompiledPolicy& policy, const DatasetData& data, const std::vector<AwardFacts>& awards);

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

  // A value printed for people: "true", "92.75", "Tốt", "[\"Lao động tiên tiến\"]", "VP".
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
  bool contains(const Expr& e, const Frame& frame) const;

  const CompiledPolicy& policy_;
  const DatasetData& data_;
  const std::vector<AwardFacts>& awards_;
  std::vector<std::uint32_t> text_constant_ids_;
  // Reverse relation indexes, built on first use: (entity, field) → records grouped by owner.
  struct Index {
    std::vector<std::uint32_t> offsets, records;
  };
  mutable std::map<std::pair<std::int32_t, std::int32_t>, Index> indexes_;
};

}  // namespace thidua::detail
