// Running sample cases: bind each case's data, run the policy, and compare the Result (as its
// public JSON, CONTRACT §4) with what the case expects. No rule is re-implemented here.
#include <algorithm>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "src/cases/cases.hpp"
#include "src/common/text.hpp"
#include "thidua/thidua.hpp"

namespace thidua::cases {

namespace {

using Json = nlohmann::ordered_json;

std::string words(Language language, const char* en, const char* vi) {
  return language == Language::vi ? vi : en;
}

std::string join(const std::vector<std::string>& items, Language language) {
  if (items.empty()) return words(language, "(none)", "(không có)");
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> items) {
  std::sort(items.begin(), items.end());
  return items;
}

std::vector<std::string> minus(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out;
  for (const auto& item : a)
    if (std::find(b.begin(), b.end(), item) == b.end()) out.push_back(item);
  return out;
}

// The status names of CONTRACT §4, with what they mean in Vietnamese.
std::string status_words(const std::string& status, Language language) {
  if (language == Language::en) return status;
  static const std::map<std::string, std::string> vi = {
      {"selected", "được đề nghị"},
      {"not_selected", "đủ điều kiện nhưng ngoài số lượng"},
      {"ineligible", "không đủ điều kiện"},
      {"excluded", "không xét vì đã được đề nghị khen thưởng cao hơn"},
      {"closed", "không xét vì chưa mở xét"},
      {"deferred", "tạm hoãn xét"},
      {"pending", "chưa xét được vì thiếu dữ liệu"}};
  const auto found = vi.find(status);
  return found == vi.end() ? status : status + " (" + found->second + ")";
}

std::string tie_words(const Expectation::Tie& tie, Language language) {
  return join(tie.ids, language) + words(language, " → selected: ", " → được chọn: ") + join(tie.selected, language);
}

// Compares one case's expectations with its result; collects differences and the candidates
// they name, for the explanation.
class Comparison {
 public:
  Comparison(const std::string& file, const Json& result, Language language)
      : file_(file), result_(result), language_(language) {}

