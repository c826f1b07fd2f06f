// Runs a compiled policy on bound data: eligibility and selection of every award, in the
// dependency order the checker fixed.
#include <algorithm>
#include <numeric>
#include <nlohmann/json.hpp>

#include "src/result/result_data.hpp"
#include "src/select/select.hpp"
#include "thidua/dataset.hpp"
#include "thidua/errors.hpp"
#include "thidua/policy.hpp"

namespace thidua {

const char* to_string(Status status) {
  switch (status) {
    case Status::selected: return "selected";
    case Status::not_selected: return "not_selected";
    case Status::ineligible: return "ineligible";
    case Status::excluded: return "excluded";
    case Status::closed: return "closed";
  }
  return "?";
}

namespace detail {

Status ResultData::status(std::int32_t award, std::size_t block, std::uint32_t record) const {
  const auto& outcome = awards[static_cast<std::size_t>(award)];
  const auto& b = outcome.blocks[block];
  if (!outcome.open) return Status::closed;
  if (b.excluded_by[record] >= 0) return Status::excluded;
  if (!b.failed_of(record).empty()) return Status::ineligible;
  return b.selected[record] ? Status::selected : Status::not_selected;
}

namespace {

class Run {
 public:
  Run(std::shared_ptr<const CompiledPolicy> policy, std::shared_ptr<const DatasetData> data)
      : result_(std::make_shared<ResultData>()) {
    result_->policy = std::move(policy);
    result_->data = std::move(data);
    const auto& p = *result_->policy;
    result_->awards.resize(p.awards.size());
    result_->facts.resize(p.awards.size());
    for (std::size_t a = 0; a < p.awards.size(); ++a) {
      auto& facts = result_->facts[a];
      facts.eligible.resize(p.entities.size());
      facts.selected.resize(p.entities.size());
      for (const auto& block : p.awards[a].blocks) {
        const auto n = table(block.entity).size;
        facts.eligible[static_cast<std::size_t>(block.entity)].assign(n, 0);
        facts.selected[static_cast<std::size_t>(block.entity)].assign(n, 0);
      }
      result_->awards[a].blocks.resize(p.awards[a].blocks.size());
    }
    evaluator_.emplace(p, *result_->data, result_->facts);
  }

  std::shared_ptr<const ResultData> run() {
    for (const auto& step : result_->policy->steps) {
      if (step.select) select(step.award);
      else decide_eligibility(step.award);
    }
    return result_;
  }

 private:
  std::shared_ptr<ResultData> result_;
  std::optional<Evaluator> evaluator_;

  const Table& table(std::int32_t entity) const { return result_->data->tables[static_cast<std::size_t>(entity)]; }

  void decide_eligibility(std::int32_t a) {
    const auto& award = result_->policy->awards[static_cast<std::size_t>(a)];
    auto& facts = result_->facts[static_cast<std::size_t>(a)];
    auto& outcome = result_->awards[static_cast<std::size_t>(a)];
    facts.open = !award.open_when || evaluator_->truth(award.open_when->expr, Frame{});
    outcome.open = facts.open;
    for (std::size_t b = 0; b < award.blocks.size(); ++b) {
      const auto& block = award.blocks[b];
      auto& out = outcome.blocks[b];
      auto& eligible = facts.eligible[static_cast<std::size_t>(block.entity)];
      const auto n = static_cast<std::uint32_t>(table(block.entity).size);
      out.entity = block.entity;
      out.failed_offsets.assign(1, 0);
      out.failed_offsets.reserve(n + 1);
      for (std::uint32_t r = 0; r < n; ++r) {
        const Frame frame{block.entity, r, nullptr};
        // Every requirement is read, not only up to the first failure: the explanation
        // lists all that failed.
        for (std::size_t i = 0; i < block.requirements.size(); ++i)
          if (!evaluator_->truth(block.requirements[i].expr, frame)) out.failed.push_back(static_cast<std::uint16_t>(i));
        out.failed_offsets.push_back(static_cast<std::uint32_t>(out.failed.size()));
        eligible[r] = out.failed_offsets[r + 1] == out.failed_offsets[r];
      }
    }
  }

  // Rank keys as numbers where larger is better: a condition is 1 or 0, a scale item
  // counts down from the best, and `asc` keys are negated.
  std::vector<Number> rank_keys(const BlockDef& block, const std::vector<std::uint32_t>& pool) const {
    const std::size_t k = block.rank_keys.size();
    std::vector<Number> keys(pool.size() * k);
    for (std::size_t i = 0; i < pool.size(); ++i) {
      const Frame frame{block.entity, pool[i], nullptr};
      for (std::size_t j = 0; j < k; ++j) {
        const auto& key = block.rank_keys[j];
        Number value;
        switch (key.key.type.kind) {
          case Type::boolean: value = evaluator_->truth(key.key, frame) ? 1 : 0; break;
          case Type::enumeration: value = -Number(evaluator_->code(key.key, frame)); break;
          default: value = evaluator_->number(key.key, frame);
        }
        keys[i * k + j] = key.descending ? std::move(value) : -value;
      }
    }
    return keys;
  }

  // For each candidate a quota kept out: the last candidate that quota let in, and the first
  // rank key that separates them, so an explanation can say what it would have needed.
  static void explain_cuts(BlockOutcome& out, const Selection& selection, const Groups* groups,
                           const std::vector<std::uint32_t>& pool, const std::vector<std::size_t>& order,
                           const std::vector<Number>& keys, std::size_t k) {
    const auto n = out.selected.size();
    out.cut_by.assign(n, -1);
    out.deciding_key.assign(n, -1);
    std::optional<std::size_t> last_overall;
    std::vector<std::optional<std::size_t>> last_in_group(groups ? groups->limit.size() : 0);
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (selection.selected[i]) {
        last_overall = i;
        if (groups) last_in_group[groups->of[i]] = i;
        continue;
      }
      const auto& last = selection.stopped_by[i] == Stop::group ? last_in_group[groups->of[i]] : last_overall;
      if (!last) continue;
      const auto record = pool[order[i]];
      out.cut_by[record] = pool[order[*last]];
      for (std::size_t j = 0; j < k; ++j) {
        if (compare(keys[order[i] * k + j], keys[order[*last] * k + j]) != 0) {
          out.deciding_key[record] = static_cast<std::int32_t>(j);
          break;
        }
      }
    }
  }

