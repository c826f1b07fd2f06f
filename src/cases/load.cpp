// Reading a case file: YAML structure checked key by key, so that a policy author's typo is
// reported at its line instead of silently testing nothing; inline data converted to the JSON
// the binder takes.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "src/cases/cases.hpp"
#include "src/common/text.hpp"

namespace thidua::cases {

CaseFileError::CaseFileError(std::vector<Diagnostic> diagnostics)
    : Error(diagnostics.empty() ? std::string("bad case file")
                                : diagnostics.front().file + ": " + diagnostics.front().message),
      diagnostics_(std::move(diagnostics)) {}

std::string CaseFileError::message(Language language) const { return format(diagnostics_, language); }

namespace {

const std::vector<std::string> statuses = {"selected", "not_selected", "ineligible", "excluded", "closed", "deferred",
                                           "pending"};

std::string join(const std::vector<std::string>& items, const std::string& separator = ", ") {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

// Every problem found in one file, each with its line and the line's text.
class Reporter {
 public:
  Reporter(std::string file, const std::string& text) : file_(std::move(file)) {
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      lines_.push_back(line);
    }
  }

  void error(const YAML::Mark& mark, Message message, int length = 1) {
    Diagnostic d;
    d.file = file_;
    d.message = std::move(message.en);
    d.message_vi = std::move(message.vi);
    if (mark.line >= 0) {
      d.line = mark.line + 1;
      d.source_line = static_cast<std::size_t>(mark.line) < lines_.size() ? lines_[mark.line] : "";
      const auto prefix = d.source_line.substr(0, std::min<std::size_t>(mark.column, d.source_line.size()));
      d.column = static_cast<int>(detail::code_points(prefix)) + 1;
      d.length = std::max(1, length);
    }
    diagnostics_.push_back(std::move(d));
  }
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  std::string file_;
  std::vector<std::string> lines_;
  std::vector<Diagnostic> diagnostics_;
};

int line_of(const YAML::Node& node) { return node.Mark().line + 1; }

class Loader {
 public:
  Loader(std::filesystem::path path, Reporter& report) : path_(std::move(path)), report_(report) {}

  std::vector<CaseDefinition> file(const YAML::Node& root) {
    std::vector<CaseDefinition> cases;
    if (!root.IsMap()) {
      report_.error(root.Mark(), {"a case file is a mapping with a list of 'cases'",
                                  "tệp trường hợp mẫu phải là một bảng khóa–giá trị có danh sách 'cases'"});
      return cases;
    }
    auto members = keys(root, {"description", "defaults", "cases"});
    if (members.count("description")) scalar(members["description"]);
    if (members.count("defaults")) defaults(members["defaults"]);
    if (!members.count("cases")) {
      report_.error(root.Mark(), {"the file has no 'cases'", "tệp không có danh sách 'cases'"});
      return cases;
    }
    const auto list = members["cases"];
    if (!list.IsSequence() || list.size() == 0) {
      report_.error(list.Mark(), {"'cases' must be a list of cases, each starting with '- name:'",
                                  "'cases' phải là danh sách các trường hợp, mỗi trường hợp bắt đầu bằng '- name:'"});
      return cases;
    }
    std::set<std::string> names;
    for (const auto& item : list) {
      auto c = one_case(item);
      if (c.name.empty()) continue;
      if (!names.insert(c.name).second)
        report_.error(item["name"].Mark(), {"duplicate case name '" + c.name + "'",
                                            "trùng tên trường hợp '" + c.name + "'"});
      cases.push_back(std::move(c));
    }
    return cases;
  }

 private:
  // The members of a mapping, by key; reports unknown and repeated keys.
  std::map<std::string, YAML::Node> keys(const YAML::Node& map, const std::vector<std::string>& allowed) {
    std::map<std::string, YAML::Node> out;
    for (const auto& entry : map) {
      const auto key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        report_.error(entry.first.Mark(),
                      {"unknown key '" + key + "'; expected one of: " + join(allowed),
                       "khóa '" + key + "' không hợp lệ; các khóa được dùng: " + join(allowed)},
                      static_cast<int>(detail::code_points(key)));
      } else if (!out.emplace(key, entry.second).second) {
        report_.error(entry.first.Mark(), {"'" + key + "' is given twice", "'" + key + "' được ghi hai lần"},
                      static_cast<int>(detail::code_points(key)));
      }
    }
    return out;
  }

