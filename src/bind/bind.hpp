// The bind stage: input data to typed columns, without the public Policy wrapper.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "src/bind/dataset_data.hpp"
#include "src/compile/model.hpp"

namespace thidua::detail {

// Which reader binds JSON. `fastest`: simdjson (when thidua was built with it) for input that
// is valid and has nothing to report, nlohmann's SAX parser otherwise; `nlohmann`: always
// nlohmann's. Both give the same data, and every message comes from nlohmann's.
enum class JsonReader { fastest, nlohmann };

// Binds JSON text (CONTRACT §1) to the policy's entities in one streaming pass. Throws
// DataError listing every problem found (up to a cap), each with its JSON pointer.
std::shared_ptr<const DatasetData> bind_json(std::shared_ptr<const CompiledPolicy> policy,
                                             std::string_view json_text, std::string source_name,
                                             JsonReader reader = JsonReader::fastest);

// Data given as columns (the Python binding's dicts of lists and DataFrames), one cell per
// record, kept compact: a kind byte and one 64-bit slot per cell, text only where text is.
struct InputColumn {
  enum Kind : std::uint8_t {
    null,     // None (or a float NaN, pandas' "missing")
    boolean,  // slot: 0 or 1
    integer,  // slot: the value
    number,   // slot: index into texts of its exact decimal text ("92.75", "12345678901234567890")
    string,   // slot: index into texts
    list,     // slot: index into list_offsets; elements texts[list_offsets[i] .. list_offsets[i+1])
    other,    // slot: index into texts of its rendering, for messages
  };
  std::vector<Kind> kinds;
  std::vector<std::int64_t> slots;
  std::vector<std::string> texts;
  // list elements: their texts are in texts, and element_is_string says which were strings
  // (the others hold a rendering, for messages).
  std::vector<std::uint32_t> list_offsets{0};
  std::vector<std::uint8_t> element_is_string;  // parallel to texts (1 for non-list texts too)
  std::size_t size() const { return kinds.size(); }
};

// One top-level member of the input.
struct InputMember {
  std::string name;
  enum Form : std::uint8_t { columns, record, other } form = columns;
  // columns: name and values, every column of the same length; record (a single entity's
  // object): columns of one value each; other: `rendering` shows what was given.
  std::vector<std::pair<std::string, InputColumn>> fields;
  std::string rendering;
};

// Binds columnar input with the same checks and messages as bind_json: paths name the record
// by its row ("/persons/17/score"), and a missing column is reported once for the entity.
std::shared_ptr<const DatasetData> bind_columns(std::shared_ptr<const CompiledPolicy> policy,
                                                const std::vector<InputMember>& input,
                                                std::string source_name);

}  // namespace thidua::detail
