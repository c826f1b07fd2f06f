// A readable account of one candidate: every award, each condition with the policy's own
// label, whether it held, and the values that decided it.
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "src/result/json_writer.hpp"
#include "src/result/result_data.hpp"

namespace thidua {

namespace {

struct Words {
  const char* selected;
  const char* not_selected;
  const char* ineligible;
  const char* excluded;
  const char* closed;
  const char* rank;
  const char* quota;
  const char* met;
  const char* tie;
  const char* tie_resolved;
  const char* per;
  const char* behind;
  const char* on;
  const char* on_id;
  const char* against;
  const char* short_by;
  const char* reserved;
  const char* no_selection;
  const char* at_least;
  const char* but_only;
  const char* counted;
  const char* with_the_rest;
  const char* not_proven;
  const char* already;   // "already 2 of 2"
  const char* of;
  const char* of_the;    // "already 3 of the 6 selected"
  const char* selected_count;
  const char* by_row;
  const char* pending;
  const char* deferred;
  const char* missing;
  const char* waiting;
  const char* unknown_keys;
  const char* defer_when;
};

constexpr Words vietnamese{"được đề nghị",
                           "đủ điều kiện nhưng ngoài số lượng",
                           "không đủ điều kiện",
                           "không xét vì đã được đề nghị",
                           "không xét: điều kiện mở xét chưa đạt",
                           "hạng",
                           "số lượng tối đa",
                           "Điều kiện",
                           "đồng hạng với",
                           "xếp theo mã (thứ tự byte)",
                           "của",
                           "sau",
                           "ở",
                           "do bằng nhau, xếp theo mã",
                           "so với",
                           "thiếu",
                           "các chỗ còn lại dành cho",
                           "không có cách chọn nào đáp ứng mọi giới hạn số lượng",
                           "cần ít nhất",
                           "nhưng chỉ có",
                           "đối tượng được tính",
                           "không thể đáp ứng cùng các giới hạn khác",
                           "chưa chứng minh được là cách chọn tốt nhất: việc tìm kiếm dừng ở giới hạn khối lượng tính toán",
                           "đã có",
                           "trên",
                           "trong số",
                           "người được đề nghị",
                           "theo dòng",
                           "chưa xét được vì thiếu dữ liệu",
                           "tạm hoãn xét",
                           "thiếu",
                           "chờ kết quả xét",
                           "chưa xếp hạng được theo",
                           "Tạm hoãn khi"};
constexpr Words english{"selected",
                        "eligible but outside the quota",
                        "ineligible",
                        "not considered: already selected for",
                        "not considered: the award is not open",
                        "rank",
                        "quota",
                        "Conditions",
                        "tied with",
                        "resolved by id (byte order)",
                        "in",
                        "behind",
                        "on",
                        "equal, ordered by id",
                        "against",
                        "short by",
                        "the remaining places are kept for",
                        "no selection meets every quota",
                        "at least",
                        "but only",
                        "candidates count",
                        "cannot be met together with the other quotas",
                        "not proven the best selection: the search stopped at its work budget",
                        "already",
                        "of",
                        "of the",
                        "selected",
                        "by the row",
                        "pending: data is missing",
                        "deferred: not considered yet",
                        "missing",
                        "until decided for",
                        "cannot be ranked by",
                        "Deferred when"};

}  // namespace

namespace detail {

std::string explain_candidate(const ResultData& result, std::int32_t entity, std::uint32_t record, Language language) {
  const Words& w = language == Language::vi ? vietnamese : english;
  const auto& policy = *result.policy;
  const auto& data = *result.data;
  const auto& def = policy.entities[static_cast<std::size_t>(entity)];
  const auto& table = data.tables[static_cast<std::size_t>(entity)];
  const Evaluator evaluator(policy, data, result.facts, result.review_year);
  const Frame frame{entity, record, nullptr};

  std::string out = table.ids[record] + " · " + def.label;
  if (const int name = def.field_index("name"); name >= 0 && def.fields[static_cast<std::size_t>(name)].type.kind == Type::text)
    out += " · " + data.texts.text(table.columns[static_cast<std::size_t>(name)].codes[record]);
  out += "\n";
  out += explain_sheets(evaluator, entity, record, language);

  // `prefix` introduces a condition that is not a requirement ("deferred when"), so that its ✓
  // does not read as a requirement met.
  auto show_condition = [&](const ConditionDef& c, const Frame& at, std::string& text, const char* prefix = nullptr) {
    const Truth held = evaluator.truth3(c.expr, at);
    text += std::string("    ") + (held == Truth::yes ? "✓ " : held == Truth::no ? "✗ " : "? ") +
            (prefix ? std::string(prefix) + ": " : std::string()) + c.label;
    std::string values;
    for (const auto& input : c.inputs) {
      values += values.empty() ? "" : "; ";
      values += std::string(policy.source.slice(input.range)) + " = " +
                (input.may_be_unknown && evaluator.unknown(input, at) ? std::string(w.missing) : evaluator.show(input, at));
      // A decision table's value: which of its rows gave it.
      if (const auto row = evaluator.deciding_row(input, at))
        values += std::string(" ") + w.by_row + " \"" +
                  policy.tables[static_cast<std::size_t>(row->first)].rows[row->second].label + "\"";
    }
    // The condition as written, unless the label or the values already say it all.
    const bool bare = c.inputs.size() == 1 && policy.source.slice(c.inputs.front().range) == c.source_text;
    if (c.label != c.source_text && !bare) text += "  [" + c.source_text + "]";
    if (!values.empty()) text += "  (" + values + ")";
    text += "\n";
  };

  for (const auto a : policy.decision_order) {
    const auto& award = policy.awards[static_cast<std::size_t>(a)];
    const auto& outcome = result.awards[static_cast<std::size_t>(a)];
    for (std::size_t b = 0; b < award.blocks.size(); ++b) {
      const auto& block = award.blocks[b];
      if (block.entity != entity) continue;
      const auto& o = outcome.blocks[b];
      const Status status = result.status(a, b, record);
      out += "\n" + award.label + " [" + award.id + "]: ";
      switch (status) {
        case Status::selected:
          out += std::string(w.selected) + " (" + w.rank + " " + std::to_string(o.rank[record]) + ")\n";
          break;
        case Status::not_selected: {
          out += std::string(w.not_selected) + " (" + w.rank + " " + std::to_string(o.rank[record]);
          std::string limit;  // of the quota that kept it out, for "already 2 of 2"
          if (o.stopped_by[record] == Stop::group) {
            const auto& group_cap = *block.group_cap;
            const auto group = table.columns[static_cast<std::size_t>(group_cap.field)].codes[record];
            limit = to_string(o.group_caps[group]);
            out += std::string("; ") + w.quota + " " + limit + " " + w.per + " " +
                   data.tables[static_cast<std::size_t>(group_cap.group_entity)].ids[group] + ": " + group_cap.label;
          } else if (o.stopped_by[record] == Stop::bound) {
            const auto j = static_cast<std::size_t>(o.stopped_bound[record]);
            const auto& bound = block.bounds[j];
            const auto group = bound.field < 0 ? -1 : group_of_record(data, entity, bound.field, record);
            limit = limit_text(bound, o.bound_limits[j][group < 0 ? 0 : static_cast<std::size_t>(group)]);
            out += std::string("; ") + w.quota + " " + limit;
            if (group >= 0)
              out += std::string(" ") + w.per + " " + data.tables[static_cast<std::size_t>(bound.group_entity)].ids[static_cast<std::size_t>(group)];
            out += ": " + bound.label;
          } else if (o.stopped_by[record] == Stop::overall) {
            limit = to_string(*o.cap);
            out += std::string("; ") + w.quota + " " + limit + ": " + block.cap_label;
          }
          if (o.stopped_by[record] == Stop::bound && block.bounds[static_cast<std::size_t>(o.stopped_bound[record])].share) {
            out += std::string("; ") + w.already + " " + std::to_string(o.stopped_taken[record]) + " " + w.of_the + " " +
                   std::to_string(o.stopped_among[record]) + " " + w.selected_count;
          } else if (o.stopped_by[record] != Stop::none && o.stopped_taken[record] > 0) {
            out += std::string("; ") + w.already + " " + std::to_string(o.stopped_taken[record]) + " " + w.of + " " + limit;
          }
          if (o.reserved_for[record] >= 0) {
            const auto& bound = block.bounds[static_cast<std::size_t>(o.reserved_for[record])];
            out += std::string("; ") + w.reserved + " " + bound.label;
            if (o.reserved_group[record] >= 0)
              out += " (" + data.tables[static_cast<std::size_t>(bound.group_entity)].ids[static_cast<std::size_t>(o.reserved_group[record])] + ")";
          }
          if (o.cut_by[record] >= 0) {
            // Who holds the last place, and what this candidate lacked.
            const auto other = static_cast<std::uint32_t>(o.cut_by[record]);
            out += std::string("; ") + w.behind + " " + table.ids[other] + " (" + w.rank + " " +
                   std::to_string(o.rank[other]) + ")";
            if (const int j = o.deciding_key[record]; j < 0) {
              out += std::string(" ") + w.on_id;
            } else {
              const auto& key = block.rank_keys[static_cast<std::size_t>(j)];
              const Frame theirs{entity, other, nullptr};
              out += std::string(" ") + w.on + " " + key.source_text + ": " + evaluator.show(key.key, frame) + " " +
                     w.against + " " + evaluator.show(key.key, theirs);
              if (key.key.type.is_number()) {
                const Number gap = evaluator.number(key.key, theirs) - evaluator.number(key.key, frame);
                out += std::string(", ") + w.short_by + " " + to_string(gap < 0 ? Number(-gap) : gap);
              }
            }
          }
          out += ")\n";
          if (!o.feasible && o.proven) {
            out += std::string("    ") + w.no_selection + "\n";
            for (const auto& unmet : o.unmet) {
              const auto& bound = block.bounds[static_cast<std::size_t>(unmet.bound)];
              const auto& limit = o.bound_limits[static_cast<std::size_t>(unmet.bound)][unmet.group < 0 ? 0 : static_cast<std::size_t>(unmet.group)];
              out += std::string("    ✗ ") + bound.label;
              if (unmet.group >= 0)
                out += " (" + data.tables[static_cast<std::size_t>(bound.group_entity)].ids[static_cast<std::size_t>(unmet.group)] + ")";
              out += ": " + std::string(w.at_least) + " " + to_string(limit) + ", ";
              out += limit > Number(unmet.candidates) ? std::string(w.but_only) + " " + std::to_string(unmet.candidates) + " " + w.counted
                                              : std::string(w.with_the_rest);
              out += "\n";
            }
          }
          if (!o.proven) out += std::string("    ") + w.not_proven + "\n";
          break;
        }
        case Status::ineligible: out += std::string(w.ineligible) + "\n"; break;
        case Status::excluded:
          out += std::string(w.excluded) + " " + policy.awards[static_cast<std::size_t>(o.excluded_by[record])].label + "\n";
          break;
        case Status::closed: out += std::string(w.closed) + "\n"; break;
        case Status::deferred: out += std::string(w.deferred) + "\n"; break;
        case Status::pending: {
          out += w.pending;
          std::string missing;
          for (const auto& name : result.missing(evaluator, a, b, record)) missing += (missing.empty() ? "" : ", ") + name;
          if (!missing.empty()) out += std::string(" (") + w.missing + ": " + missing + ")";
          if (o.waiting_for[record] >= 0)
            out += std::string(" (") + w.waiting + " " + policy.awards[static_cast<std::size_t>(o.waiting_for[record])].label + ")";
          if (const auto it = o.unknown_keys.find(record); it != o.unknown_keys.end()) {
            std::string keys;
            for (const auto& key : it->second) keys += (keys.empty() ? "" : ", ") + key.first;
            out += std::string(" (") + w.unknown_keys + " " + keys + ")";
          }
          out += "\n";
          break;
        }
      }
      if (status == Status::closed) {
        show_condition(*award.open_when, Frame{}, out);
        continue;
      }
      if (status == Status::excluded) continue;
      for (const auto& c : block.requirements) show_condition(c, frame, out);
      for (const auto& c : block.deferrals) show_condition(c, frame, out, w.defer_when);
      for (const auto& tie : o.ties) {
        if (std::find(tie.records.begin(), tie.records.end(), record) == tie.records.end()) continue;
        std::string others;
        for (const auto r : tie.records)
          if (r != record) others += (others.empty() ? "" : ", ") + table.ids[r];
        out += std::string("    ") + w.tie + " " + others + ": " + w.tie_resolved + "\n";
      }
    }
  }
  return out;
}

}  // namespace detail

nlohmann::ordered_json Result::to_json() const { return detail::result_json(*impl_); }

std::string Result::to_json_string(int indent) const { return to_json_string(JsonOptions{.indent = indent}); }
std::string Result::to_json_string(const JsonOptions& options) const {
  return detail::result_json_text(*impl_, options.indent, options.candidates) + "\n";
}

void Result::write_json(std::ostream& out, int indent) const { write_json(out, JsonOptions{.indent = indent}); }
void Result::write_json(std::ostream& out, const JsonOptions& options) const {
  detail::JsonWriter writer(options.indent, &out);
  detail::write_result_json(*impl_, writer, options.candidates);
  writer.raw("\n");
  writer.flush();
}

namespace {
std::pair<std::int32_t, std::uint32_t> find_candidate(const detail::ResultData& result, std::string_view id) {
  const auto* record = result.data->records_by_id.find(id);
  if (!record) throw std::out_of_range("no candidate with id \"" + std::string(id) + "\"");
  return *record;
}
}  // namespace

std::vector<std::string> Result::selected(std::string_view award) const {
  const int a = impl_->policy->award_index(award);
  if (a < 0) throw std::out_of_range("no award \"" + std::string(award) + "\"");
  std::vector<std::string> ids;
  for (const auto& [block, record] : detail::recipients(*impl_, a)) {
    const auto entity = impl_->policy->awards[static_cast<std::size_t>(a)].blocks[block].entity;
    ids.push_back(impl_->data->tables[static_cast<std::size_t>(entity)].ids[record]);
  }
  return ids;
}

Status Result::status(std::string_view candidate_id, std::string_view award) const {
  const auto [entity, record] = find_candidate(*impl_, candidate_id);
  const int a = impl_->policy->award_index(award);
  if (a < 0) throw std::out_of_range("no award \"" + std::string(award) + "\"");
  const auto& blocks = impl_->policy->awards[static_cast<std::size_t>(a)].blocks;
  for (std::size_t b = 0; b < blocks.size(); ++b)
    if (blocks[b].entity == entity) return impl_->status(a, b, record);
  throw std::out_of_range("award \"" + std::string(award) + "\" is not given to " +
                          impl_->policy->entities[static_cast<std::size_t>(entity)].name);
}

std::string Result::explain(std::string_view candidate_id, Language language) const {
  const auto [entity, record] = find_candidate(*impl_, candidate_id);
  return detail::explain_candidate(*impl_, entity, record, language);
}

}  // namespace thidua