  void check(const Expectation& e) {
    using Kind = Expectation::Kind;
    if (e.kind == Kind::points) return check_points(e);
    const auto& awards = result_.at("awards");
    if (!awards.contains(e.award)) {
      std::vector<std::string> known;
      for (const auto& [id, award] : awards.items()) known.push_back(id);
      differ(e, words(language_, "unknown award '", "không có danh hiệu/hình thức khen '") + e.award +
                    words(language_, "'; the policy's awards: ", "'; chính sách có: ") + join(known, language_));
      return;
    }
    const auto& award = awards.at(e.award);
    switch (e.kind) {
      case Kind::selected: {
        std::vector<std::string> actual;
        for (const auto& s : award.at("selected")) actual.push_back(s.at("id").get<std::string>());
        if (sorted(actual) == sorted(e.values)) return;
        const auto missing = minus(e.values, actual), extra = minus(actual, e.values);
        std::string text = e.award + words(language_, ", selected:", ", danh sách được đề nghị:") +
                           line(words(language_, "expected:", "mong đợi:"), join(e.values, language_)) +
                           line(words(language_, "actual:  ", "thực tế: "), join(actual, language_));
        if (!missing.empty()) text += line(words(language_, "missing: ", "thiếu:   "), join(missing, language_));
        if (!extra.empty()) text += line(words(language_, "extra:   ", "thừa:    "), join(extra, language_));
        differ(e, text);
        for (const auto& id : missing) mention(id);
        for (const auto& id : extra) mention(id);
        return;
      }
      case Kind::not_selected:
        for (const auto& id : e.values) {
          // An id the data lacks would pass vacuously: most likely a typo, so it fails.
          if (!result_.at("candidates").contains(id)) differ(e, no_candidate(id));
          for (const auto& s : award.at("selected")) {
            if (s.at("id") != id) continue;
            differ(e, id + ", " + e.award +
                          words(language_, ": expected not to be selected; it was selected (rank ",
                                ": mong đợi không được đề nghị; thực tế được đề nghị (hạng ") +
                          std::to_string(s.at("rank").get<long long>()) + ")");
            mention(id);
          }
        }
        return;
      case Kind::status: {
        const auto* outcome = candidate_outcome(e);
        if (!outcome) return;
        const auto actual = outcome->at("status").get<std::string>();
        if (actual == e.values[0]) return;
        differ(e, e.candidate + ", " + e.award + words(language_, ", status:", ", trạng thái:") +
                      line(words(language_, "expected:", "mong đợi:"), status_words(e.values[0], language_)) +
                      line(words(language_, "actual:  ", "thực tế: "), status_words(actual, language_)));
        mention(e.candidate);
        return;
      }
      case Kind::failed: {
        const auto* outcome = candidate_outcome(e);
        if (!outcome) return;
        std::vector<std::string> actual;
        if (outcome->contains("failed"))
          for (const auto& f : outcome->at("failed")) actual.push_back(f.at("label").get<std::string>());
        if (sorted(actual) == sorted(e.values)) return;
        std::string text = e.candidate + ", " + e.award +
                           words(language_, ", failed conditions:", ", điều kiện không đạt:") +
                           line(words(language_, "expected:", "mong đợi:"), e.values.empty() ? join({}, language_) : "");
        for (const auto& label : e.values) text += line("  -", label);
        text += line(words(language_, "actual:  ", "thực tế: "), actual.empty() ? join({}, language_) : "");
        for (const auto& label : actual) text += line("  -", label);
        const auto status = outcome->at("status").get<std::string>();
        if (status != "ineligible")
          text += line(words(language_, "status:  ", "trạng thái:"), status_words(status, language_));
        differ(e, text);
        mention(e.candidate);
        return;
      }
      case Kind::ties: {
        std::vector<Expectation::Tie> actual;
        for (const auto& t : award.at("ties"))
          actual.push_back({t.at("ids").get<std::vector<std::string>>(), t.at("selected").get<std::vector<std::string>>()});
        auto same = [](const Expectation::Tie& a, const Expectation::Tie& b) {
          return sorted(a.ids) == sorted(b.ids) && sorted(a.selected) == sorted(b.selected);
        };
        const bool equal = actual.size() == e.ties.size() &&
                           std::all_of(e.ties.begin(), e.ties.end(), [&](const auto& t) {
                             return std::any_of(actual.begin(), actual.end(), [&](const auto& a) { return same(t, a); });
                           });
        if (equal) return;
        std::string text = e.award + words(language_, ", ties at the cut:", ", bằng điểm tại ngưỡng:") +
                           line(words(language_, "expected:", "mong đợi:"), e.ties.empty() ? join({}, language_) : "");
        for (const auto& t : e.ties) text += line("  -", tie_words(t, language_));
        text += line(words(language_, "actual:  ", "thực tế: "), actual.empty() ? join({}, language_) : "");
        for (const auto& t : actual) text += line("  -", tie_words(t, language_));
        differ(e, text);
        for (const auto& t : e.ties)
          for (const auto& id : t.ids) mention(id);
        for (const auto& t : actual)
          for (const auto& id : t.ids) mention(id);
        return;
      }
      case Kind::points: return;  // checked above
    }
  }

  std::vector<std::string> differences;
  std::vector<std::string> mentioned;  // candidates to explain, in order of first mention

  // A sheet's total (`cchc`) or a part's points (`cchc.ke_hoach`), compared exactly.
  void check_points(const Expectation& e) {
    const auto dot = e.award.find('.');
    const std::string sheet = e.award.substr(0, dot);
    const std::string part = dot == std::string::npos ? "" : e.award.substr(dot + 1);
    const Json* scores = result_.contains("scores") && result_.at("scores").contains(sheet) ? &result_.at("scores").at(sheet) : nullptr;
    if (!scores) {
      differ(e, words(language_, "no scoring sheet '", "không có bảng chấm điểm '") + sheet + "'");
      return;
    }
    if (!scores->at("candidates").contains(e.candidate)) {
      differ(e, no_candidate(e.candidate));
      return;
    }
    const auto& scored = scores->at("candidates").at(e.candidate);
    std::string actual;
    if (part.empty()) {
      actual = scored.at("total").get<std::string>();
    } else if (!scored.at("parts").contains(part)) {
      differ(e, words(language_, "sheet '", "bảng chấm điểm '") + sheet +
                    words(language_, "' has no part '", "' không có phần '") + part + "'");
      return;
    } else {
      const auto& p = scored.at("parts").at(part);
      if (!p.contains("points")) {  // a section that does not apply, or an item in one
        if (e.values[0] == "not applicable" || e.values[0] == "không áp dụng") return;
        actual = words(language_, "not applicable", "không áp dụng");
      } else {
        actual = p.at("points").get<std::string>();
      }
    }
    const auto want = parse_decimal(e.values[0]), got = parse_decimal(actual);
    if (want && got && *want == *got) return;
    differ(e, e.candidate + ", " + e.award + words(language_, ", points:", ", điểm:") +
                  line(words(language_, "expected:", "mong đợi:"), e.values[0]) +
                  line(words(language_, "actual:  ", "thực tế: "), actual));
    mention(e.candidate);
  }

