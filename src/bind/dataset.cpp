// The interned text pool and the public Dataset accessors.
#include <algorithm>
#include <array>
#include <stdexcept>
#include <utility>

#include "src/bind/dataset_data.hpp"
#include "thidua/dataset.hpp"

namespace thidua {

namespace detail {

std::size_t TextPool::slot_of(std::string_view text, std::size_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  const auto tag = static_cast<std::uint32_t>(hash >> 32);
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.id_plus_1 == 0 || (slot.hash == tag && strings_[slot.id_plus_1 - 1] == text)) return i;
  }
}

void TextPool::grow() {
  std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(std::max<std::size_t>(64, slots_.size() * 2)));
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.id_plus_1 == 0) continue;
    std::size_t i = text_hash(strings_[slot.id_plus_1 - 1]) & mask;
    while (slots_[i].id_plus_1 != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

std::uint32_t TextPool::intern(std::string_view text, std::size_t hash) {
  if (2 * (strings_.size() + 1) > slots_.size()) grow();
  Slot& slot = slots_[slot_of(text, hash)];
  if (slot.id_plus_1 != 0) return slot.id_plus_1 - 1;
  const auto id = static_cast<std::uint32_t>(strings_.size());
  strings_.emplace_back(text);
  slot = {id + 1, static_cast<std::uint32_t>(hash >> 32)};
  return id;
}

std::optional<std::uint32_t> TextPool::find(std::string_view text) const {
  if (slots_.empty()) return std::nullopt;
  const Slot& slot = slots_[slot_of(text, text_hash(text))];
  if (slot.id_plus_1 == 0) return std::nullopt;
  return slot.id_plus_1 - 1;
}

void IdIndex::reserve(std::size_t ids) {
  entries_.reserve(ids);
  std::size_t slots = 64;
  while (slots < 2 * ids) slots *= 2;
  if (slots > slots_.size()) grow(slots);
}

std::size_t IdIndex::slot_of(std::string_view id, std::size_t hash) const {
  const std::size_t mask = slots_.size() - 1;
  const auto tag = static_cast<std::uint32_t>(hash >> 32);
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.entry_plus_1 == 0 || (slot.hash == tag && id_of(entries_[slot.entry_plus_1 - 1]) == id)) return i;
  }
}

