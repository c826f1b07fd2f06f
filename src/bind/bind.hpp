// The bind stage: input data to typed columns, without the public Policy wrapper.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "src/bind/dataset_data.hpp"
#include "src/compile/model.hpp"

namespace thidua::detail {

// Binds JSON text (CONTRACT §1) to the policy's entities in one streaming pass. Throws
// DataError listing every problem found (up to a cap), each with its JSON pointer.
std::shared_ptr<const DatasetData> bind_json(std::shared_ptr<const CompiledPolicy> policy,
                                             std::string_view json_text, std::string source_name);

}  // namespace thidua::detail
