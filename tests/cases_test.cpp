// Sample cases (docs/cases.md): every case file in the repository passes against its policy,
// and the case format reports its mistakes at their lines.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "src/cases/cases.hpp"
#include "thidua/thidua.hpp"

namespace {

namespace fs = std::filesystem;
using thidua::Language;
using thidua::cases::CaseFile;

// ---- every case file of every example: examples/NAME/cases/*.yaml with examples/NAME/policy.thidua

struct SampleCase {
  std::string policy, file, test_name;
  std::size_t index;
};

std::string identifier(std::string text) {
  for (auto& ch : text)
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  return text;
}

std::vector<SampleCase> repository_cases() {
  std::vector<SampleCase> all;
  std::vector<fs::path> files;
  for (const auto& example : fs::directory_iterator(THIDUA_SOURCE_DIR "/examples")) {
    if (!fs::is_directory(example.path() / "cases")) continue;
    for (const auto& file : fs::directory_iterator(example.path() / "cases"))
      if (file.path().extension() == ".yaml") files.push_back(file.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const auto example = file.parent_path().parent_path();
    const auto cases = CaseFile::load(file);
    for (std::size_t i = 0; i < cases.size(); ++i)
      all.push_back({(example / "policy.thidua").string(), file.string(),
                     identifier(example.filename().string() + "_" + file.stem().string() + "_" + std::to_string(i + 1)),
                     i});
  }
  return all;
}

void PrintTo(const SampleCase& c, std::ostream* out) { *out << c.file << " #" << c.index + 1; }

class RepositoryCase : public testing::TestWithParam<SampleCase> {};

TEST_P(RepositoryCase, Passes) {
  const auto& param = GetParam();
  const auto policy = thidua::Policy::load(param.policy);
  const auto outcomes = thidua::cases::run(policy, CaseFile::load(param.file), Language::en);
  const auto& outcome = outcomes.at(param.index);
  EXPECT_TRUE(outcome.passed) << thidua::cases::format(outcome, Language::en);
}

INSTANTIATE_TEST_SUITE_P(Examples, RepositoryCase, testing::ValuesIn(repository_cases()),
                         [](const auto& info) { return info.param.test_name; });

TEST(SeedExample, ShipsAtLeastTwelveCases) {
  std::size_t seed = 0;
  for (const auto& c : repository_cases()) seed += c.file.find("an-giang-2026") != std::string::npos;
  EXPECT_GE(seed, 12u);
}

// ---- a file of wrong expectations fails each wrong case, with the difference

const std::string example_policy = THIDUA_SOURCE_DIR "/examples/an-giang-2026/policy.thidua";

TEST(FailingCases, FailEveryWrongCaseWithItsDifference) {
  const auto policy = thidua::Policy::load(example_policy);
  const auto outcomes =
      thidua::cases::run(policy, CaseFile::load(THIDUA_TEST_DIR "/data/cases/failing.yaml"), Language::en);
  ASSERT_EQ(outcomes.size(), 6u);
  EXPECT_TRUE(outcomes[0].passed);
  for (std::size_t i = 1; i < outcomes.size(); ++i) EXPECT_FALSE(outcomes[i].passed) << outcomes[i].name;
  const auto& forgot = outcomes[1];
  ASSERT_EQ(forgot.differences.size(), 3u);
  EXPECT_EQ(forgot.differences[0], THIDUA_TEST_DIR "/data/cases/failing.yaml:37: giay_khen, selected:\n"
                                   "    expected: VP, P01, P02\n"
                                   "    actual:   VP, P01\n"
                                   "    missing:  P02");
  EXPECT_EQ(forgot.differences[1], THIDUA_TEST_DIR "/data/cases/failing.yaml:39: P02, giay_khen, status:\n"
                                   "    expected: selected\n"
                                   "    actual:   ineligible");
  EXPECT_NE(forgot.explanation.find("P02 · "), std::string::npos);
  EXPECT_EQ(thidua::cases::summary(outcomes, Language::en), "6 cases: 1 passed, 5 failed.");
  EXPECT_EQ(thidua::cases::summary(outcomes, Language::vi), "6 trường hợp: 1 đạt, 5 không đạt.");
}

// ---- the format: what a policy author may get wrong, reported at its line

fs::path write_case_file(const std::string& name, const std::string& text) {
  const auto path = fs::temp_directory_path() / ("thidua-cases-test-" + name + ".yaml");
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// Inline data every case below can use.
constexpr const char* small_data = R"(
    data:
      board: { par_index: Tốt }
      units: []
      persons: []
)";

struct BadFile {
  std::string name;
  std::string text;
  std::string first_error;  // "line:column: message"
};

void PrintTo(const BadFile& f, std::ostream* out) { *out << f.name; }

class CaseFormatError : public testing::TestWithParam<BadFile> {};

TEST_P(CaseFormatError, IsReportedAtItsLine) {
  const auto path = write_case_file(GetParam().name, GetParam().text);
  try {
    CaseFile::load(path);
    FAIL() << "no error";
  } catch (const thidua::cases::CaseFileError& e) {
    const auto& d = e.diagnostics().front();
    EXPECT_EQ(std::to_string(d.line) + ":" + std::to_string(d.column) + ": " + d.message, GetParam().first_error);
    EXPECT_FALSE(d.message_vi.empty());
  }
  fs::remove(path);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, CaseFormatError,
    testing::Values(
        BadFile{"NotAMapping", "- a\n- b\n", "1:1: a case file is a mapping with a list of 'cases'"},
        BadFile{"NoCases", "description: nothing\n", "1:1: the file has no 'cases'"},
        BadFile{"InvalidYaml", "cases: [\n", "2:1: invalid YAML: end of sequence flow not found"},
        BadFile{"UnknownTopKey", "case:\n  - name: x\n", "1:1: unknown key 'case'; expected one of: description, defaults, cases"},
        BadFile{"MissingName", std::string("cases:\n  - description: d\n") + small_data +
                                   "    expect:\n      selected: { giay_khen: [] }\n",
                "2:5: the case has no 'name'"},
        BadFile{"KeyTwice", std::string("cases:\n  - name: a\n    name: b\n    description: d\n") + small_data +
                                "    expect:\n      selected: { giay_khen: [] }\n",
                "3:5: 'name' is given twice"},
        BadFile{"ListExpected", std::string("cases:\n  - name: a\n    description: d\n") + small_data +
                                    "    expect:\n      selected: { giay_khen: P01 }\n",
                "10:30: expected a list, such as [P001, P002] or [] for none"},
        BadFile{"UnknownStatus", std::string("cases:\n  - name: a\n    description: d\n") + small_data +
                                     "    expect:\n      status: { P01: { giay_khen: chon } }\n",
                "10:35: unknown status 'chon'; expected one of: selected, not_selected, ineligible, excluded, closed, deferred, pending"},
        BadFile{"TieWithoutSelected", std::string("cases:\n  - name: a\n    description: d\n") + small_data +
                                          "    expect:\n      ties: { giay_khen: [ { ids: [P01, P02] } ] }\n",
                "10:28: the tie has no 'selected'"},
        BadFile{"ExpectsNothing", std::string("cases:\n  - name: a\n    description: d\n") + small_data +
                                      "    expect: {}\n",
                "9:13: the case expects nothing: state at least one expectation under 'expect'"}),
    [](const auto& info) { return info.param.name; });

TEST(CaseFormatErrors, AreAllReportedAtOnce) {
  try {
    CaseFile::load(THIDUA_TEST_DIR "/data/cases/bad-structure.yaml");
    FAIL() << "no error";
  } catch (const thidua::cases::CaseFileError& e) {
    std::vector<std::string> found;
    for (const auto& d : e.diagnostics()) found.push_back(std::to_string(d.line) + ":" + std::to_string(d.column));
    EXPECT_EQ(found, (std::vector<std::string>{"5:5", "4:5", "8:7", "13:11", "16:27", "21:13", "18:11"}));
  }
}

// ---- inline data: the JSON the binder reads, and data problems located in the case file

TEST(InlineData, BecomesJsonWithTheFileDefaultsAndExactNumbers) {
  const auto path = write_case_file("inline", R"(defaults:
  persons: { score: 90, titles: [] }
cases:
  - name: a
    description: d
    data:
      board: { par_index: Tốt }
      persons:
        - { id: P01, score: 92.75, name: "007", complies: true, note: ~ }
    expect:
      selected: { giay_khen: [] }
)");
  const auto file = CaseFile::load(path);
  EXPECT_EQ(file.cases().at(0).data_json,
            R"({"board":{"par_index":"Tốt"},"persons":[{"id":"P01","score":92.75,"name":"007","complies":true,"note":null,"titles":[]}]})");
  EXPECT_EQ(file.cases().at(0).data_lines.at("/persons/0/score"), 9);
  EXPECT_EQ(file.cases().at(0).data_lines.at("/persons/0/titles"), 2);  // from the defaults
  fs::remove(path);
}

TEST(InlineData, ProblemsPointToTheirLineInTheCaseFile) {
  const auto path = write_case_file("bad-data", R"(cases:
  - name: a
    description: d
    data:
      board: { par_index: Tốt }
      units: []
      persons:
        - { id: P01, name: A, unit: VP, complies: true, tasks_completed: true, disciplined: false,
            initiatives: 0, titles: [], contributions: [], score: cao }
    expect:
      selected: { giay_khen: [] }
)");
  const auto policy = thidua::Policy::load(example_policy);
  const auto outcomes = thidua::cases::run(policy, CaseFile::load(path), Language::en);
  ASSERT_FALSE(outcomes.at(0).passed);
  ASSERT_FALSE(outcomes.at(0).differences.empty());
  // /persons/0/unit (no unit VP) is reported at the record's line, /persons/0/score at its own.
  std::string all;
  for (const auto& d : outcomes.at(0).differences) all += d + "\n";
  EXPECT_NE(all.find(path.string() + ":9: data /persons/0/score: "), std::string::npos) << all;
  EXPECT_NE(all.find(path.string() + ":8: data /persons/0/unit: "), std::string::npos) << all;
  fs::remove(path);
}

TEST(DataDirectory, OfCsvFilesIsReadLikeTheCommandLineReadsIt) {
  const auto dir = fs::temp_directory_path() / "thidua-cases-test-csv";
  fs::create_directories(dir / "data");
  std::ofstream(dir / "data/board.csv") << "par_index\nTốt\n";
  std::ofstream(dir / "data/units.csv")
      << "id,name,kind,complies,tasks_completed,disciplined,tasks_rating,recognized_initiatives,emulation_rating,score\n"
         "VP,Văn phòng,phong,true,true,false,Tốt,1,Tốt,90\n";
  std::ofstream(dir / "data/persons.csv")
      << "id,name,unit,complies,tasks_completed,disciplined,initiatives,titles,contributions,score\n"
         "P01,A,VP,true,true,false,0,Lao động tiên tiến,tham_muu,90\n"
         "P02,B,VP,true,true,false,0,,tham_muu,90\n";
  std::ofstream(dir / "cases.yaml") << "cases:\n  - name: csv\n    description: d\n    data: data\n"
                                       "    expect:\n      selected: { giay_khen: [VP] }\n"
                                       "      status: { P02: { giay_khen: ineligible } }\n";
  const auto policy = thidua::Policy::load(example_policy);
  const auto outcomes = thidua::cases::run(policy, CaseFile::load(dir / "cases.yaml"), Language::en);
  EXPECT_TRUE(outcomes.at(0).passed) << thidua::cases::format(outcomes.at(0), Language::en);
  fs::remove_all(dir);
}

// ---- JUnit XML

TEST(JUnit, EscapesNamesAndMessages) {
  thidua::cases::CaseOutcome passed{"a&b.yaml", 3, "Tie <at> the \"cut\"", true, {}, {}};
  thidua::cases::CaseOutcome failed{"a&b.yaml", 9, "x", false, {"a&b.yaml:10: 'P01' < 'P02'"}, {}};
  const auto xml = thidua::cases::junit_xml({passed, failed}, Language::en);
  EXPECT_NE(xml.find(R"(<testsuites name="thidua" tests="2" failures="1">)"), std::string::npos) << xml;
  EXPECT_NE(xml.find(R"(<testsuite name="a&amp;b.yaml" tests="2" failures="1")"), std::string::npos) << xml;
  EXPECT_NE(xml.find(R"(name="Tie &lt;at&gt; the &quot;cut&quot;")"), std::string::npos) << xml;
  EXPECT_NE(xml.find(R"(<failure message="a&amp;b.yaml:10: &apos;P01&apos; &lt; &apos;P02&apos;">)"), std::string::npos)
      << xml;
}

}  // namespace
