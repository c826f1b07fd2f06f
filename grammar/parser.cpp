// The parse stage: runs the X3 grammar (grammar/parser_def.hpp, instantiated here and only
// here), turns the position cache into byte ranges, and reports the first syntax error.
#include "grammar/parser.hpp"

#include <pthread.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <limits>
#include <string_view>

#include "grammar/parser_def.hpp"

namespace thidua::parser {

namespace grammar {

BOOST_SPIRIT_INSTANTIATE(policy_type, iterator_type, context_type)

policy_type const& policy() { return policy_rule; }

}  // namespace grammar

namespace {

namespace x3 = boost::spirit::x3;
using grammar::iterator_type;
using detail::SourceRange;

// Knows which bytes of the text are whitespace or comments, so that ranges can be made
// tight and errors can point at the next token. Strings are skipped as a whole: a '#' inside
// one does not start a comment.
class Trivia {
 public:
  explicit Trivia(std::string_view text) : text_(text), trivia_(text.size(), false) {
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
      const char c = text[i];
      if (c == '"') {
        ++i;
        while (i < n && text[i] != '"' && text[i] != '\n') i += text[i] == '\\' && i + 1 < n && text[i + 1] != '\n' ? 2 : 1;
        if (i < n && text[i] == '"') ++i;
      } else if (c == '#') {
        while (i < n && text[i] != '\n') trivia_[i++] = true;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v') {
        trivia_[i++] = true;
      } else {
        ++i;
      }
    }
  }

  // The first non-trivia byte at or after `offset`.
  std::uint32_t skip_forward(std::uint32_t offset) const {
    while (offset < text_.size() && trivia_[offset]) ++offset;
    return offset;
  }

  // `end` moved back over trailing trivia, never before `begin`.
  std::uint32_t trim_back(std::uint32_t begin, std::uint32_t end) const {
    while (end > begin && trivia_[end - 1]) --end;
    return end;
  }

  // The end of the token that starts at `offset`: a word, a string on its line, or one character.
  std::uint32_t token_end(std::uint32_t offset) const {
    const std::size_t n = text_.size();
    std::size_t i = offset;
    if (i >= n) return static_cast<std::uint32_t>(n);
    if (grammar::is_name_byte(text_[i])) {
      while (i < n && grammar::is_name_byte(text_[i])) ++i;
    } else if (text_[i] == '"') {
      ++i;
      while (i < n && text_[i] != '"' && text_[i] != '\n') ++i;
      if (i < n && text_[i] == '"') ++i;
    } else {
      i = std::min(n, i + grammar::utf8_length(text_[i]));
    }
    return static_cast<std::uint32_t>(i);
  }

 private:
  std::string_view text_;
  std::vector<bool> trivia_;
};

// The recursive descent needs a few kilobytes of stack per nesting level (about 16 KiB per
// level of parentheses in an unoptimised build), and the caller's thread may have little to
// spare. The parse runs on a thread of its own with this much stack per 256 levels of the
// nesting limit, which bounds what it can use, whatever the input.
std::size_t parse_stack_bytes(int max_depth) {
  return (std::size_t{64} << 20) * static_cast<std::size_t>((std::max(max_depth, 1) + 255) / 256);
}

// Runs `work` on a thread with a stack of `bytes` (reserved address space: pages are only
// committed when touched), or on this thread if no such thread can be made. Exceptions from
// `work` come back to the caller.
template <typename Work>
void run_with_stack(std::size_t bytes, Work& work) {
  struct Call {
    Work* work;
    std::exception_ptr error;
  } call{&work, nullptr};
  pthread_attr_t attributes;
  if (pthread_attr_init(&attributes) != 0) {
    work();
    return;
  }
  pthread_t thread;
  const bool started =
      pthread_attr_setstacksize(&attributes, bytes) == 0 &&
      pthread_create(
          &thread, &attributes,
          [](void* argument) -> void* {
            auto* c = static_cast<Call*>(argument);
            try {
              (*c->work)();
            } catch (...) {
              c->error = std::current_exception();
            }
            return nullptr;
          },
          &call) == 0;
  pthread_attr_destroy(&attributes);
  if (!started) {
    work();
    return;
  }
  pthread_join(thread, nullptr);
  if (call.error) std::rethrow_exception(call.error);
}

// The grammar's rules are named in English ("a condition"); these are the same names in
// Vietnamese. Keywords in quotes are the language's own words and stay as they are.
std::string expectation_in_vietnamese(const std::string& which) {
  static const std::pair<std::string_view, std::string_view> names[] = {
      {"an identifier", "một tên"},
      {"a string", "một chuỗi văn bản trong dấu \"...\""},
      {"a number", "một số"},
      {"an expression", "một biểu thức"},
      {"a condition", "một điều kiện"},
      {"a comparison", "một phép so sánh"},
      {"a set", "một tập hợp"},
      {"a function call", "một lời gọi hàm"},
      {"a name", "một tên"},
      {"a type", "một kiểu dữ liệu"},
      {"an item", "một mục"},
      {"a field", "một trường"},
      {"a declaration", "một khai báo"},
      {"a policy header", "phần đầu của chính sách"},
      {"a policy", "một chính sách"},
      {"the 'otherwise' row is the last", "dòng 'otherwise' phải là dòng cuối"},
  };
  std::string out;
  std::string_view rest = which;
  // Rule names are lists such as "a field or '}'" or "'require', 'rank' or 'at most'".
  while (!rest.empty()) {
    bool translated = false;
    for (const auto& [en, vi] : names) {
      if (rest.substr(0, en.size()) == en &&
          (rest.size() == en.size() || rest[en.size()] == ' ' || rest[en.size()] == ',')) {
        out += vi;
        rest.remove_prefix(en.size());
        translated = true;
        break;
      }
    }
    if (translated) continue;
    if (rest.substr(0, 4) == " or ") {
      out += " hoặc ";
      rest.remove_prefix(4);
      continue;
    }
    out += rest.front();
    rest.remove_prefix(1);
  }
  return out;
}

}  // namespace

