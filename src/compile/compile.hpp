// The check-and-compile stage: AST in, immutable CompiledPolicy out. Knows names, types and
// dependency order; never sees data.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "src/compile/model.hpp"

namespace thidua::detail {

// Parses and checks a policy. Throws PolicyError carrying every diagnostic found; warnings
// of a policy that compiles are kept in CompiledPolicy::warnings.
std::shared_ptr<const CompiledPolicy> compile_policy(std::string_view source, std::string filename,
                                                     const Limits& limits = {});

}  // namespace thidua::detail
