// libFuzzer target: the input is JSON data bound against the example policy, compiled once.
// DataError is the only acceptable failure.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string_view>

#include "tests/fuzz/fuzz_common.hpp"
#include "thidua/thidua.hpp"

#ifndef THIDUA_EXAMPLE_POLICY
#error "THIDUA_EXAMPLE_POLICY must name examples/an-giang-2026/policy.thidua"
#endif

static const thidua::Policy& example_policy() {
  static const thidua::Policy policy = thidua::Policy::load(THIDUA_EXAMPLE_POLICY);
  return policy;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const auto& policy = example_policy();
  const std::string_view text(reinterpret_cast<const char*>(bytes), size);
  try {
    const auto data = thidua::Dataset::from_json(policy, text, "<fuzz>");
    (void)data.warnings();
  } catch (const thidua::DataError& e) {
    (void)e.issues();
  } catch (const std::exception& e) {
    thidua_fuzz::unexpected(e.what());
  }
  return 0;
}
