// The interned text pool and the public Dataset accessors.
#include <stdexcept>

#include "src/bind/dataset_data.hpp"
#include "thidua/dataset.hpp"

namespace thidua {

namespace detail {

std::uint32_t TextPool::intern(std::string_view text) {
  if (const auto it = ids_.find(text); it != ids_.end()) return it->second;
  const auto id = static_cast<std::uint32_t>(strings_.size());
  strings_.emplace_back(text);
  ids_.emplace(strings_.back(), id);
  return id;
}

std::optional<std::uint32_t> TextPool::find(std::string_view text) const {
  if (const auto it = ids_.find(text); it != ids_.end()) return it->second;
  return std::nullopt;
}

}  // namespace detail

const std::string& Dataset::source_name() const { return impl_->source_name; }
const std::string& Dataset::sha256() const { return impl_->sha256; }
const std::vector<DataIssue>& Dataset::warnings() const { return impl_->warnings; }

std::size_t Dataset::size(std::string_view entity) const {
  const int index = impl_->policy->entity_index(entity);
  if (index < 0) throw std::out_of_range("unknown entity \"" + std::string(entity) + "\"");
  return impl_->tables[static_cast<std::size_t>(index)].size;
}

}  // namespace thidua
