// The languages thidua speaks to people: Vietnamese for the policy authors and the published
// results, English for everyone else.
#pragma once

#include <string>

namespace thidua {

enum class Language { vi, en };

// A message a person reads, in both languages. Every diagnostic and error carries one, so
// that the caller, not the place where the problem was found, picks the language.
struct Message {
  std::string en;
  std::string vi;  // empty: not translated, the English text is shown

  const std::string& in(Language language) const noexcept {
    return language == Language::vi && !vi.empty() ? vi : en;
  }
  bool operator==(const Message&) const = default;
};

// Messages are built from parts: each language is joined with its own.
inline Message operator+(const Message& a, const Message& b) {
  return {a.en + b.en, a.in(Language::vi) + b.in(Language::vi)};
}

}  // namespace thidua
