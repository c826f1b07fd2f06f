// What the binders say about input data, in English and Vietnamese. Both binders (JSON and
// Python columns) share these, so that a problem reads the same whichever way the data came.
#pragma once

#include <string>

#include <vector>

#include "src/compile/model.hpp"
#include "thidua/errors.hpp"
#include "thidua/language.hpp"

namespace thidua::detail {

inline void push_issue(std::vector<DataIssue>& list, std::string path, Message message) {
  list.push_back({std::move(path), std::move(message.en), std::move(message.vi)});
}

// What one binding reports: its problems, and its warnings (kept with the data). Each list
// holds at most `cap` (Limits::reported_issues) and then ends with "… and N more".
class Reports {
 public:
  Reports(std::size_t cap, std::vector<DataIssue>& warnings) : cap_(cap), warnings_(warnings) {}
  void error(std::string path, Message message) { add(issues_, dropped_issues_, std::move(path), std::move(message)); }
  void warn(std::string path, Message message) { add(warnings_, dropped_warnings_, std::move(path), std::move(message)); }
  // Closes both lists; returns the problems.
  std::vector<DataIssue> finish();

 private:
  void add(std::vector<DataIssue>& list, std::size_t& dropped, std::string path, Message message) {
    if (list.size() < cap_) push_issue(list, std::move(path), std::move(message));
    else ++dropped;
  }
  std::size_t cap_;
  std::vector<DataIssue>& warnings_;
  std::vector<DataIssue> issues_;
  std::size_t dropped_issues_ = 0;
  std::size_t dropped_warnings_ = 0;
};

}  // namespace thidua::detail