 private:
  static std::string line(std::string head, const std::string& text) {
    if (text.empty()) head.erase(head.find_last_not_of(' ') + 1);
    return "\n    " + head + (text.empty() ? "" : " " + text);
  }

  void differ(const Expectation& e, const std::string& text) {
    differences.push_back(file_ + ":" + std::to_string(e.line) + ": " + text);
  }

  void mention(const std::string& id) {
    if (result_.at("candidates").contains(id) &&
        std::find(mentioned.begin(), mentioned.end(), id) == mentioned.end())
      mentioned.push_back(id);
  }

  std::string no_candidate(const std::string& id) const {
    return words(language_, "no candidate with id '", "dữ liệu không có ứng viên mã '") + id +
           words(language_, "' in the case's data", "'");
  }

  const Json* candidate_outcome(const Expectation& e) {
    const auto& candidates = result_.at("candidates");
    if (!candidates.contains(e.candidate)) {
      differ(e, no_candidate(e.candidate));
      return nullptr;
    }
    const auto& outcomes = candidates.at(e.candidate);
    if (!outcomes.contains(e.award)) {
      differ(e, e.candidate + ": " +
                    words(language_, "the award '", "'") + e.award +
                    words(language_, "' is not given to this kind of candidate",
                          "' không xét cho loại đối tượng này"));
      return nullptr;
    }
    return &outcomes.at(e.award);
  }

