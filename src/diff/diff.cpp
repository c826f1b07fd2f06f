// `thidua diff`: two versions of a policy run on the same data, compared outcome by outcome.
// It reads the two results as CONTRACT §4 JSON, the format other systems rely on, so that it
// sees exactly what they see.
#include "thidua/diff.hpp"

#include <map>
#include <set>

#include "src/result/result_data.hpp"
#include "thidua/result.hpp"

namespace thidua {

namespace {

using json = nlohmann::ordered_json;

std::string quoted(const std::string& text) { return "“" + text + "”"; }

std::string text_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  return value.dump();
}

Message status_name(const std::string& status) {
  if (status == "selected") return {"selected", "được đề nghị"};
  if (status == "not_selected") return {"not selected (outside the quota)", "đủ điều kiện nhưng ngoài số lượng"};
  if (status == "ineligible") return {"ineligible", "không đủ điều kiện"};
  if (status == "excluded") return {"excluded (a higher award)", "không xét vì đã được đề nghị hình thức cao hơn"};
  if (status == "closed") return {"closed", "không xét: hình thức chưa mở xét"};
  if (status.empty()) return {"not considered", "không thuộc diện xét"};
  return {status, status};
}

Message quota_text(const json& quota) {
  if (quota.is_null()) return {"no limit", "không giới hạn"};
  return {text_of(quota), text_of(quota)};
}

std::vector<std::string> failed_labels(const json& outcome) {
  std::vector<std::string> labels;
  if (outcome.is_object() && outcome.contains("failed"))
    for (const auto& f : outcome["failed"]) labels.push_back(f.value("label", std::string()));
  return labels;
}

std::string status_of(const json& outcome) {
  return outcome.is_object() ? outcome.value("status", std::string()) : std::string();
}

// The quota that applied to a candidate: the one a not-selected candidate names, or its
// entity's quota in the award.
json quota_for(const json& outcome, const json& award, const std::string& entity) {
  if (outcome.contains("quota")) return outcome["quota"];
  if (award.is_object() && award.contains("quotas") && award["quotas"].contains(entity))
    return award["quotas"][entity].value("quota", json());
  return json();
}

struct Side {
  const json& outcome;
  const json& award;
  const std::string& entity;
};

// Why the candidate's outcome is what it now is, and what no longer holds of the old one.
std::vector<Message> reasons(const Side& before, const Side& after) {
  std::vector<Message> out;
  const auto was = status_of(before.outcome), is = status_of(after.outcome);
  if (is.empty()) {
    out.push_back({"the new policy does not consider this candidate for this award",
                   "chính sách mới không xét đối tượng này cho hình thức này"});
    return out;
  }
  if (was.empty())
    out.push_back({"the old policy did not consider this candidate for this award",
                   "chính sách cũ không xét đối tượng này cho hình thức này"});

  const auto& now = after.outcome;
  // What no longer holds.
  if (was == "ineligible") {
    const auto still = failed_labels(now);
    for (const auto& label : failed_labels(before.outcome))
      if (std::find(still.begin(), still.end(), label) == still.end())
        out.push_back({"now meets " + quoted(label), "nay đạt " + quoted(label)});
  }
  if (was == "excluded" && is != "excluded")
    out.push_back({"no longer receives " + quoted(before.outcome.value("by_label", "")),
                   "không còn được đề nghị " + quoted(before.outcome.value("by_label", ""))});
  if (was == "closed" && is != "closed") out.push_back({"the award is now open", "hình thức này nay được mở xét"});

  // What now decides.
  if (is == "ineligible") {
    const auto old_failed = failed_labels(before.outcome);
    for (const auto& label : failed_labels(now))
      if (std::find(old_failed.begin(), old_failed.end(), label) == old_failed.end())
        out.push_back({"now fails " + quoted(label), "nay không đạt " + quoted(label)});
  } else if (is == "excluded") {
    out.push_back({"now receives " + quoted(now.value("by_label", "")) + " first",
                   "nay được đề nghị " + quoted(now.value("by_label", "")) + " trước"});
  } else if (is == "closed") {
    out.push_back({"the award is now closed: " + quoted(now.value("reason", "")),
                   "hình thức này nay không mở xét: " + quoted(now.value("reason", ""))});
  } else if (is == "selected" || is == "not_selected") {
    const auto rank = std::to_string(now.value("rank", 0));
    const auto quota = quota_text(quota_for(now, after.award, after.entity));
    if (before.outcome.contains("rank") && before.outcome["rank"] != now["rank"]) {
      const auto old_rank = std::to_string(before.outcome.value("rank", 0));
      out.push_back({"rank " + old_rank + " → " + rank, "hạng " + old_rank + " → " + rank});
    }
    if (was == "selected" || was == "not_selected") {
      const auto old_quota = quota_text(quota_for(before.outcome, before.award, before.entity));
      if (old_quota != quota) out.push_back(Message{"quota ", "số lượng "} + old_quota + Message{" → ", " → "} + quota);
    }
    if (is == "selected") {
      out.push_back(Message{"rank " + rank + ", within the quota (", "hạng " + rank + ", trong số lượng ("} + quota +
                    Message{")", ")"});
    } else {
      Message outside{"rank " + rank + ", outside the quota (", "hạng " + rank + ", ngoài số lượng ("};
      outside = outside + quota + Message{")", ")"};
      if (now.contains("quota_label")) outside = outside + Message{": " + now["quota_label"].get<std::string>(), ": " + now["quota_label"].get<std::string>()};
      out.push_back(outside);
      if (now.contains("cut")) {
        const auto& cut = now["cut"];
        Message behind{"behind " + cut.value("id", "") + " (rank " + std::to_string(cut.value("rank", 0)) + ")",
                       "sau " + cut.value("id", "") + " (hạng " + std::to_string(cut.value("rank", 0)) + ")"};
        if (cut.contains("short_by"))
          behind = behind + Message{", short by " + text_of(cut["short_by"]) + " on " + cut.value("decided_by", ""),
                                    ", thiếu " + text_of(cut["short_by"]) + " ở " + cut.value("decided_by", "")};
        out.push_back(behind);
      }
    }
  } else {
    // A status this comparison has no words of its own for: its members as they are.
    for (const auto& [key, value] : now.items())
      if (key != "status") out.push_back({key + ": " + text_of(value), key + ": " + text_of(value)});
  }
  return out;
}

// Every candidate id with its entity, from the data each result was computed on.
std::map<std::string, std::string> entities_of(const Result& result) {
  std::map<std::string, std::string> out;
  const auto& data = result.data();
  for (std::size_t e = 0; e < data.data->tables.size(); ++e)
    for (const auto& id : data.data->tables[e].ids) out.emplace(id, data.policy->entities[e].name);
  return out;
}

void award_changes(const json& before, const json& after, std::vector<AwardChange>& out) {
  for (const auto& [id, award] : after.items()) {
    if (!before.contains(id)) {
      out.push_back({id, {"added", "hình thức mới"}});
      continue;
    }
    const auto& old = before[id];
    if (old.value("label", "") != award.value("label", ""))
      out.push_back({id, {"label " + quoted(old.value("label", "")) + " → " + quoted(award.value("label", "")),
                          "tên " + quoted(old.value("label", "")) + " → " + quoted(award.value("label", ""))}});
    if (old.value("open", true) != award.value("open", true))
      out.push_back({id, award.value("open", true) ? Message{"now open", "nay được mở xét"}
                                                   : Message{"now closed", "nay không mở xét"}});
    std::set<std::string> kinds;
    for (const auto* side : {&old, &award})
      if (side->contains("quotas"))
        for (const auto& [kind, quota] : (*side)["quotas"].items()) kinds.insert(kind);
    for (const auto& kind : kinds) {
      auto quota = [&](const json& a) {
        return a.contains("quotas") && a["quotas"].contains(kind) ? a["quotas"][kind].value("quota", json()) : json();
      };
      if (quota(old) != quota(award))
        out.push_back({id, Message{"quota for " + kind + ": ", "số lượng tối đa cho " + kind + ": "} + quota_text(quota(old)) +
                               Message{" → ", " → "} + quota_text(quota(award))});
    }
  }
  for (const auto& [id, award] : before.items())
    if (!after.contains(id)) out.push_back({id, {"removed", "đã bỏ"}});
}

}  // namespace

