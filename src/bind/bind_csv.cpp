// Input data as CSV files, the form agency data leaves Excel in: one file per entity, named
// after its `from` member (units.csv, persons.csv, board.csv), a header row naming the fields.
// The files are parsed with libcsv, each cell is given the JSON kind its field's type reads
// (a number for a decimal, a list for a set, ...), and the columns are bound by bind_columns,
// so CSV data gets exactly the checks and messages of JSON data; only the places change, from
// JSON pointers to "persons.csv:ROW:COLUMN".
#include <csv.h>

#include <charconv>
#include <filesystem>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "src/bind/bind.hpp"
#include "src/common/text.hpp"
#include "thidua/dataset.hpp"
#include "thidua/policy.hpp"

namespace thidua {

namespace {

using detail::InputColumn;
using detail::InputMember;
using detail::Type;

// One CSV file: its rows of cells, the header first.
struct Table {
  std::string file;  // "persons.csv"
  std::vector<std::vector<std::string>> rows;
};

struct Parser {
  Table* table;
  std::vector<std::string> row;
};

Table parse_csv(const std::string& file, std::string_view text, std::vector<DataIssue>& issues) {
  Table table{file, {}};
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  // Excel writes ';' where the decimal separator is ',' (a Vietnamese Windows, for instance).
  const auto first_line = text.substr(0, text.find('\n'));
  const bool semicolons = first_line.find(';') != std::string_view::npos && first_line.find(',') == std::string_view::npos;

  csv_parser parser;
  csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_EMPTY_IS_NULL);
  csv_set_delim(&parser, semicolons ? ';' : ',');
  Parser state{&table, {}};
  const auto on_cell = [](void* cell, std::size_t size, void* data) {
    static_cast<Parser*>(data)->row.emplace_back(cell ? static_cast<const char*>(cell) : "", cell ? size : 0);
  };
  const auto on_row = [](int, void* data) {
    auto* s = static_cast<Parser*>(data);
    s->table->rows.push_back(std::move(s->row));
    s->row.clear();
  };
  const bool ok = csv_parse(&parser, text.data(), text.size(), on_cell, on_row, &state) == text.size() &&
                  csv_fini(&parser, on_cell, on_row, &state) == 0;
  if (!ok) {
    issues.push_back({file + ":" + std::to_string(table.rows.size() + 1),
                      std::string("invalid CSV: ") + csv_strerror(csv_error(&parser)),
                      std::string("CSV không hợp lệ: ") + csv_strerror(csv_error(&parser))});
  }
  csv_free(&parser);
  return table;
}

// The cell as the JSON value a field of this type reads: text stays text unless the field
// takes a number or a boolean and the cell is one, so that a wrong cell is reported with the
// binder's own message (`expected a decimal, got "92,5"`).
void add_cell(InputColumn& column, const std::string& cell, Type type) {
  static const std::regex integer(R"(-?[0-9]+)");
  static const std::regex decimal(R"(-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)");
  const auto put = [&](InputColumn::Kind kind, std::int64_t slot) {
    column.kinds.push_back(kind);
    column.slots.push_back(slot);
  };
  const auto put_text = [&](InputColumn::Kind kind, std::string text) {
    column.texts.push_back(std::move(text));
    column.element_is_string.push_back(kind == InputColumn::string ? 1 : 0);
    put(kind, static_cast<std::int64_t>(column.texts.size() - 1));
  };
  if (type.is_set()) {  // "a; b; c": an empty cell is the empty set
    const auto list = static_cast<std::int64_t>(column.list_offsets.size() - 1);
    std::size_t start = 0;
    while (start < cell.size()) {
      auto end = cell.find(';', start);
      if (end == std::string::npos) end = cell.size();
      auto element = cell.substr(start, end - start);
      element.erase(0, element.find_first_not_of(' '));
      element.erase(element.find_last_not_of(' ') + 1);
      if (!element.empty()) {
        column.texts.push_back(std::move(element));
        column.element_is_string.push_back(1);
      }
      start = end + 1;
    }
    column.list_offsets.push_back(static_cast<std::uint32_t>(column.texts.size()));
    return put(InputColumn::list, list);
  }
  if (cell.empty()) return put(InputColumn::null, 0);
  if (type.kind == Type::boolean && (cell == "true" || cell == "TRUE" || cell == "false" || cell == "FALSE"))
    return put(InputColumn::boolean, cell[0] == 't' || cell[0] == 'T' ? 1 : 0);
  if (type.is_number() && std::regex_match(cell, integer)) {
    std::int64_t n = 0;
    const auto [end, error] = std::from_chars(cell.data(), cell.data() + cell.size(), n);
    if (error == std::errc() && end == cell.data() + cell.size()) return put(InputColumn::integer, n);
    return put_text(InputColumn::number, cell);
  }
  if (type.kind == Type::decimal && std::regex_match(cell, decimal)) return put_text(InputColumn::number, cell);
  put_text(InputColumn::string, cell);
}

// "/persons/17/score/2" → "persons.csv:19:5": the header is row 1, columns count from 1.
std::string place(const std::string& pointer, const detail::CompiledPolicy& policy, const std::vector<Table>& tables) {
  std::vector<std::string> parts;
  for (std::size_t start = 1; start <= pointer.size();) {
    auto end = pointer.find('/', start);
    if (end == std::string::npos) end = pointer.size();
    std::string part = pointer.substr(start, end - start);
    for (std::size_t i = 0; (i = part.find('~', i)) != std::string::npos; ++i)
      part.replace(i, 2, part.compare(i, 2, "~1") == 0 ? "/" : "~");
    parts.push_back(std::move(part));
    start = end + 1;
  }
  if (parts.empty()) return pointer;
  for (std::size_t e = 0; e < policy.entities.size(); ++e) {
    const auto& def = policy.entities[e];
    if (def.source != parts[0]) continue;
    const Table& table = tables[e];
    if (table.rows.empty()) return table.file;
    std::size_t row = 1, next = 1;
    const bool numbered = parts.size() > 1 && !parts[1].empty() &&
                          parts[1].find_first_not_of("0123456789") == std::string::npos;
    if (!def.single && numbered) {
      row = static_cast<std::size_t>(std::stoul(parts[1])) + 2;
      next = 2;
    } else if (def.single && parts.size() > 1) {
      row = 2;
    }
    std::string out = table.file + ":" + std::to_string(row);
    if (next < parts.size()) {
      const auto& header = table.rows.front();
      for (std::size_t c = 0; c < header.size(); ++c)
        if (header[c] == parts[next]) return out + ":" + std::to_string(c + 1);
    }
    return out;
  }
  return pointer;
}

}  // namespace