  const std::string& file_;
  const Json& result_;
  Language language_;
};

// "cases.yaml:12: /persons/0/score: message": the data problem at the line of the case file
// its JSON pointer came from (the longest known prefix of the pointer).
std::string locate(const CaseDefinition& c, const std::string& file, const DataIssue& issue, Language language) {
  if (!c.data_file.empty()) return c.data_file + ": " + issue.path + ": " + issue.message_in(language);
  int line = c.line;
  for (std::string pointer = issue.path;; pointer = pointer.substr(0, pointer.rfind('/'))) {
    const auto found = c.data_lines.find(pointer);
    if (found != c.data_lines.end()) {
      line = found->second;
      break;
    }
    if (pointer.empty()) break;
  }
  return file + ":" + std::to_string(line) + ": " + words(language, "data ", "dữ liệu ") + issue.path + ": " +
         issue.message_in(language);
}

CaseOutcome run_one(const Policy& policy, const std::string& file, const CaseDefinition& c, Language language,
                    const RunOptions& options) {
  CaseOutcome outcome{file, c.line, c.name, false, {}, {}};
  std::optional<Dataset> data;
  try {
    if (c.data_file.empty())
      data = Dataset::from_json(policy, c.data_json, file);
    else if (std::filesystem::is_directory(c.data_file))
      data = Dataset::load_csv(policy, c.data_file);  // one CSV file per entity (docs/integration.md)
    else
      data = Dataset::load_json(policy, c.data_file);
  } catch (const DataError& e) {
    for (const auto& issue : e.issues()) outcome.differences.push_back(locate(c, file, issue, language));
    return outcome;
  } catch (const Error& e) {
    outcome.differences.push_back(file + ":" + std::to_string(c.line) + ": " + e.message(language));
    return outcome;
  }
  // In a case, an unknown member is almost always a misspelt field whose default was then
  // used instead: it fails the case rather than passing quietly.
  for (const auto& issue : data->warnings()) outcome.differences.push_back(locate(c, file, issue, language));
  if (!outcome.differences.empty()) return outcome;

  std::optional<Result> result;
  try {
    result = thidua::run(policy, *data, options);
  } catch (const Error& e) {
    outcome.differences.push_back(file + ":" + std::to_string(c.line) + ": " + e.message(language));
    return outcome;
  }
  const auto json = result->to_json();
  Comparison comparison(file, json, language);
  for (const auto& e : c.expectations) comparison.check(e);
  outcome.differences = std::move(comparison.differences);
  outcome.passed = outcome.differences.empty();
  for (const auto& id : comparison.mentioned) outcome.explanation += result->explain(id, language) + "\n";
  return outcome;
}

std::string indent(const std::string& text, const std::string& by) {
  std::string out;
  std::size_t begin = 0;
  while (begin < text.size()) {
    auto end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    const auto piece = text.substr(begin, end - begin);
    out += (piece.empty() ? "" : by + piece) + "\n";
    begin = end + 1;
  }
  return out;
}

std::string xml_escape(const std::string& text) {
  return detail::markup_escape(text);
}

}  // namespace

std::vector<CaseOutcome> run(const Policy& policy, const CaseFile& file, Language language, const RunOptions& options) {
  std::vector<CaseOutcome> outcomes;
  for (const auto& c : file.cases()) outcomes.push_back(run_one(policy, file.path(), c, language, options));
  return outcomes;
}

std::string format(const CaseOutcome& outcome, Language language) {
  const std::string verdict = language == Language::vi ? (outcome.passed ? "ĐẠT        " : "KHÔNG ĐẠT  ")
                                                       : (outcome.passed ? "PASS  " : "FAIL  ");
  std::string out = verdict + outcome.name + "\n";
  for (const auto& difference : outcome.differences) out += indent(difference, "  ");
  if (!outcome.explanation.empty())
    out += words(language, "  What happened, as thidua explains it:\n", "  Giải thích của thidua về kết quả:\n") +
           indent(outcome.explanation, "    ");
  return out;
}

std::string summary(const std::vector<CaseOutcome>& outcomes, Language language) {
  const auto passed = std::count_if(outcomes.begin(), outcomes.end(), [](const auto& o) { return o.passed; });
  const auto failed = static_cast<long>(outcomes.size()) - passed;
  return std::to_string(outcomes.size()) + words(language, " cases: ", " trường hợp: ") + std::to_string(passed) +
         words(language, " passed, ", " đạt, ") + std::to_string(failed) + words(language, " failed.", " không đạt.");
}

std::string junit_xml(const std::vector<CaseOutcome>& outcomes, Language language) {
  std::vector<std::string> files;
  for (const auto& o : outcomes)
    if (std::find(files.begin(), files.end(), o.file) == files.end()) files.push_back(o.file);
  const auto failures = std::count_if(outcomes.begin(), outcomes.end(), [](const auto& o) { return !o.passed; });
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"thidua\" tests=\"" +
                    std::to_string(outcomes.size()) + "\" failures=\"" + std::to_string(failures) + "\">\n";
  for (const auto& file : files) {
    std::vector<const CaseOutcome*> mine;
    for (const auto& o : outcomes)
      if (o.file == file) mine.push_back(&o);
    const auto failed = std::count_if(mine.begin(), mine.end(), [](const auto* o) { return !o->passed; });
    out += "  <testsuite name=\"" + xml_escape(file) + "\" tests=\"" + std::to_string(mine.size()) +
           "\" failures=\"" + std::to_string(failed) + "\" errors=\"0\" skipped=\"0\">\n";
    for (const auto* o : mine) {
      out += "    <testcase name=\"" + xml_escape(o->name) + "\" classname=\"" + xml_escape(file) + "\" file=\"" +
             xml_escape(file) + "\" line=\"" + std::to_string(o->line) + "\"";
      if (o->passed) {
        out += "/>\n";
        continue;
      }
      const auto first = o->differences.empty() ? std::string() : o->differences.front();
      out += ">\n      <failure message=\"" + xml_escape(first.substr(0, first.find('\n'))) + "\">" +
             xml_escape(format(*o, language)) + "</failure>\n    </testcase>\n";
    }
    out += "  </testsuite>\n";
  }
  return out + "</testsuites>\n";
}

}  // namespace thidua::cases