  std::string scalar(const YAML::Node& node) {
    if (node.IsScalar()) return node.Scalar();
    report_.error(node.Mark(), {"expected a single value (text), not a list or a mapping",
                                "cần một giá trị đơn (văn bản), không phải danh sách hay bảng khóa–giá trị"});
    return {};
  }

  bool is_map(const YAML::Node& node, const std::string& what_en, const std::string& what_vi) {
    if (node.IsMap()) return true;
    report_.error(node.Mark(), {"'" + what_en + "' must be a mapping (key: value lines)",
                                "'" + what_vi + "' phải là bảng khóa–giá trị (các dòng khóa: giá trị)"});
    return false;
  }

  std::vector<std::string> scalars(const YAML::Node& node) {
    std::vector<std::string> out;
    if (!node.IsSequence()) {
      report_.error(node.Mark(), {"expected a list, such as [P001, P002] or [] for none",
                                  "cần một danh sách, ví dụ [P001, P002], hoặc [] nếu không có ai"});
      return out;
    }
    for (const auto& item : node) out.push_back(scalar(item));
    return out;
  }

  void defaults(const YAML::Node& node) {
    if (!is_map(node, "defaults", "defaults")) return;
    for (const auto& entry : node)
      if (is_map(entry.second, "defaults: " + entry.first.Scalar(), "defaults: " + entry.first.Scalar()))
        defaults_[entry.first.Scalar()] = entry.second;
  }

  CaseDefinition one_case(const YAML::Node& node) {
    CaseDefinition c;
    if (!node.IsMap()) {
      report_.error(node.Mark(), {"a case is a mapping with name, description, data and expect",
                                  "mỗi trường hợp là bảng khóa–giá trị gồm name, description, data và expect"});
      return c;
    }
    auto members = keys(node, {"name", "description", "data", "expect"});
    for (const char* required : {"name", "description", "data", "expect"})
      if (!members.count(required))
        report_.error(node.Mark(), {std::string("the case has no '") + required + "'",
                                    std::string("trường hợp thiếu '") + required + "'"});
    c.line = line_of(node);
    if (members.count("name")) {
      c.name = scalar(members["name"]);
      c.line = line_of(members["name"]);
    }
    if (members.count("description")) c.description = scalar(members["description"]);
    if (members.count("data")) data(members["data"], c);
    if (members.count("expect")) expect(members["expect"], c);
    return c;
  }

  void data(const YAML::Node& node, CaseDefinition& c) {
    if (node.IsScalar()) {
      const auto file = path_.parent_path() / node.Scalar();
      if (!std::filesystem::exists(file))
        report_.error(node.Mark(), {"data file '" + file.string() + "' does not exist",
                                    "không có tệp dữ liệu '" + file.string() + "'"});
      c.data_file = file.lexically_normal().string();
      return;
    }
    if (!node.IsMap()) {
      report_.error(node.Mark(), {"'data' is either the data itself (board, units, persons...) or the name of a "
                                  "JSON file or of a directory of CSV files",
                                  "'data' là dữ liệu (board, units, persons...) hoặc tên một tệp JSON hay một thư "
                                  "mục tệp CSV"});
      return;
    }
    c.data_json = top_level(node, c.data_lines);
  }

  // The data's top level: each member's records get the file's defaults for that member.
  std::string top_level(const YAML::Node& node, std::map<std::string, int>& lines) {
    std::string out = "{";
    lines[""] = line_of(node);
    for (const auto& entry : node) {
      const auto key = entry.first.Scalar();
      const auto pointer = "/" + pointer_escape(key);
      out += (out.size() > 1 ? "," : "") + quote(key) + ":";
      const auto found = defaults_.find(key);
      const YAML::Node* fill = found == defaults_.end() ? nullptr : &found->second;
      if (entry.second.IsSequence()) {
        lines[pointer] = line_of(entry.second);
        out += "[";
        std::size_t i = 0;
        for (const auto& record : entry.second) {
          if (i) out += ",";
          out += record_json(record, fill, pointer + "/" + std::to_string(i++), lines);
        }
        out += "]";
      } else {
        out += record_json(entry.second, fill, pointer, lines);
      }
    }
    return out + "}";
  }

