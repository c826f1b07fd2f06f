// Bound data: one table of typed columns per entity, as the evaluator reads it.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <thread>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "src/compile/model.hpp"
#include "thidua/errors.hpp"
#include "thidua/number.hpp"

namespace thidua::detail {

// Work on this many records or more is split between two threads where it can be; below it a
// thread costs more than it saves. The result never depends on it.
inline constexpr std::size_t parallel_threshold = 50000;

// Whether work on `items` things is worth a second thread: enough of them, a second core, and
// not THIDUA_THREADS=1 in the environment (which keeps everything on the calling thread).
inline bool use_threads(std::size_t items) {
  if (items < parallel_threshold || std::thread::hardware_concurrency() < 2) return false;
  const char* setting = std::getenv("THIDUA_THREADS");
  return !(setting && std::string_view(setting) == "1");
}

// The hash that TextPool and IdIndex place a text by: a binding thread may take it beforehand,
// so that the thread merging its records does not.
inline std::size_t text_hash(std::string_view text) { return std::hash<std::string_view>{}(text); }

// Interned NFC strings: text values and set elements compare as integers.
class TextPool {
 public:
  std::uint32_t intern(std::string_view text) { return intern(text, text_hash(text)); }
  std::uint32_t intern(std::string_view text, std::size_t hash);  // hash: text_hash(text)
  std::optional<std::uint32_t> find(std::string_view text) const;
  const std::string& text(std::uint32_t id) const { return strings_[id]; }
  std::size_t size() const noexcept { return strings_.size(); }

 private:
  // The slot of `text` in slots_: where its id is, or the empty slot where it would go.
  std::size_t slot_of(std::string_view text, std::size_t hash) const;
  void grow();

  std::deque<std::string> strings_;  // by id; a deque: interning never moves the others
  // Open addressing, linear probing, at most half full: id + 1 per slot (0: empty), and
  // beside it 32 bits of the text's hash, so that a probe seldom has to compare strings.
  // A million names cost 16 MB here instead of a node each in an unordered_map.
  struct Slot {
    std::uint32_t id_plus_1 = 0;
    std::uint32_t hash = 0;
  };
  std::vector<Slot> slots_;
};

// Every record id of the input, to the entity and record index that carry it. Open addressing
// over entries that keep their ids in one block of bytes: a million ids cost about 50 MB here,
// against a node and a string each in an unordered_map, and a lookup about two cache misses.
class IdIndex {
 public:
  using Record = std::pair<std::int32_t, std::uint32_t>;

  void reserve(std::size_t ids);
  // Adds `id` for `where`; when the id is there already, adds nothing and returns its record.
  std::optional<Record> insert(std::string_view id, Record where) { return insert(id, where, text_hash(id)); }
  std::optional<Record> insert(std::string_view id, Record where, std::size_t hash);  // hash: text_hash(id)
  // Brings the slot of the id with this hash towards the cache, for an insert a little later.
  void prefetch(std::size_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(slots_.data() + (hash & (slots_.size() - 1)));
  }
  const Record* find(std::string_view id) const;  // nullptr when no record has the id
  const Record& at(std::string_view id) const;    // std::out_of_range when none has it
  std::size_t size() const noexcept { return entries_.size(); }
  // The same ids for the same records, whatever the order they were added in.
  bool operator==(const IdIndex& other) const;

 private:
  struct Entry {
    std::uint64_t offset;  // of the id in bytes_
    std::uint32_t length;
    Record record;
  };
  // Beside the entry, the high half of its id's hash: a probe seldom reads another entry.
  struct Slot {
    std::uint32_t entry_plus_1 = 0;  // 0: empty
    std::uint32_t hash = 0;
  };
  std::string_view id_of(const Entry& e) const { return {bytes_.data() + e.offset, e.length}; }
  // The slot of `id`: where its entry index + 1 is, or the empty slot where it would go.
  std::size_t slot_of(std::string_view id, std::size_t hash) const;
  void grow(std::size_t slots);

