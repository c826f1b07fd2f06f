// The thidua command line: check a policy, run it on data, explain one candidate.
// Exit status: 0 success, 1 bad policy or bad data (diagnostics on stderr), 2 bad usage.
#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>

#include "grammar/parser.hpp"
#include "src/common/text.hpp"
#include "thidua/thidua.hpp"

namespace {

constexpr int exit_bad_input = 1;
constexpr int exit_usage = 2;

void print_data_error(const thidua::DataError& error) {
  for (const auto& issue : error.issues())
    std::cerr << error.source_name() << ": " << issue.path << ": " << issue.message << "\n";
}

void print_data_warnings(const thidua::Dataset& data) {
  for (const auto& w : data.warnings())
    std::cerr << data.source_name() << ": " << w.path << ": warning: " << w.message << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"thidua: decides emulation and commendation nominations (thi đua, khen thưởng) from a policy"};
  app.set_version_flag("--version", std::string(thidua::engine_name) + " " + thidua::engine_version);
  app.require_subcommand(1);

  std::string policy_path, data_path, output_path, candidate;
  std::string language = "vi";

  auto* check = app.add_subcommand("check", "Parse and check a policy; report every problem found");
  check->add_option("POLICY", policy_path, "The policy file (.thidua)")->required()->check(CLI::ExistingFile);

  auto* run = app.add_subcommand("run", "Run a policy on data; write the result as JSON");
  run->add_option("POLICY", policy_path, "The policy file (.thidua)")->required()->check(CLI::ExistingFile);
  run->add_option("DATA", data_path, "The input data (JSON)")->required()->check(CLI::ExistingFile);
  run->add_option("-o,--output", output_path, "Write the result to this file instead of standard output");

  auto* explain = app.add_subcommand("explain", "Explain the outcome for one candidate");
  explain->add_option("POLICY", policy_path, "The policy file (.thidua)")->required()->check(CLI::ExistingFile);
  explain->add_option("DATA", data_path, "The input data (JSON)")->required()->check(CLI::ExistingFile);
  explain->add_option("ID", candidate, "The candidate's id")->required();
  explain->add_option("--lang", language, "Language of the explanation: vi (default) or en")
      ->check(CLI::IsMember({"vi", "en"}));

  auto* parse = app.add_subcommand("parse", "Print a policy's syntax tree (for tooling and tests)");
  parse->add_option("POLICY", policy_path, "The policy file (.thidua)")->required()->check(CLI::ExistingFile);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int status = app.exit(e);
    return status == 0 ? 0 : exit_usage;
  }

  try {
    if (*parse) {
      auto text = thidua::detail::read_file(policy_path);
      if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);  // as Policy::load does
      thidua::detail::SourceFile file(policy_path, thidua::detail::to_nfc(text).value_or(text));
      thidua::detail::Diagnostics diagnostics(file);
      const auto parsed = thidua::parser::parse_policy(file, diagnostics);
      std::cerr << thidua::format(diagnostics.list());
      if (!parsed) return exit_bad_input;
      std::cout << thidua::parser::print_ast(*parsed);
      return 0;
    }
    const auto policy = thidua::Policy::load(policy_path);
    std::cerr << thidua::format(policy.warnings());
    if (*check) {
      std::cout << policy_path << ": ok: " << policy.title() << " (" << policy.awards().size() << " awards)\n";
      return 0;
    }
    const auto data = thidua::Dataset::load_json(policy, data_path);
    print_data_warnings(data);
    const auto result = thidua::run(policy, data);
    if (*run) {
      const auto text = result.to_json_string(2);
      if (output_path.empty()) {
        std::cout << text;
      } else {
        std::ofstream out(output_path, std::ios::binary);
        out << text;
        if (!out.flush()) {
          std::cerr << output_path << ": cannot write the result\n";
          return exit_bad_input;
        }
      }
      return 0;
    }
    try {
      std::cout << result.explain(candidate, language == "en" ? thidua::Language::en : thidua::Language::vi);
    } catch (const std::out_of_range& e) {
      std::cerr << data_path << ": " << e.what() << "\n";
      return exit_bad_input;
    }
    return 0;
  } catch (const thidua::PolicyError& e) {
    std::cerr << thidua::format(e.diagnostics());
    return exit_bad_input;
  } catch (const thidua::DataError& e) {
    print_data_error(e);
    return exit_bad_input;
  } catch (const thidua::Error& e) {
    std::cerr << e.what() << "\n";
    return exit_bad_input;
  }
}
