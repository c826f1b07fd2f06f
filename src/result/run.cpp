// Runs a compiled policy on bound data: eligibility and selection of every award, in the
// dependency order the checker fixed.
#include <algorithm>
#include <exception>
#include <numeric>
#include <thread>
#include <nlohmann/json.hpp>

#include "src/evaluate/key_table.hpp"
#include "src/result/result_data.hpp"
#include "src/select/apportion.hpp"
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
    case Status::pending: return "pending";
    case Status::deferred: return "deferred";
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
  // A known failure decides whatever a review finds; a review defers whatever data is missing.
  if (!b.deferred_of(record).empty()) return Status::deferred;
  if (!b.unknown_of(record).empty() || b.waiting_for[record] >= 0 || b.unknown_keys.count(record)) return Status::pending;
  return b.selected[record] ? Status::selected : Status::not_selected;
}

std::vector<std::string> ResultData::missing(const Evaluator& evaluator, std::int32_t award, std::size_t block,
                                             std::uint32_t record) const {
  const auto& b = awards[static_cast<std::size_t>(award)].blocks[block];
  const Frame frame{b.entity, record, nullptr};
  std::vector<std::string> names;
  for (const auto* c : b.unknown_of(record)) evaluator.missing_fields(c->expr, frame, names);
  if (const auto it = b.unknown_keys.find(record); it != b.unknown_keys.end()) {
    const auto& block_def = policy->awards[static_cast<std::size_t>(award)].blocks[block];
    for (const auto& [text, e] : it->second) {
      if (e) {
        evaluator.missing_fields(*e, frame, names);
        continue;
      }
      // A `per` quota's relation: name it as missing_fields would.
      std::vector<std::int32_t> fields;
      if (block_def.group_cap) fields.push_back(block_def.group_cap->field);
      for (const auto& bound : block_def.bounds) fields.push_back(bound.field);
      for (const auto field : fields)
        if (field >= 0 && group_of_record(*data, b.entity, field, record) < 0) {
          const auto& name = policy->entities[static_cast<std::size_t>(b.entity)].fields[static_cast<std::size_t>(field)].name;
          if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
        }
    }
  }
  return names;
}

namespace {

class Run {
 public:
  Run(std::shared_ptr<const CompiledPolicy> policy, std::shared_ptr<const DatasetData> data,
      std::optional<int> review_year)
      : result_(std::make_shared<ResultData>()) {
    result_->policy = std::move(policy);
    result_->data = std::move(data);
    result_->review_year = review_year;
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
    evaluator_.emplace(p, *result_->data, result_->facts, result_->review_year);
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
    facts.open = !award.open_when || evaluator_->known_truth(award.open_when->expr, Frame{});
    outcome.open = facts.open;
    for (std::size_t b = 0; b < award.blocks.size(); ++b) {
      const auto& block = award.blocks[b];
      auto& out = outcome.blocks[b];
      auto& eligible = facts.eligible[static_cast<std::size_t>(block.entity)];
      const auto n = static_cast<std::uint32_t>(table(block.entity).size);
      out.entity = block.entity;
      out.failed_offsets.assign(n + 1, 0);
      out.unknown_offsets.assign(n + 1, 0);
      out.deferred_offsets.assign(n + 1, 0);
      if (!use_threads(n)) {
        decide_records(*evaluator_, block, 0, n, out.failed, out.unknown, out.deferred, out, eligible);
        continue;
      }
      // The second half of the records on a second thread, with an evaluator of its own (one
      // caches indexes as it goes), into lists of its own that are appended after. An error in
      // the first half is the first in record order, as on one thread; else the second's is.
      const std::uint32_t half = n / 2;
      std::vector<std::uint16_t> failed;
      std::vector<const ConditionDef*> unknown, deferred;
      std::exception_ptr error;
      {
        std::jthread second([&] {
          try {
            const Evaluator evaluator(*result_->policy, *result_->data, result_->facts, result_->review_year);
            decide_records(evaluator, block, half, n, failed, unknown, deferred, out, eligible);
          } catch (...) {
            error = std::current_exception();
          }
        });
        decide_records(*evaluator_, block, 0, half, out.failed, out.unknown, out.deferred, out, eligible);
      }
      if (error) std::rethrow_exception(error);
      const auto failed_base = static_cast<std::uint32_t>(out.failed.size());
      const auto unknown_base = static_cast<std::uint32_t>(out.unknown.size());
      const auto deferred_base = static_cast<std::uint32_t>(out.deferred.size());
      for (std::uint32_t r = half + 1; r <= n; ++r) {
        out.failed_offsets[r] += failed_base;
        out.unknown_offsets[r] += unknown_base;
        out.deferred_offsets[r] += deferred_base;
      }
      out.failed.insert(out.failed.end(), failed.begin(), failed.end());
      out.unknown.insert(out.unknown.end(), unknown.begin(), unknown.end());
      out.deferred.insert(out.deferred.end(), deferred.begin(), deferred.end());
    }
  }

