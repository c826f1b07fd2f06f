// The result as JSON (CONTRACT §4): per award its recipients and ties, per candidate its
// status for every award with the reasons, and what the result was computed from.
// Written as it is computed (JsonWriter), never built as a document first: at a million
// candidates the document would cost gigabytes and most of the run's time.
#include <algorithm>
#include <condition_variable>
#include <exception>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "src/result/json_writer.hpp"
#include "src/result/result_data.hpp"
#include "thidua/version.hpp"

namespace thidua::detail {

namespace {

// Brings column[r] towards the cache, for a writer about to need it: records come in id or rank
// order, not in the input's, and each of a million records' values is a miss of its own. (Inlined
// always: GCC finds a function of prefetches free of effects and drops its calls.)
template <class Column>
[[gnu::always_inline]] inline void prefetch(const Column& column, std::size_t r) {
  if (r < column.size()) __builtin_prefetch(column.data() + r);
}

// The candidate a quota let in last, as a cut explanation shows it: the same for every
// candidate that quota kept out, so each writer renders it once per rank key.
struct CutSide {
  std::string text;  // the key's value, as Evaluator::show
  Number number;     // for a number key, the value
};
using CutSides = std::map<std::tuple<std::int32_t, std::size_t, std::uint32_t, std::int32_t>, CutSide>;

// A rank key's value for a record, as Evaluator::show writes it; for a number key also the value
// itself (shown, it is to_string of it), computed once for both.
std::string show_key(const Evaluator& evaluator, const Expr& key, const Frame& frame, Number* number) {
  if (!key.type.is_number() || (key.may_be_unknown && evaluator.unknown(key, frame))) return evaluator.show(key, frame);
  *number = evaluator.number(key, frame);
  return to_string(*number);
}

// Who held the last place the candidate needed, and by which rank key it fell short: the
// candidate's own value and how far it fell short are left as holes (CutValues fills them).
// Returns the cut side when a rank key decided.
const CutSide* cut_explanation(JsonWriter& w, const ResultData& result, const Evaluator& evaluator, CutSides& sides,
                               std::int32_t a, std::size_t b, const BlockDef& block, const BlockOutcome& out,
                               std::uint32_t record) {
  const auto other = static_cast<std::uint32_t>(out.cut_by[record]);
  w.begin_object();
  w.key("id").value(result.data->tables[static_cast<std::size_t>(block.entity)].ids[other]);
  w.key("rank").value(out.rank[other]);
  const int j = out.deciding_key[record];
  if (j < 0) {
    w.key("decided_by").value("id");  // equal on every key: the tie was split by id
    w.end_object();
    return nullptr;
  }
  const auto& key = block.rank_keys[static_cast<std::size_t>(j)];
  const Frame theirs{block.entity, other, nullptr};
  auto side = sides.find({a, b, other, j});
  if (side == sides.end()) {
    CutSide cut;
    cut.text = show_key(evaluator, key.key, theirs, &cut.number);
    if (key.key.type.is_number() && key.key.may_be_unknown) cut.number = evaluator.number(key.key, theirs);
    side = sides.emplace(std::tuple{a, b, other, j}, std::move(cut)).first;
  }
  w.key("decided_by").value(key.source_text);
  w.key("value").hole();
  w.key("cut_value").value(side->second.text);
  if (key.key.type.is_number()) w.key("short_by").hole();
  w.end_object();
  return &side->second;
}

// Fills the holes cut_explanation left for a record: hole 0 its value of the deciding key,
// hole 1 (a number key) how far it fell short of the cut.
class CutValues {
 public:
  CutValues(const Evaluator& evaluator, const BlockDef& block, const BlockOutcome& out, std::uint32_t record,
            const CutSide& side)
      : evaluator_(evaluator), block_(block), out_(out), record_(record), side_(side) {}