  void select(std::int32_t a) {
    const auto& policy = *result_->policy;
    const auto& award = policy.awards[static_cast<std::size_t>(a)];
    auto& outcome = result_->awards[static_cast<std::size_t>(a)];
    auto& facts = result_->facts[static_cast<std::size_t>(a)];
    for (std::size_t b = 0; b < award.blocks.size(); ++b) {
      const auto& block = award.blocks[b];
      auto& out = outcome.blocks[b];
      const auto& ids = table(block.entity).ids;
      const auto n = static_cast<std::uint32_t>(table(block.entity).size);
      out.excluded_by.assign(n, -1);
      out.rank.assign(n, 0);
      out.selected.assign(n, 0);
      out.stopped_by.assign(n, Stop::none);
      out.cut_by.assign(n, -1);
      out.deciding_key.assign(n, -1);
      std::vector<std::uint32_t> pool;
      for (std::uint32_t r = 0; r < n; ++r) {
        for (const auto higher : award.outranked_by) {
          // Empty when the higher award is not given to this entity kind.
          const auto& received = result_->facts[static_cast<std::size_t>(higher)].selected[static_cast<std::size_t>(block.entity)];
          if (!received.empty() && received[r]) {
            out.excluded_by[r] = higher;
            break;
          }
        }
        if (out.excluded_by[r] < 0 && facts.eligible[static_cast<std::size_t>(block.entity)][r]) pool.push_back(r);
      }
      if (block.cap) {
        Number cap = evaluator_->number(*block.cap, Frame{});
        out.cap = cap < 0 ? Number(0) : cap;
      }
      out.candidates = pool.size();
      if (!outcome.open) continue;

      // Rank order: the keys, then the id in byte order, so that every run agrees.
      const std::size_t k = block.rank_keys.size();
      const auto keys = rank_keys(block, pool);
      std::vector<std::size_t> order(pool.size());
      std::iota(order.begin(), order.end(), 0);
      auto compare_keys = [&](std::size_t x, std::size_t y) {
        for (std::size_t j = 0; j < k; ++j) {
          const auto& kx = keys[x * k + j];
          const auto& ky = keys[y * k + j];
          if (const int c = compare(kx, ky); c != 0) return -c;  // larger first
        }
        return 0;
      };
      std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
        const int c = compare_keys(x, y);
        return c != 0 ? c < 0 : ids[pool[x]] < ids[pool[y]];
      });
      Ranked ranked;
      ranked.size = order.size();
      ranked.tie_class.resize(order.size());
      for (std::size_t i = 1; i < order.size(); ++i)
        ranked.tie_class[i] = ranked.tie_class[i - 1] + (compare_keys(order[i - 1], order[i]) != 0 ? 1 : 0);

      // Quotas are whole numbers (the checker saw to it); beyond the pool they are moot.
      auto places = [&](const Number& quota) -> std::size_t {
        const Integer whole = boost::multiprecision::numerator(quota);
        return whole >= order.size() ? order.size() : whole.convert_to<std::size_t>();
      };
      std::optional<std::size_t> cap;
      if (out.cap) cap = places(*out.cap);
      std::optional<Groups> groups;
      if (block.group_cap) {
        const auto& group_cap = *block.group_cap;
        const auto group_count = table(group_cap.group_entity).size;
        groups.emplace();
        for (std::uint32_t g = 0; g < group_count; ++g) {
          Number quota = evaluator_->number(group_cap.limit, Frame{group_cap.group_entity, g, nullptr});
          if (quota < 0) quota = 0;
          groups->limit.push_back(places(quota));
          out.group_caps.push_back(std::move(quota));
        }
        const auto& group_of = table(block.entity).columns[static_cast<std::size_t>(group_cap.field)].codes;
        for (const auto position : order) groups->of.push_back(group_of[pool[position]]);
      }
      const Selection selection = select_top(ranked, cap, groups ? &*groups : nullptr);

      for (std::size_t i = 0; i < order.size(); ++i) {
        const auto record = pool[order[i]];
        out.ranked.push_back(record);
        out.rank[record] = static_cast<std::uint32_t>(i + 1);
        out.stopped_by[record] = selection.stopped_by[i];
        if (selection.selected[i]) {
          out.selected[record] = 1;
          facts.selected[static_cast<std::size_t>(block.entity)][record] = 1;
        }
      }
      explain_cuts(out, selection, groups ? &*groups : nullptr, pool, order, keys, k);
      for (const auto& tie : selection.ties) {
        BlockOutcome::Tie t;
        for (const auto i : tie.members) t.records.push_back(pool[order[i]]);
        for (const auto i : tie.selected) t.selected.push_back(pool[order[i]]);
        if (tie.quota == Stop::group) t.group = tie.group;
        out.ties.push_back(std::move(t));
      }
    }
  }
};

}  // namespace
}  // namespace detail

Result run(const Policy& policy, const Dataset& data, const RunOptions&) {
  if (data.data().policy.get() != &policy.compiled())
    throw Error("the dataset was bound to another policy; bind it with this one");
  return Result(detail::Run(policy.shared(), data.shared()).run());
}

}  // namespace thidua
