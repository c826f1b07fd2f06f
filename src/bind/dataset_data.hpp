// Bound data: one table of typed columns per entity, as the evaluator reads it.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "src/compile/model.hpp"
#include "thidua/errors.hpp"
#include "thidua/number.hpp"

namespace thidua::detail {

// Interned NFC strings: text values and set elements compare as integers.
class TextPool {
 public:
  TextPool() = default;
  // Not copyable: the index holds views of the strings (a move keeps them valid).
  TextPool(const TextPool&) = delete;
  TextPool& operator=(const TextPool&) = delete;
  TextPool(TextPool&&) = default;
  TextPool& operator=(TextPool&&) = default;

  std::uint32_t intern(std::string_view text);
  std::optional<std::uint32_t> find(std::string_view text) const;
  const std::string& text(std::uint32_t id) const { return strings_[id]; }
  std::size_t size() const noexcept { return strings_.size(); }

 private:
  // A deque never moves its elements, so the index can key on views of them: one copy of
  // each text, and lookups that allocate nothing.
  std::deque<std::string> strings_;
  std::unordered_map<std::string_view, std::uint32_t> ids_;
};

// The values of one field for every record of an entity. Only the vectors that the field's
// type uses are filled.
struct Column {
  std::vector<std::uint8_t> flags;   // boolean: 0 or 1
  std::vector<Number> numbers;       // integer, decimal
  std::vector<std::uint32_t> codes;  // text: pool id; enumeration: item index; entity: record
  // text_set, enum_set: the elements of record r are
  // set_values[set_offsets[r] .. set_offsets[r + 1]), sorted and without repeats.
  std::vector<std::uint32_t> set_offsets;
  std::vector<std::uint32_t> set_values;
  // optional fields: 1 where the value is present (empty when the field is required).
  std::vector<std::uint8_t> present;
};

struct Table {
  std::size_t size = 0;
  std::vector<std::string> ids;  // NFC; empty for a single entity
  std::vector<Column> columns;   // parallel to EntityDef::fields
};

struct DatasetData {
  std::shared_ptr<const CompiledPolicy> policy;
  std::string source_name;
  std::string sha256;
  std::vector<Table> tables;  // parallel to CompiledPolicy::entities
  TextPool texts;
  std::vector<DataIssue> warnings;
  // Every record id of the input: entity and record index.
  std::unordered_map<std::string, std::pair<std::int32_t, std::uint32_t>> records_by_id;
};

}  // namespace thidua::detail