  void write(JsonWriter& w, std::size_t hole) {
    const auto& key = block_.rank_keys[static_cast<std::size_t>(out_.deciding_key[record_])].key;
    const Frame mine{block_.entity, record_, nullptr};
    if (hole == 0) {
      w.value(show_key(evaluator_, key, mine, &value_));
      return;
    }
    if (key.may_be_unknown) value_ = evaluator_.number(key, mine);  // show_key may not have read it
    Number gap = side_.number - value_;
    w.value(to_string(gap < 0 ? Number(-gap) : gap));
  }

 private:
  const Evaluator& evaluator_;
  const BlockDef& block_;
  const BlockOutcome& out_;
  std::uint32_t record_;
  const CutSide& side_;
  Number value_;
};

// Conditions named as `failed` names them: label, the condition as written, standard, line.
void conditions(JsonWriter& w, const CompiledPolicy& policy, std::span<const ConditionDef* const> list) {
  w.begin_array();
  for (const auto* c : list) {
    w.begin_object();
    w.key("label").value(c->label);
    w.key("condition").value(c->source_text);
    if (!c->standard.empty()) w.key("standard").value(c->standard);
    w.key("line").value(policy.source.line_of(c->range.begin));
    w.end_object();
  }
  w.end_array();
}

// A candidate's status for one block. For `selected` and `not_selected` the rank is left as a
// hole, and so are the values of a cut explanation (CandidateWriter fills them): the rest is the
// same for every record with the same CandidateWriter::shape_of. Returns the cut side, if any.
const CutSide* write_status(JsonWriter& w, const ResultData& result, const Evaluator& evaluator, CutSides& sides,
                            std::int32_t a, std::size_t b, std::uint32_t record, Status status) {
  const auto& policy = *result.policy;
  const auto& award = policy.awards[static_cast<std::size_t>(a)];
  const auto& block = award.blocks[b];
  const auto& out = result.awards[static_cast<std::size_t>(a)].blocks[b];
  const CutSide* side = nullptr;
  w.begin_object();
  w.key("status").value(to_string(status));
  switch (status) {
    case Status::closed:
      w.key("reason").value(award.open_when->label);
      break;
    case Status::excluded: {
      const auto& by = policy.awards[static_cast<std::size_t>(out.excluded_by[record])];
      w.key("by").value(by.id);
      w.key("by_label").value(by.label);
      break;
    }
    case Status::ineligible: {
      w.key("failed").begin_array();
      for (const auto i : out.failed_of(record)) {
        const auto& c = block.requirements[i];
        w.begin_object();
        w.key("label").value(c.label);
        w.key("condition").value(c.source_text);
        if (!c.standard.empty()) w.key("standard").value(c.standard);
        w.key("line").value(policy.source.line_of(c.range.begin));
        w.end_object();
      }
      w.end_array();
      break;
    }
    case Status::deferred:
      w.key("reasons");
      conditions(w, policy, out.deferred_of(record));
      break;
    case Status::pending: {
      w.key("missing").begin_array();
      for (const auto& name : result.missing(evaluator, a, b, record)) w.value(name);
      w.end_array();
      w.key("unknown");
      conditions(w, policy, out.unknown_of(record));
      if (const auto it = out.unknown_keys.find(record); it != out.unknown_keys.end()) {
        w.key("unknown_keys").begin_array();
        for (const auto& key : it->second) w.value(key.first);
        w.end_array();
      }
      if (out.waiting_for[record] >= 0)
        w.key("waiting_for").value(policy.awards[static_cast<std::size_t>(out.waiting_for[record])].id);
      break;
    }
    case Status::selected:
      w.key("rank").hole();
      break;
    case Status::not_selected:
      w.key("rank").hole();
      if (out.stopped_by[record] == Stop::group) {
        // Kept out by its group's quota: name the group.
        const auto& group_cap = *block.group_cap;
        const auto group = result.data->tables[static_cast<std::size_t>(block.entity)]
                               .columns[static_cast<std::size_t>(group_cap.field)]
                               .codes[record];
        w.key("quota").value(to_string(out.group_caps[group]));
        w.key("quota_label").value(group_cap.label);
        w.key("group").value(result.data->tables[static_cast<std::size_t>(group_cap.group_entity)].ids[group]);
      } else if (out.stopped_by[record] == Stop::bound) {
        write_bound_stop(w, result, block, out, record);
      } else if (out.stopped_by[record] == Stop::overall) {
        w.key("quota").value(to_string(*out.cap));
        w.key("quota_label").value(block.cap_label);
      }
      if (out.stopped_by[record] != Stop::none) {
        w.key("taken").value(static_cast<std::uint64_t>(out.stopped_taken[record]));
        if (out.stopped_by[record] == Stop::bound && block.bounds[static_cast<std::size_t>(out.stopped_bound[record])].share)
          w.key("among").value(static_cast<std::uint64_t>(out.stopped_among[record]));
      }
      if (out.reserved_for[record] >= 0) write_reserved_for(w, result, block, out, record);
      if (out.cut_by[record] >= 0) {
        w.key("cut");
        side = cut_explanation(w, result, evaluator, sides, a, b, block, out, record);
      }
      break;
  }
  w.end_object();
  return side;
}

// Every candidate's status for every block, decided once in record order (each of the
// outcome's columns read in order), so that writing candidates in id order reads one value for
// it (a byte): [award][block][record].
using BlockStatuses = std::vector<std::vector<std::vector<std::uint8_t>>>;

BlockStatuses block_statuses(const ResultData& result) {
  BlockStatuses statuses(result.awards.size());
  for (std::size_t a = 0; a < result.awards.size(); ++a)
    for (const auto& block : result.policy->awards[a].blocks) {
      const auto b = statuses[a].size();
      auto& of_block = statuses[a].emplace_back(result.data->tables[static_cast<std::size_t>(block.entity)].size);
      for (std::uint32_t r = 0; r < of_block.size(); ++r)
        of_block[r] = static_cast<std::uint8_t>(result.status(static_cast<std::int32_t>(a), b, r));
    }
  return statuses;
}

// Writes members of "candidates", on one thread (it keeps what it has rendered for reuse).
class CandidateWriter {
 public:
  CandidateWriter(const ResultData& result, const BlockStatuses& statuses)
      : result_(result), statuses_(statuses), evaluator_(*result.policy, *result.data, result.facts, result.review_year) {
    const auto& policy = *result.policy;
    blocks_.resize(policy.entities.size());
    for (const auto a : policy.decision_order) {
      const auto& award = policy.awards[static_cast<std::size_t>(a)];
      for (std::size_t b = 0; b < award.blocks.size(); ++b)
        blocks_[static_cast<std::size_t>(award.blocks[b].entity)].emplace_back(a, b);
    }
  }