  // Reads the requirements and deferrals of records [begin, end) of a block: appends what
  // failed, what is unknown and the deferrals that hold to the three lists, and sets each
  // record's offsets (where its entries end, counted from the lists' start) and eligibility.
  static void decide_records(const Evaluator& evaluator, const BlockDef& block, std::uint32_t begin, std::uint32_t end,
                             std::vector<std::uint16_t>& failed, std::vector<const ConditionDef*>& unknown,
                             std::vector<const ConditionDef*>& deferred, BlockOutcome& out,
                             std::vector<std::uint8_t>& eligible) {
    for (std::uint32_t r = begin; r < end; ++r) {
      const Frame frame{block.entity, r, nullptr};
      const auto failed_before = failed.size(), unknown_before = unknown.size(), deferred_before = deferred.size();
      // Every requirement is read, not only up to the first failure: the explanation
      // lists all that failed.
      for (std::size_t i = 0; i < block.requirements.size(); ++i) {
        const auto& c = block.requirements[i];
        const Truth t = evaluator.truth3(c.expr, frame);  // two-valued unless it may read a missing value
        if (t == Truth::no) failed.push_back(static_cast<std::uint16_t>(i));
        else if (t == Truth::unknown) unknown.push_back(&c);
      }
      for (const auto& c : block.deferrals) {
        const Truth t = evaluator.truth3(c.expr, frame);
        if (t == Truth::yes) deferred.push_back(&c);
        else if (t == Truth::unknown) unknown.push_back(&c);  // whether to defer is unknown
      }
      out.failed_offsets[r + 1] = static_cast<std::uint32_t>(failed.size());
      out.unknown_offsets[r + 1] = static_cast<std::uint32_t>(unknown.size());
      out.deferred_offsets[r + 1] = static_cast<std::uint32_t>(deferred.size());
      const bool undecided = unknown.size() != unknown_before || deferred.size() != deferred_before;
      eligible[r] = failed.size() != failed_before ? 0 : undecided ? AwardFacts::undecided : 1;
    }
  }

  // Rank keys where larger is better: a condition is 1 or 0, a scale item counts down from the
  // best, and `asc` keys are negated. A field of numbers is read from its column straight into
  // 64-bit integers when its values fit (no rational is built); any other key is evaluated.
  KeyTable rank_keys(const BlockDef& block, const std::vector<std::uint32_t>& pool) const {
    KeyTable keys(pool.size(), block.rank_keys.size());
    for (std::size_t j = 0; j < block.rank_keys.size(); ++j) {
      const auto& key = block.rank_keys[j];
      auto frame = [&](std::size_t i) { return Frame{block.entity, pool[i], nullptr}; };
      const std::int64_t sign = key.descending ? 1 : -1;
      if (key.key.type.kind == Type::boolean || key.key.type.kind == Type::enumeration) {
        std::vector<std::int64_t> values(pool.size());
        for (std::size_t i = 0; i < pool.size(); ++i)
          values[i] = key.key.type.kind == Type::boolean ? sign * evaluator_->truth(key.key, frame(i))
                                                         : -sign * evaluator_->code(key.key, frame(i));
        keys.set_integers(j, std::move(values));
        continue;
      }
      if (key.key.op == Op::field &&
          keys.set_scaled(j, table(block.entity).columns[static_cast<std::size_t>(key.key.a)].numbers, pool, !key.descending))
        continue;
      std::vector<Number> values(pool.size());
      for (std::size_t i = 0; i < pool.size(); ++i) {
        Number value = evaluator_->number(key.key, frame(i));
        values[i] = key.descending ? std::move(value) : -value;
      }
      keys.set_numbers(j, std::move(values));
    }
    return keys;
  }

