// The data contract of a policy: the JSON Schema of the input it reads, so that other systems
// can validate their data before calling thidua.
#pragma once

#include <nlohmann/json.hpp>

#include "thidua/policy.hpp"

namespace thidua {

// A JSON Schema (draft 2020-12) of the input JSON that Dataset::from_json accepts for
// `policy`: one member per entity, each record's fields with their types, the accepted codes
// and labels of every scale and enum, optional fields (absent or null), and the policy's labels
// as descriptions. What a schema cannot say is left to the binder: ids unique over the whole
// input, references to existing records, NFC-equivalent spellings of text, and that an `int`
// is written without a fraction (`1.0` passes the schema). See docs/integration.md.
nlohmann::ordered_json input_schema(const Policy& policy);

}  // namespace thidua