std::optional<ParsedPolicy> parse_policy(const detail::SourceFile& file, detail::Diagnostics& diagnostics,
                                         int max_depth) {
  const std::string& text = file.text();
  if (text.size() >= std::numeric_limits<std::uint32_t>::max()) {
    diagnostics.error({}, {"the policy is too large to parse (4 GiB or more)",
                           "chính sách quá lớn, không phân tích được (từ 4 GiB trở lên)"});
    return std::nullopt;
  }
  const Trivia trivia(text);
  const auto offset_of = [&](iterator_type it) { return static_cast<std::uint32_t>(it - text.begin()); };

  // Errors point at the next token; at the end of the text, right after the last token,
  // so that the caret sits on a line with something on it. (An empty range would underline
  // the rest of the line, so the caret there covers one byte.)
  const auto report_at = [&](iterator_type where, const Message& message) {
    std::uint32_t at = trivia.skip_forward(offset_of(where));
    if (at == text.size()) {
      at = trivia.trim_back(0, at);
      diagnostics.error({at, std::min(at + 1, static_cast<std::uint32_t>(text.size()))}, message);
      return;
    }
    diagnostics.error({at, trivia.token_end(at)}, message);
  };

  grammar::ParseState state(text.begin(), text.end(), max_depth);
  ParsedPolicy parsed;
  bool ok = false;
  auto run = [&] {
    iterator_type first = text.begin();
    try {
      const bool matched = x3::phrase_parse(
          first, text.end(), x3::with<grammar::parse_state_tag>(state)[grammar::policy()], grammar::skipper,
          parsed.policy);
      if (!matched || first != text.end()) {
        report_at(first, {"unexpected input; expected a declaration (scale, enum, entity, standard, award, precedence or sheet)",
                          "văn bản không hợp lệ; cần một khai báo (scale, enum, entity, standard, award, "
                          "precedence hoặc sheet)"});
        return;
      }
      ok = true;
    } catch (const x3::expectation_failure<iterator_type>& failure) {
      report_at(failure.where(), {"expected " + failure.which(), "cần " + expectation_in_vietnamese(failure.which())});
    } catch (const grammar::syntax_error<iterator_type>& error) {
      diagnostics.error({offset_of(error.first), offset_of(error.last)}, error.message);
    }
  };
  run_with_stack(parse_stack_bytes(max_depth), run);
  if (!ok) return std::nullopt;

  // position_cache stores two iterators per node (id_first, id_last); both indices map to the
  // node's range, so that ParsedPolicy::range works from id_first.
  const auto& positions = state.positions.get_positions();
  parsed.ranges.resize(positions.size());
  for (std::size_t i = 0; i + 1 < positions.size(); i += 2) {
    const std::uint32_t begin = offset_of(positions[i]);
    const std::uint32_t end = trivia.trim_back(begin, offset_of(positions[i + 1]));
    parsed.ranges[i] = parsed.ranges[i + 1] = SourceRange{begin, end};
  }
  return parsed;
}

}  // namespace thidua::parser
