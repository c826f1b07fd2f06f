// Baseline (a): the seed plan's rules written directly in C++, reading the input with
// nlohmann's SAX parser: what a programmer would write for this one policy, without an engine.
// Prints the selection as `award<TAB>entity<TAB>id` lines, best rank first, the form
// tests/bench/selection.py compares, and on stderr the CPU time of the rules and selection
// alone (after reading), which run.py reports beside thidua's in-process run stage.
//
//   baseline_handwritten DATA.json
//
// The rules (examples/an-giang-2026/policy.thidua): the general standard, the Giấy khen and
// Bằng khen criteria, the caps (floor(20% of persons), 1 unit, 2 persons), Bằng khen first
// with its recipients excluded from the Giấy khen, ties broken by id. Scores are read
// exactly as integers scaled by 10^6 (the benchmark data has at most two decimals).
#include <algorithm>
#include <cstdint>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

constexpr std::int64_t scale = 1000000;

// "92.75" -> 92750000; the text is a JSON number without exponent (checked).
std::int64_t scaled(const std::string& text) {
  std::int64_t whole = 0, fraction = 0, unit = scale;
  bool negative = false, dot = false;
  for (const char c : text) {
    if (c == '-') negative = true;
    else if (c == '.') dot = true;
    else if (c >= '0' && c <= '9') {
      if (!dot) whole = whole * 10 + (c - '0');
      else if (unit > 1) fraction += (c - '0') * (unit /= 10);
    } else {
      throw std::runtime_error("unsupported number " + text);
    }
  }
  const std::int64_t value = whole * scale + fraction;
  return negative ? -value : value;
}

// Scale items best first: a smaller index is better.
int rating(const std::string& s) {
  static const char* codes[] = {"xuat_sac", "tot", "kha", "trung_binh", "yeu"};
  static const char* labels[] = {"Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"};
  for (int i = 0; i < 5; ++i)
    if (s == codes[i] || s == labels[i]) return i;
  throw std::runtime_error("unknown rating " + s);
}

struct Unit {
  std::string id;
  bool complies = false, tasks_completed = false, disciplined = false, member_disciplined = false;
  int tasks_rating = 4;
  std::int64_t initiatives = 0, score = 0;
};

struct Person {
  std::string id, unit;
  bool complies = false, tasks_completed = false, disciplined = false, ldtt = false, contributes = false;
  std::int64_t initiatives = 0, score = 0;
};

class Reader : public nlohmann::json_sax<nlohmann::json> {
 public:
  std::vector<Unit> units;
  std::vector<Person> persons;
  std::string par_index;

  bool null() override { return true; }
  bool boolean(bool v) override {
    if (depth_ == 3 && section_ == units_) {
      if (key_ == "complies") units.back().complies = v;
      else if (key_ == "tasks_completed") units.back().tasks_completed = v;
      else if (key_ == "disciplined") units.back().disciplined = v;
    } else if (depth_ == 3 && section_ == persons_) {
      if (key_ == "complies") persons.back().complies = v;
      else if (key_ == "tasks_completed") persons.back().tasks_completed = v;
      else if (key_ == "disciplined") persons.back().disciplined = v;
    }
    return true;
  }
  bool number_integer(number_integer_t v) override { return integer(v); }
  bool number_unsigned(number_unsigned_t v) override { return integer(static_cast<std::int64_t>(v)); }
  bool number_float(number_float_t, const string_t& text) override {
    if (depth_ == 3 && key_ == "score") {
      if (section_ == units_) units.back().score = scaled(text);
      else if (section_ == persons_) persons.back().score = scaled(text);
    }
    return true;
  }
  bool string(string_t& v) override {
    if (depth_ == 2 && section_ == board_ && key_ == "par_index") par_index = v;
    else if (depth_ == 3 && section_ == units_) {
      if (key_ == "id") units.back().id = std::move(v);
      else if (key_ == "tasks_rating") units.back().tasks_rating = rating(v);
    } else if (depth_ == 3 && section_ == persons_) {
      if (key_ == "id") persons.back().id = std::move(v);
      else if (key_ == "unit") persons.back().unit = std::move(v);
    } else if (depth_ == 4 && section_ == persons_) {
      if (key_ == "titles" && v == "Lao động tiên tiến") persons.back().ldtt = true;
      else if (key_ == "contributions") persons.back().contributes = true;
    }
    return true;
  }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override {
    ++depth_;
    if (depth_ == 3 && section_ == units_) units.emplace_back();
    if (depth_ == 3 && section_ == persons_) persons.emplace_back();
    return true;
  }
  bool end_object() override { return --depth_, true; }
  bool start_array(std::size_t) override { return ++depth_, true; }
  bool end_array() override { return --depth_, true; }
  bool key(string_t& k) override {
    if (depth_ == 1) section_ = k == "board" ? board_ : k == "units" ? units_ : k == "persons" ? persons_ : other_;
    else key_ = k;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    throw std::runtime_error(e.what());
  }