  std::string bytes_;               // every id, one after the other
  std::vector<Entry> entries_;      // in the order added
  std::vector<Slot> slots_;         // at most half full
};

// The values of an integer or decimal field, exact, in 16 bytes each instead of a Number's 64:
// a value whose numerator and denominator in lowest terms fit in 64 bits (every decimal of up to
// 18 digits does) is kept as that pair, any other whole on the side. At a million records that
// is 16 MB a column instead of 64.
class NumberColumn {
 public:
  std::size_t size() const noexcept { return values_.size(); }
  Number operator[](std::size_t r) const {
    const Fraction& f = values_[r];
    return f.denominator != 0 ? reduced_fraction(f.numerator, f.denominator)
                              : large_[static_cast<std::size_t>(f.numerator)];
  }
  // The value of record r as numerator and denominator (> 0) in lowest terms, when both fit in
  // 64 bits: what a reader that works in integers takes without building a Number.
  std::optional<std::pair<std::int64_t, std::int64_t>> fraction(std::size_t r) const {
    const Fraction& f = values_[r];
    if (f.denominator == 0) return std::nullopt;
    return std::make_pair(f.numerator, f.denominator);
  }
  void set(std::size_t r, const Number& value);
  // Sets record r to numerator / denominator, already in lowest terms with denominator > 0 (as
  // detail::decimal_fraction gives): a reader of short decimals then builds no Number.
  void set_fraction(std::size_t r, std::int64_t numerator, std::int64_t denominator) {
    values_[r] = {numerator, denominator};
  }
  void push_back(const Number& value) {
    values_.emplace_back();
    set(values_.size() - 1, value);
  }
  void resize(std::size_t n) { values_.resize(n); }  // new values are 0
  void reserve(std::size_t n) { values_.reserve(n); }
  // Appends every value of `other`, in order.
  void append(const NumberColumn& other);
  // Every value, in record order (for tests and tools; the evaluator reads them one by one).
  std::vector<Number> to_vector() const;
  // Equal values, however they are kept.
  bool operator==(const NumberColumn& other) const;
  // Brings the value of record r towards the cache, for a reader about to need it.
  void prefetch(std::size_t r) const {
    if (r < values_.size()) __builtin_prefetch(values_.data() + r);
  }

 private:
  struct Fraction {
    std::int64_t numerator = 0;
    std::int64_t denominator = 1;  // > 0; 0: the value is large_[numerator]
  };
  std::vector<Fraction> values_;
  std::vector<Number> large_;
};

// The values of one field for every record of an entity. Only the vectors that the field's
// type uses are filled.
struct Column {
  std::vector<std::uint8_t> flags;   // boolean: 0 or 1
  NumberColumn numbers;              // integer, decimal
  std::vector<std::uint32_t> codes;  // text: pool id; enumeration: item index; entity: record
  // text_set, enum_set: the elements of record r are
  // set_values[set_offsets[r] .. set_offsets[r + 1]), sorted and without repeats.
  std::vector<std::uint32_t> set_offsets;
  std::vector<std::uint32_t> set_values;
  // optional fields: 1 where the value is present (empty when the field is required).
  std::vector<std::uint8_t> present;
};

struct Table {
  std::size_t size = 0;
  std::vector<std::string> ids;  // NFC; empty for a single entity
  // Per record: its place among the table's ids in byte order (the tie-break of every
  // ranking), so that sorting compares integers, not strings.
  std::vector<std::uint32_t> id_rank;
  std::vector<Column> columns;   // parallel to EntityDef::fields
};

struct DatasetData {
  std::shared_ptr<const CompiledPolicy> policy;
  std::string source_name;
  std::string sha256;
  std::vector<Table> tables;  // parallel to CompiledPolicy::entities
  TextPool texts;
  std::vector<DataIssue> warnings;
  // Every record id of the input: entity and record index.
  IdIndex records_by_id;
  // The same records, ids in byte order (the order of the result's candidates).
  std::vector<std::pair<std::int32_t, std::uint32_t>> by_id;
};

// Fills DatasetData::by_id and every Table::id_rank, once the records are bound.
void order_ids(DatasetData& data);

}  // namespace thidua::detail
