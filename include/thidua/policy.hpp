// Compile a policy once; run it many times, from many threads at once.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "thidua/diagnostic.hpp"
#include "thidua/fwd.hpp"
#include "thidua/limits.hpp"

namespace thidua {

// Facts about an award that tools and bindings show without running anything.
struct AwardInfo {
  std::string id;
  std::string label;
  std::vector<std::string> entities;  // the entity kinds it is given to, in policy order
};

struct EntityInfo {
  std::string name;
  std::string label;
  std::string source;  // the JSON member the records come from
  bool single = false;
};

// An immutable, checked policy. Copies share one compiled object; every method is const
// and safe to call from several threads at once.
class Policy {
 public:
  // Parses and checks `source`. Throws PolicyError with every diagnostic found. The limits
  // bound this policy's text, and its data and runs later.
  static Policy compile(std::string_view source, std::string filename = "<input>", const Limits& limits = {});
  // Reads the file (UTF-8) and compiles it under its path.
  static Policy load(const std::filesystem::path& path, const Limits& limits = {});

  const std::string& title() const;
  const std::string& filename() const;
  const std::string& sha256() const;  // of the source text as given, hex
  const std::vector<Diagnostic>& warnings() const;
  const Limits& limits() const;
  std::vector<AwardInfo> awards() const;  // in decision order
  std::vector<EntityInfo> entities() const;

  const detail::CompiledPolicy& compiled() const noexcept { return *impl_; }
  std::shared_ptr<const detail::CompiledPolicy> shared() const noexcept { return impl_; }

 private:
  explicit Policy(std::shared_ptr<const detail::CompiledPolicy> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const detail::CompiledPolicy> impl_;
};

}  // namespace thidua
