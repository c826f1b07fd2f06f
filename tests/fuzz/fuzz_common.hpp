// Shared by the libFuzzer targets: which exceptions are expected from hostile input.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <exception>

namespace thidua_fuzz {

// Anything but the allowed exceptions escaping the library is a bug: report and abort, so that
// libFuzzer records the input.
[[noreturn]] inline void unexpected(const char* what) {
  std::fprintf(stderr, "fuzz: unexpected exception escaped: %s\n", what);
  std::abort();
}

}  // namespace thidua_fuzz