  // The members for the records by_id[begin .. end).
  void write(JsonWriter& w, std::size_t begin, std::size_t end) {
    const auto& policy = *result_.policy;
    const auto& data = *result_.data;
    for (std::size_t i = begin; i < end; ++i) {
      if (i + 8 < end) prefetch_statuses(data.by_id[i + 8]);
      if (i + 4 < end) prefetch_outcome(data.by_id[i + 4]);
      if (i + 2 < end) prefetch_failed(data.by_id[i + 2]);
      const auto [entity, record] = data.by_id[i];
      const auto& blocks = blocks_[static_cast<std::size_t>(entity)];
      if (blocks.empty()) continue;  // a candidate no award is given to is left out
      w.key(data.tables[static_cast<std::size_t>(entity)].ids[record]).begin_object();
      for (const auto& [a, b] : blocks) {
        w.key(policy.awards[static_cast<std::size_t>(a)].id);
        write(w, a, b, record);
      }
      w.end_object();
    }
  }

 private:
  Status status(std::int32_t a, std::size_t b, std::uint32_t r) const {
    return static_cast<Status>(statuses_[static_cast<std::size_t>(a)][b][r]);
  }
  // What a candidate a few places ahead will need is fetched while this one is written, in
  // steps: its statuses, then what they show, then the failed requirements that starts.
  [[gnu::always_inline]] void prefetch_statuses(std::pair<std::int32_t, std::uint32_t> where) const {
    const auto r = where.second;
    prefetch(result_.data->tables[static_cast<std::size_t>(where.first)].ids, r);
    for (const auto& [a, b] : blocks_[static_cast<std::size_t>(where.first)])
      prefetch(statuses_[static_cast<std::size_t>(a)][b], r);
  }
  [[gnu::always_inline]] void prefetch_outcome(std::pair<std::int32_t, std::uint32_t> where) const {
    const auto r = where.second;
    bool values = false;
    for (const auto& [a, b] : blocks_[static_cast<std::size_t>(where.first)]) {
      const auto& out = result_.awards[static_cast<std::size_t>(a)].blocks[b];
      switch (status(a, b, r)) {
        case Status::not_selected:
          prefetch(out.stopped_by, r);
          prefetch(out.stopped_taken, r);
          prefetch(out.reserved_for, r);
          prefetch(out.cut_by, r);
          prefetch(out.deciding_key, r);
          values = true;
          [[fallthrough]];
        case Status::selected: prefetch(out.rank, r); break;
        case Status::ineligible: prefetch(out.failed_offsets, r); break;
        case Status::excluded: prefetch(out.excluded_by, r); break;
        default: break;
      }
    }
    if (values)  // the rank keys' values, for the cut explanation
      for (const auto& column : result_.data->tables[static_cast<std::size_t>(where.first)].columns) column.numbers.prefetch(r);
  }
  [[gnu::always_inline]] void prefetch_failed(std::pair<std::int32_t, std::uint32_t> where) const {
    const auto r = where.second;
    for (const auto& [a, b] : blocks_[static_cast<std::size_t>(where.first)]) {
      const auto& out = result_.awards[static_cast<std::size_t>(a)].blocks[b];
      if (status(a, b, r) == Status::ineligible) prefetch(out.failed, out.failed_offsets[r]);
    }
  }