void IdIndex::grow(std::size_t slots) {
  std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(slots));
  const std::size_t mask = slots - 1;
  for (const Slot& slot : old) {
    if (slot.entry_plus_1 == 0) continue;
    std::size_t i = text_hash(id_of(entries_[slot.entry_plus_1 - 1])) & mask;
    while (slots_[i].entry_plus_1 != 0) i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

std::optional<IdIndex::Record> IdIndex::insert(std::string_view id, Record where, std::size_t hash) {
  if (2 * (entries_.size() + 1) > slots_.size()) grow(std::max<std::size_t>(64, slots_.size() * 2));
  Slot& slot = slots_[slot_of(id, hash)];
  if (slot.entry_plus_1 != 0) return entries_[slot.entry_plus_1 - 1].record;
  entries_.push_back({bytes_.size(), static_cast<std::uint32_t>(id.size()), where});
  bytes_ += id;
  slot = {static_cast<std::uint32_t>(entries_.size()), static_cast<std::uint32_t>(hash >> 32)};
  return std::nullopt;
}

const IdIndex::Record* IdIndex::find(std::string_view id) const {
  if (slots_.empty()) return nullptr;
  const Slot& slot = slots_[slot_of(id, text_hash(id))];
  return slot.entry_plus_1 == 0 ? nullptr : &entries_[slot.entry_plus_1 - 1].record;
}

const IdIndex::Record& IdIndex::at(std::string_view id) const {
  if (const Record* record = find(id)) return *record;
  throw std::out_of_range("no record with id \"" + std::string(id) + "\"");
}

bool IdIndex::operator==(const IdIndex& other) const {
  if (size() != other.size()) return false;
  for (const Entry& entry : entries_) {
    const Record* record = other.find(id_of(entry));
    if (!record || *record != entry.record) return false;
  }
  return true;
}

void NumberColumn::set(std::size_t r, const Number& value) {
  Fraction& f = values_[r];
  if (const auto small = small_fraction(value)) {
    f = {small->first, small->second};
    return;
  }
  if (f.denominator == 0) {  // already large: its place on the side is reused
    large_[static_cast<std::size_t>(f.numerator)] = value;
    return;
  }
  f = {static_cast<std::int64_t>(large_.size()), 0};
  large_.push_back(value);
}

void NumberColumn::append(const NumberColumn& other) {
  // Room grows geometrically: the fast JSON reader appends a part at a time, and an exact
  // reserve per part would copy the whole column at every append.
  if (values_.capacity() < size() + other.size())
    values_.reserve(std::max(size() + other.size(), 2 * values_.capacity()));
  for (const Fraction& f : other.values_) {
    values_.push_back(f);
    if (f.denominator == 0) {
      values_.back().numerator = static_cast<std::int64_t>(large_.size());
      large_.push_back(other.large_[static_cast<std::size_t>(f.numerator)]);
    }
  }
}

std::vector<Number> NumberColumn::to_vector() const {
  std::vector<Number> values;
  values.reserve(size());
  for (std::size_t r = 0; r < size(); ++r) values.push_back((*this)[r]);
  return values;
}

bool NumberColumn::operator==(const NumberColumn& other) const {
  if (size() != other.size()) return false;
  for (std::size_t r = 0; r < size(); ++r)
    if ((*this)[r] != other[r]) return false;
  return true;
}

namespace {

using Record = std::pair<std::int32_t, std::uint32_t>;

// A record and the first 8 bytes of its id as one big-endian integer (zeros after a shorter id),
// which decide almost every comparison of two ids without reaching for the strings.
struct IdItem {
  std::uint64_t prefix;
  Record record;
};

std::uint64_t prefix_of(const std::string& id) {
  std::uint64_t prefix = 0;
  for (std::size_t b = 0; b < 8; ++b) prefix = prefix << 8 | (b < id.size() ? static_cast<unsigned char>(id[b]) : 0u);
  return prefix;
}

// Sorts items[0 .. n) by prefix: least significant byte first, a stable counting pass a byte,
// skipping the bytes that every item shares (ids mostly differ in a few of their 8).
void radix_sort(IdItem* items, std::size_t n, std::vector<IdItem>& buffer) {
  std::vector<std::array<std::size_t, 256>> counts(8);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t b = 0; b < 8; ++b) ++counts[b][(items[i].prefix >> (8 * b)) & 0xFF];
  buffer.resize(n);
  IdItem* from = items;
  IdItem* to = buffer.data();
  for (std::size_t b = 0; b < 8; ++b) {
    const auto byte = [b](const IdItem& x) { return (x.prefix >> (8 * b)) & 0xFF; };
    auto& count = counts[b];
    if (count[byte(from[0])] == n) continue;
    std::size_t offset = 0;
    for (auto& c : count) offset += std::exchange(c, offset);
    for (std::size_t i = 0; i < n; ++i) to[count[byte(from[i])]++] = from[i];
    std::swap(from, to);
  }
  if (from != items) std::copy(from, from + n, items);
}

}  // namespace

void order_ids(DatasetData& data) {
  const auto id_of = [&](const Record& x) -> const std::string& {
    return data.tables[static_cast<std::size_t>(x.first)].ids[x.second];
  };
  const auto less = [&](const IdItem& x, const IdItem& y) {
    if (x.prefix != y.prefix) return x.prefix < y.prefix;
    return id_of(x.record) < id_of(y.record);
  };
  // Each table's ids sorted apart (unless they come sorted), then the tables merged. Ids are
  // unique across tables, so the order is total and the same however it is reached.
  std::vector<IdItem> items;
  std::size_t total = 0;
  for (const auto& table : data.tables) total += table.ids.size();
  items.reserve(total);
  std::vector<IdItem> buffer;
  for (std::size_t e = 0; e < data.tables.size(); ++e) {
    const auto& ids = data.tables[e].ids;
    const std::size_t begin = items.size();
    for (std::uint32_t r = 0; r < ids.size(); ++r) items.push_back({prefix_of(ids[r]), {static_cast<std::int32_t>(e), r}});
    IdItem* table = items.data() + begin;
    const std::size_t n = ids.size();
    if (!std::is_sorted(table, table + n, less)) {
      radix_sort(table, n, buffer);
      // Ids that share their first 8 bytes are ordered by the whole id.
      for (std::size_t i = 0, j = 0; i < n; i = j) {
        for (j = i + 1; j < n && table[j].prefix == table[i].prefix;) ++j;
        if (j - i > 1) std::sort(table + i, table + j, less);
      }
    }
    std::inplace_merge(items.begin(), items.begin() + static_cast<std::ptrdiff_t>(begin), items.end(), less);
  }
  auto& all = data.by_id;
  all.resize(items.size());
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