  // Whether an eligible candidate cannot be ranked or counted: a rank key or a quota's
  // condition reads a missing value. Such a candidate is pending, and takes no place.
  bool unknown_for_selection(const BlockDef& block, std::uint32_t record, BlockOutcome& out) const {
    const Frame frame{block.entity, record, nullptr};
    std::vector<std::pair<std::string, const Expr*>> unknown;
    for (const auto& key : block.rank_keys)
      if (key.key.may_be_unknown && evaluator_->unknown(key.key, frame)) unknown.emplace_back(key.source_text, &key.key);
    for (const auto& bound : block.bounds)
      if (bound.where && bound.where->may_be_unknown && evaluator_->truth3(*bound.where, frame) == Truth::unknown)
        unknown.emplace_back(bound.label, &*bound.where);
    // A `per` quota's group is unknown when the optional relation that names it is missing.
    const auto& data = *result_->data;
    auto no_group = [&](std::int32_t field) { return field >= 0 && group_of_record(data, block.entity, field, record) < 0; };
    if (block.group_cap && no_group(block.group_cap->field)) unknown.emplace_back(block.group_cap->label, nullptr);
    for (const auto& bound : block.bounds)
      if (no_group(bound.field)) unknown.emplace_back(bound.label, nullptr);
    if (unknown.empty()) return false;
    out.unknown_keys.emplace(record, std::move(unknown));
    return true;
  }

  // Where each quota of the selection problem comes from, to report it in the policy's terms.
  struct Origin {
    Stop stop = Stop::none;
    std::int32_t bound = -1;
    std::int64_t group = -1;
  };

  // What the selection decided for the candidate at one place in rank order, side by side
  // in memory, to be written by record (see select()).
  struct Place {
    std::uint32_t cut_by = none;  // the place of the last candidate its quota let in above it
    std::int32_t stopped_by = -1;
    std::int32_t reserved_for = -1;
    std::int16_t deciding_key = -1;
    std::uint8_t selected = 0;
    static constexpr std::uint32_t none = UINT32_MAX;
  };

  // For each candidate a quota kept out: the last candidate that quota let in above it, and
  // the first rank key that separates them, so an explanation can say what it would have needed.
  static void explain_cuts(std::vector<Place>& places, const SelectionProblem& problem, const Selection& selection,
                           const KeyTable& keys, std::size_t k) {
    for (std::size_t q = 0; q < problem.quotas.size(); ++q) {
      std::optional<std::size_t> last;
      for (const auto i : problem.quotas[q].members) {  // in rank order
        if (selection.selected[i]) {
          last = i;
          continue;
        }
        if (selection.stopped_by[i] != static_cast<std::int32_t>(q) || !last) continue;
        places[i].cut_by = static_cast<std::uint32_t>(*last);
        for (std::size_t j = 0; j < k; ++j) {
          if (keys.compare(i, *last, j) != 0) {
            places[i].deciding_key = static_cast<std::int16_t>(j);
            break;
          }
        }
      }
    }
  }

  // A quota as a count of places: negative is 0; beyond what the pool could need it is moot.
  static std::size_t places(const Number& quota, std::size_t pool) {
    if (quota < 0) return 0;
    const Integer whole = boost::multiprecision::numerator(quota);
    return whole > pool ? pool + 1 : whole.convert_to<std::size_t>();
  }

