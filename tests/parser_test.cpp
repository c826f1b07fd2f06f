// The parse stage: golden ASTs of the examples, operator precedence, positions, and syntax
// errors word for word.
//
// Golden files live in tests/golden/parse/, one per example, named after its path from the
// repository root with '/' replaced by "__". After an intended grammar change, regenerate them
// with
//   THIDUA_UPDATE_GOLDEN=1 build/tests/parser_test --gtest_filter='Golden*'
// and review the diff.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "grammar/parser.hpp"
#include "src/common/source.hpp"
#include "thidua/diagnostic.hpp"

namespace thidua::parser {
namespace {

namespace fs = std::filesystem;

const fs::path source_dir = THIDUA_SOURCE_DIR;
const fs::path golden_dir = fs::path(THIDUA_TEST_DIR) / "golden" / "parse";

struct Outcome {
  std::optional<ParsedPolicy> parsed;
  std::vector<Diagnostic> diagnostics;
  std::string printed;  // print_ast with line:col, when the parse succeeded
  std::string errors;   // every diagnostic, formatted
};

Outcome parse(const std::string& text, const std::string& name = "policy.thidua") {
  detail::SourceFile file(name, text);
  detail::Diagnostics diagnostics(file);
  Outcome out;
  out.parsed = parse_policy(file, diagnostics);
  out.diagnostics = diagnostics.list();
  out.errors = format(out.diagnostics);
  if (out.parsed) out.printed = print_ast(*out.parsed, file);
  return out;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// .thidua files under the given directories of the repository, sorted, relative to its root.
std::vector<std::string> policy_files(std::initializer_list<const char*> directories) {
  std::vector<std::string> files;
  for (const char* directory : directories) {
    const fs::path root = source_dir / directory;
    if (!fs::is_directory(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root))
      if (entry.is_regular_file() && entry.path().extension() == ".thidua")
        files.push_back(fs::relative(entry.path(), source_dir).generic_string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string test_name(std::string text) {
  for (char& c : text)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return text;
}

// ---------------------------------------------------------------- golden ASTs

class GoldenTest : public testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, MatchesPrintedAst) {
  const std::string relative = GetParam();
  const auto outcome = parse(read(source_dir / relative), relative);
  ASSERT_TRUE(outcome.parsed) << outcome.errors;
  EXPECT_EQ(outcome.printed.find("@?"), std::string::npos) << "a node without a position";

  std::string golden_name = relative;
  for (std::size_t at = golden_name.find('/'); at != std::string::npos; at = golden_name.find('/'))
    golden_name.replace(at, 1, "__");
  const fs::path golden = golden_dir / (golden_name + ".txt");
  const char* update = std::getenv("THIDUA_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    fs::create_directories(golden_dir);
    std::ofstream(golden, std::ios::binary) << outcome.printed;
    GTEST_SKIP() << "wrote " << golden;
  }
  ASSERT_TRUE(fs::exists(golden)) << golden << " is missing; run with THIDUA_UPDATE_GOLDEN=1 to create it";
  EXPECT_EQ(outcome.printed, read(golden)) << "the AST of " << relative << " changed; if intended, run with "
                                           << "THIDUA_UPDATE_GOLDEN=1 and review the diff";
}

INSTANTIATE_TEST_SUITE_P(Examples, GoldenTest, testing::ValuesIn(policy_files({"examples"})),
                         [](const auto& info) { return test_name(info.param); });

// Every policy shipped in the repository parses (the checker may still reject it).
class EveryPolicyTest : public testing::TestWithParam<std::string> {};

TEST_P(EveryPolicyTest, Parses) {
  const auto outcome = parse(read(source_dir / GetParam()), GetParam());
  EXPECT_TRUE(outcome.parsed) << outcome.errors;
  EXPECT_EQ(outcome.errors, "");
}

INSTANTIATE_TEST_SUITE_P(Repository, EveryPolicyTest,
                         testing::ValuesIn(policy_files({"examples", "docs", "tests"})),
                         [](const auto& info) { return test_name(info.param); });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(EveryPolicyTest);

// ---------------------------------------------------------------- expressions

// The printed AST of the one condition of `standard s for P { <expression> }`, without
// positions, indented from 0.
std::string condition_ast(const std::string& expression) {
  const auto outcome = parse("policy \"t\"\nstandard s for P {\n  " + expression + "\n}\n");
  if (!outcome.parsed) return "parse error: " + outcome.errors;
  std::istringstream lines(outcome.printed);
  std::string line, out;
  std::size_t base = std::string::npos;
  while (std::getline(lines, line)) {
    const std::size_t indent = line.find_first_not_of(' ');
    if (base == std::string::npos) {
      if (line.compare(indent, 10, "Condition ") == 0) base = indent + 2;
      continue;
    }
    if (indent < base) break;
    out += line.substr(base, line.rfind(" @") - base) + "\n";
  }
  return out;
}

struct ExpressionCase {
  const char* name;
  const char* expression;
  const char* ast;
};

class ExpressionTest : public testing::TestWithParam<ExpressionCase> {};

TEST_P(ExpressionTest, Parses) { EXPECT_EQ(condition_ast(GetParam().expression), GetParam().ast); }

const ExpressionCase expression_cases[] = {
    {"OrOfAndOfNot", "a or b and not c",
     "Chain\n"
     "  Path a\n"
     "  op or\n"
     "    Chain\n"
     "      Path b\n"
     "      op and\n"
     "        Not\n"
     "          Path c\n"},
    {"NegationBindsTighterThanProduct", "-a * b + c",
     "Chain\n"
     "  Chain\n"
     "    Negate\n"
     "      Path a\n"
     "    op *\n"
     "      Path b\n"
     "  op +\n"
     "    Path c\n"},
    {"ComparisonInsideAnd", "x >= tot and y",
     "Chain\n"
     "  Chain\n"
     "    Path x\n"
     "    op >=\n"
     "      Path tot\n"
     "  op and\n"
     "    Path y\n"},
    {"StringInSet", "\"LĐTT\" in titles",
     "Chain\n"
     "  String \"LĐTT\"\n"
     "  op in\n"
     "    Path titles\n"},
    {"WhereExtendsToTheEnd", "no members where disciplined and complies",
     "No\n"
     "  Filter\n"
     "    Path members\n"
     "    Chain\n"
     "      Path disciplined\n"
     "      op and\n"
     "        Path complies\n"},
    {"PercentOfCount", "floor(20% * count(Person))",
     "Call floor\n"
     "  Chain\n"
     "    Number 20%\n"
     "    op *\n"
     "      Call count\n"
     "        Path Person\n"},
    {"DottedPathEquality", "Board.par_index == xuat_sac",
     "Chain\n"
     "  Path Board.par_index\n"
     "  op ==\n"
     "    Path xuat_sac\n"},
    {"FilterInsideCall", "count(Person where awarded(x)) > 2",
     "Chain\n"
     "  Call count\n"
     "    Filter\n"
     "      Path Person\n"
     "      Call awarded\n"
     "        Path x\n"
     "  op >\n"
     "    Number 2\n"},
    {"SingleOperandIsNotAChain", "complies", "Path complies\n"},
    {"NotBindsLooserThanComparison", "not x == y",
     "Not\n"
     "  Chain\n"
     "    Path x\n"
     "    op ==\n"
     "      Path y\n"},
    {"NotNot", "not not x",
     "Not\n"
     "  Not\n"
     "    Path x\n"},
    {"ChainsStayFlat", "a + b - c + 1.5",
     "Chain\n"
     "  Path a\n"
     "  op +\n"
     "    Path b\n"
     "  op -\n"
     "    Path c\n"
     "  op +\n"
     "    Number 1.5\n"},
    {"ProductBeforeSum", "a + b * c / d",
     "Chain\n"
     "  Path a\n"
     "  op +\n"
     "    Chain\n"
     "      Path b\n"
     "      op *\n"
     "        Path c\n"
     "      op /\n"
     "        Path d\n"},
    {"ParenthesesGroup", "(a or b) and c",
     "Chain\n"
     "  Chain\n"
     "    Path a\n"
     "    op or\n"
     "      Path b\n"
     "  op and\n"
     "    Path c\n"},
    {"AllComparisons", "a == 1 or a != 2 or a < 3 or a <= 4 or a > 5 or a >= 6",
     "Chain\n"
     "  Chain\n    Path a\n    op ==\n      Number 1\n"
     "  op or\n    Chain\n      Path a\n      op !=\n        Number 2\n"
     "  op or\n    Chain\n      Path a\n      op <\n        Number 3\n"
     "  op or\n    Chain\n      Path a\n      op <=\n        Number 4\n"
     "  op or\n    Chain\n      Path a\n      op >\n        Number 5\n"
     "  op or\n    Chain\n      Path a\n      op >=\n        Number 6\n"},
    {"ComparisonsInARowStayOneChain", "a < b < c",
     "Chain\n"
     "  Path a\n"
     "  op <\n"
     "    Path b\n"
     "  op <\n"
     "    Path c\n"},
    {"Literals", "true != false and this == x and \"a\\\"b\\\\c\\n\\t\" == y",
     "Chain\n"
     "  Chain\n    Bool true\n    op !=\n      Bool false\n"
     "  op and\n    Chain\n      This\n      op ==\n        Path x\n"
     "  op and\n    Chain\n      String \"a\\\"b\\\\c\\n\\t\"\n      op ==\n        Path y\n"},
    {"SomeTakesAPostfix", "some contributions",
     "Some\n"
     "  Path contributions\n"},
    {"SomeWithFilterThenComparisonInside", "some members where score >= 90",
     "Some\n"
     "  Filter\n"
     "    Path members\n"
     "    Chain\n"
     "      Path score\n"
     "      op >=\n"
     "        Number 90\n"},
    {"NestedWhere", "some units where some members where disciplined",
     "Some\n"
     "  Filter\n"
     "    Path units\n"
     "    Some\n"
     "      Filter\n"
     "        Path members\n"
     "        Path disciplined\n"},
    {"CallWithSeveralArguments", "max(a, b + 1, min(c, 2)) > 0",
     "Chain\n"
     "  Call max\n"
     "    Path a\n"
     "    Chain\n"
     "      Path b\n"
     "      op +\n"
     "        Number 1\n"
     "    Call min\n"
     "      Path c\n"
     "      Number 2\n"
     "  op >\n"
     "    Number 0\n"},
    {"NegativeNumber", "x > -1.25",
     "Chain\n"
     "  Path x\n"
     "  op >\n"
     "    Negate\n"
     "      Number 1.25\n"},
    {"KeywordPrefixesAreNames", "order or notice and android or income or nobody or wherever or thisx",
     "Chain\n"
     "  Path order\n"
     "  op or\n"
     "    Chain\n"
     "      Path notice\n"
     "      op and\n"
     "        Path android\n"
     "  op or\n"
     "    Path income\n"
     "  op or\n"
     "    Path nobody\n"
     "  op or\n"
     "    Path wherever\n"
     "  op or\n"
     "    Path thisx\n"},
    {"ContextualKeywordsAreNames", "rank and at and most and policy and entity.year",
     "Chain\n"
     "  Path rank\n"
     "  op and\n"
     "    Path at\n"
     "  op and\n"
     "    Path most\n"
     "  op and\n"
     "    Path policy\n"
     "  op and\n"
     "    Path entity.year\n"},
    {"VietnameseNames", "điểm_thi_đua >= 90 and Cá_nhân.xếp_loại == Tốt",
     "Chain\n"
     "  Chain\n"
     "    Path điểm_thi_đua\n"
     "    op >=\n"
     "      Number 90\n"
     "  op and\n"
     "    Chain\n"
     "      Path Cá_nhân.xếp_loại\n"
     "      op ==\n"
     "        Path Tốt\n"},
    {"OperatorsNeedNoSpaces", "a+b*2>=c-d",
     "Chain\n"
     "  Chain\n"
     "    Path a\n"
     "    op +\n"
     "      Chain\n"
     "        Path b\n"
     "        op *\n"
     "          Number 2\n"
     "  op >=\n"
     "    Chain\n"
     "      Path c\n"
     "      op -\n"
     "        Path d\n"},
};

INSTANTIATE_TEST_SUITE_P(Precedence, ExpressionTest,
                         testing::ValuesIn(expression_cases),
                         [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace thidua::parser
