// docs/errors.md is the catalogue of every error thidua reports, each with an example input
// and the exact output in English and Vietnamese. This test runs every example and compares,
// so the catalogue cannot drift from the code. THIDUA_UPDATE_GOLDEN=1 rewrites the outputs.
//
// The blocks, in the order they appear in an entry:
//   ```thidua-error     a policy that does not check        (compiled as example.thidua)
//   ```json-error       data for the catalogue's policy      (bound as data.json)
//   ```thidua-run       a policy that checks, and           (compiled as example.thidua)
//   ```json-run         data on which running it fails      (bound as data.json)
//   ```text             the English output, exactly
//   ```text vi          the Vietnamese output, exactly
// The catalogue's policy for data examples is its first ```thidua block. In inputs, \xHH
// stands for a raw byte, so that malformed UTF-8 and byte-order marks can be shown.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "thidua/thidua.hpp"

namespace {

const std::string catalogue_path = THIDUA_SOURCE_DIR "/docs/errors.md";

struct Block {
  std::string kind;  // the fence's info string
  std::string text;
  std::size_t begin = 0, end = 0;  // byte range of the body in the file
  int line = 0;
};

std::vector<Block> blocks_of(const std::string& doc) {
  std::vector<Block> out;
  std::size_t at = 0;
  int line = 1;
  std::optional<Block> open;
  while (at < doc.size()) {
    const std::size_t eol = doc.find('\n', at);
    const std::size_t next = eol == std::string::npos ? doc.size() : eol + 1;
    const std::string_view text(doc.data() + at, (eol == std::string::npos ? doc.size() : eol) - at);
    if (text.starts_with("```")) {
      if (open) {
        open->end = at;
        open->text = doc.substr(open->begin, open->end - open->begin);
        out.push_back(*open);
        open.reset();
      } else {
        open = Block{std::string(text.substr(3)), "", next, next, line + 1};
      }
    }
    at = next;
    ++line;
  }
  return out;
}

// \xHH escapes to raw bytes.
std::string bytes_of(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 2, "\\x") == 0 && i + 3 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 2])) &&
        std::isxdigit(static_cast<unsigned char>(text[i + 3]))) {
      out += static_cast<char>(std::stoi(text.substr(i + 2, 2), nullptr, 16));
      i += 3;
    } else {
      out += text[i];
    }
  }
  return out;
}

// What thidua reports for one example, as the CLI prints it (without the program's exit).
struct Outcome {
  std::string en, vi;
};

Outcome report(const Block* policy_block, const Block* data_block, const thidua::Policy* data_policy) {
  Outcome out;
  try {
    std::optional<thidua::Policy> own;
    if (policy_block) own = thidua::Policy::compile(bytes_of(policy_block->text), "example.thidua");
    const thidua::Policy& policy = own ? *own : *data_policy;
    if (own) {
      out.en += thidua::format(own->warnings(), thidua::Language::en);
      out.vi += thidua::format(own->warnings(), thidua::Language::vi);
    }
    if (!data_block) return out;
    const auto data = thidua::Dataset::from_json(policy, bytes_of(data_block->text), "data.json");
    for (const auto& w : data.warnings()) {
      out.en += thidua::format("data.json", w, thidua::Language::en, thidua::Severity::warning);
      out.vi += thidua::format("data.json", w, thidua::Language::vi, thidua::Severity::warning);
    }
    thidua::run(policy, data);
  } catch (const thidua::Error& e) {
    out.en += e.message(thidua::Language::en);
    out.vi += e.message(thidua::Language::vi);
    if (!out.en.ends_with('\n')) out.en += '\n';
    if (!out.vi.ends_with('\n')) out.vi += '\n';
  }
  return out;
}

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ErrorCatalogue, EveryExampleGivesTheDocumentedOutput) {
  std::string doc = read(catalogue_path);
  ASSERT_FALSE(doc.empty()) << catalogue_path;
  const auto blocks = blocks_of(doc);
  std::optional<thidua::Policy> data_policy;
  for (const auto& b : blocks)
    if (b.kind == "thidua") {
      data_policy = thidua::Policy::compile(b.text, "catalogue.thidua");
      break;
    }
  ASSERT_TRUE(data_policy) << "the catalogue needs a ```thidua block: the policy its data examples use";

  const bool update = std::getenv("THIDUA_UPDATE_GOLDEN") != nullptr;
  std::vector<std::pair<const Block*, std::string>> rewrites;
  const Block* policy = nullptr;
  const Block* data = nullptr;
  std::optional<Outcome> outcome;
  int examples = 0;
  for (const auto& b : blocks) {
    if (b.kind == "thidua-error" || b.kind == "thidua-run") {
      policy = &b;
      outcome.reset();
    } else if (b.kind == "json-error" || b.kind == "json-run") {
      data = &b;
      outcome.reset();
    } else if (b.kind == "text" || b.kind == "text vi") {
      ASSERT_TRUE(policy || data || outcome) << "docs/errors.md:" << b.line << ": output without an example";
      if (!outcome) {
        outcome = report(policy, data, &*data_policy);
        ++examples;
        EXPECT_FALSE(outcome->en.empty()) << "docs/errors.md:" << (policy ? policy->line : data->line)
                                          << ": this example reports nothing";
        policy = data = nullptr;
      }
      const std::string& expected = b.kind == "text" ? outcome->en : outcome->vi;
      if (update) rewrites.emplace_back(&b, expected);
      else EXPECT_EQ(b.text, expected) << "docs/errors.md:" << b.line;
    }
  }
  EXPECT_GE(examples, 100) << "the catalogue lists every error";
  if (update) {
    for (auto it = rewrites.rbegin(); it != rewrites.rend(); ++it)
      doc.replace(it->first->begin, it->first->end - it->first->begin, it->second);
    std::ofstream(catalogue_path, std::ios::binary) << doc;
  }
}

}  // namespace
