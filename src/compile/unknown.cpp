// Which expressions may have no value on some data: those that read an optional field,
// directly or through a derived fact, a relation, or an award whose candidates may be left
// undecided (pending or deferred). The evaluator reads only these three-valued.
#include <algorithm>
#include <vector>

#include "src/compile/model.hpp"

namespace thidua::detail {

namespace {

class Marker {
 public:
  explicit Marker(CompiledPolicy& policy) : p_(policy) {
    eligible_unknown_.assign(p_.awards.size(), 0);
    awarded_unknown_.assign(p_.awards.size(), 0);
  }

  void run() {
    // An award's facts may become unknown once another award's are: repeat until nothing
    // changes (flags only ever turn on, so this ends within one round per award).
    for (bool changed = true; changed;) {
      changed = false;
      derived_state_.assign(p_.entities.size(), {});
      for (std::size_t e = 0; e < p_.entities.size(); ++e)
        derived_state_[e].assign(p_.entities[e].derived.size(), State::unvisited);
      for (std::size_t e = 0; e < p_.entities.size(); ++e)
        for (std::size_t d = 0; d < p_.entities[e].derived.size(); ++d) derived(static_cast<int>(e), static_cast<int>(d));
      for (std::size_t a = 0; a < p_.awards.size(); ++a) {
        const auto [eligible, awarded] = award(p_.awards[a]);
        if (eligible && !eligible_unknown_[a]) eligible_unknown_[a] = 1, changed = true;
        if (awarded && !awarded_unknown_[a]) awarded_unknown_[a] = 1, changed = true;
      }
    }
  }

 private:
  enum class State : std::uint8_t { unvisited, visiting, unknown, known };
  CompiledPolicy& p_;
  std::vector<std::uint8_t> eligible_unknown_, awarded_unknown_;
  std::vector<std::vector<State>> derived_state_;
 public:
  std::vector<std::pair<SourceRange, Message>> not_supported_;
 private:

  bool derived(int entity, int index) {
    auto& state = derived_state_[static_cast<std::size_t>(entity)][static_cast<std::size_t>(index)];
    if (state == State::unknown || state == State::known) return state == State::unknown;
    if (state == State::visiting) return false;  // the checker rejects cycles; stay safe
    state = State::visiting;
    auto& def = p_.entities[static_cast<std::size_t>(entity)].derived[static_cast<std::size_t>(index)];
    state = mark(def.value, entity) ? State::unknown : State::known;
    return state == State::unknown;
  }

  bool mark(Expr& e, int entity) {
    bool unknown = false;
    switch (e.op) {
      case Op::field:
        unknown = entity >= 0 && p_.entities[static_cast<std::size_t>(entity)].fields[static_cast<std::size_t>(e.a)].optional;
        break;
      case Op::derived: unknown = entity >= 0 && derived(entity, e.a); break;
      // A record whose optional relation is missing may be a member of any record.
      case Op::members_of:
        unknown = p_.entities[static_cast<std::size_t>(e.a)].fields[static_cast<std::size_t>(e.b)].optional;
        break;
      case Op::eligible: unknown = eligible_unknown_[static_cast<std::size_t>(e.a)] != 0; break;
      case Op::awarded: unknown = awarded_unknown_[static_cast<std::size_t>(e.a)] != 0; break;
      // The second argument is read for a record of the first's entity.
      case Op::at_record:
      case Op::filter:
      case Op::all:
      case Op::sum: case Op::min: case Op::max: case Op::avg: {
        const bool outer = mark(e.args[0], entity);
        const bool inner = mark(e.args[1], e.args[0].type.ref);
        unknown = outer || inner;
        break;
      }
      // The history functions read their condition for each record of the first argument, and
      // have no three-valued reading yet: the checker rejects them on data that may be missing.
      case Op::consecutive_years:
      case Op::last_years: {
        const bool outer = mark(e.args[0], entity);
        const bool inner = e.op == Op::consecutive_years && mark(e.args[1], e.args[0].type.ref);
        bool rest = false;
        for (std::size_t i = e.op == Op::consecutive_years ? 2 : 1; i < e.args.size(); ++i) rest = mark(e.args[i], entity) || rest;
        if (outer || inner || rest)
          not_supported_.push_back({e.range, {"consecutive_years() and last_years() cannot read optional fields ('?') yet",
                                              "consecutive_years() và last_years() chưa đọc được trường không bắt buộc ('?')"}});
        break;
      }
      default:
        for (auto& arg : e.args) unknown = mark(arg, entity) || unknown;
    }
    e.may_be_unknown = unknown;
    return unknown;
  }

 public:
  // A sheet's rules are read two-valued: one that reads an optional field (other than its
  // `verified` points, which are read apart) cannot be scored yet.
  void sheet(SheetDef& sheet) {
    auto check = [&](Expr& e) {
      if (mark(e, sheet.entity))
        not_supported_.push_back({e.range, {"a scoring sheet cannot read optional fields ('?') yet, except as verified points",
                                            "bảng chấm điểm chưa đọc được trường không bắt buộc ('?'), trừ điểm thẩm định"}});
    };
    for (auto& part : sheet.parts) {
      if (part.applies) check(*part.applies);
      if (part.kind == SheetPartDef::section) continue;
      check(part.rule.value);
      for (auto& row : part.rule.rows)
        if (row.condition) check(*row.condition);
    }
  }

 private:
  bool condition(ConditionDef& c, int entity) {
    for (auto& input : c.inputs) mark(input, entity);
    return mark(c.expr, entity);
  }

  // Whether the award's eligibility, and its selection, may be undecided for a candidate.
  std::pair<bool, bool> award(AwardDef& award) {
    if (award.open_when) condition(*award.open_when, -1);
    bool eligible = false, awarded = false;
    for (auto& block : award.blocks) {
      const int entity = block.entity;
      for (auto& c : block.requirements) eligible = condition(c, entity) || eligible;
      for (auto& c : block.deferrals) {
        condition(c, entity);
        eligible = true;  // a deferred candidate's eligibility is not decided yet
      }
      for (auto& key : block.rank_keys) awarded = mark(key.key, entity) || awarded;
      if (block.cap) mark(*block.cap, -1);
      if (block.group_cap) {
        mark(block.group_cap->limit, block.group_cap->group_entity);
        if (block.group_cap->apportion) {
          mark(block.group_cap->apportion->total, -1);
          mark(block.group_cap->apportion->weight, block.group_cap->group_entity);
        }
      }
      for (auto& bound : block.bounds) {
        mark(bound.limit, bound.field >= 0 ? bound.group_entity : -1);
        if (bound.where) awarded = mark(*bound.where, entity) || awarded;
      }
    }
    for (const auto higher : award.outranked_by)
      if (awarded_unknown_[static_cast<std::size_t>(higher)]) awarded = true;
    return {eligible, eligible || awarded};
  }
};

}  // namespace

std::vector<std::pair<SourceRange, Message>> mark_unknowns(CompiledPolicy& policy) {
  Marker marker(policy);
  marker.run();
  for (auto& s : policy.sheets) marker.sheet(s);
  // Marked once per round of run(): report each place once.
  auto& found = marker.not_supported_;
  std::sort(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.first.begin < y.first.begin; });
  found.erase(std::unique(found.begin(), found.end(), [](const auto& x, const auto& y) { return x.first.begin == y.first.begin; }),
              found.end());
  return std::move(found);
}

}  // namespace thidua::detail
