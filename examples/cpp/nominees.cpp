// Prints who is nominated for each award of a policy, and why one candidate is not.
//   nominees POLICY DATA CANDIDATE
#include <iostream>

#include "thidua/thidua.hpp"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: nominees POLICY DATA CANDIDATE\n";
    return 2;
  }
  try {
    const auto policy = thidua::Policy::load(argv[1]);              // compile once
    const auto data = thidua::Dataset::load_json(policy, argv[2]);  // bind the JSON data
    const auto result = thidua::run(policy, data);                  // decide every award

    for (const auto& award : policy.awards()) {
      std::cout << award.label << ":";
      for (const auto& id : result.selected(award.id)) std::cout << " " << id;
      std::cout << "\n";
    }
    const auto status = result.status(argv[3], "giay_khen");
    std::cout << argv[3] << ": " << thidua::to_string(status) << "\n\n";
    std::cout << result.explain(argv[3], thidua::Language::en);
    return 0;
  } catch (const thidua::Error& e) {  // PolicyError, DataError: every diagnostic
    std::cerr << e.message(thidua::Language::en);
    return 1;
  }
}