std::size_t PolicyDiff::candidates_changed() const {
  std::set<std::string> ids;
  for (const auto& o : outcomes) ids.insert(o.candidate);
  return ids.size();
}

PolicyDiff diff(const Result& before, const Result& after) {
  const json old_result = before.to_json(), new_result = after.to_json();
  const json none;
  const auto& old_awards = old_result["awards"];
  const auto& new_awards = new_result["awards"];
  PolicyDiff changes;
  award_changes(old_awards, new_awards, changes.awards);

  const auto old_entities = entities_of(before), new_entities = entities_of(after);
  std::set<std::string> ids;
  for (const auto* r : {&old_result, &new_result})
    for (const auto& [id, outcomes] : (*r)["candidates"].items()) ids.insert(id);

  for (const auto& id : ids) {
    const auto& old_outcomes = old_result["candidates"].contains(id) ? old_result["candidates"][id] : none;
    const auto& new_outcomes = new_result["candidates"].contains(id) ? new_result["candidates"][id] : none;
    // Awards in the new policy's order, then those only the old one has.
    std::vector<std::string> awards;
    for (const auto& [award, a] : new_awards.items()) awards.push_back(award);
    for (const auto& [award, a] : old_awards.items())
      if (!new_awards.contains(award)) awards.push_back(award);
    const auto old_entity = old_entities.contains(id) ? old_entities.at(id) : std::string();
    const auto new_entity = new_entities.contains(id) ? new_entities.at(id) : std::string();
    for (const auto& award : awards) {
      const auto& b = old_outcomes.is_object() && old_outcomes.contains(award) ? old_outcomes[award] : none;
      const auto& a = new_outcomes.is_object() && new_outcomes.contains(award) ? new_outcomes[award] : none;
      if (status_of(b) == status_of(a)) continue;
      const auto& old_award = old_awards.contains(award) ? old_awards[award] : none;
      const auto& new_award = new_awards.contains(award) ? new_awards[award] : none;
      OutcomeChange change;
      change.candidate = id;
      change.award = award;
      change.award_label = (new_award.is_object() ? new_award : old_award).value("label", "");
      change.before = status_of(b);
      change.after = status_of(a);
      change.reasons = reasons({b, old_award, old_entity}, {a, new_award, new_entity});
      changes.outcomes.push_back(std::move(change));
    }
  }
  return changes;
}