  // The group cap's limit for each group record, as written or apportioned.
  void group_limits(const GroupCapDef& group_cap, BlockOutcome& out) {
    const auto group_count = table(group_cap.group_entity).size;
    if (!group_cap.apportion) {
      for (std::uint32_t g = 0; g < group_count; ++g) {
        Number quota = evaluator_->known_number(group_cap.limit, Frame{group_cap.group_entity, g, nullptr});
        out.group_caps.push_back(quota < 0 ? Number(0) : std::move(quota));
      }
      return;
    }
    const auto& shared = *group_cap.apportion;
    Number total = evaluator_->known_number(shared.total, Frame{});
    if (total < 0) total = 0;
    // Groups in id order, so that a tie goes the same way whatever the data's order.
    const auto groups = records_in_id_order(*result_->data, group_cap.group_entity);
    std::vector<Number> weights;
    for (const auto g : groups) weights.push_back(evaluator_->known_number(shared.weight, Frame{group_cap.group_entity, g, nullptr}));
    Number sum = 0;
    for (const auto& w : weights) {
      if (w < 0) throw Error("apportion(): a weight is negative (" + to_string(w) + "): " + group_cap.source_text);
      sum += w;
    }
    if (group_count == 0 || sum == 0)
      throw Error("apportion(): every weight is 0, so the places cannot be shared: " + group_cap.source_text);
    const auto result = apportion(weights, boost::multiprecision::numerator(total).convert_to<std::size_t>(), shared.method);
    out.group_caps.resize(group_count);
    for (std::size_t i = 0; i < groups.size(); ++i) out.group_caps[groups[i]] = result.seats[i];
    out.apportioned_total = std::move(total);
    for (const auto i : result.tied) out.apportion_tied.push_back(groups[i]);
    out.apportion_tied_places = result.tied_places;
  }