  std::string record_json(const YAML::Node& record, const YAML::Node* fill, const std::string& pointer,
                          std::map<std::string, int>& lines) {
    if (!fill || !record.IsMap()) return json(record, pointer, lines);
    lines[pointer] = line_of(record);
    std::string out = "{";
    std::set<std::string> given;
    for (const auto& entry : record) {
      given.insert(entry.first.Scalar());
      out += (out.size() > 1 ? "," : "") + quote(entry.first.Scalar()) + ":" +
             json(entry.second, pointer + "/" + pointer_escape(entry.first.Scalar()), lines);
    }
    for (const auto& entry : *fill) {
      if (given.count(entry.first.Scalar())) continue;
      out += (out.size() > 1 ? "," : "") + quote(entry.first.Scalar()) + ":" +
             json(entry.second, pointer + "/" + pointer_escape(entry.first.Scalar()), lines);
    }
    return out + "}";
  }

  // YAML to JSON text. Plain scalars that read as JSON numbers are written as they are, so
  // that 92.75 reaches the binder as the exact decimal it is; quoted scalars stay text.
  std::string json(const YAML::Node& node, const std::string& pointer, std::map<std::string, int>& lines) {
    lines[pointer] = line_of(node);
    if (node.IsMap()) {
      std::string out = "{";
      for (const auto& entry : node)
        out += (out.size() > 1 ? "," : "") + quote(entry.first.Scalar()) + ":" +
               json(entry.second, pointer + "/" + pointer_escape(entry.first.Scalar()), lines);
      return out + "}";
    }
    if (node.IsSequence()) {
      std::string out = "[";
      std::size_t i = 0;
      for (const auto& item : node) {
        if (i) out += ",";
        out += json(item, pointer + "/" + std::to_string(i++), lines);
      }
      return out + "]";
    }
    if (!node.IsScalar()) return "null";
    const auto& text = node.Scalar();
    if (node.Tag() == "!") return quote(text);  // quoted in the file
    static const std::regex number(R"(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?)");
    static const std::set<std::string> trues = {"true", "True", "TRUE"}, falses = {"false", "False", "FALSE"},
                                        nulls = {"null", "Null", "NULL", "~"};
    if (std::regex_match(text, number)) return text;
    if (trues.count(text)) return "true";
    if (falses.count(text)) return "false";
    if (nulls.count(text)) return "null";
    return quote(text);
  }

