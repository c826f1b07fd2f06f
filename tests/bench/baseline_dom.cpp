// Baseline (b): nlohmann/json parsing the input into a DOM, and nothing else: the cost of
// merely reading the file the common way. Prints the number of persons so the parse is used.
//
//   baseline_dom DATA.json
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: baseline_dom DATA.json\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto data = nlohmann::json::parse(text);
  std::cout << data.at("persons").size() << " persons\n";
  return 0;
}
