// The parse stage: golden ASTs of the examples, operator precedence, positions, and syntax
// errors word for word.
//
// Golden files live in tests/golden/parse/, one per example, named after its path from the
// repository root with '/' replaced by "__". After an intended grammar change, regenerate them
// with
//   THIDUA_UPDATE_GOLDEN=1 build/tests/parser_test --gtest_filter='*GoldenTest*'
// and review the diff.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

#include "grammar/parser.hpp"
#include "src/common/source.hpp"
#include "thidua/diagnostic.hpp"

namespace thidua::parser {
namespace {

namespace fs = std::filesystem;
namespace x3 = boost::spirit::x3;

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
      if (entry.is_regular_file() && entry.path().extension() == ".thidua") {
        auto relative = fs::relative(entry.path(), source_dir).generic_string();
        // Fuzzing corpora hold fragments and mutations on purpose.
        if (relative.rfind("tests/fuzz/", 0) != 0) files.push_back(std::move(relative));
      }
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
void PrintTo(const ExpressionCase& c, std::ostream* out) { *out << c.name; }


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


// ---------------------------------------------------------------- declarations

// The printed AST without positions.
std::string without_positions(const std::string& printed) {
  std::istringstream lines(printed);
  std::string line, out;
  while (std::getline(lines, line)) out += line.substr(0, line.rfind(" @")) + "\n";
  return out;
}

struct GrammarCase {
  const char* name;
  const char* policy;
  const char* ast;
};
void PrintTo(const GrammarCase& c, std::ostream* out) { *out << c.name; }


class GrammarTest : public testing::TestWithParam<GrammarCase> {};

TEST_P(GrammarTest, Parses) {
  const auto outcome = parse(GetParam().policy);
  ASSERT_TRUE(outcome.parsed) << outcome.errors;
  EXPECT_EQ(outcome.printed.find("@?"), std::string::npos) << "a node without a position";
  EXPECT_EQ(without_positions(outcome.printed), GetParam().ast);
}

// `StandardConditionsOneAfterAnother` shows the one trap of listing conditions without a
// separator: a condition that starts with '-' continues the one before it.
const GrammarCase grammar_cases[] = {
    {"TitleOnly",
     "policy \"t\"\n",
     "Policy\n"
     "  Header\n"
     "    title \"t\"\n"},
    {"FullHeader",
     "policy \"t\" issuer \"i\" basis \"b\" year 2026\n",
     "Policy\n"
     "  Header\n"
     "    title \"t\"\n"
     "    issuer \"i\"\n"
     "    basis \"b\"\n"
     "    year 2026\n"},
    {"ScaleWithCommas",
     "policy \"t\"\n"
     "scale R { a \"A\", b, c \"C\", }\n",
     "Policy\n"
     "  Header\n"
     "    title \"t\"\n"
     "  Scale\n"
     "    name R\n"
     "    Item\n"
     "      code a\n"
     "      label \"A\"\n"
     "    Item\n"
     "      code b\n"
     "    Item\n"
     "      code c\n"
     "      label \"C\"\n"},
    {"EnumWithoutCommas",
     "policy \"t\"\n"
     "enum Kind \"Loại\" { phong \"Phòng\" don_vi }\n",
     "Policy\n"
     "  Header\n"
     "    title \"t\"\n"
     "  Enum\n"
     "    name Kind\n"
     "    label \"Loại\"\n"
     "    Item\n"
     "      code phong\n"
     "      label \"Phòng\"\n"
     "    Item\n"
     "      code don_vi\n"},
    {"FieldsAndTypes",
     "policy \"t\"\n"
     "single entity Board from board {\n"
     "  score: decimal? \"Điểm\"\n"
     "  tags: set of enum { a, b \"B\" }\n"
     "  nested: set of set of text\n"
     "  total = score * 2 \"Tổng\"\n"
     "}\n",
     "Policy\n"
     "  Header\n"
     "    title \"t\"\n"
     "  Entity single\n"
     "    name Board\n"
     "    from board\n"
     "    Field optional\n"
     "      name score\n"
     "      type decimal\n"
     "      label \"Điểm\"\n"
     "    Field\n"
     "      name tags\n"
     "      SetOf\n"
     "        InlineEnum\n"
     "          Item\n"
     "            code a\n"
     "          Item\n"
     "            code b\n"
     "            label \"B\"\n"
     "    Field\n"
     "      name nested\n"
     "      SetOf\n"
     "        SetOf\n"
     "          type text\n"
     "    Derived\n"
     "      name total\n"
     "      Chain\n"
     "        Path score\n"
     "        op *\n"
     "          Number 2\n"
     "      label \"Tổng\"\n"},
    {"ContextualKeywordsAsFieldNames",
     "policy \"t\"\n"
     "entity E from e {\n"
     "  rank: int\n"
     "  at: int\n"
     "  most: int\n"
     "  from: text\n"
     "  standard: bool\n"
     "  award = standard\n"
     "  policy: bool\n"
     "}\n",
     "Policy\n"
     "  Header\n"
     "    title \"t\"\n"
     "  Entity\n"
     "    name E\n"
     "    from e\n"
     "    Field\n"
     "      name rank\n"
     "      type int\n"
     "    Field\n"
     "      name at\n"
     "      type int\n"
     "    Field\n"
     "      name most\n"
     "      type int\n"
     "    Field\n"
     "      name from\n"
     "      type text\n"
     "    Field\n"
     "      name standard\n"
     "      type bool\n"
     "    Derived\n"
     "      name award\n"
     "      Path standard\n"
     "    Field\n"
     "      name policy\n"
     "      type bool\n"},
    {"AwardItems",
     "policy \"t\"\n"
     "award a \"A\" {\n"
     "  open when Board.ok \"mở\"\n"
     "  for P {\n"
     "    require general\n"
     "    require x > 1 \"x\"\n"
     "    rank by score, age asc, seniority desc\n"
     "    at most 2 \"hai\"\n"
     "  }\n"
     "  for U { rank as b }\n"
     "}\n"
     "precedence a > b > c\n",
     "Policy\n"
     "  Header\n"
     "    title \"t\"\n"
     "  Award\n"
     "    name a\n"
     "    label \"A\"\n"
     "    OpenWhen\n"
     "      Condition\n"
     "        Path Board.ok\n"
     "        label \"mở\"\n"
     "    For\n"
     "      entity P\n"
     "      Require\n"
     "        Condition\n"
     "          Path general\n"
     "      Require\n"
     "        Condition\n"
     "          Chain\n"
     "            Path x\n"
     "            op >\n"
     "              Number 1\n"
     "          label \"x\"\n"
     "      RankBy\n"
     "        Key desc\n"
     "          Path score\n"
     "        Key asc\n"
     "          Path age\n"
     "        Key desc\n"
     "          Path seniority\n"
     "      AtMost\n"
     "        Number 2\n"
     "        label \"hai\"\n"
     "    For\n"
     "      entity U\n"
     "      RankAs\n"
     "        award b\n"
     "  Precedence\n"
     "    award a\n"
     "    award b\n"
     "    award c\n"},
    {"HashInStringIsNotAComment",
     "policy \"t # not a comment\"   # a comment\n"
     "standard s for P { x == \"#1\" } # another\n",
     "Policy\n"
     "  Header\n"
     "    title \"t # not a comment\"\n"
     "  Standard\n"
     "    name s\n"
     "    for P\n"
     "    Condition\n"
     "      Chain\n"
     "        Path x\n"
     "        op ==\n"
     "          String \"#1\"\n"},
    {"CallNeedsAdjacentParenthesis",
     "policy \"t\"\n"
     "standard s for P {\n"
     "  complies\n"
     "  (a or b) \"nhãn\"\n"
     "  floor(x) > 1\n"
     "}\n",
     "Policy\n"
     "  Header\n"
     "    title \"t\"\n"
     "  Standard\n"
     "    name s\n"
     "    for P\n"
     "    Condition\n"
     "      Path complies\n"
     "    Condition\n"
     "      Chain\n"
     "        Path a\n"
     "        op or\n"
     "          Path b\n"
     "      label \"nhãn\"\n"
     "    Condition\n"
     "      Chain\n"
     "        Call floor\n"
     "          Path x\n"
     "        op >\n"
     "          Number 1\n"},
    {"StandardConditionsOneAfterAnother",
     "policy \"t\"\n"
     "standard s for P {\n"
     "  not disciplined \"a\"\n"
     "  some contributions\n"
     "  -1 < x\n"
     "}\n",
     "Policy\n"
     "  Header\n"
     "    title \"t\"\n"
     "  Standard\n"
     "    name s\n"
     "    for P\n"
     "    Condition\n"
     "      Not\n"
     "        Path disciplined\n"
     "      label \"a\"\n"
     "    Condition\n"
     "      Chain\n"
     "        Chain\n"
     "          Some\n"
     "            Path contributions\n"
     "          op -\n"
     "            Number 1\n"
     "        op <\n"
     "          Path x\n"},
    {"CarriageReturnLineEnds",
     "policy \"t\"\r\n"
     "standard s for P {\r\n"
     "  a # c\r\n"
     "  b\r\n"
     "}\r\n",
     "Policy\n"
     "  Header\n"
     "    title \"t\"\n"
     "  Standard\n"
     "    name s\n"
     "    for P\n"
     "    Condition\n"
     "      Path a\n"
     "    Condition\n"
     "      Path b\n"},
};

INSTANTIATE_TEST_SUITE_P(Declarations, GrammarTest, testing::ValuesIn(grammar_cases),
                         [](const auto& info) { return std::string(info.param.name); });

// ---------------------------------------------------------------- syntax errors

struct SyntaxErrorCase {
  const char* name;
  const char* policy;
  const char* message;  // formatted: file:line:col: error: ..., the line, the caret
};
void PrintTo(const SyntaxErrorCase& c, std::ostream* out) { *out << c.name; }


class SyntaxErrorTest : public testing::TestWithParam<SyntaxErrorCase> {};

TEST_P(SyntaxErrorTest, ReportsOneError) {
  const auto outcome = parse(GetParam().policy);
  EXPECT_FALSE(outcome.parsed);
  ASSERT_EQ(outcome.diagnostics.size(), 1u) << outcome.errors;
  EXPECT_EQ(outcome.errors, GetParam().message);
}

// Policy authors read Vietnamese: every syntax error has its Vietnamese text, with no English
// rule name left in it.
TEST_P(SyntaxErrorTest, IsTranslated) {
  const auto outcome = parse(GetParam().policy);
  ASSERT_EQ(outcome.diagnostics.size(), 1u) << outcome.errors;
  const auto& d = outcome.diagnostics.front();
  EXPECT_FALSE(d.message_vi.empty()) << d.message;
  EXPECT_NE(d.message_vi, d.message);
  for (const char* english : {"expected", "an expression", "a condition", "a field", " or "})
    EXPECT_EQ(d.message_vi.find(english), std::string::npos) << d.message_vi;
}

TEST(SyntaxError, ReadsInVietnamese) {
  const auto outcome = parse("policy \"t\"\nentity Unit from units {\n  score: decimal\n");
  ASSERT_EQ(outcome.diagnostics.size(), 1u);
  EXPECT_EQ(thidua::format(outcome.diagnostics, thidua::Language::vi),
            "policy.thidua:3:17: lỗi: cần một trường hoặc '}'\n"
            "    score: decimal\n"
            "                  ^\n");
}

const SyntaxErrorCase syntax_error_cases[] = {
    {"MissingClosingBraceAtEnd",
     "policy \"t\"\n"
     "entity Unit from units {\n"
     "  score: decimal\n",
     "policy.thidua:3:17: error: expected a field or '}'\n"
     "    score: decimal\n"
     "                  ^\n"},
    {"MissingClosingBraceBeforeDeclaration",
     "policy \"t\"\n"
     "entity Unit from units {\n"
     "  score: decimal\n"
     "\n"
     "standard general for Unit { score > 0 }\n",
     "policy.thidua:5:1: error: expected a field or '}'\n"
     "  standard general for Unit { score > 0 }\n"
     "  ^~~~~~~~\n"},
    {"RequireWithoutCondition",
     "policy \"t\"\n"
     "award a {\n"
     "  for Unit {\n"
     "    require\n"
     "  }\n"
     "}\n",
     "policy.thidua:5:3: error: expected a condition\n"
     "    }\n"
     "    ^\n"},
    {"UnterminatedString",
     "policy \"Phong trào\n"
     "year 2026\n",
     "policy.thidua:1:8: error: unterminated string\n"
     "  policy \"Phong trào\n"
     "         ^~~~~~~~~~~\n"},
    {"UnterminatedStringAtEndOfFile",
     "policy \"t\" issuer \"Ban",
     "policy.thidua:1:19: error: unterminated string\n"
     "  policy \"t\" issuer \"Ban\n"
     "                    ^~~~\n"},
    {"UnknownEscape",
     "policy \"t\"\n"
     "standard s for P { \"a\\q\" in titles }\n",
     "policy.thidua:2:22: error: unknown escape '\\q' in a string; write \\\" \\\\ \\n or \\t\n"
     "  standard s for P { \"a\\q\" in titles }\n"
     "                       ^~\n"},
    {"ReservedWordAsFieldName",
     "policy \"t\"\n"
     "entity Unit from units {\n"
     "  in: int\n"
     "}\n",
     "policy.thidua:3:3: error: 'in' is a reserved word and cannot be used as a name\n"
     "    in: int\n"
     "    ^~\n"},
    {"ReservedWordAsEntityName",
     "policy \"t\"\n"
     "entity this from units {}\n",
     "policy.thidua:2:8: error: 'this' is a reserved word and cannot be used as a name\n"
     "  entity this from units {}\n"
     "         ^~~~\n"},
    {"NoBreakSpaceInName",
     "policy \"t\"\n"
     "entity Unit from units {\n"
     "  điểm\u00a0thi_đua: decimal\n"
     "}\n",
     "policy.thidua:3:7: error: U+00A0 (a space) cannot be part of a name; join words with '_'\n"
     "    điểm\u00a0thi_đua: decimal\n"
     "        ^\n"},
    {"CurlyQuotes",
     "policy \"t\"\n"
     "award a { for P { require “Lao động tiên tiến” in titles } }\n",
     "policy.thidua:2:27: error: unexpected character U+201C (a quotation mark); text is written between straight quotes \"...\"\n"
     "  award a { for P { require “Lao động tiên tiến” in titles } }\n"
     "                            ^\n"},
    {"EmptyFile",
     "",
     "policy.thidua:1:1: error: expected a policy header\n"
     "  \n"
     "  ^\n"},
    {"OnlyComments",
     "# Kế hoạch thi đua\n"
     "\n",
     "policy.thidua:1:1: error: expected a policy header\n"
     "  # Kế hoạch thi đua\n"
     "  ^\n"},
    {"GarbageAfterTheEnd",
     "policy \"t\"\n"
     "precedence a > b }\n",
     "policy.thidua:2:18: error: unexpected input; expected a declaration (scale, enum, entity, standard, award, precedence or sheet)\n"
     "  precedence a > b }\n"
     "                   ^\n"},
    {"MissingColonOrEquals",
     "policy \"t\"\n"
     "entity Unit from units {\n"
     "  score decimal\n"
     "}\n",
     "policy.thidua:3:9: error: expected ':' or '='\n"
     "    score decimal\n"
     "          ^~~~~~~\n"},
    {"MissingType",
     "policy \"t\"\n"
     "entity Unit from units {\n"
     "  score: \n"
     "}\n",
     "policy.thidua:4:1: error: expected a type\n"
     "  }\n"
     "  ^\n"},
    {"RankWithoutByOrAs",
     "policy \"t\"\n"
     "award a { for Unit { rank score desc } }\n",
     "policy.thidua:2:27: error: expected 'by' or 'as'\n"
     "  award a { for Unit { rank score desc } }\n"
     "                            ^~~~~\n"},
    {"AtWithoutMost",
     "policy \"t\"\n"
     "award a { for Unit { at 2 } }\n",
     "policy.thidua:2:25: error: expected 'most' or 'least'\n"
     "  award a { for Unit { at 2 } }\n"
     "                          ^\n"},
    {"OpenWithoutWhen",
     "policy \"t\"\n"
     "award a { open Board.ok }\n",
     "policy.thidua:2:16: error: expected 'when'\n"
     "  award a { open Board.ok }\n"
     "                 ^~~~~\n"},
    {"YearNotANumber",
     "policy \"t\"\n"
     "  year \"2026\"\n",
     "policy.thidua:2:8: error: expected a number\n"
     "    year \"2026\"\n"
     "         ^~~~~~\n"},
    {"MissingOperand",
     "policy \"t\"\n"
     "standard s for P {\n"
     "  score >=\n"
     "}\n",
     "policy.thidua:4:1: error: expected an expression\n"
     "  }\n"
     "  ^\n"},
    {"MissingClosingParenthesis",
     "policy \"t\"\n"
     "standard s for P {\n"
     "  (a or b \"nhãn\"\n"
     "}\n",
     "policy.thidua:3:11: error: expected ')'\n"
     "    (a or b \"nhãn\"\n"
     "            ^~~~~~\n"},
    {"CallWithoutArguments",
     "policy \"t\"\n"
     "award a { for P { at most count() } }\n",
     "policy.thidua:2:33: error: expected an expression\n"
     "  award a { for P { at most count() } }\n"
     "                                  ^\n"},
    {"PrecedenceOfOneAward",
     "policy \"t\"\n"
     "precedence bang_khen\n",
     "policy.thidua:2:21: error: expected '>'\n"
     "  precedence bang_khen\n"
     "                      ^\n"},
    {"MissingFrom",
     "policy \"t\"\n"
     "entity Unit \"Tập thể\" {\n"
     "}\n",
     "policy.thidua:2:23: error: expected 'from'\n"
     "  entity Unit \"Tập thể\" {\n"
     "                        ^\n"},
    {"SomeWithoutSet",
     "policy \"t\"\n"
     "standard s for P { some }\n",
     "policy.thidua:2:25: error: expected a set\n"
     "  standard s for P { some }\n"
     "                          ^\n"},
    {"NotWithoutCondition",
     "policy \"t\"\n"
     "award a { for P { require not } }\n",
     "policy.thidua:2:31: error: expected a condition\n"
     "  award a { for P { require not } }\n"
     "                                ^\n"},
    {"WhereWithoutCondition",
     "policy \"t\"\n"
     "standard s for P { some members where }\n",
     "policy.thidua:2:39: error: expected a condition\n"
     "  standard s for P { some members where }\n"
     "                                        ^\n"},
    {"ErrorAfterVietnameseText",
     "policy \"t\"\n"
     "entity Cá_nhân \"Cá nhân\" from cá_nhân {\n"
     "  điểm_thi_đua: decimal \"Điểm thi đua\" ; xếp_loại: text\n"
     "}\n",
     "policy.thidua:3:40: error: expected a field or '}'\n"
     "    điểm_thi_đua: decimal \"Điểm thi đua\" ; xếp_loại: text\n"
     "                                         ^\n"},
    {"MissingPolicyTitle",
     "policy\n"
     "year 2026\n",
     "policy.thidua:2:1: error: expected a string\n"
     "  year 2026\n"
     "  ^~~~\n"},
    {"MisspelledDeclaration",
     "policy \"t\"\n"
     "entty Unit from units {}\n",
     "policy.thidua:2:1: error: unexpected input; expected a declaration (scale, enum, entity, standard, award, precedence or sheet)\n"
     "  entty Unit from units {}\n"
     "  ^~~~~\n"},
    {"NoDeclarationKeyword",
     "policy \"t\"\n"
     "Unit from units {}\n",
     "policy.thidua:2:1: error: unexpected input; expected a declaration (scale, enum, entity, standard, award, precedence or sheet)\n"
     "  Unit from units {}\n"
     "  ^~~~\n"},
};

INSTANTIATE_TEST_SUITE_P(Messages, SyntaxErrorTest, testing::ValuesIn(syntax_error_cases),
                         [](const auto& info) { return std::string(info.param.name); });

// ---------------------------------------------------------------- nesting

struct NestingCase {
  const char* name;
  std::string (*make)(int depth);  // a policy nested `depth` levels deep
  const char* message;
};
void PrintTo(const NestingCase& c, std::ostream* out) { *out << c.name; }


std::string in_standard(const std::string& condition) {
  return "policy \"t\"\nstandard s for P {\n  " + condition + "\n}\n";
}
std::string repeat(const char* text, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += text;
  return out;
}

class NestingTest : public testing::TestWithParam<NestingCase> {};

// Up to the limit, nesting parses; beyond it (even 100,000 levels deep) it is one clear error,
// never a stack overflow.
TEST_P(NestingTest, IsLimited) {
  const auto at_limit = parse(GetParam().make(256));
  EXPECT_TRUE(at_limit.parsed) << at_limit.errors.substr(0, 200);

  for (const int depth : {257, 100000}) {
    const auto outcome = parse(GetParam().make(depth));
    EXPECT_FALSE(outcome.parsed);
    ASSERT_EQ(outcome.diagnostics.size(), 1u);
    EXPECT_EQ(outcome.diagnostics[0].message, GetParam().message);
    EXPECT_EQ(outcome.diagnostics[0].line, 3);
  }
}

const NestingCase nesting_cases[] = {
    {"Parentheses", [](int n) { return in_standard(repeat("(", n) + "x" + repeat(")", n)); },
     "expression nested too deeply (limit 256)"},
    {"Not", [](int n) { return in_standard(repeat("not ", n) + "x"); }, "expression nested too deeply (limit 256)"},
    {"Negation", [](int n) { return in_standard(repeat("-", n) + "x > 0"); },
     "expression nested too deeply (limit 256)"},
    {"Some", [](int n) { return in_standard(repeat("some ", n) + "x"); }, "expression nested too deeply (limit 256)"},
    {"Where", [](int n) { return in_standard(repeat("a where ", n) + "x"); },
     "expression nested too deeply (limit 256)"},
    {"Calls", [](int n) { return in_standard(repeat("f(", n) + "x" + repeat(")", n)); },
     "expression nested too deeply (limit 256)"},
    {"SetOf",
     [](int n) { return "policy \"t\"\nentity E from e {\n  x: " + repeat("set of ", n) + "int\n}\n"; },
     "type nested too deeply (limit 256)"},
};

INSTANTIATE_TEST_SUITE_P(Depth, NestingTest, testing::ValuesIn(nesting_cases),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Nesting, ErrorPointsAtTheFirstTooDeepExpression) {
  const auto outcome = parse(in_standard(repeat("(", 100000) + "x" + repeat(")", 100000)));
  ASSERT_EQ(outcome.diagnostics.size(), 1u);
  // "  " and 257 '(' before it: the 257th nested expression starts at column 260.
  EXPECT_EQ(outcome.diagnostics[0].column, 260);
}

TEST(Nesting, LongFlatChainsAreNotNesting) {
  std::string condition = "a";
  for (int i = 0; i < 100000; ++i) condition += " and a";
  const auto outcome = parse(in_standard(condition));
  ASSERT_TRUE(outcome.parsed) << outcome.errors.substr(0, 200);
  const auto& standard = boost::get<ast::Standard>(outcome.parsed->policy.declarations.at(0));
  const auto& chain = boost::get<x3::forward_ast<ast::Chain>>(standard.conditions.at(0).expression).get();
  EXPECT_EQ(chain.rest.size(), 100000u);
}

// ---------------------------------------------------------------- positions

// A parsed policy with its source, to read back the text of each node's range.
struct Located {
  explicit Located(std::string text) : file("policy.thidua", std::move(text)), diagnostics(file) {
    parsed = parse_policy(file, diagnostics);
  }
  std::string_view text_of(const x3::position_tagged& node) const { return file.slice(parsed->range(node)); }

