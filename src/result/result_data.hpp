// Everything a run decided, kept so that the result, an explanation or a report can be
// written from it without evaluating again.
#pragma once

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <vector>

#include "src/bind/dataset_data.hpp"
#include "src/compile/model.hpp"
#include "src/evaluate/evaluate.hpp"
#include "src/select/select.hpp"
#include "thidua/result.hpp"

namespace thidua::detail {

// A value per record that most records keep at its default (where a plan has no lower bounds,
// no record is reserved for one): its memory is taken only when a record first differs.
template <class T, T fallback>
class LazyColumn {
 public:
  // n records, all at the default.
  void reset(std::size_t n) {
    records_ = n;
    values_ = {};
  }
  T operator[](std::size_t r) const { return values_.empty() ? fallback : values_[r]; }
  void set(std::size_t r, T value) {
    if (values_.empty()) {
      if (value == fallback) return;
      values_.assign(records_, fallback);
    }
    values_[r] = value;
  }
  // The values held: none until one is set (for prefetching).
  std::size_t size() const { return values_.size(); }
  const T* data() const { return values_.data(); }

 private:
  std::size_t records_ = 0;
  std::vector<T> values_;
};

// Which quota kept a candidate out: the block's cap, its group cap, or one of its bounds.
enum class Stop : std::uint8_t { none, overall, group, bound };

// One award's decision for one entity kind (a `for` block).
struct BlockOutcome {
  std::int32_t entity = -1;
  std::optional<Number> cap;             // the quota as evaluated; none when uncapped
  std::vector<Number> group_caps;        // `at most ... per`: per group record; else empty
  // With `apportion(...)`: the total shared, and the groups that tied for the last places
  // (the method could not tell them apart; the places went by group order).
  std::optional<Number> apportioned_total;
  std::vector<std::uint32_t> apportion_tied;
  std::size_t apportion_tied_places = 0;
  // By BlockDef::bounds: the limit as evaluated, once or per group record.
  std::vector<std::vector<Number>> bound_limits;
  // By BlockDef::bounds, for `shared with`: the places the other awards' recipients took, once
  // or per group record (empty otherwise).
  std::vector<std::vector<std::uint32_t>> bound_taken_by_others;
  std::size_t candidates = 0;            // eligible and not excluded (ranked only when open)
  std::vector<std::uint32_t> ranked;     // eligible, not excluded records, best first
  std::vector<std::uint32_t> rank;       // per record: 1-based place in `ranked`, 0 if absent
  std::vector<std::uint8_t> selected;    // per record
  std::vector<Stop> stopped_by;          // per record: the quota that kept it out
  LazyColumn<std::int32_t, -1> stopped_bound;  // per record, with Stop::bound: which bound
  // Per record kept out by a quota: how many that quota already counts among the selected
  // ("already 2 of 2"), and for a share, how many were selected in all that it is a share of.
  LazyColumn<std::uint32_t, 0> stopped_taken;
  LazyColumn<std::uint32_t, 0> stopped_among;
  // Per record: the lower bound whose places the quota kept (-1 if none), and its group.
  LazyColumn<std::int32_t, -1> reserved_for;
  LazyColumn<std::int64_t, -1> reserved_group;
  // False when no selection meets every quota: nobody is selected, and `unmet` says which
  // lower bounds cannot be met. `proven` false: the search gave up before proving the
  // selection the best (it meets every quota).
  bool feasible = true;
  bool proven = true;
  Method method = Method::greedy;
  struct Unmet {
    std::int32_t bound = -1;
    std::int64_t group = -1;      // the group record with `per`
    std::size_t candidates = 0;   // candidates the bound counts
  };
  std::vector<Unmet> unmet;
  // For a record kept out: the last one that quota let in (-1 if none), and the first rank
  // key on which the two differ (-1 when they differ only by id).
  LazyColumn<std::int64_t, -1> cut_by;
  LazyColumn<std::int32_t, -1> deciding_key;
  LazyColumn<std::int32_t, -1> excluded_by; // per record: the higher award received, or -1
  // Failed requirements of record r: failed[failed_offsets[r] .. failed_offsets[r + 1]),
  // as indices into BlockDef::requirements.
  std::vector<std::uint32_t> failed_offsets;
  std::vector<std::uint16_t> failed;
  // Undecided candidates, per record like `failed`: the conditions (requirements and `defer
  // when`s) that are unknown for it, and the `defer when`s that hold.
  std::vector<std::uint32_t> unknown_offsets;
  std::vector<const ConditionDef*> unknown;
  std::vector<std::uint32_t> deferred_offsets;
  std::vector<const ConditionDef*> deferred;
  std::size_t undecided = 0;  // how many records are pending or deferred (unless closed)
  // Per record: the higher award (precedence) for which it is pending or deferred, or -1.
  LazyColumn<std::int32_t, -1> waiting_for;
  // Eligible candidates with an unknown rank key, quota condition or `per` group: its text (the
  // key as written, the quota's label), and the expression (none for a group).
  std::map<std::uint32_t, std::vector<std::pair<std::string, const Expr*>>> unknown_keys;
  struct Tie {
    std::vector<std::uint32_t> records;   // rank order
    std::vector<std::uint32_t> selected;  // rank order
    std::int64_t group = -1;              // the group record when a per-group quota cut it
    std::int32_t bound = -1;              // the bound that cut it, if one did
  };
  std::vector<Tie> ties;

