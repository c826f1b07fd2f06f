// The result as JSON (CONTRACT §4): per award its recipients and ties, per candidate its
// status for every award with the reasons, and what the result was computed from.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "src/result/result_data.hpp"
#include "thidua/version.hpp"

namespace thidua::detail {

namespace {

using json = nlohmann::ordered_json;

// Who held the last place the candidate needed, and by which rank key it fell short.
json cut_explanation(const ResultData& result, const Evaluator& evaluator, const BlockDef& block,
                     const BlockOutcome& out, std::uint32_t record) {
  const auto other = static_cast<std::uint32_t>(out.cut_by[record]);
  json cut;
  cut["id"] = result.data->tables[static_cast<std::size_t>(block.entity)].ids[other];
  cut["rank"] = out.rank[other];
  const int j = out.deciding_key[record];
  if (j < 0) {
    cut["decided_by"] = "id";  // equal on every key: the tie was split by id
    return cut;
  }
  const auto& key = block.rank_keys[static_cast<std::size_t>(j)];
  const Frame mine{block.entity, record, nullptr}, theirs{block.entity, other, nullptr};
  cut["decided_by"] = key.source_text;
  cut["value"] = evaluator.show(key.key, mine);
  cut["cut_value"] = evaluator.show(key.key, theirs);
  if (key.key.type.is_number()) {
    Number gap = evaluator.number(key.key, theirs) - evaluator.number(key.key, mine);
    cut["short_by"] = to_string(gap < 0 ? Number(-gap) : gap);
  }
  return cut;
}

json candidate_status(const ResultData& result, const Evaluator& evaluator, std::int32_t a, std::size_t b,
                      std::uint32_t record) {
  const auto& policy = *result.policy;
  const auto& award = policy.awards[static_cast<std::size_t>(a)];
  const auto& block = award.blocks[b];
  const auto& out = result.awards[static_cast<std::size_t>(a)].blocks[b];
  const Status status = result.status(a, b, record);
  json j;
  j["status"] = to_string(status);
  switch (status) {
    case Status::closed:
      j["reason"] = award.open_when->label;
      break;
    case Status::excluded: {
      const auto& by = policy.awards[static_cast<std::size_t>(out.excluded_by[record])];
      j["by"] = by.id;
      j["by_label"] = by.label;
      break;
    }
    case Status::ineligible: {
      json failed = json::array();
      for (const auto i : out.failed_of(record)) {
        const auto& c = block.requirements[i];
        json f;
        f["label"] = c.label;
        f["condition"] = c.source_text;
        if (!c.standard.empty()) f["standard"] = c.standard;
        f["line"] = policy.source.line_of(c.range.begin);
        failed.push_back(std::move(f));
      }
      j["failed"] = std::move(failed);
      break;
    }
    case Status::selected:
      j["rank"] = out.rank[record];
      break;
    case Status::not_selected:
      j["rank"] = out.rank[record];
      if (out.stopped_by[record] == Stop::group) {
        // Kept out by its group's quota: name the group.
        const auto& group_cap = *block.group_cap;
        const auto group = result.data->tables[static_cast<std::size_t>(block.entity)]
                               .columns[static_cast<std::size_t>(group_cap.field)]
                               .codes[record];
        j["quota"] = to_string(out.group_caps[group]);
        j["quota_label"] = group_cap.label;
        j["group"] = result.data->tables[static_cast<std::size_t>(group_cap.group_entity)].ids[group];
      } else if (out.cap) {
        j["quota"] = to_string(*out.cap);
        j["quota_label"] = block.cap_label;
      }
      if (out.cut_by[record] >= 0) j["cut"] = cut_explanation(result, evaluator, block, out, record);
      break;
  }
  return j;
}

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

json result_json(const ResultData& result) {
  const auto& policy = *result.policy;
  const auto& data = *result.data;
  json out;
  out["policy"] = {{"title", policy.title}, {"file", policy.source.name()}, {"sha256", policy.sha256}};
  if (policy.year) out["policy"]["year"] = *policy.year;
  out["data"] = {{"source", data.source_name}, {"sha256", data.sha256}};
  out["engine"] = {{"name", engine_name}, {"version", engine_version}};

  json awards = json::object();
  for (const auto a : policy.decision_order) {
    const auto& award = policy.awards[static_cast<std::size_t>(a)];
    const auto& outcome = result.awards[static_cast<std::size_t>(a)];
    json j;
    j["label"] = award.label;
    j["open"] = outcome.open;
    if (!outcome.open) j["closed_reason"] = award.open_when->label;
    json quotas = json::object();
    for (std::size_t b = 0; b < award.blocks.size(); ++b) {
      const auto& block = award.blocks[b];
      const auto& o = outcome.blocks[b];
      json q;
      q["eligible"] = o.candidates;
      if (o.cap) {
        q["quota"] = to_string(*o.cap);
        q["label"] = block.cap_label;
        q["formula"] = block.cap_source;
      } else {
        q["quota"] = nullptr;
      }
      if (block.group_cap && !o.group_caps.empty()) {
        const auto& group_ids = data.tables[static_cast<std::size_t>(block.group_cap->group_entity)].ids;
        json per = json::object();
        for (std::size_t g = 0; g < o.group_caps.size(); ++g) per[group_ids[g]] = to_string(o.group_caps[g]);
        q["per"] = {{"field", policy.entities[static_cast<std::size_t>(block.entity)]
                                  .fields[static_cast<std::size_t>(block.group_cap->field)].name},
                    {"label", block.group_cap->label},
                    {"formula", block.group_cap->source_text},
                    {"quotas", std::move(per)}};
      }
      quotas[policy.entities[static_cast<std::size_t>(block.entity)].name] = std::move(q);
    }
    j["quotas"] = std::move(quotas);

    json selected = json::array();
    for (const auto& [block, record] : recipients(result, a)) {
      const auto entity = award.blocks[block].entity;
      selected.push_back({{"id", data.tables[static_cast<std::size_t>(entity)].ids[record]},
                          {"entity", policy.entities[static_cast<std::size_t>(entity)].name},
                          {"rank", outcome.blocks[block].rank[record]}});
    }
    j["selected"] = std::move(selected);

    json ties = json::array();
    for (std::size_t b = 0; b < outcome.blocks.size(); ++b) {
      const auto entity = award.blocks[b].entity;
      const auto& ids = data.tables[static_cast<std::size_t>(entity)].ids;
      for (const auto& tie : outcome.blocks[b].ties) {
        std::vector<std::string> members, chosen;
        for (const auto r : tie.records) members.push_back(ids[r]);
        for (const auto r : tie.selected) chosen.push_back(ids[r]);
        std::sort(members.begin(), members.end());
        std::sort(chosen.begin(), chosen.end());
        json t = {{"entity", policy.entities[static_cast<std::size_t>(entity)].name},
                  {"ids", members},
                  {"selected", chosen},
                  {"rank", outcome.blocks[b].rank[tie.records.front()]},
                  {"resolved_by", "id"}};
        if (tie.group >= 0)
          t["group"] = data.tables[static_cast<std::size_t>(award.blocks[b].group_cap->group_entity)]
                           .ids[static_cast<std::size_t>(tie.group)];
        ties.push_back(std::move(t));
      }
    }
    j["ties"] = std::move(ties);
    awards[award.id] = std::move(j);
  }
  out["awards"] = std::move(awards);

  // Candidates by id in byte order, so the output does not depend on the input's order.
  std::vector<std::pair<std::string_view, std::pair<std::int32_t, std::uint32_t>>> candidates;
  for (std::size_t e = 0; e < policy.entities.size(); ++e) {
    const auto& ids = data.tables[e].ids;
    for (std::uint32_t r = 0; r < ids.size(); ++r) candidates.push_back({ids[r], {static_cast<std::int32_t>(e), r}});
  }
  std::sort(candidates.begin(), candidates.end());
  const Evaluator evaluator(policy, data, result.facts);
  json by_candidate = json::object();
  // Ids are unique and already sorted: append to the object's storage directly, since
  // ordered_json's operator[] searches its keys linearly.
  auto& storage = static_cast<std::vector<std::pair<const std::string, json>>&>(by_candidate.get_ref<json::object_t&>());
  storage.reserve(candidates.size());
  for (const auto& [id, where] : candidates) {
    json j = json::object();
    for (const auto a : policy.decision_order) {
      const auto& award = policy.awards[static_cast<std::size_t>(a)];
      for (std::size_t b = 0; b < award.blocks.size(); ++b)
        if (award.blocks[b].entity == where.first)
          j[award.id] = candidate_status(result, evaluator, a, b, where.second);
    }
    if (!j.empty()) storage.emplace_back(std::string(id), std::move(j));
  }
  out["candidates"] = std::move(by_candidate);

  json warnings = json::array();
  for (const auto& w : data.warnings) warnings.push_back({{"path", w.path}, {"message", w.message}});
  out["warnings"] = std::move(warnings);
  return out;
}

}  // namespace thidua::detail
