// The thidua command line: check a policy, run it on data, explain one candidate, test it
// against sample cases, compare two versions of it.
// Exit status: 0 success, 1 bad policy or bad data (diagnostics on stderr) or a failed sample
// case, 2 bad usage.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#ifdef __GLIBC__
#include <malloc.h>  // mallopt
#endif

#include "grammar/parser.hpp"
#include "src/cases/cases.hpp"
#include "src/cli/output_file.hpp"
#include "src/common/text.hpp"
#include "thidua/thidua.hpp"

namespace {

constexpr int exit_bad_input = 1;
constexpr int exit_usage = 2;

void print_data_warnings(const thidua::Dataset& data, thidua::Language language) {
  for (const auto& w : data.warnings())
    std::cerr << thidua::format(data.source_name(), w, language, thidua::Severity::warning);
}

// `thidua test`: every case of every file, one line each, the differences of the failures.
int test_cases(const thidua::Policy& policy, const std::vector<std::string>& case_paths,
               const std::string& junit_path, thidua::Language language, const thidua::RunOptions& options) {
  std::vector<thidua::cases::CaseFile> files;
  bool readable = true;
  for (const auto& path : case_paths) {
    try {
      files.push_back(thidua::cases::CaseFile::load(path));
    } catch (const thidua::cases::CaseFileError& e) {
      std::cerr << e.message(language);
      readable = false;
    }
  }
  if (!readable) return exit_bad_input;
  std::vector<thidua::cases::CaseOutcome> outcomes;
  for (const auto& file : files) {
    for (auto& outcome : thidua::cases::run(policy, file, language, options)) {
      std::cout << thidua::cases::format(outcome, language);
      outcomes.push_back(std::move(outcome));
    }
  }
  std::cout << thidua::cases::summary(outcomes, language) << "\n";
  if (!junit_path.empty()) {
    std::ofstream out(junit_path, std::ios::binary);
    out << thidua::cases::junit_xml(outcomes, language);
    if (!out.flush()) {
      std::cerr << junit_path << (language == thidua::Language::vi ? ": không ghi được tệp\n" : ": cannot write the file\n");
      return exit_bad_input;
    }
  }
  const bool all_passed = std::all_of(outcomes.begin(), outcomes.end(), [](const auto& o) { return o.passed; });
  return all_passed ? 0 : exit_bad_input;
}

}  // namespace