  std::span<const ConditionDef* const> unknown_of(std::uint32_t record) const {
    return std::span<const ConditionDef* const>(unknown).subspan(unknown_offsets[record],
                                                               unknown_offsets[record + 1] - unknown_offsets[record]);
  }
  std::span<const ConditionDef* const> deferred_of(std::uint32_t record) const {
    return std::span<const ConditionDef* const>(deferred).subspan(deferred_offsets[record],
                                                                deferred_offsets[record + 1] - deferred_offsets[record]);
  }
  std::span<const std::uint16_t> failed_of(std::uint32_t record) const {
    return std::span<const std::uint16_t>(failed).subspan(failed_offsets[record],
                                                          failed_offsets[record + 1] - failed_offsets[record]);
  }
};

struct AwardOutcome {
  bool open = true;
  std::vector<BlockOutcome> blocks;  // parallel to AwardDef::blocks
};

struct ResultData {
  std::shared_ptr<const CompiledPolicy> policy;
  std::shared_ptr<const DatasetData> data;
  std::vector<AwardOutcome> awards;  // parallel to CompiledPolicy::awards
  std::vector<AwardFacts> facts;     // parallel to CompiledPolicy::awards
  std::optional<int> review_year;    // the run's year under review, when it gave one

  Status status(std::int32_t award, std::size_t block, std::uint32_t record) const;
  // A pending candidate's missing fields, as Evaluator::missing_fields names them.
  std::vector<std::string> missing(const Evaluator& evaluator, std::int32_t award, std::size_t block,
                                   std::uint32_t record) const;
};

// An award's recipients, every entity kind together, best rank first (equal ranks in block
// order): pairs of block index and record.
std::vector<std::pair<std::size_t, std::uint32_t>> recipients(const ResultData& result, std::int32_t award);

// The group record a candidate's relation field names; -1 when the field has no value.
inline std::int64_t group_of_record(const DatasetData& data, std::int32_t entity, std::int32_t field, std::uint32_t record) {
  const auto& column = data.tables[static_cast<std::size_t>(entity)].columns[static_cast<std::size_t>(field)];
  if (!column.present.empty() && !column.present[record]) return -1;
  return column.codes[record];
}

// The records of an entity in id byte order: how groups are listed and apportioned, so that
// the data's order changes nothing.
inline std::vector<std::uint32_t> records_in_id_order(const DatasetData& data, std::int32_t entity) {
  const auto& ids = data.tables[static_cast<std::size_t>(entity)].ids;
  std::vector<std::uint32_t> order(ids.size());
  for (std::uint32_t r = 0; r < order.size(); ++r) order[r] = r;
  std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) { return ids[x] < ids[y]; });
  return order;
}

// Result members for the quotas beyond a block's cap and group cap (src/result/quota_json.cpp):
// for a candidate kept out by a bound, the places kept for a lower bound, an apportionment,
// and the block's bounds with whether a selection exists and is proven best.
class JsonWriter;
void write_bound_stop(JsonWriter& w, const ResultData& result, const BlockDef& block, const BlockOutcome& out,
                      std::uint32_t record);
void write_reserved_for(JsonWriter& w, const ResultData& result, const BlockDef& block, const BlockOutcome& out,
                        std::uint32_t record);
void write_apportionment(JsonWriter& w, const ResultData& result, const BlockDef& block, const BlockOutcome& out);
void write_bounds(JsonWriter& w, const ResultData& result, const BlockDef& block, const BlockOutcome& out);

// Builds the result JSON (CONTRACT §4) and explanations from a ResultData.
// write_result_json writes the text as nlohmann's dump(indent) would; result_json is that
// text parsed, for callers who want the document. Without candidates, the per-candidate
// members ("candidates", "scores") are left out.
class JsonWriter;
void write_result_json(const ResultData& result, JsonWriter& writer, bool candidates = true);
std::string result_json_text(const ResultData& result, int indent, bool candidates = true);
nlohmann::ordered_json result_json(const ResultData& result);
std::string explain_candidate(const ResultData& result, std::int32_t entity, std::uint32_t record, Language language);

// Scoring sheets (src/result/sheet_result.cpp): the result's "scores" member, and the sheets of
// a candidate as tables for its explanation.
void write_scores(JsonWriter& w, const ResultData& result);
std::string explain_sheets(const Evaluator& evaluator, std::int32_t entity, std::uint32_t record, Language language);

}  // namespace thidua::detail
