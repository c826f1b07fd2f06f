// The fast path of the JSON bind stage: simdjson's On-Demand reader binds input that is valid
// and fits the policy, into exactly the columns bind_json's nlohmann binder would make. At the
// first thing it would have to report (an error or a warning), it gives up and the caller runs
// the nlohmann binder over the same text, which reports it: every message stays that binder's.
// So this file only decides when the input is clean, and never says why it is not.
//
// The text is read in chunks of whole records, so that simdjson's index of its structure only
// ever covers one chunk (over a whole file of a million persons that index took about 200 MB)
// and two threads can bind chunks at once:
// - Chunker frames the top-level object (its members, and the records of each list entity's
//   array) and cuts the records into chunks of about chunk_bytes;
// - ChunkBinder binds one chunk, from its own small buffer holding '[' + records + ']', into a
//   Part: columns, ids, texts and relation ids interned in pools of its thread's own, kept
//   from chunk to chunk (so a text recurring in every chunk is merged once per thread);
// - Merger appends the parts in chunk order, so that everything comes out as one reading from
//   start to end would make it: record order, the text pool's ids in order of first appearance,
//   the id index and its duplicates, and relations resolved once every record is in.
// simdjson 3.0.1 cannot stream the records itself: its iterate_many takes documents separated
// by whitespace only (commas came in 3.1), and the records sit inside an object besides.
#include "src/bind/bind_json_fast.hpp"

#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "src/bind/values.hpp"
#include "src/common/text.hpp"