Dataset Dataset::load_csv(const Policy& policy, const std::filesystem::path& directory) {
  const auto& compiled = policy.compiled();
  std::vector<Table> tables;
  std::vector<DataIssue> issues;
  std::vector<InputMember> input;
  std::string hashed;  // every file's name and bytes, for the dataset's sha256
  for (const auto& def : compiled.entities) {
    const std::string file = def.source + ".csv";
    const auto path = directory / file;
    if (!std::filesystem::exists(path)) {
      tables.push_back({file, {}});
      continue;  // bind_columns reports the missing member, placed at the file
    }
    const std::string bytes = detail::read_file(path);
    hashed += file + '\0' + bytes;
    tables.push_back(parse_csv(file, bytes, issues));
    const Table& table = tables.back();
    if (table.rows.empty()) {
      issues.push_back({file, "empty file; expected a header row naming the fields",
                        "tệp rỗng; cần một dòng tiêu đề ghi tên các trường"});
      continue;
    }
    const auto& header = table.rows.front();
    const std::size_t records = table.rows.size() - 1;
    if (def.single && records != 1) {
      issues.push_back({file, "expected one row after the header (the " + def.name + " record), got " + std::to_string(records),
                        "cần đúng một dòng sau dòng tiêu đề (bản ghi " + def.name + "), có " + std::to_string(records)});
      continue;
    }
    InputMember member{def.source, def.single ? InputMember::record : InputMember::columns, {}, {}};
    for (std::size_t r = 1; r < table.rows.size(); ++r) {
      if (table.rows[r].size() != header.size())
        issues.push_back({file + ":" + std::to_string(r + 1),
                          "expected " + std::to_string(header.size()) + " cells, as in the header, got " +
                              std::to_string(table.rows[r].size()),
                          "cần " + std::to_string(header.size()) + " ô như dòng tiêu đề, có " +
                              std::to_string(table.rows[r].size())});
    }
    for (std::size_t c = 0; c < header.size(); ++c) {
      const int f = def.field_index(header[c]);
      const Type type = f >= 0 ? def.fields[static_cast<std::size_t>(f)].type : Type{Type::text};
      InputColumn column;
      for (std::size_t r = 1; r < table.rows.size(); ++r)
        add_cell(column, c < table.rows[r].size() ? table.rows[r][c] : std::string(), type);
      member.fields.emplace_back(header[c], std::move(column));
    }
    input.push_back(std::move(member));
  }
  const std::string source_name = directory.string();
  if (!issues.empty()) throw DataError(source_name, std::move(issues));
  try {
    auto data = detail::bind_columns(policy.shared(), input, source_name);
    auto bound = std::const_pointer_cast<detail::DatasetData>(data);  // made just now, by us
    bound->sha256 = detail::sha256_hex(hashed);
    for (auto& warning : bound->warnings) warning.path = place(warning.path, compiled, tables);
    return Dataset(std::move(data));
  } catch (const DataError& error) {
    std::vector<DataIssue> placed = error.issues();
    for (auto& issue : placed) issue.path = place(issue.path, compiled, tables);
    throw DataError(source_name, std::move(placed));
  }
}

}  // namespace thidua