  // A status is rendered once per shape (shape_of) and copied after, with the record's own
  // values in its holes (its rank; its value of the key that cut it, and how far it fell
  // short): the same bytes, without escaping the same labels or rendering the same quota a
  // million times. Pending and deferred candidates, few and each with its own reasons, are
  // written as they are.
  void write(JsonWriter& w, std::int32_t a, std::size_t b, std::uint32_t record) {
    const Status status = this->status(a, b, record);
    if (status == Status::pending || status == Status::deferred) {
      write_status(w, result_, evaluator_, cut_sides_, a, b, record, status);
      return;
    }
    shape_of(a, b, record, status);
    auto it = shapes_.find(key_);
    if (it == shapes_.end()) {
      Shape shape{w.fork_value(), nullptr};
      shape.side = write_status(shape.text, result_, evaluator_, cut_sides_, a, b, record, status);
      // Shapes are few in practice; past a bound (quotas cut between many selected), the
      // shape is used once and not kept.
      if (shapes_.size() >= max_shapes) return fill(w, shape, a, b, record);
      it = shapes_.emplace(key_, std::move(shape)).first;
    }
    fill(w, it->second, a, b, record);
  }

  // The status's text for a record, but for what its holes leave out: everything write_status
  // reads of the record besides its rank and its cut values, as bytes.
  void shape_of(std::int32_t a, std::size_t b, std::uint32_t record, Status status) {
    const auto& block = result_.policy->awards[static_cast<std::size_t>(a)].blocks[b];
    const auto& out = result_.awards[static_cast<std::size_t>(a)].blocks[b];
    key_.clear();
    const auto add = [&](std::int64_t n) { key_.append(reinterpret_cast<const char*>(&n), sizeof n); };
    add(a);
    add(static_cast<std::int64_t>(b));
    add(static_cast<std::int64_t>(status));
    switch (status) {
      case Status::excluded: add(out.excluded_by[record]); break;
      case Status::ineligible:
        for (const auto i : out.failed_of(record)) add(i);
        break;
      case Status::not_selected: {
        const Stop stop = out.stopped_by[record];
        add(static_cast<std::int64_t>(stop));
        if (stop == Stop::group)
          add(group_of_record(*result_.data, block.entity, block.group_cap->field, record));
        if (stop == Stop::bound) {
          const auto& bound = block.bounds[static_cast<std::size_t>(out.stopped_bound[record])];
          add(out.stopped_bound[record]);
          add(bound.field < 0 ? -1 : group_of_record(*result_.data, block.entity, bound.field, record));
          add(out.stopped_among[record]);
        }
        if (stop != Stop::none) add(out.stopped_taken[record]);
        add(out.reserved_for[record]);
        add(out.reserved_group[record]);
        add(out.cut_by[record]);
        add(out.deciding_key[record]);
        break;
      }
      default: break;
    }
  }