std::string format(const PolicyDiff& changes, Language language) {
  const bool vi = language == Language::vi;
  std::string out;
  if (!changes.awards.empty()) {
    out += vi ? "Thay đổi ở các hình thức khen thưởng:\n" : "Changes to the awards:\n";
    for (const auto& a : changes.awards) out += "  " + a.award + ": " + a.what.in(language) + "\n";
  }
  if (changes.outcomes.empty()) {
    out += vi ? "Không có kết quả nào thay đổi.\n" : "No outcome changes.\n";
    return out;
  }
  const auto n = std::to_string(changes.outcomes.size()), c = std::to_string(changes.candidates_changed());
  out += vi ? n + " kết quả thay đổi, của " + c + " đối tượng:\n" : n + " outcomes change, for " + c + " candidates:\n";
  for (const auto& o : changes.outcomes) {
    out += o.candidate + " · " + o.award_label + " [" + o.award + "]: " + status_name(o.before).in(language) + " → " +
           status_name(o.after).in(language) + "\n";
    for (const auto& r : o.reasons) out += "    - " + r.in(language) + "\n";
  }
  return out;
}

nlohmann::ordered_json to_json(const PolicyDiff& changes) {
  json out;
  out["awards"] = json::array();
  for (const auto& a : changes.awards) out["awards"].push_back({{"award", a.award}, {"change", {{"en", a.what.en}, {"vi", a.what.vi}}}});
  out["outcomes"] = json::array();
  for (const auto& o : changes.outcomes) {
    json reasons = json::array();
    for (const auto& r : o.reasons) reasons.push_back({{"en", r.en}, {"vi", r.vi}});
    out["outcomes"].push_back({{"candidate", o.candidate},
                               {"award", o.award},
                               {"before", o.before.empty() ? json() : json(o.before)},
                               {"after", o.after.empty() ? json() : json(o.after)},
                               {"reasons", std::move(reasons)}});
  }
  return out;
}

}  // namespace thidua
