#include <iostream>
#include <thidua/thidua.hpp>

int main(int argc, char** argv) {
  if (argc != 3) return 2;
  const auto policy = thidua::Policy::load(argv[1]);
  const auto data = thidua::Dataset::load_json(policy, argv[2]);
  const auto result = thidua::run(policy, data);
  for (const auto& award : policy.awards()) {
    std::cout << award.id << ":";
    for (const auto& id : result.selected(award.id)) std::cout << " " << id;
    std::cout << "\n";
  }
}
