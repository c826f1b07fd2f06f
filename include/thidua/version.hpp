#pragma once

namespace thidua {
inline constexpr const char* engine_name = "thidua";
inline constexpr const char* engine_version = "0.1.0";
}  // namespace thidua