int main(int argc, char** argv) {
#ifdef __GLIBC__
  // One malloc arena for all threads. The binding and result-writing threads free what the
  // others allocated; with an arena per thread, memory freed into one arena is not reused by
  // the other threads: the peak at 100,000 persons was 38.6-41.6 MB, against 37.2-38.1 MB
  // with one arena (docs/performance.md, Memory), and the run no slower (thread caches spare
  // the lock).
  mallopt(M_ARENA_MAX, 1);
#endif
  CLI::App app{"thidua: decides emulation and commendation nominations (thi đua, khen thưởng) from a policy"};
  app.set_version_flag("--version", std::string(thidua::engine_name) + " " + thidua::engine_version);
  app.require_subcommand(1);

  std::string policy_path, data_path, output_path, candidate, junit_path;
  std::vector<std::string> case_paths;
  std::string language_name = "vi";  // policy authors are Vietnamese office staff (docs/cli.md)
  const auto add_language = [&](CLI::App* command) {
    command->add_option("--lang", language_name, "Language of messages and explanations: vi (default) or en")
        ->check(CLI::IsMember({"vi", "en"}));
  };
  thidua::RunOptions run_options;
  const auto add_year = [&](CLI::App* command) {
    command->add_option("--year", run_options.year,
                        "The year under review (review_year), instead of the policy header's 'year'")
        ->check(CLI::Range(1900, 9999));
  };

  auto* check = app.add_subcommand("check", "Parse and check a policy; report every problem found");
  check->add_option("POLICY", policy_path, "The policy file (.thidua)")->required()->check(CLI::ExistingFile);
  add_language(check);

  auto* run = app.add_subcommand("run", "Run a policy on data; write the result as JSON");
  run->add_option("POLICY", policy_path, "The policy file (.thidua)")->required()->check(CLI::ExistingFile);
  run->add_option("DATA", data_path, "The input data: a JSON file, or a directory of CSV files")->required()->check(CLI::ExistingPath);
  run->add_option("-o,--output", output_path, "Write the result to this file instead of standard output");
  thidua::JsonOptions json_options;
  run->add_flag_callback("--compact", [&] { json_options.indent = -1; },
                         "Write the JSON on one line, without indentation (a third smaller)");
  run->add_flag_callback("--no-candidates", [&] { json_options.candidates = false; },
                         "Leave out the per-candidate outcomes (\"candidates\", \"scores\"): awards, quotas, selected and ties only");
  add_language(run);
  add_year(run);

  auto* explain = app.add_subcommand("explain", "Explain the outcome for one candidate");
  explain->add_option("POLICY", policy_path, "The policy file (.thidua)")->required()->check(CLI::ExistingFile);
  explain->add_option("DATA", data_path, "The input data: a JSON file, or a directory of CSV files")->required()->check(CLI::ExistingPath);
  explain->add_option("ID", candidate, "The candidate's id")->required();
  add_language(explain);
  add_year(explain);

  auto* test = app.add_subcommand("test", "Run a policy's sample cases; report each as passed or failed");
  test->add_option("POLICY", policy_path, "The policy file (.thidua)")->required()->check(CLI::ExistingFile);
  test->add_option("CASES", case_paths, "Case files (YAML, docs/cases.md)")->required()->check(CLI::ExistingFile);
  test->add_option("--junit", junit_path, "Also write the outcomes as JUnit XML to this file");
  add_language(test);
  add_year(test);

  auto* schema = app.add_subcommand("schema", "Print the JSON Schema of the input data a policy reads");
  schema->add_option("POLICY", policy_path, "The policy file (.thidua)")->required()->check(CLI::ExistingFile);
  add_language(schema);

  auto* report = app.add_subcommand("report", "Run a policy on data; write the result as an HTML page (Vietnamese)");
  report->add_option("POLICY", policy_path, "The policy file (.thidua)")->required()->check(CLI::ExistingFile);
  report->add_option("DATA", data_path, "The input data: a JSON file, or a directory of CSV files")->required()->check(CLI::ExistingPath);
  report->add_option("-o,--output", output_path, "Write the page to this file instead of standard output");
  add_language(report);
  add_year(report);

  std::string new_policy_path;
  bool diff_as_json = false;
  auto* diff = app.add_subcommand("diff", "Run two versions of a policy on the same data; list every outcome that changes, and why");
  diff->add_option("OLD", policy_path, "The old policy file (.thidua)")->required()->check(CLI::ExistingFile);
  diff->add_option("NEW", new_policy_path, "The new policy file (.thidua)")->required()->check(CLI::ExistingFile);
  diff->add_option("DATA", data_path, "The input data: a JSON file, or a directory of CSV files")->required()->check(CLI::ExistingPath);
  diff->add_flag("--json", diff_as_json, "Write the changes as JSON instead of text");
  add_language(diff);
  add_year(diff);

  auto* parse = app.add_subcommand("parse", "Print a policy's syntax tree (for tooling and tests)");
  parse->add_option("POLICY", policy_path, "The policy file (.thidua)")->required()->check(CLI::ExistingFile);
  add_language(parse);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int status = app.exit(e);
    return status == 0 ? 0 : exit_usage;
  }
  const auto language = language_name == "en" ? thidua::Language::en : thidua::Language::vi;

  try {
    if (*parse) {
      auto text = thidua::detail::read_file(policy_path);
      if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // as Policy::load does
      thidua::detail::SourceFile file(policy_path, thidua::detail::to_nfc(text).value_or(text));
      thidua::detail::Diagnostics diagnostics(file);
      const auto parsed = thidua::parser::parse_policy(file, diagnostics);
      std::cerr << thidua::format(diagnostics.list(), language);
      if (!parsed) return exit_bad_input;
      std::cout << thidua::parser::print_ast(*parsed);
      return 0;
    }
    const auto policy = thidua::Policy::load(policy_path);
    std::cerr << thidua::format(policy.warnings(), language);
    // DATA is a JSON file, or a directory of CSV files, one per entity (docs/integration.md).
    const auto load_data = [&](const thidua::Policy& p) {
      auto data = std::filesystem::is_directory(data_path) ? thidua::Dataset::load_csv(p, data_path)
                                                           : thidua::Dataset::load_json(p, data_path);
      print_data_warnings(data, language);
      return data;
    };
    if (*diff) {
      const auto new_policy = thidua::Policy::load(new_policy_path);
      std::cerr << thidua::format(new_policy.warnings(), language);
      const auto changes = thidua::diff(thidua::run(policy, load_data(policy), run_options),
                                        thidua::run(new_policy, load_data(new_policy), run_options));
      if (diff_as_json) std::cout << thidua::to_json(changes).dump(2) << "\n";
      else std::cout << thidua::format(changes, language);
      return 0;
    }
    if (*check) {
      std::cout << policy_path << ": ok: " << policy.title() << " (" << policy.awards().size()
                << (language == thidua::Language::vi ? " hình thức khen thưởng)\n" : " awards)\n");
      return 0;
    }
    if (*test) return test_cases(policy, case_paths, junit_path, language, run_options);
    if (*schema) {
      std::cout << thidua::input_schema(policy).dump(2) << "\n";
      return 0;
    }
    const auto data = load_data(policy);
    const auto result = thidua::run(policy, data, run_options);
    if (*run) {
      // Written as it is made: a result for a million candidates is never held whole.
      if (output_path.empty()) {
        result.write_json(std::cout, json_options);
      } else {
        thidua::cli::OutputFile out(output_path);
        result.write_json(out.stream(), json_options);
        if (!out.finish()) {
          std::cerr << output_path << ": cannot write the result\n";
          return exit_bad_input;
        }
      }
      return 0;
    }
    if (*report) {
      const auto page = thidua::report_html(result);
      if (output_path.empty()) {
        std::cout << page;
      } else {
        thidua::cli::OutputFile out(output_path);
        out.stream() << page;
        if (!out.finish()) {
          std::cerr << output_path << ": cannot write the report\n";
          return exit_bad_input;
        }
      }
      return 0;
    }
    try {
      std::cout << result.explain(candidate, language);
    } catch (const std::out_of_range& e) {
      std::cerr << data_path << ": " << e.what() << "\n";
      return exit_bad_input;
    }
    return 0;
  } catch (const thidua::PolicyError& e) {
    std::cerr << thidua::format(e.diagnostics(), language);
    return exit_bad_input;
  } catch (const thidua::DataError& e) {
    std::cerr << e.message(language);
    return exit_bad_input;
  } catch (const thidua::Error& e) {
    const auto message = e.message(language);  // a run-time stop is a whole diagnostic, newline included
    std::cerr << message << (message.ends_with('\n') ? "" : "\n");
    return exit_bad_input;
  }
}
