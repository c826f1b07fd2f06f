// The interned text pool and the public Dataset accessors.
#include <algorithm>
#include <stdexcept>
#include <thread>

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

void order_ids(DatasetData& data) {
  using Record = std::pair<std::int32_t, std::uint32_t>;
  auto& all = data.by_id;
  all.clear();
  for (std::size_t e = 0; e < data.tables.size(); ++e) {
    const auto& ids = data.tables[e].ids;
    for (std::uint32_t r = 0; r < ids.size(); ++r) all.emplace_back(static_cast<std::int32_t>(e), r);
  }
  const auto id_of = [&](const Record& x) -> const std::string& {
    return data.tables[static_cast<std::size_t>(x.first)].ids[x.second];
  };
  // The first 8 bytes of each id as one big-endian integer (zeros after a shorter id) decide
  // almost every comparison without reaching for the strings; equal prefixes compare whole.
  std::vector<std::uint64_t> prefix_of(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& id = id_of(all[i]);
    std::uint64_t prefix = 0;
    for (std::size_t b = 0; b < 8; ++b)
      prefix = prefix << 8 | (b < id.size() ? static_cast<unsigned char>(id[b]) : 0u);
    prefix_of[i] = prefix;
  }
  struct Item {
    std::uint64_t prefix;
    Record record;
  };
  std::vector<Item> items(all.size());
  for (std::size_t i = 0; i < all.size(); ++i) items[i] = {prefix_of[i], all[i]};
  prefix_of = {};
  const auto less = [&](const Item& x, const Item& y) {
    if (x.prefix != y.prefix) return x.prefix < y.prefix;
    return id_of(x.record) < id_of(y.record);
  };
  // Ids are unique, so the order is total and the same however it is reached: at scale
  // the halves are sorted on two threads and merged.
  const auto middle = items.begin() + static_cast<std::ptrdiff_t>(items.size() / 2);
  if (use_threads(items.size())) {
    std::thread first([&] { std::sort(items.begin(), middle, less); });
    std::sort(middle, items.end(), less);
    first.join();
    std::inplace_merge(items.begin(), middle, items.end(), less);
  } else {
    std::sort(items.begin(), items.end(), less);
  }
  for (std::size_t i = 0; i < items.size(); ++i) all[i] = items[i].record;
  std::vector<std::uint32_t> next(data.tables.size(), 0);
  for (auto& table : data.tables) table.id_rank.assign(table.ids.size(), 0);
  for (const auto& [e, r] : all) {
    auto& table = data.tables[static_cast<std::size_t>(e)];
    table.id_rank[r] = next[static_cast<std::size_t>(e)]++;
  }
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
