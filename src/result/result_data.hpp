// Everything a run decided, kept so that the result, an explanation or a report can be
// written from it without evaluating again.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "src/bind/dataset_data.hpp"
#include "src/compile/model.hpp"
#include "src/evaluate/evaluate.hpp"
#include "src/select/select.hpp"
#include "thidua/result.hpp"

namespace thidua::detail {

// One award's decision for one entity kind (a `for` block).
struct BlockOutcome {
  std::int32_t entity = -1;
  std::optional<Number> cap;             // the quota as evaluated; none when uncapped
  std::vector<Number> group_caps;        // `at most ... per`: per group record; else empty
  std::size_t candidates = 0;            // eligible and not excluded (ranked only when open)
  std::vector<std::uint32_t> ranked;     // eligible, not excluded records, best first
  std::vector<std::uint32_t> rank;       // per record: 1-based place in `ranked`, 0 if absent
  std::vector<std::uint8_t> selected;    // per record
  std::vector<Stop> stopped_by;          // per record: the quota that kept it out
  // For a record kept out: the last one that quota let in (-1 if none), and the first rank
  // key on which the two differ (-1 when they differ only by id).
  std::vector<std::int64_t> cut_by;
  std::vector<std::int32_t> deciding_key;
  std::vector<std::int32_t> excluded_by; // per record: the higher award received, or -1
  // Failed requirements of record r: failed[failed_offsets[r] .. failed_offsets[r + 1]),
  // as indices into BlockDef::requirements.
  std::vector<std::uint32_t> failed_offsets;
  std::vector<std::uint16_t> failed;
  struct Tie {
    std::vector<std::uint32_t> records;   // rank order
    std::vector<std::uint32_t> selected;  // rank order
    std::int64_t group = -1;              // the group record when a per-group quota cut it
  };
  std::vector<Tie> ties;

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

  Status status(std::int32_t award, std::size_t block, std::uint32_t record) const;
};

// An award's recipients, every entity kind together, best rank first (equal ranks in block
// order): pairs of block index and record.
std::vector<std::pair<std::size_t, std::uint32_t>> recipients(const ResultData& result, std::int32_t award);

// Builds the result JSON (CONTRACT §4) and explanations from a ResultData.
nlohmann::ordered_json result_json(const ResultData& result);
std::string explain_candidate(const ResultData& result, std::int32_t entity, std::uint32_t record, Language language);

}  // namespace thidua::detail