 private:
  bool integer(std::int64_t v) {
    if (depth_ != 3) return true;
    if (section_ == units_) {
      if (key_ == "recognized_initiatives") units.back().initiatives = v;
      else if (key_ == "score") units.back().score = v * scale;
    } else if (section_ == persons_) {
      if (key_ == "initiatives") persons.back().initiatives = v;
      else if (key_ == "score") persons.back().score = v * scale;
    }
    return true;
  }
  enum Section { other_, board_, units_, persons_ };
  int depth_ = 0;
  Section section_ = other_;
  std::string key_;
};

void print(const char* award, const char* entity, const std::vector<const std::string*>& ids) {
  for (const auto* id : ids) std::printf("%s\t%s\t%s\n", award, entity, id->c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: baseline_handwritten DATA.json\n";
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  Reader reader;
  nlohmann::json::sax_parse(text, &reader);
  auto& units = reader.units;
  auto& persons = reader.persons;
  // The rules and the selection alone (CPU time), for the target on evaluate and select.
  const std::clock_t rules_begin = std::clock();

  std::unordered_map<std::string, std::size_t> unit_by_id;
  for (std::size_t i = 0; i < units.size(); ++i) unit_by_id.emplace(units[i].id, i);
  for (const auto& p : persons)
    if (p.disciplined) units.at(unit_by_id.at(p.unit)).member_disciplined = true;

  // Eligibility for the Giấy khen (the Bằng khen requires it too).
  std::vector<const Unit*> unit_pool;
  for (const auto& u : units)
    if (u.complies && u.tasks_completed && !u.disciplined && !u.member_disciplined && u.tasks_rating <= 1 &&
        u.initiatives >= 1)
      unit_pool.push_back(&u);
  std::vector<const Person*> person_pool;
  for (const auto& p : persons)
    if (p.complies && p.tasks_completed && !p.disciplined && p.ldtt && p.contributes) person_pool.push_back(&p);

  // Rank: units by score, then initiatives; persons by (initiatives >= 1), score, initiatives;
  // the id (byte order) last.
  std::sort(unit_pool.begin(), unit_pool.end(), [](const Unit* a, const Unit* b) {
    if (a->score != b->score) return a->score > b->score;
    if (a->initiatives != b->initiatives) return a->initiatives > b->initiatives;
    return a->id < b->id;
  });
  std::sort(person_pool.begin(), person_pool.end(), [](const Person* a, const Person* b) {
    const bool ai = a->initiatives >= 1, bi = b->initiatives >= 1;
    if (ai != bi) return ai;
    if (a->score != b->score) return a->score > b->score;
    if (a->initiatives != b->initiatives) return a->initiatives > b->initiatives;
    return a->id < b->id;
  });

  const bool open = reader.par_index == "xuat_sac" || reader.par_index == "Xuất sắc";
  std::vector<const std::string*> bang_units, bang_persons, giay_units, giay_persons;
  if (open) {
    for (std::size_t i = 0; i < unit_pool.size() && i < 1; ++i) bang_units.push_back(&unit_pool[i]->id);
    for (std::size_t i = 0; i < person_pool.size() && i < 2; ++i) bang_persons.push_back(&person_pool[i]->id);
  }
  // Bằng khen recipients are excluded from the Giấy khen; the rest keep their order.
  for (std::size_t i = bang_units.size(); i < unit_pool.size(); ++i) giay_units.push_back(&unit_pool[i]->id);
  const std::size_t cap = persons.size() / 5;  // floor(20% * count(Person))
  for (std::size_t i = bang_persons.size(); i < person_pool.size() && giay_persons.size() < cap; ++i)
    giay_persons.push_back(&person_pool[i]->id);

  std::fprintf(stderr, "rules and selection: %.1f ms CPU\n",
               1000.0 * static_cast<double>(std::clock() - rules_begin) / CLOCKS_PER_SEC);
  print("bang_khen", "Unit", bang_units);
  print("bang_khen", "Person", bang_persons);
  print("giay_khen", "Unit", giay_units);
  print("giay_khen", "Person", giay_persons);
  return 0;
}
