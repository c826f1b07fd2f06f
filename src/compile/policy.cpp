#include "thidua/policy.hpp"

#include "src/common/text.hpp"
#include "src/compile/compile.hpp"

namespace thidua {

Policy Policy::compile(std::string_view source, std::string filename, const Limits& limits) {
  return Policy(detail::compile_policy(source, std::move(filename), limits));
}

Policy Policy::load(const std::filesystem::path& path, const Limits& limits) {
  return compile(detail::read_file(path.string()), path.string(), limits);
}

const std::string& Policy::title() const { return impl_->title; }
const std::string& Policy::filename() const { return impl_->source.name(); }
const std::string& Policy::sha256() const { return impl_->sha256; }
const std::vector<Diagnostic>& Policy::warnings() const { return impl_->warnings; }
const Limits& Policy::limits() const { return impl_->limits; }

std::vector<AwardInfo> Policy::awards() const {
  std::vector<AwardInfo> out;
  for (const int a : impl_->decision_order) {
    const auto& award = impl_->awards[static_cast<std::size_t>(a)];
    AwardInfo info{award.id, award.label, {}};
    for (const auto& block : award.blocks)
      info.entities.push_back(impl_->entities[static_cast<std::size_t>(block.entity)].name);
    out.push_back(std::move(info));
  }
  return out;
}

std::vector<EntityInfo> Policy::entities() const {
  std::vector<EntityInfo> out;
  for (const auto& e : impl_->entities) out.push_back({e.name, e.label, e.source, e.single});
  return out;
}

}  // namespace thidua
