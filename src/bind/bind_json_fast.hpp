// The fast path of the JSON bind stage (bind_json_fast.cpp, built when simdjson is found).
#pragma once

#include <cstddef>
#include <string_view>

#include "src/bind/dataset_data.hpp"

namespace thidua::detail {

// Binds JSON text into `out` (whose policy is set and which is otherwise empty) when the text
// is valid and fits the policy with nothing to report, not even a warning; returns false
// otherwise, leaving `out` half filled: the caller then binds the text again with bind_json's
// nlohmann binder, which reports what is wrong in its own words. `readable` is how many bytes
// from json_text.data() may be read (simdjson reads up to 64 bytes past the end); with fewer,
// the text is copied.
bool bind_json_fast(std::string_view json_text, std::size_t readable, DatasetData& out);

}  // namespace thidua::detail
