// libFuzzer target: the input is policy text, a NUL byte, then JSON data. Compile, bind, run,
// render the result and explain every candidate. thidua::Error (PolicyError, DataError) is the
// only acceptable failure.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

#include "src/bind/dataset_data.hpp"
#include "tests/fuzz/fuzz_common.hpp"
#include "thidua/thidua.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(bytes), size);
  const auto nul = input.find('\0');
  if (nul == std::string_view::npos) return 0;
  const auto policy_text = input.substr(0, nul);
  const auto json_text = input.substr(nul + 1);
  try {
    const auto policy = thidua::Policy::compile(policy_text, "<fuzz-policy>");
    const auto data = thidua::Dataset::from_json(policy, json_text, "<fuzz-data>");
    const auto result = thidua::run(policy, data);
    (void)result.to_json_string();
    for (const auto& table : data.data().tables)
      for (const auto& id : table.ids) {
        (void)result.explain(id, thidua::Language::vi);
        (void)result.explain(id, thidua::Language::en);
      }
  } catch (const thidua::Error&) {
  } catch (const std::exception& e) {
    thidua_fuzz::unexpected(e.what());
  }
  return 0;
}