  static std::string quote(const std::string& text) {
    return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  static std::string pointer_escape(std::string key) {
    std::string out;
    for (char ch : key) out += ch == '~' ? std::string("~0") : ch == '/' ? std::string("~1") : std::string(1, ch);
    return out;
  }

  void expect(const YAML::Node& node, CaseDefinition& c) {
    if (!is_map(node, "expect", "expect")) return;
    auto members = keys(node, {"selected", "not_selected", "status", "failed", "ties", "points"});
    using Kind = Expectation::Kind;
    for (const auto& [key, kind] : {std::pair{"selected", Kind::selected}, std::pair{"not_selected", Kind::not_selected}}) {
      if (!members.count(key) || !is_map(members[key], key, key)) continue;
      for (const auto& entry : members[key])
        c.expectations.push_back({kind, line_of(entry.first), entry.first.Scalar(), "", scalars(entry.second), {}});
    }
    for (const auto& [key, kind] : {std::pair{"status", Kind::status}, std::pair{"failed", Kind::failed}}) {
      if (!members.count(key) || !is_map(members[key], key, key)) continue;
      for (const auto& person : members[key]) {
        const auto candidate = person.first.Scalar();
        if (!is_map(person.second, std::string(key) + ": " + candidate, std::string(key) + ": " + candidate))
          continue;
        for (const auto& entry : person.second) {
          Expectation e{kind, line_of(entry.first), entry.first.Scalar(), candidate, {}, {}};
          if (kind == Kind::failed) {
            e.values = scalars(entry.second);
          } else {
            e.values = {scalar(entry.second)};
            if (std::find(statuses.begin(), statuses.end(), e.values[0]) == statuses.end())
              report_.error(entry.second.Mark(),
                            {"unknown status '" + e.values[0] + "'; expected one of: " + join(statuses),
                             "trạng thái '" + e.values[0] + "' không hợp lệ; các trạng thái: " + join(statuses)},
                            static_cast<int>(detail::code_points(e.values[0])));
          }
          c.expectations.push_back(std::move(e));
        }
      }
    }
    if (members.count("ties") && is_map(members["ties"], "ties", "ties")) {
      for (const auto& entry : members["ties"]) {
        Expectation e{Kind::ties, line_of(entry.first), entry.first.Scalar(), "", {}, {}};
        if (!entry.second.IsSequence()) {
          report_.error(entry.second.Mark(),
                        {"expected a list of ties, each '- ids: [...]' with 'selected: [...]', or [] for none",
                         "cần danh sách các trường hợp bằng điểm, mỗi mục '- ids: [...]' kèm 'selected: [...]', hoặc [] nếu không có"});
          continue;
        }
        for (const auto& group : entry.second) {
          if (!is_map(group, "ties", "ties")) continue;
          auto parts = keys(group, {"ids", "selected"});
          Expectation::Tie tie;
          if (parts.count("ids")) tie.ids = scalars(parts["ids"]);
          else report_.error(group.Mark(), {"the tie has no 'ids'", "thiếu 'ids' của nhóm bằng điểm"});
          if (parts.count("selected")) tie.selected = scalars(parts["selected"]);
          else report_.error(group.Mark(), {"the tie has no 'selected'", "thiếu 'selected' của nhóm bằng điểm"});
          e.ties.push_back(std::move(tie));
        }
        c.expectations.push_back(std::move(e));
      }
    }
    // `points: { VP: { cchc: 95.5, cchc.ke_hoach: 1 } }`: a scoring sheet's total or part.
    if (members.count("points") && is_map(members["points"], "points", "points")) {
      for (const auto& candidate : members["points"]) {
        const auto id = candidate.first.Scalar();
        if (!is_map(candidate.second, "points: " + id, "points: " + id)) continue;
        for (const auto& entry : candidate.second)
          c.expectations.push_back({Expectation::Kind::points, line_of(entry.first), entry.first.Scalar(), id,
                                    {scalar(entry.second)}, {}});
      }
    }
    const bool only_unknown_keys = members.empty() && node.size() > 0;  // already reported
    if (c.expectations.empty() && !only_unknown_keys)
      report_.error(node.Mark(), {"the case expects nothing: state at least one expectation under 'expect'",
                                  "trường hợp không nêu kết quả mong đợi nào: cần ít nhất một mục trong 'expect'"});
  }

  std::filesystem::path path_;
  Reporter& report_;
  std::map<std::string, YAML::Node> defaults_;
};

}  // namespace

CaseFile CaseFile::load(const std::filesystem::path& path) {
  const auto name = path.string();
  std::string text;
  try {
    text = detail::read_file(name);
  } catch (const Error&) {
    Diagnostic d;
    d.file = name;
    d.message = "cannot read the case file";
    d.message_vi = "không đọc được tệp trường hợp mẫu";
    throw CaseFileError({d});
  }
  Reporter report(name, text);
  if (!detail::is_valid_utf8(text)) {
    report.error(YAML::Mark::null_mark(), {"the file is not UTF-8 text", "tệp không phải văn bản UTF-8"});
    throw CaseFileError(report.diagnostics());
  }
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::ParserException& e) {
    report.error(e.mark, {"invalid YAML: " + e.msg, "YAML không hợp lệ: " + e.msg});
    throw CaseFileError(report.diagnostics());
  }
  Loader loader(path, report);
  auto cases = loader.file(root);
  if (!report.diagnostics().empty()) throw CaseFileError(report.diagnostics());
  CaseFile file;
  file.path_ = name;
  file.cases_ = std::make_shared<const std::vector<CaseDefinition>>(std::move(cases));
  return file;
}

}  // namespace thidua::cases