namespace thidua::detail::say {

inline Message label_suffix(const FieldDef& field) {
  if (field.label == field.name) return {};
  return {" (" + field.label + ")", " (" + field.label + ")"};
}

// `shown` is the offending value as the input wrote it.
inline Message got(const std::string& shown) { return {"got " + shown, "nhận được " + shown}; }
// Where a JSON reader stopped: " (byte 17)".
inline Message at_byte(std::size_t position) {
  const auto n = std::to_string(position);
  return {" (byte " + n + ")", " (byte thứ " + n + ")"};
}
inline const Message rest_not_read{"; the rest of the input was not read", "; phần còn lại của dữ liệu không được đọc"};

inline Message more_warnings(std::size_t n) {
  return {"… and " + std::to_string(n) + (n == 1 ? " more warning" : " more warnings"),
          "… và " + std::to_string(n) + " cảnh báo khác"};
}
inline Message more_problems(std::size_t n) {
  return {"… and " + std::to_string(n) + (n == 1 ? " more problem" : " more problems"),
          "… và " + std::to_string(n) + " lỗi khác"};
}

inline Message too_large(std::size_t size, std::size_t limit) {
  const auto s = std::to_string(size), l = std::to_string(limit);
  return {"the data is " + s + " bytes, more than the limit of " + l,
          "dữ liệu dài " + s + " byte, vượt giới hạn " + l + " byte"};
}
inline const Message empty_input{"empty input; expected a JSON object", "dữ liệu rỗng; cần một đối tượng JSON"};
inline Message number_out_of_bounds(const std::string& shown) {
  return {"number out of bounds, got " + shown, "số vượt quá giới hạn: " + shown};
}
inline const Message invalid_utf8_in_string{"invalid UTF-8 in a string", "chuỗi chứa byte UTF-8 không hợp lệ"};
// `reason` is the JSON parser's own words, in English.
inline Message invalid_json(const Message& at, const std::string& reason) {
  return Message{"invalid JSON", "JSON không hợp lệ"} + at + Message{": " + reason, ": " + reason};
}
inline Message nesting_too_deep(int max_depth) {
  const auto n = std::to_string(max_depth);
  return {"nesting deeper than " + n + " levels", "lồng nhau sâu quá " + n + " mức"};
}

inline Message expected_top_object(const std::string& members) {
  return {"expected a JSON object with the members " + members, "cần một đối tượng JSON có các thành phần " + members};
}
inline Message unknown_member(const std::string& quoted) {
  return {"unknown member " + quoted + " (no entity reads it; ignored)",
          "thành phần lạ " + quoted + " (không thực thể nào đọc nó; bỏ qua)"};
}
inline Message duplicate_member(const std::string& quoted) {
  return {"duplicate member " + quoted, "thành phần " + quoted + " bị trùng"};
}
inline Message expected_the_record(const EntityDef& def) {
  return {"expected an object (the " + def.name + " record)", "cần một đối tượng (bản ghi " + def.name + ")"};
}
inline Message expected_a_record(const EntityDef& def) {
  return {"expected an object (a " + def.name + " record)", "cần một đối tượng (một bản ghi " + def.name + ")"};
}
inline Message expected_records(const EntityDef& def) {
  return {"expected an array of " + def.name + " records", "cần một mảng các bản ghi " + def.name};
}
inline Message expected_columns(const EntityDef& def) {
  return {"expected columns (a dict of lists or a DataFrame) of " + def.name + " records",
          "cần các cột (một dict các list hoặc một DataFrame) của các bản ghi " + def.name};
}
inline Message missing_records(const EntityDef& def) {
  return def.single ? Message{"missing; expected an object (the " + def.name + " record)",
                              "thiếu; cần một đối tượng (bản ghi " + def.name + ")"}
                    : Message{"missing; expected an array of " + def.name + " records",
                              "thiếu; cần một mảng các bản ghi " + def.name};
}
inline Message column_lengths_differ(const std::string& quoted, std::size_t size, const std::string& first_quoted,
                                     std::size_t rows) {
  const auto a = std::to_string(size), b = std::to_string(rows);
  return {"column " + quoted + " has " + a + " values, but column " + first_quoted + " has " + b,
          "cột " + quoted + " có " + a + " giá trị, nhưng cột " + first_quoted + " có " + b};
}
inline Message unknown_field(const std::string& quoted, const EntityDef& def, bool column = false) {
  return column ? Message{"unknown column " + quoted + " of " + def.name + " (ignored)",
                          "cột lạ " + quoted + " của " + def.name + " (bỏ qua)"}
                : Message{"unknown field " + quoted + " of " + def.name + " (ignored)",
                          "trường lạ " + quoted + " của " + def.name + " (bỏ qua)"};
}
inline Message missing_id(bool column = false) {
  return column ? Message{"missing column \"id\"", "thiếu cột \"id\""}
                : Message{"missing field \"id\"", "thiếu trường \"id\""};
}
inline Message missing_field(const std::string& quoted, const FieldDef& field, bool column = false) {
  return (column ? Message{"missing column " + quoted, "thiếu cột " + quoted}
                 : Message{"missing field " + quoted, "thiếu trường " + quoted}) +
         label_suffix(field);
}

inline const Message expected_id{"expected a non-empty string id", "cần một id là chuỗi khác rỗng"};
inline const Message invalid_utf8_in_id{"invalid UTF-8 in the id", "id chứa byte UTF-8 không hợp lệ"};
inline Message duplicate_id(const std::string& quoted, const std::string& other_path) {
  return {"duplicate id " + quoted + " (also at " + other_path + ")",
          "id " + quoted + " bị trùng (cũng có ở " + other_path + ")"};
}

inline const Message expected_boolean{"expected a boolean", "cần một giá trị true hoặc false"};
inline const Message expected_text{"expected text", "cần một chuỗi văn bản"};
inline const Message expected_integer{"expected an integer", "cần một số nguyên"};
inline const Message expected_decimal{"expected a decimal", "cần một số"};
inline const Message within_bounds{" within bounds", " trong giới hạn"};
inline const Message invalid_utf8_in_text{"invalid UTF-8 in text", "văn bản chứa byte UTF-8 không hợp lệ"};
inline const Message expected_text_array{"expected an array of text", "cần một mảng các chuỗi văn bản"};
inline Message expected_enum_array(const std::string& enumeration) {
  return {"expected an array of " + enumeration + " values", "cần một mảng các giá trị của " + enumeration};
}
inline Message expected_one_of(const std::string& accepted) {
  return {"expected one of " + accepted, "cần một trong các giá trị " + accepted};
}
inline Message expected_id_of(const EntityDef& target) {
  return {"expected the id of a " + target.name, "cần id của một bản ghi " + target.name};
}
// A value of a kind the input format cannot produce: a fault of thidua, reported rather than crashed on.
inline Message impossible_value(const FieldDef& field, const char* format) {
  return {std::string("a value that ") + format + " cannot give (" + field.name + ")",
          std::string("giá trị mà ") + format + " không thể có (" + field.name + ")"};
}
inline Message no_record_with_id(const EntityDef& target, const std::string& quoted, const EntityDef* actual) {
  Message m{"no " + target.name + " with id " + quoted, "không có " + target.name + " nào có id " + quoted};
  if (actual != nullptr) m = m + Message{" (that id is a " + actual->name + ")", " (id đó là của một " + actual->name + ")"};
  return m;
}

}  // namespace thidua::detail::say

namespace thidua::detail {

inline std::vector<DataIssue> Reports::finish() {
  if (dropped_warnings_ > 0) push_issue(warnings_, "", say::more_warnings(dropped_warnings_));
  if (dropped_issues_ > 0) push_issue(issues_, "", say::more_problems(dropped_issues_));
  return std::move(issues_);
}

}  // namespace thidua::detail