  void select(std::int32_t a) {
    const auto& policy = *result_->policy;
    const auto& award = policy.awards[static_cast<std::size_t>(a)];
    auto& outcome = result_->awards[static_cast<std::size_t>(a)];
    auto& facts = result_->facts[static_cast<std::size_t>(a)];
    for (std::size_t b = 0; b < award.blocks.size(); ++b) {
      const auto& block = award.blocks[b];
      auto& out = outcome.blocks[b];
      const auto& id_rank = table(block.entity).id_rank;
      const auto n = static_cast<std::uint32_t>(table(block.entity).size);
      out.excluded_by.reset(n);
      out.rank.assign(n, 0);
      out.selected.assign(n, 0);
      out.stopped_by.assign(n, Stop::none);
      out.stopped_bound.reset(n);
      out.stopped_taken.reset(n);
      out.stopped_among.reset(n);
      out.reserved_for.reset(n);
      out.reserved_group.reset(n);
      out.cut_by.reset(n);
      out.deciding_key.reset(n);
      out.waiting_for.reset(n);
      std::vector<std::uint32_t> pool;
      pool.reserve(n);  // pages are only touched as it fills
      auto& awarded = facts.selected[static_cast<std::size_t>(block.entity)];
      const auto& eligible = facts.eligible[static_cast<std::size_t>(block.entity)];
      for (std::uint32_t r = 0; r < n; ++r) {
        for (const auto higher : award.outranked_by) {
          // Empty when the higher award is not given to this entity kind.
          const auto& received = result_->facts[static_cast<std::size_t>(higher)].selected[static_cast<std::size_t>(block.entity)];
          if (!received.empty() && received[r] == 1) {
            out.excluded_by.set(r, higher);
            out.waiting_for.set(r, -1);
            break;
          }
          // Undecided for the higher award: so is this one, until that is decided.
          if (!received.empty() && received[r] == AwardFacts::undecided && out.waiting_for[r] < 0) out.waiting_for.set(r, higher);
        }
        if (out.excluded_by[r] >= 0 || !eligible[r]) continue;
        const bool undecided = eligible[r] == AwardFacts::undecided || out.waiting_for[r] >= 0 ||
                               unknown_for_selection(block, r, out);
        if (!undecided) {
          pool.push_back(r);
        } else if (outcome.open) {
          awarded[r] = AwardFacts::undecided;
          ++out.undecided;
        }
      }
      // The quotas are evaluated (and shown) even when the award is closed.
      if (block.cap) {
        Number cap = evaluator_->known_number(*block.cap, Frame{});
        out.cap = cap < 0 ? Number(0) : cap;
      }
      if (block.group_cap) group_limits(*block.group_cap, out);
      for (const auto& bound : block.bounds) {
        auto& limits = out.bound_limits.emplace_back();
        if (bound.field < 0) {
          limits.push_back(evaluator_->known_number(bound.limit, Frame{}));
        } else {
          for (std::uint32_t g = 0; g < table(bound.group_entity).size; ++g)
            limits.push_back(evaluator_->known_number(bound.limit, Frame{bound.group_entity, g, nullptr}));
        }
        for (auto& limit : limits)
          if (limit < 0) limit = 0;
        // `shared with`: the places the awards decided before took, in each group with `per`.
        auto& others = out.bound_taken_by_others.emplace_back();
        if (!bound.shared_with.empty()) {
          others.assign(limits.size(), 0);
          for (const auto other : bound.shared_with) {
            const auto& received = result_->facts[static_cast<std::size_t>(other)].selected[static_cast<std::size_t>(block.entity)];
            for (std::uint32_t r = 0; r < received.size(); ++r) {
              if (received[r] != 1) continue;
              const auto g = bound.field < 0 ? 0 : group_of_record(*result_->data, block.entity, bound.field, r);
              if (g >= 0 && static_cast<std::size_t>(g) < others.size()) ++others[static_cast<std::size_t>(g)];
            }
          }
        }
      }
      out.candidates = pool.size();
      if (!outcome.open) continue;

      // Rank order: the keys, then the id in byte order, so that every run agrees.
      const std::size_t k = block.rank_keys.size();
      KeyTable table_of_keys = rank_keys(block, pool);  // integers where the keys allow: a fast sort
      std::vector<std::uint32_t> id_ranks(pool.size());  // the ids in byte order break ties
      for (std::size_t x = 0; x < pool.size(); ++x) id_ranks[x] = id_rank[pool[x]];
      const std::vector<std::size_t>& order = table_of_keys.rank(id_ranks);
      auto compare_keys = [&](std::size_t x, std::size_t y) {  // places in rank order
        for (std::size_t j = 0; j < k; ++j)
          if (const int c = table_of_keys.compare(x, y, j); c != 0) return -c;  // larger first
        return 0;
      };
      SelectionProblem problem;
      problem.work_budget = static_cast<std::size_t>(policy.limits.optimizer_work);
      problem.size = order.size();
      problem.tie_class.resize(order.size());
      for (std::size_t i = 1; i < order.size(); ++i)
        problem.tie_class[i] = problem.tie_class[i - 1] + (compare_keys(i - 1, i) != 0 ? 1 : 0);

      // The quotas as sets of positions in rank order. A group quota is made for each group
      // that has candidates, or, for a lower bound, for every group (one without candidates
      // cannot meet it).
      std::vector<Origin> origins;
      auto add = [&](Origin origin, std::vector<std::uint32_t> members, std::size_t at_least, std::size_t at_most) {
        problem.quotas.push_back(Quota{std::move(members), at_least, at_most});
        origins.push_back(origin);
      };
      const std::size_t m = order.size();
      auto by_group = [&](std::int32_t field, std::size_t group_count, const std::vector<std::uint32_t>& positions) {
        std::vector<std::vector<std::uint32_t>> groups(group_count);
        for (const auto i : positions) {
          const auto g = group_of_record(*result_->data, block.entity, field, pool[order[i]]);
          if (g >= 0 && static_cast<std::size_t>(g) < group_count) groups[static_cast<std::size_t>(g)].push_back(i);
        }
        return groups;
      };
      // A share's origin follows the quotas' (the selection numbers shares after the quotas).
      std::vector<Origin> share_origins;
      auto add_share = [&](Origin origin, const BoundDef& bound, std::vector<std::uint32_t> members, const Number& fraction,
                           std::vector<std::uint32_t> base) {
        const Integer numerator = boost::multiprecision::numerator(fraction), denominator = boost::multiprecision::denominator(fraction);
        if (denominator > 1'000'000'000 || numerator > denominator)
          throw Error("a share of those selected must be a percentage with at most 7 decimals, from 0% to 100%: " + bound.source_text);
        problem.shares.push_back(Share{std::move(base), std::move(members), numerator.convert_to<std::int64_t>(),
                                       denominator.convert_to<std::int64_t>(), bound.at_least});
        share_origins.push_back(origin);
      };
      std::vector<std::uint32_t> everyone(m);
      std::iota(everyone.begin(), everyone.end(), 0);
      if (out.cap) add({Stop::overall, -1, -1}, everyone, 0, places(*out.cap, m));
      if (block.group_cap) {
        auto groups = by_group(block.group_cap->field, out.group_caps.size(), everyone);
        for (std::size_t g = 0; g < groups.size(); ++g)
          if (!groups[g].empty())
            add({Stop::group, -1, static_cast<std::int64_t>(g)}, std::move(groups[g]), 0, places(out.group_caps[g], m));
      }
      for (std::size_t j = 0; j < block.bounds.size(); ++j) {
        const auto& bound = block.bounds[j];
        std::vector<std::uint32_t> counted;
        for (std::uint32_t i = 0; i < m; ++i)
          if (!bound.where || evaluator_->truth(*bound.where, Frame{block.entity, pool[order[i]], nullptr})) counted.push_back(i);
        const auto& limits = out.bound_limits[j];
        // A share per group counts among the group's selected.
        const auto base_groups = bound.share && bound.field >= 0 ? by_group(bound.field, limits.size(), everyone)
                                                                  : std::vector<std::vector<std::uint32_t>>{};
        auto add_bound = [&](std::int64_t group, std::vector<std::uint32_t> members, const Number& limit) {
          if (bound.share) {
            add_share({Stop::bound, static_cast<std::int32_t>(j), group}, bound, std::move(members), limit,
                      group < 0 ? everyone : base_groups[static_cast<std::size_t>(group)]);
          } else if (!bound.shared_with.empty()) {
            const Number left = limit - out.bound_taken_by_others[j][group < 0 ? 0 : static_cast<std::size_t>(group)];
            if (!members.empty()) add({Stop::bound, static_cast<std::int32_t>(j), group}, std::move(members), 0, places(left < 0 ? Number(0) : left, m));
          } else if (bound.at_least) add({Stop::bound, static_cast<std::int32_t>(j), group}, std::move(members), places(limit, m), unlimited);
          else if (!members.empty()) add({Stop::bound, static_cast<std::int32_t>(j), group}, std::move(members), 0, places(limit, m));
        };
        if (bound.field < 0) {
          add_bound(-1, std::move(counted), limits[0]);
        } else {
          auto groups = by_group(bound.field, limits.size(), counted);
          for (std::size_t g = 0; g < groups.size(); ++g) add_bound(static_cast<std::int64_t>(g), std::move(groups[g]), limits[g]);
        }
      }
      origins.insert(origins.end(), share_origins.begin(), share_origins.end());
      const Selection selection = thidua::detail::select(problem);
      out.feasible = selection.feasible;
      out.proven = selection.proven;
      out.method = selection.method;
      for (const auto q : selection.unmet) {
        const auto& origin = origins[q];
        out.unmet.push_back({origin.bound, origin.group, problem.quotas[q].members.size()});
      }

      // What each quota (then each share) counts among the selected.
      auto selected_of = [&](const std::vector<std::uint32_t>& members) {
        std::uint32_t count = 0;
        for (const auto i : members) count += selection.selected[i];
        return count;
      };
      std::vector<std::uint32_t> taken, among;
      for (const auto& quota : problem.quotas) taken.push_back(selected_of(quota.members));
      for (const auto& share : problem.shares) {
        taken.push_back(selected_of(share.members));
        among.push_back(selected_of(share.base));
      }
      // What each place decided, gathered in rank order; then each record's outcome, written in
      // record order (the pool's) with one read of its place: at a million candidates, writing
      // the record's dozen members in rank order would spend its time waiting for memory.
      std::vector<Place> places(order.size());
      for (std::size_t i = 0; i < order.size(); ++i) {
        places[i].selected = selection.selected[i];
        places[i].stopped_by = selection.stopped_by[i];
        places[i].reserved_for = selection.reserved_for[i];
      }
      explain_cuts(places, problem, selection, table_of_keys, k);
      out.ranked.reserve(order.size());
      for (const auto c : order) out.ranked.push_back(pool[c]);
      std::vector<std::uint32_t> place_of(order.size());
      for (std::size_t i = 0; i < order.size(); ++i) place_of[order[i]] = static_cast<std::uint32_t>(i);
      for (std::size_t c = 0; c < pool.size(); ++c) {
        // Places are read out of order: each fetched some records ahead (a miss apiece otherwise).
        if (c + 16 < pool.size()) __builtin_prefetch(places.data() + place_of[c + 16]);
        const std::size_t i = place_of[c];
        const Place& place = places[i];
        const auto record = pool[c];
        out.rank[record] = static_cast<std::uint32_t>(i + 1);
        if (place.cut_by != Place::none) {
          out.cut_by.set(record, pool[order[place.cut_by]]);
          out.deciding_key.set(record, place.deciding_key);
        }
        if (place.selected) {
          out.selected[record] = 1;
          facts.selected[static_cast<std::size_t>(block.entity)][record] = 1;
        }
        if (const auto q = place.stopped_by; q >= 0) {
          out.stopped_by[record] = origins[static_cast<std::size_t>(q)].stop;
          const auto& origin = origins[static_cast<std::size_t>(q)];
          out.stopped_bound.set(record, origin.bound);
          auto stopped_taken = taken[static_cast<std::size_t>(q)];
          if (origin.stop == Stop::bound && !out.bound_taken_by_others[static_cast<std::size_t>(origin.bound)].empty())
            stopped_taken +=
                out.bound_taken_by_others[static_cast<std::size_t>(origin.bound)][origin.group < 0 ? 0 : static_cast<std::size_t>(origin.group)];
          out.stopped_taken.set(record, stopped_taken);
          if (static_cast<std::size_t>(q) >= problem.quotas.size())
            out.stopped_among.set(record, among[static_cast<std::size_t>(q) - problem.quotas.size()]);
        }
        if (const auto q = place.reserved_for; q >= 0) {
          out.reserved_for.set(record, origins[static_cast<std::size_t>(q)].bound);
          out.reserved_group.set(record, origins[static_cast<std::size_t>(q)].group);
        }
      }
      for (const auto& tie : selection.ties) {
        BlockOutcome::Tie t;
        for (const auto i : tie.members) t.records.push_back(pool[order[i]]);
        for (const auto i : tie.selected) t.selected.push_back(pool[order[i]]);
        t.group = origins[tie.quota].group;
        t.bound = origins[tie.quota].bound;
        out.ties.push_back(std::move(t));
      }
    }
  }
};

}  // namespace
}  // namespace detail

Result run(const Policy& policy, const Dataset& data, const RunOptions& options) {
  if (data.data().policy.get() != &policy.compiled())
    throw Error("the dataset was bound to another policy; bind it with this one");
  return Result(detail::Run(policy.shared(), data.shared(), options.year).run());
}

}  // namespace thidua
