// The checker's diagnostics, asserted word for word: file:line:col, message, source line, caret.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "thidua/thidua.hpp"

namespace {

// A small policy that the cases below append to.
constexpr const char* base = R"(policy "Thử"
scale Rating { xuat_sac "Xuất sắc" tot "Tốt" kha "Khá" }
single entity Board from board { par_index: Rating }
entity Unit from units {
  tasks_rating: Rating
  score: decimal
  members = Person where unit == this
}
entity Person from persons {
  unit: Unit
  disciplined: bool "Bị xử lý kỷ luật"
  titles: set of text
  score: decimal
  initiatives: int
}
)";

std::string diagnostics_of(const std::string& source) {
  try {
    thidua::Policy::compile(source, "p.thidua");
  } catch (const thidua::PolicyError& e) {
    return thidua::format(e.diagnostics());
  }
  return "";
}

struct Case {
  std::string name;
  std::string source;  // appended to `base`
  std::string expected;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class CheckerDiagnostics : public testing::TestWithParam<Case> {};

TEST_P(CheckerDiagnostics, AreReportedExactly) {
  EXPECT_EQ(diagnostics_of(std::string(base) + GetParam().source), GetParam().expected);
}

// Policy authors read Vietnamese: no diagnostic may be left in English only.
TEST_P(CheckerDiagnostics, AreAllTranslated) {
  try {
    thidua::Policy::compile(std::string(base) + GetParam().source, "p.thidua");
  } catch (const thidua::PolicyError& e) {
    for (const auto& d : e.diagnostics()) {
      EXPECT_FALSE(d.message_vi.empty()) << "untranslated: " << d.message;
      EXPECT_NE(d.message_vi, d.message) << "untranslated: " << d.message;
    }
  }
}

const Case cases[] = {
#include "check_cases.inc"
};

INSTANTIATE_TEST_SUITE_P(Policies, CheckerDiagnostics, testing::ValuesIn(cases),
                         [](const testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST(Checker, AcceptsTheBaseAndTheExample) {
  EXPECT_EQ(diagnostics_of(std::string(base) + "award a { for Person { require not disciplined } }\n"), "");
  EXPECT_NO_THROW(thidua::Policy::load(THIDUA_SOURCE_DIR "/examples/an-giang-2026/policy.thidua"));
}

TEST(Checker, OrdersAwardsByTheirDependencies) {
  const auto policy = thidua::Policy::load(THIDUA_SOURCE_DIR "/examples/an-giang-2026/policy.thidua");
  const auto awards = policy.awards();
  ASSERT_EQ(awards.size(), 2u);
  EXPECT_EQ(awards[0].id, "bang_khen");  // decided first: precedence
  EXPECT_EQ(awards[1].id, "giay_khen");
  EXPECT_EQ(awards[1].entities, (std::vector<std::string>{"Unit", "Person"}));
}

TEST(Checker, ReportsEveryErrorInOneRun) {
  const auto text = diagnostics_of(std::string(base) +
                                   "award a { for Person { require scor > 1 require titels } }\n"
                                   "award b { for Unit { require tasks_rating >= 3 } }\n");
  EXPECT_NE(text.find("'scor'"), std::string::npos) << text;
  EXPECT_NE(text.find("'titels'"), std::string::npos) << text;
  EXPECT_NE(text.find("cannot compare"), std::string::npos) << text;
}

// An item is known by its code and its label; one without a label by its code alone.
TEST(Checker, ItemsWithoutLabelsAreNotDuplicates) {
  EXPECT_EQ(diagnostics_of("policy \"t\"\nscale L { a b \"Bé\" c }\n"), "");
  EXPECT_EQ(diagnostics_of("policy \"t\"\nscale L { a b a }\n"),
            "p.thidua:2:15: error: duplicate item 'a'\n"
            "  scale L { a b a }\n"
            "                ^\n"
            "p.thidua:2:11: note: first declared here\n"
            "  scale L { a b a }\n"
            "            ^\n");
}

TEST(Checker, SpeaksVietnameseWordForWord) {
  try {
    thidua::Policy::compile(std::string(base) + "award a { for Person { require scor > 1 } }\n"
                                                "award b { for Unit { require tasks_rating >= 3 } }\n",
                            "p.thidua");
    FAIL() << "compiled";
  } catch (const thidua::PolicyError& e) {
    EXPECT_EQ(thidua::format(e.diagnostics(), thidua::Language::vi),
              "p.thidua:16:32: lỗi: không có tên 'scor' trong Person; có phải là 'score'?\n"
              "  award a { for Person { require scor > 1 } }\n"
              "                                 ^~~~\n"
              "p.thidua:17:43: lỗi: không so sánh được một giá trị của Rating với một số nguyên\n"
              "  award b { for Unit { require tasks_rating >= 3 } }\n"
              "                                            ^~~~\n");
    EXPECT_EQ(e.message(thidua::Language::vi), thidua::format(e.diagnostics(), thidua::Language::vi));
  }
}

}  // namespace

namespace {

// Every ```thidua block in docs/ is a complete policy that compiles: the reference's examples
// stay true.
TEST(Docs, EveryPolicyExampleCompiles) {
  int blocks = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(THIDUA_SOURCE_DIR "/docs")) {
    if (entry.path().extension() != ".md") continue;
    std::ifstream in(entry.path());
    std::string line, block;
    int line_number = 0, start = 0;
    bool inside = false;
    while (std::getline(in, line)) {
      ++line_number;
      if (!inside && line == "```thidua") {  // not ```thidua-error: docs/errors.md's bad examples
        inside = true;
        block.clear();
        start = line_number;
      } else if (inside && line.rfind("```", 0) == 0) {
        inside = false;
        ++blocks;
        const std::string where = entry.path().filename().string() + ":" + std::to_string(start);
        EXPECT_EQ(diagnostics_of(block), "") << where;
      } else if (inside) {
        block += line + "\n";
      }
    }
  }
  EXPECT_GT(blocks, 10);
}

}  // namespace