namespace thidua::detail {

namespace {

namespace od = simdjson::ondemand;
using namespace values;

// Thrown at the first sign of a problem; never escapes this file.
struct Unfit {};
[[noreturn]] void unfit() { throw Unfit{}; }
void check(simdjson::error_code e) {
  if (e != simdjson::SUCCESS) unfit();
}

// The text of a string whose raw form starts at `raw` (just after its opening quote), when it
// holds no escape: then it is the input's own bytes, already checked as UTF-8 without control
// characters by simdjson. Empty optional when it has an escape.
std::optional<std::string_view> unescaped_in_place(const char* raw) {
  // simdjson validated the string, so its closing quote follows. A loop, not strchr: under
  // AddressSanitizer strchr measures the whole rest of the input first, at every string.
  const char* end = raw;
  while (*end != '"') ++end;
  if (std::memchr(raw, '\\', static_cast<std::size_t>(end - raw)) != nullptr) return std::nullopt;
  return std::string_view(raw, static_cast<std::size_t>(end - raw));
}

// Sets record r of `column` to the exact value of a JSON number token, as bind_json reads it;
// false when that binder would report it (not a JSON number, not an integer where one is
// required, beyond nlohmann's long double range, beyond thidua's bounds).
bool read_number(std::string_view t, bool integer, NumberColumn& column, std::size_t r) {
  std::size_t i = 0;
  const std::size_t n = t.size();
  const auto digit = [&](std::size_t k) { return k < n && t[k] >= '0' && t[k] <= '9'; };
  const bool negative = n > 0 && t[0] == '-';
  if (negative) ++i;
  if (!digit(i)) return false;
  if (t[i] == '0') ++i;
  else while (digit(i)) ++i;
  const std::size_t whole_end = i;
  std::size_t fraction_begin = i, fraction_end = i;
  if (i < n && t[i] == '.') {
    fraction_begin = ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
    fraction_end = i;
  }
  bool exponent = false;
  if (i < n && (t[i] == 'e' || t[i] == 'E')) {
    exponent = true;
    ++i;
    if (i < n && (t[i] == '+' || t[i] == '-')) ++i;
    if (!digit(i)) return false;
    while (digit(i)) ++i;
  }
  if (i != n) return false;
  const std::size_t whole_begin = negative ? 1 : 0;
  const std::size_t fraction_digits = fraction_end - fraction_begin;
  if (integer && (fraction_digits > 0 || exponent)) return false;
  if (!exponent && (whole_end - whole_begin) + fraction_digits <= 18) {
    // The common case, without parse_decimal's strings nor a Number: digits as one 64-bit
    // integer, kept as the fraction the column holds.
    std::int64_t m = 0;
    for (std::size_t k = whole_begin; k < whole_end; ++k) m = m * 10 + (t[k] - '0');
    for (std::size_t k = fraction_begin; k < fraction_end; ++k) m = m * 10 + (t[k] - '0');
    const auto [numerator, denominator] = detail::decimal_fraction(negative ? -m : m, static_cast<unsigned>(fraction_digits));
    column.set_fraction(r, numerator, denominator);
    return true;
  }
  // nlohmann reads such a token as a long double first, and reports it when that overflows.
  if (exponent || n > 300) {
    const std::string text(t);
    if (!std::isfinite(std::strtold(text.c_str(), nullptr))) return false;
  }
  const auto value = parse_decimal(t);
  if (value) column.set(r, *value);
  return value.has_value();
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// A file read block by block, each block hashed (SHA-256) as it is read: so the file's text is
// never all in memory, and its hash is of exactly the bytes bound.
class FileBlocks {
 public:
  FileBlocks(const std::string& path, std::size_t block) : in_(path, std::ios::binary), block_(std::max<std::size_t>(block, 1)) {}

  // Appends the next block to `window`; false at the end of the file.
  bool append_to(std::string& window) {
    const std::size_t old = window.size();
    window.resize(old + block_);
    in_.read(window.data() + old, static_cast<std::streamsize>(block_));
    const auto got = static_cast<std::size_t>(in_.gcount());
    window.resize(old + got);
    if (in_.bad()) unfit();
    hash_.update(std::string_view(window).substr(old));
    return got > 0;
  }

  std::string sha256_hex() { return hash_.hex(); }

 private:
  std::ifstream in_;
  std::size_t block_;
  Sha256 hash_;
};

// Whole records of one entity, in text order: "{...}, {...}" (one record for a single entity).
struct Chunk {
  int entity = 0;
  std::string_view records;
};

// Frames the text: reads the top-level object's skeleton itself (members, names, where each
// value starts) and cuts each list's records into chunks, handing them out one by one.
//
// It does not read the records: a chunk ends at the first `}` at or after about chunk_bytes
// that is followed by `,` and `{` (the next record) or by `]` (the end of the list), found with
// memchr. Such a `}` may also sit inside a string or close a nested object, and then the cut
// is wrong; but then the chunk fails to bind, and the fast path declines. The argument, by
// induction over the chunks in text order: the first chunk starts where a record truly starts
// (the skeleton up to it is read exactly). When a chunk starts at a true record start, its
// buffer '[' + text + ']' is read by simdjson in the same lexical state as the whole text
// there (outside strings, in an array), so it tokenises alike; it binds only when it is a
// list of complete objects that the added ']' closes, and then its last `}` truly ends a
// record at the list's level, so the `,` `{` or `]` after it are true too, and so is the next
// chunk's start. A cut inside a string leaves the chunk's last string unclosed (simdjson's
// first stage rejects that); a cut inside a nested value leaves brackets unmatched, which the
// binder, reading every value of every record, rejects. So every chunk binding means every cut
// was true; and when one does not, nothing is kept. The cost of not knowing strings here: a
// valid text with `}` then `,{` or `]` inside a string, just where a cut falls, is left to
// nlohmann's binder (slower, same result).
//
// From a file, the text is a window over it: the bytes from the open chunk on, read block by
// block as the framing needs them; a chunk handed out stays valid until next() is called again. The gain: a scanner that tracks strings and escapes
// would be a byte-at-a-time pass over the whole text (hundreds of milliseconds at 264 MB, on
// the thread every chunk waits for), where memchr for `}` is under 2% of binding's time.
class Chunker {
 public:
  // Over the whole text, or (with `file`) over the file's text, read as it goes.
  Chunker(const CompiledPolicy& policy, std::string_view text, FileBlocks* file, std::size_t chunk_bytes)
      : policy_(policy), text_(text), file_(file), chunk_bytes_(std::max<std::size_t>(chunk_bytes, 1)),
        entity_seen_(policy.entities.size(), 0) {}

  // The next chunk, or nullopt when the text is read to its end.
  std::optional<Chunk> next() {
    if (file_ != nullptr) {  // the chunks before are done with: the window starts here
      window_.erase(0, pos_);
      text_ = window_;
      pos_ = 0;
    }
    for (;;) {
      switch (state_) {
        case State::done: return std::nullopt;
        case State::in_list: return records();
        case State::start:
          if (has(2) && text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a byte-order mark, skipped as bind_json does
          skip_space();
          expect('{');
          skip_space();
          if (at('}')) {
            finish();
            continue;
          }
          break;
        case State::after_member:
          skip_space();
          if (at('}')) {
            finish();
            continue;
          }
          expect(',');
          skip_space();
          break;
      }
      const int e = member_entity();
      skip_space();
      if (policy_.entities[static_cast<std::size_t>(e)].single) {
        if (!at('{')) unfit();
        return single_record(e);
      }
      expect('[');
      skip_space();
      if (at(']')) {
        ++pos_;
        state_ = State::after_member;
        continue;
      }
      if (!at('{')) unfit();
      list_ = e;
      state_ = State::in_list;
    }
  }

 private:
  enum class State { start, after_member, in_list, done };

  // Whether the text has a byte at i (reading more of the file if need be).
  bool has(std::size_t i) {
    while (i >= text_.size()) {
      if (file_ == nullptr) return false;
      const bool more = file_->append_to(window_);
      text_ = window_;  // even at the end: trying to read may have moved the window's bytes
      if (!more) return false;
    }
    return true;
  }
  bool at(char c) { return has(pos_) && text_[pos_] == c; }
  void expect(char c) {
    if (!at(c)) unfit();
    ++pos_;
  }
  std::size_t space_from(std::size_t i) {
    while (has(i) && is_space(text_[i])) ++i;
    return i;
  }
  void skip_space() { pos_ = space_from(pos_); }
  char byte_at(std::size_t i) { return has(i) ? text_[i] : '\0'; }

  // Just past the next `}` from `from`, which must exist.
  std::size_t past_brace(std::size_t from) {
    for (;;) {
      const void* brace = from < text_.size() ? std::memchr(text_.data() + from, '}', text_.size() - from) : nullptr;
      if (brace != nullptr)
        return static_cast<std::size_t>(static_cast<const char*>(brace) - text_.data()) + 1;
      from = std::max(from, text_.size());  // then read on
      if (!has(from)) unfit();
    }
  }

  // A member's name and its colon; the entity it names, seen for the first time.
  int member_entity() {
    expect('"');
    const std::size_t begin = pos_;
    while (has(pos_) && text_[pos_] != '"' && text_[pos_] != '\\') ++pos_;
    if (!at('"')) unfit();  // an escape (rare: left to nlohmann's binder), or no end
    // Looked up at once: reading on from a file may move the window's bytes.
    const std::string_view name = text_.substr(begin, pos_ - begin);
    std::size_t e = 0;
    while (e < policy_.entities.size() && policy_.entities[e].source != name) ++e;
    if (e == policy_.entities.size() || entity_seen_[e]) unfit();  // warned of, or a duplicate
    entity_seen_[e] = 1;
    ++pos_;
    skip_space();
    expect(':');
    return static_cast<int>(e);
  }

  // A single entity's record: up to the first `}` followed by `,` or `}` (see above).
  Chunk single_record(int e) {
    const std::size_t begin = pos_;
    for (std::size_t end = past_brace(begin);; end = past_brace(end)) {
      const char after = byte_at(space_from(end));
      if (after == ',' || after == '}') {
        pos_ = end;
        state_ = State::after_member;
        return {e, text_.substr(begin, end - begin)};
      }
    }
  }

  // The next records of the open list, from the `{` at pos_ (see above).
  Chunk records() {
    const std::size_t begin = pos_;
    for (std::size_t end = past_brace(begin);; end = past_brace(end)) {
      const std::size_t after = space_from(end);
      if (byte_at(after) == ']') {
        pos_ = after + 1;
        state_ = State::after_member;
        return {list_, text_.substr(begin, end - begin)};
      }
      if (byte_at(after) != ',' || end - begin < chunk_bytes_) continue;
      const std::size_t next = space_from(after + 1);
      if (byte_at(next) != '{') continue;
      pos_ = next;
      return {list_, text_.substr(begin, end - begin)};
    }
  }

  // The end of the top-level object: nothing but space may follow, and every entity was given.
  void finish() {
    ++pos_;
    skip_space();
    if (has(pos_)) unfit();
    for (const auto seen : entity_seen_)
      if (!seen) unfit();
    state_ = State::done;
  }

  const CompiledPolicy& policy_;
  std::string_view text_;
  FileBlocks* file_;
  std::string window_;  // from a file: the text from the open chunk on
  std::size_t chunk_bytes_;
  std::vector<std::uint8_t> entity_seen_;
  std::size_t pos_ = 0;
  State state_ = State::start;
  int list_ = -1;  // the entity whose list is open
};

// A binding thread's texts and relation ids, interned across its chunks, with the hash of each
// (text_hash) by its id. Owned by the ChunkedBind: parts still to be merged point into them.
struct Pool {
  TextPool texts;
  std::vector<std::size_t> hashes;

  std::uint32_t intern(std::string_view text) {
    const std::size_t hash = text_hash(text);
    const std::uint32_t id = texts.intern(text, hash);
    if (id == hashes.size()) hashes.push_back(hash);
    return id;
  }
  // Texts from id `from` on, with their hashes. Views stay valid: a TextPool never moves a text.
  void added_since(std::uint32_t from, std::vector<std::pair<std::string_view, std::size_t>>& to) const {
    for (std::uint32_t id = from; id < texts.size(); ++id) to.emplace_back(texts.text(id), hashes[id]);
  }
};

// One chunk's records, bound apart from the others.
struct Part {
  int entity = 0;
  int thread = 0;          // whose pools its codes index
  std::size_t bytes = 0;   // of the chunk's text
  // The chunk's records as the entity's table would hold them, except that text codes and set
  // elements index the thread's text pool, relation codes its name pool, and set offsets start
  // from 0.
  Table table;
  // Texts and names first seen by the thread in this chunk, in order of first appearance (the
  // pools' next ids), with their hashes: only these can be new to the data's pool.
  std::vector<std::pair<std::string_view, std::size_t>> new_texts, new_names;
  // The hash of each record's id, taken here so that merging, on the thread every chunk waits
  // for, does not.
  std::vector<std::size_t> id_hashes;
};

// Binds chunks, one after another, each into its Part; one per thread.
class ChunkBinder {
 public:
  ChunkBinder(const CompiledPolicy& policy, int thread, Pool& texts, Pool& names)
      : policy_(policy), thread_(thread), texts_(texts), names_(names) {}

  // Copies the chunk as '[' + records + ']' into this binder's buffer (the chunk's text may
  // go once it is loaded).
  void load(const Chunk& chunk) {
    entity_ = chunk.entity;
    size_ = chunk.records.size() + 2;
    if (buffer_.size() < size_ + simdjson::SIMDJSON_PADDING) buffer_.resize(size_ + simdjson::SIMDJSON_PADDING);
    buffer_[0] = '[';
    std::memcpy(buffer_.data() + 1, chunk.records.data(), chunk.records.size());
    buffer_[size_ - 1] = ']';
  }

  // Binds the loaded chunk.
  void bind(Part& part) {
    part_ = &part;
    part.entity = entity_;
    part.thread = thread_;
    part.bytes = size_ - 2;
    const auto texts_before = static_cast<std::uint32_t>(texts_.texts.size());
    const auto names_before = static_cast<std::uint32_t>(names_.texts.size());
    const EntityDef& def = entity();
    part.table.columns.resize(def.fields.size());
    for (std::size_t f = 0; f < def.fields.size(); ++f)
      if (def.fields[f].type.is_set()) part.table.columns[f].set_offsets.push_back(0);
    od::document doc;
    check(parser_.iterate(simdjson::padded_string_view(buffer_.data(), size_, buffer_.size())).get(doc));
    od::array list;
    check(doc.get_array().get(list));
    for (auto element : list) {
      od::object record;
      check(element.get_object().get(record));
      read_record(values::new_record(def, part.table), record);
    }
    if (doc.current_location().error() == simdjson::SUCCESS) unfit();  // more after the list
    if (def.single && part.table.size != 1) unfit();
    texts_.added_since(texts_before, part.new_texts);
    names_.added_since(names_before, part.new_names);
  }

 private:
  const EntityDef& entity() const { return policy_.entities[static_cast<std::size_t>(part_->entity)]; }

  void read_record(std::uint32_t r, od::object& record) {
    const EntityDef& def = entity();
    const std::size_t n = def.fields.size();
    seen_.assign(n, 0);
    bool id_seen = false;
    std::size_t guess = 0;
    for (auto member : record) {
      od::field f;
      check(std::move(member).get(f));
      const auto name = unescaped_in_place(f.key().raw());
      if (!name) unfit();
      od::value v = f.value();
      if (!def.single && *name == "id") {
        if (id_seen) unfit();
        id_seen = true;
        read_id(r, v);
        continue;
      }
      // Records usually list their members in the same order: try the one after the last first.
      std::size_t k = 0;
      for (; k < n; ++k) {
        const std::size_t i = (guess + k) % n;
        if (def.fields[i].name != *name) continue;
        if (seen_[i]) unfit();
        seen_[i] = 1;
        guess = i + 1;
        read_field(r, i, v);
        break;
      }
      if (k == n) unfit();  // an unknown member: the nlohmann binder warns of it
    }
    if (!def.single && !id_seen) unfit();
    for (std::size_t i = 0; i < n; ++i)
      if (!seen_[i] && !def.fields[i].optional) unfit();
  }

  // The text of a string value: the input's own bytes when it has no escape.
  static std::string_view string_of(od::value& v) {
    // A peek, which leaves the value unread; the reader skips it like any value not read.
    const std::string_view token = v.raw_json_token();
    if (token.empty() || token.front() != '"') unfit();
    if (auto text = unescaped_in_place(token.data() + 1)) return *text;
    std::string_view text;
    check(v.get_string().get(text));  // simdjson checks the escapes and unescapes
    return text;
  }

  // NFC text, in `scratch` when normalising changed it.
  static std::string_view nfc(std::string_view text, std::string& scratch) {
    if (surely_nfc(text)) return text;
    scratch.assign(text);
    if (!normalise(scratch)) unfit();
    return scratch;
  }

  // Duplicates are found when the parts are merged, across chunks.
  void read_id(std::uint32_t r, od::value& v) {
    const std::string_view id = nfc(string_of(v), scratch_);
    if (id.empty()) unfit();
    part_->table.ids[r] = id;
    part_->id_hashes.push_back(text_hash(id));
  }

  void read_field(std::uint32_t r, std::size_t i, od::value& v) {
    const FieldDef& field = entity().fields[i];
    Column& c = part_->table.columns[i];
    od::json_type type;
    check(v.type().get(type));
    if (type == od::json_type::null) {
      bool is_null = false;
      check(v.is_null().get(is_null));
      if (!is_null || !field.optional) unfit();
      return;  // missing: present stays 0
    }
    switch (field.type.kind) {
      case Type::boolean: {
        bool flag = false;
        check(v.get_bool().get(flag));
        c.flags[r] = flag ? 1 : 0;
        break;
      }
      case Type::integer:
      case Type::decimal: {
        if (type != od::json_type::number) unfit();
        std::string_view token = v.raw_json_token();
        while (!token.empty() && is_space(token.back())) token.remove_suffix(1);
        if (!read_number(token, field.type.kind == Type::integer, c.numbers, r)) unfit();
        break;
      }
      case Type::text: c.codes[r] = text_code(v); break;
      case Type::enumeration: c.codes[r] = enum_item(field.type.ref, v); break;
      case Type::entity: c.codes[r] = reference(v); break;
      case Type::text_set:
      case Type::enum_set: {
        od::array elements;
        check(v.get_array().get(elements));
        for (auto element : elements) {
          od::value ev;
          check(std::move(element).get(ev));
          c.set_values.push_back(field.type.kind == Type::text_set ? text_code(ev) : enum_item(field.type.ref, ev));
        }
        const auto begin = c.set_values.begin() + c.set_offsets[r];
        std::sort(begin, c.set_values.end());
        c.set_values.erase(std::unique(begin, c.set_values.end()), c.set_values.end());
        c.set_offsets[r + 1] = static_cast<std::uint32_t>(c.set_values.size());
        break;
      }
      default: unfit();
    }
    if (field.optional) c.present[r] = 1;
  }

  std::uint32_t text_code(od::value& v) { return texts_.intern(nfc(string_of(v), scratch_)); }

  std::uint32_t enum_item(int enumeration, od::value& v) {
    const int item = policy_.enumerations[static_cast<std::size_t>(enumeration)].find(nfc(string_of(v), scratch_));
    if (item < 0) unfit();
    return static_cast<std::uint32_t>(item);
  }

  // Ids are resolved once every record is read, as bind_json does: records may refer forwards.
  std::uint32_t reference(od::value& v) {
    const std::string_view id = nfc(string_of(v), scratch_);
    if (id.empty()) unfit();
    return names_.intern(id);
  }

  const CompiledPolicy& policy_;
  int thread_;
  Pool& texts_;
  Pool& names_;
  Part* part_ = nullptr;
  od::parser parser_;
  int entity_ = 0;                  // of the loaded chunk
  std::size_t size_ = 0;            // of the loaded chunk, brackets included
  std::vector<char> buffer_;        // '[' + the chunk + ']' + simdjson's padding
  std::vector<std::uint8_t> seen_;  // per field of the open record
  std::string scratch_;
};

template <class T>
void append(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

// Appends parts, in chunk order, to the data; then resolves the relations.
class Merger {
 public:
  // `bytes`: of the whole text, cut into chunks of about `chunk_bytes`.
  Merger(const CompiledPolicy& policy, DatasetData& out, std::size_t bytes, std::size_t chunk_bytes)
      : policy_(policy), out_(out), bytes_(bytes), chunk_bytes_(chunk_bytes) {}

  void merge(Part& part) {
    const auto e = static_cast<std::size_t>(part.entity);
    const EntityDef& def = policy_.entities[e];
    Table& table = out_.tables[e];
    if (table.size == 0 && part.bytes >= chunk_bytes_) reserve(table, part);
    const auto base = static_cast<std::uint32_t>(table.size);
    // The thread's earlier chunks were merged before this one, so the texts of this chunk that
    // are new to the data's pool are among those new to the thread's, which come in the chunk's
    // order of first appearance: they get the ids one reading from the start would give them.
    auto& text_ids = text_ids_[static_cast<std::size_t>(part.thread)];
    for (const auto& [text, hash] : part.new_texts) text_ids.push_back(out_.texts.intern(text, hash));
    auto& name_ids = name_ids_[static_cast<std::size_t>(part.thread)];
    for (const auto& [name, hash] : part.new_names) name_ids.push_back(names_.intern(name, hash));
    if (!def.single) {
      // A million ids' slots are far apart in memory: each is fetched a few inserts ahead.
      constexpr std::uint32_t ahead = 8;
      for (std::uint32_t r = 0; r < part.table.size; ++r) {
        if (r + ahead < part.table.size) out_.records_by_id.prefetch(part.id_hashes[r + ahead]);
        if (out_.records_by_id.insert(part.table.ids[r], {part.entity, base + r}, part.id_hashes[r])) unfit();  // a duplicate
      }
      append(table.ids, part.table.ids);
    }
    table.size += part.table.size;
    for (std::size_t f = 0; f < def.fields.size(); ++f) {
      Column& to = table.columns[f];
      Column& from = part.table.columns[f];
      switch (def.fields[f].type.kind) {
        case Type::text:  // an absent optional text keeps code 0, as the binders leave it
          for (std::size_t r = 0; r < from.codes.size(); ++r)
            to.codes.push_back(from.present.empty() || from.present[r] ? text_ids[from.codes[r]] : 0);
          break;
        case Type::entity:
          for (const auto code : from.codes) to.codes.push_back(code == unset ? unset : name_ids[code]);
          break;
        case Type::text_set:
        case Type::enum_set: {
          const bool texts = def.fields[f].type.kind == Type::text_set;
          const auto offset = static_cast<std::uint32_t>(to.set_values.size());
          for (std::size_t r = 1; r < from.set_offsets.size(); ++r) {
            const auto begin = to.set_values.size();
            for (auto k = from.set_offsets[r - 1]; k < from.set_offsets[r]; ++k)
              to.set_values.push_back(texts ? text_ids[from.set_values[k]] : from.set_values[k]);
            // Sets are sorted by pool id, and the pool's ids are not the part's.
            if (texts) std::sort(to.set_values.begin() + static_cast<std::ptrdiff_t>(begin), to.set_values.end());
            to.set_offsets.push_back(offset + from.set_offsets[r]);
          }
          break;
        }
        case Type::integer:
        case Type::decimal: to.numbers.append(from.numbers); break;
        default:
          append(to.flags, from.flags);
          append(to.codes, from.codes);
          break;
      }
      append(to.present, from.present);
    }
  }

  // A list's first chunk, when the list goes on past it, tells about how much its table will
  // hold: at most as much again for every chunk's worth of the whole text. Reserving that
  // keeps appending from copying a million records' columns as they grow (room never touched
  // costs no memory).
  void reserve(Table& table, const Part& part) const {
    const double scale = static_cast<double>(bytes_) / static_cast<double>(std::max<std::size_t>(part.bytes, 1));
    const auto scaled = [scale](std::size_t n) { return static_cast<std::size_t>(static_cast<double>(n) * scale); };
    table.ids.reserve(scaled(part.table.ids.size()));
    for (std::size_t f = 0; f < table.columns.size(); ++f) {
      Column& to = table.columns[f];
      const Column& from = part.table.columns[f];
      to.flags.reserve(scaled(from.flags.size()));
      to.numbers.reserve(scaled(from.numbers.size()));
      to.codes.reserve(scaled(from.codes.size()));
      to.set_offsets.reserve(scaled(from.set_offsets.size()));
      to.set_values.reserve(scaled(from.set_values.size()));
      to.present.reserve(scaled(from.present.size()));
    }
  }

  void resolve() {
    std::vector<std::string> names(names_.size());
    for (std::uint32_t i = 0; i < names_.size(); ++i) names[i] = names_.text(i);
    values::resolve_references(
        policy_, out_, names, [](int) { return false; },
        [](int, std::size_t, std::uint32_t, const Message&) { unfit(); });
  }

 private:
  const CompiledPolicy& policy_;
  DatasetData& out_;
  std::size_t bytes_, chunk_bytes_;
  // Per binding thread: its text pool's ids to the data's pool's, and its names to names_.
  std::vector<std::uint32_t> text_ids_[2], name_ids_[2];
  TextPool names_;                        // every id a relation names
};

// Chunks bound on one or two threads: each takes the next chunk from the Chunker, binds it,
// and hands its part over; whichever thread hands over the part next in order merges it, and
// those after it that are ready, while the other thread binds on.
class ChunkedBind {
 public:
  ChunkedBind(const CompiledPolicy& policy, std::string_view text, FileBlocks* file, std::size_t bytes,
              std::size_t chunk_bytes, DatasetData& out)
      : policy_(policy), chunker_(policy, text, file, chunk_bytes), merger_(policy, out, bytes, chunk_bytes) {}

  bool run(bool two_threads) {
    {
      std::jthread second;
      if (two_threads) second = std::jthread([this] { work(1); });
      work(0);
    }
    if (error_) std::rethrow_exception(error_);
    if (failed_) return false;
    try {
      merger_.resolve();
    } catch (const Unfit&) {
      return false;
    }
    return true;
  }

 private:
  void work(int thread) {
    ChunkBinder binder(policy_, thread, texts_[thread], names_[thread]);
    try {
      while (!failed_) {
        std::size_t index = 0;
        {
          const std::lock_guard lock(framing_);
          if (failed_) return;
          const auto chunk = chunker_.next();
          if (!chunk) return;
          binder.load(*chunk);
          index = taken_++;
        }
        Part part;
        binder.bind(part);
        hand_over(index, std::move(part));
      }
    } catch (const Unfit&) {
      failed_ = true;
    } catch (...) {
      const std::lock_guard lock(merging_);
      if (!error_) error_ = std::current_exception();
      failed_ = true;
    }
  }

  void hand_over(std::size_t index, Part&& part) {
    std::unique_lock lock(merging_);
    bound_.emplace(index, std::move(part));
    if (merging_now_) return;  // the other thread merges it, after the one it is merging
    merging_now_ = true;
    for (auto it = bound_.find(merged_); it != bound_.end() && !failed_; it = bound_.find(merged_)) {
      Part next = std::move(it->second);
      bound_.erase(it);
      lock.unlock();
      merger_.merge(next);  // when it throws, failed_ is set and nothing more is merged
      lock.lock();
      ++merged_;
    }
    merging_now_ = false;
  }

  const CompiledPolicy& policy_;
  std::mutex framing_;  // guards chunker_ and taken_
  Chunker chunker_;
  std::size_t taken_ = 0;
  std::mutex merging_;  // guards bound_, merged_, merging_now_, error_ (merger_: one thread at a time)
  std::map<std::size_t, Part> bound_;  // bound and not yet merged, by chunk index
  std::size_t merged_ = 0;
  bool merging_now_ = false;
  Merger merger_;
  Pool texts_[2], names_[2];  // per binding thread, for as long as its parts may wait to be merged
  std::atomic<bool> failed_{false};
  std::exception_ptr error_;
};

}  // namespace

namespace {

// The text (or with `file`, the file's) bound; about one record per 256 bytes decides threads.
bool bind_chunked(std::string_view json_text, FileBlocks* file, std::size_t bytes, DatasetData& out,
                  std::size_t chunk_bytes, std::optional<bool> two_threads) {
  const CompiledPolicy& policy = *out.policy;
  // Input nested deeper than a record's set is never clean; below that depth the nlohmann
  // binder's limit could fire on clean input, so it decides.
  if (policy.limits.json_depth < 4) return false;
  values::empty_tables(policy, out);
  return ChunkedBind(policy, json_text, file, bytes, chunk_bytes, out).run(two_threads.value_or(use_threads(bytes / 256)));
}

}  // namespace

bool bind_json_fast(std::string_view json_text, DatasetData& out, std::size_t chunk_bytes,
                    std::optional<bool> two_threads) {
  return bind_chunked(json_text, nullptr, json_text.size(), out, chunk_bytes, two_threads);
}

bool bind_json_file_fast(const std::string& path, std::size_t bytes, DatasetData& out, std::size_t chunk_bytes,
                         std::optional<bool> two_threads) {
  try {
    // Blocks of 64 KB (smaller with tests' small chunks): the window over the file then holds
    // little more than the open chunk.
    FileBlocks file(path, std::min<std::size_t>(chunk_bytes, std::size_t{64} << 10));
    if (!bind_chunked({}, &file, bytes, out, chunk_bytes, two_threads)) return false;
    out.sha256 = file.sha256_hex();
    return true;
  } catch (const Unfit&) {
    return false;
  }
}

}  // namespace thidua::detail