  struct Shape {
    JsonWriter text;
    const CutSide* side;  // of the cut explanation, when a rank key decided it
  };
  static constexpr std::size_t max_shapes = 4096;

  void fill(JsonWriter& w, const Shape& shape, std::int32_t a, std::size_t b, std::uint32_t record) {
    const auto& out = result_.awards[static_cast<std::size_t>(a)].blocks[b];
    if (!shape.side) {
      w.append_value(shape.text, [&](std::size_t) { w.value(out.rank[record]); });
      return;
    }
    CutValues cut(evaluator_, result_.policy->awards[static_cast<std::size_t>(a)].blocks[b], out, record, *shape.side);
    w.append_value(shape.text, [&](std::size_t hole) {
      if (hole == 0) w.value(out.rank[record]);
      else cut.write(w, hole - 1);
    });
  }

  const ResultData& result_;
  const BlockStatuses& statuses_;
  const Evaluator evaluator_;  // one per thread: it caches as it goes
  std::vector<std::vector<std::pair<std::int32_t, std::size_t>>> blocks_;  // per entity: (award, block), in decision order
  std::string key_;  // the shape being looked up
  std::unordered_map<std::string, Shape> shapes_;
  CutSides cut_sides_;
};

}  // namespace

std::vector<std::pair<std::size_t, std::uint32_t>> recipients(const ResultData& result, std::int32_t award) {
  const auto& outcome = result.awards[static_cast<std::size_t>(award)];
  std::vector<std::pair<std::size_t, std::uint32_t>> out;
  for (std::size_t b = 0; b < outcome.blocks.size(); ++b)
    for (const auto r : outcome.blocks[b].ranked)
      if (outcome.blocks[b].selected[r]) out.emplace_back(b, r);
  std::stable_sort(out.begin(), out.end(), [&](const auto& x, const auto& y) {
    const auto rx = outcome.blocks[x.first].rank[x.second], ry = outcome.blocks[y.first].rank[y.second];
    return std::tie(rx, x.first) < std::tie(ry, y.first);
  });
  return out;
}

void write_candidates(JsonWriter& w, const ResultData& result, std::size_t begin, std::size_t end);
void write_candidates_on_two_threads(JsonWriter& w, const ResultData& result);

void write_result_json(const ResultData& result, JsonWriter& w, bool candidates) {
  const auto& policy = *result.policy;
  const auto& data = *result.data;
  w.begin_object();
  w.key("policy").begin_object();
  w.key("title").value(policy.title);
  w.key("file").value(policy.source.name());
  w.key("sha256").value(policy.sha256);
  if (policy.year) w.key("year").value(*policy.year);
  // The year under review when the run gave one (`--year`), instead of the header's.
  if (result.review_year) w.key("review_year").value(*result.review_year);
  w.end_object();
  w.key("data").begin_object();
  w.key("source").value(data.source_name);
  w.key("sha256").value(data.sha256);
  w.end_object();
  w.key("engine").begin_object();
  w.key("name").value(engine_name);
  w.key("version").value(engine_version);
  w.end_object();

  w.key("awards").begin_object();
  for (const auto a : policy.decision_order) {
    const auto& award = policy.awards[static_cast<std::size_t>(a)];
    const auto& outcome = result.awards[static_cast<std::size_t>(a)];
    w.key(award.id).begin_object();
    w.key("label").value(award.label);
    w.key("open").value(outcome.open);
    if (!outcome.open) w.key("closed_reason").value(award.open_when->label);
    w.key("quotas").begin_object();
    for (std::size_t b = 0; b < award.blocks.size(); ++b) {
      const auto& block = award.blocks[b];
      const auto& o = outcome.blocks[b];
      w.key(policy.entities[static_cast<std::size_t>(block.entity)].name).begin_object();
      w.key("eligible").value(o.candidates);
      if (o.cap) {
        w.key("quota").value(to_string(*o.cap));
        w.key("label").value(block.cap_label);
        w.key("formula").value(block.cap_source);
      } else {
        w.key("quota").null();
      }
      if (block.group_cap && !o.group_caps.empty()) {
        const auto& group_ids = data.tables[static_cast<std::size_t>(block.group_cap->group_entity)].ids;
        w.key("per").begin_object();
        w.key("field").value(policy.entities[static_cast<std::size_t>(block.entity)]
                                 .fields[static_cast<std::size_t>(block.group_cap->field)].name);
        w.key("label").value(block.group_cap->label);
        w.key("formula").value(block.group_cap->source_text);
        w.key("quotas").begin_object();
        for (const auto g : records_in_id_order(data, block.group_cap->group_entity))
          w.key(group_ids[g]).value(to_string(o.group_caps[g]));
        w.end_object();
        if (o.apportioned_total) write_apportionment(w, result, block, o);
        w.end_object();
      }
      write_bounds(w, result, block, o);
      w.end_object();
    }
    w.end_object();

    w.key("selected").begin_array();
    const auto in_rank_order = recipients(result, a);
    for (std::size_t i = 0; i < in_rank_order.size(); ++i) {
      if (i + 8 < in_rank_order.size()) {  // 200,000 recipients of a million persons: as for candidates
        const auto [block, record] = in_rank_order[i + 8];
        prefetch(data.tables[static_cast<std::size_t>(award.blocks[block].entity)].ids, record);
        prefetch(outcome.blocks[block].rank, record);
      }
      const auto [block, record] = in_rank_order[i];
      const auto entity = award.blocks[block].entity;
      w.begin_object();
      w.key("id").value(data.tables[static_cast<std::size_t>(entity)].ids[record]);
      w.key("entity").value(policy.entities[static_cast<std::size_t>(entity)].name);
      w.key("rank").value(outcome.blocks[block].rank[record]);
      w.end_object();
    }
    w.end_array();

    w.key("ties").begin_array();
    for (std::size_t b = 0; b < outcome.blocks.size(); ++b) {
      const auto entity = award.blocks[b].entity;
      const auto& ids = data.tables[static_cast<std::size_t>(entity)].ids;
      for (const auto& tie : outcome.blocks[b].ties) {
        std::vector<std::string_view> members, chosen;
        for (const auto r : tie.records) members.push_back(ids[r]);
        for (const auto r : tie.selected) chosen.push_back(ids[r]);
        std::sort(members.begin(), members.end());
        std::sort(chosen.begin(), chosen.end());
        w.begin_object();
        w.key("entity").value(policy.entities[static_cast<std::size_t>(entity)].name);
        w.key("ids").begin_array();
        for (const auto id : members) w.value(id);
        w.end_array();
        w.key("selected").begin_array();
        for (const auto id : chosen) w.value(id);
        w.end_array();
        w.key("rank").value(outcome.blocks[b].rank[tie.records.front()]);
        w.key("resolved_by").value("id");
        if (tie.bound >= 0) w.key("quota_label").value(award.blocks[b].bounds[static_cast<std::size_t>(tie.bound)].label);
        if (tie.group >= 0)
          w.key("group").value(data.tables[static_cast<std::size_t>(
                                               tie.bound >= 0 ? award.blocks[b].bounds[static_cast<std::size_t>(tie.bound)].group_entity
                                                              : award.blocks[b].group_cap->group_entity)]
                                   .ids[static_cast<std::size_t>(tie.group)]);
        w.end_object();
      }
    }
    w.end_array();
    // Candidates to follow up: undecided for lack of data, and not considered yet. Written
    // only when there are any.
    const bool undecided = std::any_of(outcome.blocks.begin(), outcome.blocks.end(),
                                       [](const BlockOutcome& o) { return o.undecided > 0; });
    for (const auto wanted : {Status::pending, Status::deferred}) {
      if (!undecided) break;
      std::vector<std::pair<std::int32_t, std::uint32_t>> listed;
      for (const auto& [entity, record] : data.by_id)
        for (std::size_t b = 0; b < award.blocks.size(); ++b)
          if (award.blocks[b].entity == entity && result.status(a, b, record) == wanted) listed.emplace_back(entity, record);
      if (listed.empty()) continue;
      w.key(to_string(wanted)).begin_array();
      for (const auto& [entity, record] : listed) {
        w.begin_object();
        w.key("id").value(data.tables[static_cast<std::size_t>(entity)].ids[record]);
        w.key("entity").value(policy.entities[static_cast<std::size_t>(entity)].name);
        w.end_object();
      }
      w.end_array();
    }
    w.end_object();
  }
  w.end_object();

  if (candidates) {
    // Candidates by id in byte order, so the output does not depend on the input's order.
    // Many candidates are written on two threads: the same bytes as on one thread.
    w.key("candidates").begin_object();
    if (use_threads(data.by_id.size())) write_candidates_on_two_threads(w, result);
    else write_candidates(w, result, 0, data.by_id.size());
    w.end_object();
    write_scores(w, result);
  }

  w.key("warnings").begin_array();
  for (const auto& warning : data.warnings) {
    w.begin_object();
    w.key("path").value(warning.path);
    w.key("message").value(warning.message);
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

// The members of "candidates" for the records by_id[begin .. end).
void write_candidates(JsonWriter& w, const ResultData& result, std::size_t begin, std::size_t end) {
  CandidateWriter(result, block_statuses(result)).write(w, begin, end);
}

// The members of "candidates" on two threads: chunks of candidates in turn, the even ones on
// this thread and the odd ones on a helper. Each thread writes a chunk into its own buffer,
// then waits for its turn to add it to w (to the file), so that one thread hands its text to
// the file while the other writes the next chunk. The same bytes as on one thread.
void write_candidates_on_two_threads(JsonWriter& w, const ResultData& result) {
  constexpr std::size_t chunk = 256;  // candidates: some 200 KB of text
  const std::size_t n = result.data->by_id.size(), chunks = (n + chunk - 1) / chunk;
  const JsonWriter empty_part = w.fork();
  const BlockStatuses statuses = block_statuses(result);
  std::mutex mutex;
  std::condition_variable turn_changed;
  std::size_t turn = 0;  // the chunk to add next
  std::exception_ptr failure;
  const auto work = [&](std::size_t first) {
    try {
      CandidateWriter writer(result, statuses);
      JsonWriter part = empty_part;
      for (std::size_t c = first; c < chunks; c += 2) {
        part.clear();
        writer.write(part, c * chunk, std::min(n, (c + 1) * chunk));
        std::unique_lock lock(mutex);
        turn_changed.wait(lock, [&] { return turn == c || failure; });
        if (failure) return;
        w.append(part);
        ++turn;
        turn_changed.notify_all();
      }
    } catch (...) {
      const std::lock_guard lock(mutex);
      if (!failure) failure = std::current_exception();
      turn_changed.notify_all();
    }
  };
  std::thread helper(work, 1);
  work(0);
  helper.join();
  if (failure) std::rethrow_exception(failure);
}

std::string result_json_text(const ResultData& result, int indent, bool candidates) {
  JsonWriter w(indent);
  write_result_json(result, w, candidates);
  return w.take();
}

nlohmann::ordered_json result_json(const ResultData& result) {
  return nlohmann::ordered_json::parse(result_json_text(result, -1));
}

}  // namespace thidua::detail
