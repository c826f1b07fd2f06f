// Bounds on what one input may demand of the machine, so that a broken or hostile policy or
// data file gets a clear error instead of exhausting the stack, the memory or the time.
// The defaults admit every real plan and a country's data; lower them for untrusted input.
// A policy is compiled with its limits, and its data is bound and run under the same ones.
#pragma once

#include <cstddef>
#include <cstdint>

namespace thidua {

struct Limits {
  // Nesting of expressions (parentheses, operators, calls) and of `set of` in a policy.
  // At most max_expression_depth: the parser's stack grows with it.
  int expression_depth = 256;
  static constexpr int max_expression_depth = 4096;
  // Size of a policy's text, in bytes (at most 4 GiB - 1).
  std::size_t policy_bytes = std::size_t{16} << 20;
  // Nesting of arrays and objects in the input JSON.
  int json_depth = 64;
  // Size of the input data (JSON), in bytes.
  std::size_t data_bytes = std::size_t{8} << 30;
  // Problems listed in one DataError before "… and N more problems".
  std::size_t reported_issues = 100;
  // Steps of the exact selection search, per award block, before the result says the selection
  // is not proven optimal (docs/selection.md). The fast paths take no steps.
  std::uint64_t optimizer_work = 20'000'000;
};

}  // namespace thidua
