// libFuzzer target: the input is policy text. PolicyError is the only acceptable failure.
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string_view>

#include "tests/fuzz/fuzz_common.hpp"
#include "thidua/thidua.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(bytes), size);
  try {
    const auto policy = thidua::Policy::compile(text, "<fuzz>");
    (void)policy.awards();
    (void)policy.entities();
  } catch (const thidua::PolicyError& e) {
    (void)thidua::format(e.diagnostics());
  } catch (const std::exception& e) {
    thidua_fuzz::unexpected(e.what());
  }
  return 0;
}