  detail::SourceFile file;
  detail::Diagnostics diagnostics;
  std::optional<ParsedPolicy> parsed;
};

// The expression node of type T (literals are held directly, the others through forward_ast).
template <typename T>
const T& as(const ast::Expression& expression) {
  if constexpr (std::is_same_v<T, ast::NumberLiteral> || std::is_same_v<T, ast::StringLiteral> ||
                std::is_same_v<T, ast::BoolLiteral> || std::is_same_v<T, ast::This>)
    return boost::get<T>(expression);
  else
    return boost::get<x3::forward_ast<T>>(expression).get();
}

TEST(Positions, RangesAreTightAroundEachNode) {
  const Located policy(
      "# header comment\n"
      "policy \"t\"   # trailing comment\n"
      "award giay_khen {   \n"
      "  for Unit {\n"
      "    require tasks_rating >= tot   \"Hoàn thành tốt\"   # why\n"
      "\n"
      "    rank by score desc, initiatives   # more\n"
      "    at most floor(20% * count(Person where unit == this))\n"
      "  }\n"
      "}\n");
  ASSERT_TRUE(policy.parsed) << format(policy.diagnostics.list());
  const auto& root = policy.parsed->policy;
  EXPECT_EQ(policy.text_of(root.header), "policy \"t\"");
  const auto& award = boost::get<ast::Award>(root.declarations.at(0));
  EXPECT_EQ(policy.text_of(award.name), "giay_khen");
  const auto& block = boost::get<ast::ForBlock>(award.items.at(0));
  EXPECT_EQ(policy.text_of(block.entity), "Unit");
  EXPECT_EQ(policy.text_of(block).substr(0, 10), "for Unit {");
  EXPECT_EQ(policy.text_of(block).back(), '}');

  const auto& require = boost::get<ast::Require>(block.items.at(0));
  EXPECT_EQ(policy.text_of(require), "require tasks_rating >= tot   \"Hoàn thành tốt\"");
  EXPECT_EQ(policy.text_of(require.condition), "tasks_rating >= tot   \"Hoàn thành tốt\"");
  EXPECT_EQ(policy.text_of(*require.condition.label), "\"Hoàn thành tốt\"");
  const auto& chain = as<ast::Chain>(require.condition.expression);
  EXPECT_EQ(policy.text_of(chain), "tasks_rating >= tot");
  // An operation starts at its operator.
  EXPECT_EQ(policy.text_of(chain.rest.at(0)), ">= tot");

  const auto& rank = boost::get<ast::RankBy>(block.items.at(1));
  EXPECT_EQ(policy.text_of(rank), "rank by score desc, initiatives");
  EXPECT_EQ(policy.text_of(rank.keys.at(0)), "score desc");
  EXPECT_EQ(policy.text_of(rank.keys.at(1)), "initiatives");
  EXPECT_TRUE(rank.keys.at(1).descending);

  const auto& cap = boost::get<ast::AtMost>(block.items.at(2));
  const auto& floor = as<ast::Call>(cap.limit);
  EXPECT_EQ(policy.text_of(floor), "floor(20% * count(Person where unit == this))");
  EXPECT_EQ(policy.text_of(floor.function), "floor");
  const auto& product = as<ast::Chain>(floor.arguments.at(0));
  EXPECT_EQ(policy.text_of(as<ast::NumberLiteral>(product.first)), "20%");
  const auto& count = as<ast::Call>(product.rest.at(0).operand);
  const auto& filter = as<ast::Filter>(count.arguments.at(0));
  EXPECT_EQ(policy.text_of(filter), "Person where unit == this");
  EXPECT_EQ(policy.text_of(as<ast::This>(as<ast::Chain>(filter.condition).rest.at(0).operand)), "this");
}

TEST(Positions, PathPartsAndNamesAreTagged) {
  const Located policy(
      "policy \"t\"\n"
      "award bang_khen {\n"
      "  open when Board . par_index == xuat_sac\n"
      "}\n");
  ASSERT_TRUE(policy.parsed) << format(policy.diagnostics.list());
  const auto& award = boost::get<ast::Award>(policy.parsed->policy.declarations.at(0));
  const auto& open = boost::get<ast::OpenWhen>(award.items.at(0));
  EXPECT_EQ(policy.text_of(open), "open when Board . par_index == xuat_sac");
  const auto& path = as<ast::Path>(as<ast::Chain>(open.condition.expression).first);
  EXPECT_EQ(policy.text_of(path), "Board . par_index");
  ASSERT_EQ(path.parts.size(), 2u);
  EXPECT_EQ(policy.text_of(path.parts[0]), "Board");
  EXPECT_EQ(policy.text_of(path.parts[1]), "par_index");
}

TEST(Positions, ColumnsCountCodePointsOnVietnameseLines) {
  const Located policy(
      "policy \"Kế hoạch\"\n"
      "entity Cá_nhân \"Cá nhân\" from cá_nhân {\n"
      "  điểm_thi_đua: decimal \"Điểm thi đua\"\n"
      "}\n");
  ASSERT_TRUE(policy.parsed) << format(policy.diagnostics.list());
  const auto& entity = boost::get<ast::Entity>(policy.parsed->policy.declarations.at(0));
  EXPECT_EQ(entity.name.name, "Cá_nhân");
  EXPECT_EQ(entity.source.name, "cá_nhân");
  const auto& field = boost::get<ast::Field>(entity.members.at(0));
  EXPECT_EQ(field.name.name, "điểm_thi_đua");
  const auto label = policy.parsed->range(*field.label);
  EXPECT_EQ(policy.file.line_of(label.begin), 3);
  EXPECT_EQ(policy.file.column_of(label.begin), 25);
  EXPECT_EQ(policy.file.column_of(label.end), 39);
}

TEST(Printing, WithoutTheSourceRangesAreInBytes) {
  const Located policy("policy \"t\"\nprecedence a > b\n");
  ASSERT_TRUE(policy.parsed);
  EXPECT_EQ(print_ast(*policy.parsed),
            "Policy @0-27\n"
            "  Header @0-10\n"
            "    title \"t\" @7-10\n"
            "  Precedence @11-27\n"
            "    award a @22-23\n"
            "    award b @26-27\n");
}

}  // namespace
}  // namespace thidua::parser
