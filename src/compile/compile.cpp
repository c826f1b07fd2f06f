// The checker: resolves names, checks types and orders the awards by their dependencies.
// It reports every problem it can find in one run, each at the policy text it concerns.
#include "src/compile/compile.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>
#include <map>
#include <set>
#include <utf8proc.h>

#include "grammar/parser.hpp"
#include "src/common/text.hpp"
#include "src/compile/decision_table.hpp"
#include "thidua/errors.hpp"

namespace thidua::detail {

namespace {

namespace x3 = boost::spirit::x3;

using ast::unwrap;

std::string quote_name(std::string_view name) { return "'" + std::string(name) + "'"; }

const Message first_declared_here{"first declared here", "khai báo lần đầu ở đây"};
const Message expected_a_number{"expected a number, but this is ", "cần một số, nhưng đây là "};
const Message one_ranking{"a block has one ranking; list every key in one 'rank by'",
                          "mỗi khối chỉ có một cách xếp hạng; hãy liệt kê mọi tiêu chí trong một 'rank by'"};

// "; did you mean 'score'?" when one of `known` is close to `name`; empty otherwise.
Message suggestion(std::string_view name, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(1, code_points(name) / 3) + 1;
  for (const auto& candidate : known) {
    const auto distance = edit_distance(name, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  if (best.empty()) return {};
  return {"; did you mean " + quote_name(best) + "?", "; có phải là " + quote_name(best) + "?"};
}

// The first letter in lower case: "Bị xử lý" → "bị xử lý", to build "không bị xử lý".
std::string lower_first(const std::string& text) {
  utf8proc_int32_t first;
  const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                                  static_cast<utf8proc_ssize_t>(text.size()), &first);
  if (n <= 0) return text;
  utf8proc_uint8_t buffer[4];
  const auto m = utf8proc_encode_char(utf8proc_tolower(first), buffer);
  return std::string(reinterpret_cast<char*>(buffer), static_cast<std::size_t>(m)) +
         text.substr(static_cast<std::size_t>(n));
}

bool is_builtin_type(std::string_view name) {
  return name == "bool" || name == "int" || name == "decimal" || name == "text";
}

// Where an expression is evaluated: for a record of `entity` (-1: once, for the whole
// input), and inside `where`, the record the enclosing condition is about (`this`).
struct Scope {
  int entity = -1;
  const Scope* outer = nullptr;
};

// An award fact in the dependency graph: its eligibility, or its selection.
struct AwardFact {
  int award;
  bool selection;
  bool operator<(const AwardFact& o) const {
    return std::tie(award, selection) < std::tie(o.award, o.selection);
  }
};
using FactSet = std::set<AwardFact>;

class Checker {
 public:
  Checker(const parser::ParsedPolicy& parsed, CompiledPolicy& out, Diagnostics& diagnostics)
      : parsed_(parsed), out_(out), diag_(diagnostics) {}

  void run() {
    header();
    declare();
    resolve_fields();
    compile_all_derived();
    compile_all_sheets();
    compile_standards();
    compile_awards();
    resolve_rank_as();
    precedence();
    if (!diag_.has_errors()) order_awards();
    if (!diag_.has_errors())
      for (auto& [where, message] : mark_unknowns(out_)) diag_.error(where, std::move(message));
  }

 private:
  const parser::ParsedPolicy& parsed_;
  CompiledPolicy& out_;
  Diagnostics& diag_;

  std::map<std::string, int, std::less<>> enumeration_index_;
  std::map<std::string, int, std::less<>> entity_index_;
  std::map<std::string, int, std::less<>> award_index_;
  std::map<std::string, SourceRange, std::less<>> type_names_;  // for duplicate checks
  std::vector<const ast::Entity*> entity_ast_;
  std::vector<const ast::Award*> award_ast_;
  std::vector<const ast::Precedence*> precedence_ast_;

  struct StandardInfo {
    const ast::Standard* node;
    int entity;
    std::vector<ConditionDef> conditions;
    FactSet facts;
    bool compiled = false;
  };
  std::vector<StandardInfo> standards_;

  // Derived facts are compiled on first use; `state` catches cycles between them.
  enum class DerivedState { pending, compiling, done, failed };
  struct DerivedInfo {
    const ast::Derived* node;
    DerivedState state = DerivedState::pending;
    FactSet facts;
  };
  std::vector<std::vector<DerivedInfo>> derived_;  // per entity
  std::vector<std::string> derived_stack_;         // "Unit.members", for cycle paths

  // Per award and block: the ast of `rank as`, resolved after every award is compiled.
  struct RankAsInfo {
    int award, block;
    const ast::RankAs* node;
  };
  std::vector<RankAsInfo> rank_as_;
  std::vector<FactSet> eligibility_needs_, selection_needs_;  // per award

  FactSet* facts_ = nullptr;  // where the expression being compiled records what it needs

  // Sheets are compiled on first use, like derived facts.
  enum class SheetState { pending, compiling, done, failed };
  struct SheetInfo {
    const ast::Sheet* node;
    SheetState state = SheetState::pending;
    FactSet facts;
  };
  std::vector<SheetInfo> sheets_;               // parallel to out_.sheets

  SourceRange range(const x3::position_tagged& node) const { return parsed_.range(node); }
  std::string text(SourceRange r) const { return std::string(diag_.file().slice(r)); }

  // ---------------------------------------------------------------- declarations

  void header() {
    const auto& h = parsed_.policy.header;
    out_.title = h.title.value;
    if (h.issuer) out_.issuer = h.issuer->value;
    if (h.basis) out_.basis = h.basis->value;
    if (h.year) {
      const auto year = parse_decimal(h.year->text);
      if (!year || !is_integer(*year) || h.year->percent || *year < 1900 || *year > 9999)
        diag_.error(range(*h.year), {"a year must be a whole number such as 2026", "năm phải là một số nguyên, ví dụ 2026"});
      else
        out_.year = static_cast<int>(boost::multiprecision::numerator(*year));
    }
  }

  bool claim_type_name(const ast::Identifier& name, const Message& what) {
    if (is_builtin_type(name.name)) {
      diag_.error(range(name), {quote_name(name.name) + " is a built-in type and cannot name " + std::string(what.en),
                                quote_name(name.name) + " là kiểu có sẵn, không dùng làm tên " + what.vi});
      return false;
    }
    if (const auto it = type_names_.find(name.name); it != type_names_.end()) {
      diag_.error(range(name), {"duplicate name " + quote_name(name.name), "tên " + quote_name(name.name) + " bị trùng"});
      diag_.note(it->second, first_declared_here);
      return false;
    }
    type_names_.emplace(name.name, range(name));
    return true;
  }

  std::vector<EnumItemDef> enum_items(const std::vector<ast::EnumItem>& items) {
    std::vector<EnumItemDef> out;
    std::map<std::string, SourceRange> seen;
    for (const auto& item : items) {
      const std::string label = item.label ? item.label->value : item.code.name;
      // Data may give an item by its code or its label, so both must name one item. An item
      // without a label is known by its code alone (it is not a duplicate of itself).
      std::vector<std::string> keys{item.code.name};
      if (label != item.code.name) keys.push_back(label);
      for (const auto& key : keys) {
        if (const auto [it, fresh] = seen.emplace(key, range(item)); !fresh && key == item.code.name) {
          diag_.error(range(item.code), {"duplicate item " + quote_name(key), "mục " + quote_name(key) + " bị trùng"});
          diag_.note(it->second, first_declared_here);
        }
      }
      out.push_back({item.code.name, label});
    }
    return out;
  }

  void declare() {
    for (const auto& declaration : parsed_.policy.declarations) {
      boost::apply_visitor([&](const auto& node) { declare(node); }, declaration);
    }
  }

  void declare(const ast::Enumeration& node) {
    if (!claim_type_name(node.name, node.ordered ? Message{"a scale", "một thang"} : Message{"an enum", "một enum"})) return;
    EnumerationDef def;
    def.name = node.name.name;
    def.label = node.label ? node.label->value : node.name.name;
    def.ordered = node.ordered;
    def.items = enum_items(node.items);
    def.range = range(node);
    if (def.items.empty())
      diag_.error(range(node.name), {quote_name(def.name) + " has no items", quote_name(def.name) + " không có mục nào"});
    enumeration_index_[def.name] = static_cast<int>(out_.enumerations.size());
    out_.enumerations.push_back(std::move(def));
  }

  void declare(const ast::Entity& node) {
    if (!claim_type_name(node.name, {"an entity", "một thực thể"})) return;
    for (const auto& other : entity_ast_) {
      if (other->source.name == node.source.name) {
        diag_.error(range(node.source), {"entities " + quote_name(other->name.name) + " and " +
                                             quote_name(node.name.name) + " both read " + quote_name(node.source.name),
                                         "hai thực thể " + quote_name(other->name.name) + " và " +
                                             quote_name(node.name.name) + " cùng đọc " + quote_name(node.source.name)});
      }
    }
    EntityDef def;
    def.name = node.name.name;
    def.label = node.label ? node.label->value : node.name.name;
    def.source = node.source.name;
    def.single = node.single;
    def.range = range(node);
    entity_index_[def.name] = static_cast<int>(out_.entities.size());
    out_.entities.push_back(std::move(def));
    entity_ast_.push_back(&node);
  }

  void declare(const ast::Standard& node) {
    standards_.push_back({&node, -1, {}, {}, false});
  }

  void declare(const ast::Award& node) {
    if (const auto it = award_index_.find(node.name.name); it != award_index_.end()) {
      diag_.error(range(node.name), {"duplicate award " + quote_name(node.name.name),
                                     "danh hiệu/hình thức khen " + quote_name(node.name.name) + " bị trùng"});
      diag_.note(out_.awards[static_cast<std::size_t>(it->second)].range, first_declared_here);
      return;
    }
    AwardDef def;
    def.id = node.name.name;
    def.label = node.label ? node.label->value : node.name.name;
    def.range = range(node.name);
    award_index_[def.id] = static_cast<int>(out_.awards.size());
    out_.awards.push_back(std::move(def));
    award_ast_.push_back(&node);
  }

  void declare(const ast::Precedence& node) { precedence_ast_.push_back(&node); }

  void declare(const ast::Sheet& node) {
    for (const auto& other : sheets_) {
      if (other.node->name.name == node.name.name) {
        diag_.error(range(node.name), {"duplicate sheet " + quote_name(node.name.name),
                                       "bảng chấm điểm " + quote_name(node.name.name) + " bị trùng"});
        diag_.note(range(other.node->name), first_declared_here);
        return;
      }
    }
    SheetDef def;
    def.name = node.name.name;
    def.label = node.label ? node.label->value : node.name.name;
    def.range = range(node);
    out_.sheets.push_back(std::move(def));
    sheets_.push_back({&node, SheetState::pending, {}});
  }

  // The index of a named award, or -1 after reporting it unknown.
  int find_award(const ast::Identifier& name) {
    if (const auto it = award_index_.find(name.name); it != award_index_.end()) return it->second;
    std::vector<std::string> awards;
    for (const auto& a : out_.awards) awards.push_back(a.id);
    diag_.error(range(name), Message{"unknown award " + quote_name(name.name),
                                     "không có danh hiệu/hình thức khen " + quote_name(name.name)} +
                                 suggestion(name.name, awards));
    return -1;
  }

  // The index of a named entity, or -1 after reporting it unknown.
  int find_entity(const ast::Identifier& name) {
    if (const auto it = entity_index_.find(name.name); it != entity_index_.end()) return it->second;
    std::vector<std::string> names;
    for (const auto& e : out_.entities) names.push_back(e.name);
    diag_.error(range(name), Message{"unknown entity " + quote_name(name.name), "không có thực thể " + quote_name(name.name)} +
                                 suggestion(name.name, names));
    return -1;
  }

  // ---------------------------------------------------------------- fields

  std::vector<std::string> type_names() const {
    std::vector<std::string> names = {"bool", "int", "decimal", "text"};
    for (const auto& [name, r] : type_names_) names.push_back(name);
    return names;
  }

  std::optional<Type> resolve_type(const ast::TypeExpression& type, const std::string& owner,
                                   int depth = 0) {
    struct Visitor {
      Checker& self;
      const std::string& owner;
      int depth;
      std::optional<Type> operator()(const ast::Identifier& name) const {
        if (name.name == "bool") return Type{Type::boolean};
        if (name.name == "int") return Type{Type::integer};
        if (name.name == "decimal") return Type{Type::decimal};
        if (name.name == "text") return Type{Type::text};
        if (const auto it = self.enumeration_index_.find(name.name); it != self.enumeration_index_.end())
          return Type{Type::enumeration, it->second};
        if (const auto it = self.entity_index_.find(name.name); it != self.entity_index_.end()) {
          if (self.out_.entities[static_cast<std::size_t>(it->second)].single) {
            self.diag_.error(self.range(name),
                             {quote_name(name.name) + " is a single entity; a field cannot refer to it",
                              quote_name(name.name) + " là thực thể đơn lẻ; một trường không tham chiếu tới nó được"});
            return std::nullopt;
          }
          return Type{Type::entity, it->second};
        }
        self.diag_.error(self.range(name),
                         Message{"unknown type " + quote_name(name.name), "không có kiểu " + quote_name(name.name)} +
                             suggestion(name.name, self.type_names()));
        return std::nullopt;
      }
      std::optional<Type> operator()(const ast::InlineEnum& node) const {
        EnumerationDef def;
        def.name = owner;
        def.label = owner;
        def.items = self.enum_items(node.items);
        def.range = self.range(node);
        self.out_.enumerations.push_back(std::move(def));
        return Type{Type::enumeration, static_cast<int>(self.out_.enumerations.size() - 1)};
      }
      std::optional<Type> operator()(const x3::forward_ast<ast::SetType>& node) const {
        if (depth > 0) {
          self.diag_.error(self.range(node.get()), {"a set of sets is not supported", "không hỗ trợ tập hợp của các tập hợp"});
          return std::nullopt;
        }
        const auto element = self.resolve_type(node.get().element, owner, depth + 1);
        if (!element) return std::nullopt;
        if (element->kind == Type::text) return Type{Type::text_set};
        if (element->kind == Type::enumeration) return Type{Type::enum_set, element->ref};
        self.diag_.error(self.range(node.get()), Message{"a set may hold text or enum values, not ",
                                                         "tập hợp chỉ chứa văn bản hoặc giá trị enum, không chứa "} +
                                                     describe(*element, self.out_));
        return std::nullopt;
      }
    };
    return boost::apply_visitor(Visitor{*this, owner, depth}, type);
  }

  void resolve_fields() {
    derived_.resize(out_.entities.size());
    for (std::size_t e = 0; e < entity_ast_.size(); ++e) {
      auto& entity = out_.entities[e];
      std::map<std::string, SourceRange> seen;
      for (const auto& member : entity_ast_[e]->members) {
        const ast::Identifier& name =
            member.get().type() == typeid(ast::Field) ? boost::get<ast::Field>(member).name
                                                      : boost::get<ast::Derived>(member).name;
        if (name.name == "id") {
          diag_.error(range(name), {"'id' is implicit: every record has one", "không cần khai báo 'id': bản ghi nào cũng có"});
          continue;
        }
        if (const auto [it, fresh] = seen.emplace(name.name, range(name)); !fresh) {
          diag_.error(range(name), {"duplicate member " + quote_name(name.name) + " of " + entity.name,
                                    "trường " + quote_name(name.name) + " của " + entity.name + " bị trùng"});
          diag_.note(it->second, first_declared_here);
          continue;
        }
        if (const auto* field = boost::get<ast::Field>(&member)) {
          const auto type = resolve_type(field->type, entity.name + "." + name.name);
          if (!type) continue;
          entity.fields.push_back({name.name, field->label ? field->label->value : name.name, *type,
                                   field->optional, range(*field)});
        } else {
          const auto& derived = boost::get<ast::Derived>(member);
          entity.derived.push_back({name.name, derived.label ? derived.label->value : name.name,
                                    Expr{}, range(derived)});
          derived_[e].push_back({&derived, DerivedState::pending, {}});
        }
      }
    }
  }

  // ---------------------------------------------------------------- derived facts

  void compile_all_derived() {
    for (std::size_t e = 0; e < derived_.size(); ++e)
      for (std::size_t i = 0; i < derived_[e].size(); ++i) compile_derived(static_cast<int>(e), static_cast<int>(i));
  }

  // Compiles a derived fact before its first use; false when it cannot be used.
  bool compile_derived(int e, int i) {
    auto& info = derived_[static_cast<std::size_t>(e)][static_cast<std::size_t>(i)];
    auto& def = out_.entities[static_cast<std::size_t>(e)].derived[static_cast<std::size_t>(i)];
    const std::string name = out_.entities[static_cast<std::size_t>(e)].name + "." + def.name;
    switch (info.state) {
      case DerivedState::done: return true;
      case DerivedState::failed: return false;
      case DerivedState::compiling: {
        std::string path;
        const auto start = std::find(derived_stack_.begin(), derived_stack_.end(), name);
        for (auto it = start; it != derived_stack_.end(); ++it) path += *it + " → ";
        diag_.error(range(info.node->name),
                    {"derived facts form a cycle: " + path + name, "các trường suy ra tạo thành vòng lặp: " + path + name});
        info.state = DerivedState::failed;
        return false;
      }
      case DerivedState::pending: break;
    }
    info.state = DerivedState::compiling;
    derived_stack_.push_back(name);
    FactSet facts;
    auto* saved = std::exchange(facts_, &facts);
    auto value = compile(info.node->value, Scope{e}, Type{});
    facts_ = saved;
    derived_stack_.pop_back();
    if (info.state == DerivedState::failed || !value) {
      info.state = DerivedState::failed;
      return false;
    }
    def.value = std::move(*value);
    info.facts = std::move(facts);
    info.state = DerivedState::done;
    return true;
  }

  // ---------------------------------------------------------------- expressions

  using Compiled = std::optional<Expr>;

  static Expr make(Op op, Type type, SourceRange r, std::vector<Expr> args = {}) {
    Expr e;
    e.op = op;
    e.type = type;
    e.range = r;
    e.args = std::move(args);
    return e;
  }

  Compiled compile(const ast::Expression& expression, const Scope& scope, Type hint) {
    return boost::apply_visitor(
        [&](const auto& node) -> Compiled { return compile_node(unwrap(node), scope, hint); },
        expression);
  }

  // The range of any expression node.
  SourceRange range_of(const ast::Expression& expression) const {
    return boost::apply_visitor(
        [&](const auto& node) -> SourceRange { return range(unwrap(node)); }, expression);
  }

  Compiled compile_node(const ast::NumberLiteral& node, const Scope&, Type) {
    auto value = parse_decimal(node.text);
    if (!value) {
      diag_.error(range(node), {"number out of bounds", "số vượt quá giới hạn"});
      return std::nullopt;
    }
    auto e = make(Op::constant_number, Type{Type::integer}, range(node));
    if (node.percent) *value /= 100;
    if (node.percent || node.text.find('.') != std::string::npos) e.type = Type{Type::decimal};
    e.number = std::move(*value);
    return e;
  }

  Compiled compile_node(const ast::StringLiteral& node, const Scope&, Type hint) {
    // A string compared with an enum value names one of its items by label or code.
    if (hint.kind == Type::enumeration || hint.kind == Type::enum_set) {
      const auto& enumeration = out_.enumerations[static_cast<std::size_t>(hint.ref)];
      const int item = enumeration.find(node.value);
      if (item < 0) {
        diag_.error(range(node), {quote_name(node.value) + " is not an item of " + enumeration.name,
                                  quote_name(node.value) + " không phải là một mục của " + enumeration.name});
        return std::nullopt;
      }
      auto e = make(Op::constant_enum, Type{Type::enumeration, hint.ref}, range(node));
      e.a = item;
      return e;
    }
    auto e = make(Op::constant_text, Type{Type::text}, range(node));
    const auto it = std::find(out_.text_constants.begin(), out_.text_constants.end(), node.value);
    e.a = static_cast<int>(it - out_.text_constants.begin());
    if (it == out_.text_constants.end()) out_.text_constants.push_back(node.value);
    return e;
  }

  Compiled compile_node(const ast::BoolLiteral& node, const Scope&, Type) {
    auto e = make(Op::constant_bool, Type{Type::boolean}, range(node));
    e.a = node.value ? 1 : 0;
    return e;
  }

  Compiled compile_node(const ast::This& node, const Scope& scope, Type) {
    const Scope& owner = scope.outer ? *scope.outer : scope;
    if (owner.entity < 0) {
      diag_.error(range(node), {"'this' means the record a rule is about; here there is none",
                                "'this' là bản ghi mà quy tắc đang xét; ở đây không có bản ghi nào"});
      return std::nullopt;
    }
    return make(Op::this_record, Type{Type::entity, owner.entity}, range(node));
  }

  // Names that an identifier could have meant, for "did you mean".
  std::vector<std::string> names_in(const Scope& scope, Type hint) const {
    std::vector<std::string> names;
    if (scope.entity >= 0) {
      const auto& entity = out_.entities[static_cast<std::size_t>(scope.entity)];
      for (const auto& f : entity.fields) names.push_back(f.name);
      for (const auto& d : entity.derived) names.push_back(d.name);
    }
    for (const auto& entity : out_.entities) names.push_back(entity.name);
    for (const auto& enumeration : out_.enumerations) names.push_back(enumeration.name);
    names.push_back("review_year");
    if (hint.kind == Type::enumeration || hint.kind == Type::enum_set)
      for (const auto& item : out_.enumerations[static_cast<std::size_t>(hint.ref)].items)
        names.push_back(item.code);
    return names;
  }

  // Whether a bare name resolves without knowing what it is compared with.
  bool resolves_alone(const ast::Expression& expression, const Scope& scope) const {
    if (boost::get<ast::StringLiteral>(&expression)) return false;  // may name an enum item
    const auto* path = boost::get<x3::forward_ast<ast::Path>>(&expression);
    if (!path) return true;
    const auto& first = path->get().parts.front().name;
    if (scope.entity >= 0 && is_member(scope.entity, first)) return true;
    return entity_index_.count(first) || enumeration_index_.count(first);
  }

  bool is_member(int entity_index, std::string_view name) const {
    const auto& entity = out_.entities[static_cast<std::size_t>(entity_index)];
    return entity.field_index(name) >= 0 ||
           std::any_of(entity.derived.begin(), entity.derived.end(), [&](const DerivedDef& d) { return d.name == name; }) ||
           sheet_of(entity_index, name) >= 0;
  }

  // A member (field or derived fact) of the record in the frame of `entity`.
  Compiled member(int entity_index, const ast::Identifier& name, bool report = true,
                  Type hint = Type{}, const Scope* scope = nullptr) {
    const auto& entity = out_.entities[static_cast<std::size_t>(entity_index)];
    if (const int f = entity.field_index(name.name); f >= 0) {
      auto e = make(Op::field, entity.fields[static_cast<std::size_t>(f)].type, range(name));
      e.a = f;
      return e;
    }
    for (std::size_t i = 0; i < entity.derived.size(); ++i) {
      if (entity.derived[i].name != name.name) continue;
      if (!compile_derived(entity_index, static_cast<int>(i))) return std::nullopt;
      const auto& info = derived_[static_cast<std::size_t>(entity_index)][i];
      if (facts_) facts_->insert(info.facts.begin(), info.facts.end());
      auto e = make(Op::derived, entity.derived[i].value.type, range(name));
      e.a = static_cast<int>(i);
      return e;
    }
    if (const int s = sheet_of(entity_index, name.name); s >= 0) {
      if (!compile_sheet(s)) return std::nullopt;
      const auto& info = sheets_[static_cast<std::size_t>(s)];
      if (facts_) facts_->insert(info.facts.begin(), info.facts.end());
      auto e = make(Op::sheet_points, Type{Type::decimal}, range(name));
      e.a = s;
      return e;
    }
    if (report) {
      diag_.error(range(name), Message{"unknown name " + quote_name(name.name) + " in " + entity.name,
                                       "không có tên " + quote_name(name.name) + " trong " + entity.name} +
                                   suggestion(name.name, scope ? names_in(*scope, hint)
                                                               : names_in(Scope{entity_index}, hint)));
    }
    return std::nullopt;
  }

  Compiled compile_node(const ast::Path& node, const Scope& scope, Type hint) {
    const auto& parts = node.parts;
    const auto& first = parts.front();
    Compiled current;
    std::size_t next = 1;
    if (scope.entity >= 0 && is_member(scope.entity, first.name)) {
      current = member(scope.entity, first, false);
      if (!current) return std::nullopt;  // a derived fact that failed: already reported
    }
    if (!current) {
      if (const auto it = entity_index_.find(first.name); it != entity_index_.end()) {
        const auto& entity = out_.entities[static_cast<std::size_t>(it->second)];
        if (entity.single) {
          current = make(Op::single_record, Type{Type::entity, it->second}, range(first));
          current->a = it->second;
        } else {
          current = make(Op::all_records, Type{Type::entity_set, it->second}, range(first));
          current->a = it->second;
        }
      } else if (const auto en = enumeration_index_.find(first.name); en != enumeration_index_.end()) {
        if (parts.size() != 2) {
          const std::string example =
              first.name + "." + out_.enumerations[static_cast<std::size_t>(en->second)].items.front().code;
          diag_.error(range(node), {"name an item of " + first.name + ", as in " + example,
                                    "hãy ghi một mục của " + first.name + ", ví dụ " + example});
          return std::nullopt;
        }
        const auto& enumeration = out_.enumerations[static_cast<std::size_t>(en->second)];
        const int item = enumeration.find(parts[1].name);
        if (item < 0) {
          std::vector<std::string> codes;
          for (const auto& i : enumeration.items) codes.push_back(i.code);
          diag_.error(range(parts[1]), Message{quote_name(parts[1].name) + " is not an item of " + first.name,
                                               quote_name(parts[1].name) + " không phải là một mục của " + first.name} +
                                           suggestion(parts[1].name, codes));
          return std::nullopt;
        }
        auto e = make(Op::constant_enum, Type{Type::enumeration, en->second}, range(node));
        e.a = item;
        return e;
      } else if ((hint.kind == Type::enumeration || hint.kind == Type::enum_set) && parts.size() == 1 &&
                 out_.enumerations[static_cast<std::size_t>(hint.ref)].find(first.name) >= 0) {
        auto e = make(Op::constant_enum, Type{Type::enumeration, hint.ref}, range(node));
        e.a = out_.enumerations[static_cast<std::size_t>(hint.ref)].find(first.name);
        return e;
      } else if (first.name == "review_year" && parts.size() == 1) {
        // The year under review: the run's, else the header's `year` (docs/language.md, History).
        return make(Op::review_year, Type{Type::integer}, range(node));
      } else if (award_index_.count(first.name)) {
        diag_.error(range(first), {quote_name(first.name) + " is an award; use eligible(" + first.name +
                                       ") or awarded(" + first.name + ")",
                                   quote_name(first.name) + " là một danh hiệu/hình thức khen; hãy dùng eligible(" +
                                       first.name + ") hoặc awarded(" + first.name + ")"});
        return std::nullopt;
      } else {
        const std::string entity_name =
            scope.entity >= 0 ? out_.entities[static_cast<std::size_t>(scope.entity)].name : std::string();
        const Message where = entity_name.empty() ? Message{} : Message{" in " + entity_name, " trong " + entity_name};
        diag_.error(range(first), Message{"unknown name " + quote_name(first.name), "không có tên " + quote_name(first.name)} +
                                      where + suggestion(first.name, names_in(scope, hint)));
        return std::nullopt;
      }
    }
    // `unit.score`: each further part is read on the record the previous part yields.
    for (; next < parts.size(); ++next) {
      if (Expr* sheet = sheet_total(*current)) {
        const auto& def = out_.sheets[static_cast<std::size_t>(sheet->a)];
        const int part = def.part_index(parts[next].name);
        if (part < 0) {
          std::vector<std::string> names;
          for (const auto& p : def.parts) names.push_back(p.name);
          diag_.error(range(parts[next]), Message{"sheet " + quote_name(def.name) + " has no section, item or bonus " +
                                                      quote_name(parts[next].name),
                                                  "bảng chấm điểm " + quote_name(def.name) + " không có phần, mục hay điểm thưởng " +
                                                      quote_name(parts[next].name)} +
                                              suggestion(parts[next].name, names));
          return std::nullopt;
        }
        sheet->b = part;
        sheet->range.end = range(parts[next]).end;
        current->range.end = range(parts[next]).end;
        continue;
      }
      if (current->type.kind != Type::entity) {
        diag_.error(range(parts[next]), Message{quote_name(parts[next - 1].name) + " is ",
                                                quote_name(parts[next - 1].name) + " là "} +
                                            describe(current->type, out_) +
                                            Message{", which has no members", ", không có trường nào"});
        return std::nullopt;
      }
      const int target = current->type.ref;
      auto inner = member(target, parts[next], true, hint);
      if (!inner) return std::nullopt;
      auto e = make(Op::at_record, inner->type, SourceRange{range(node).begin, range(parts[next]).end});
      e.args.push_back(std::move(*current));
      e.args.push_back(std::move(*inner));
      current = std::move(e);
    }
    return current;
  }

  Compiled compile_node(const ast::Not& node, const Scope& scope, Type) {
    auto operand = expect_condition(node.operand, scope);
    if (!operand) return std::nullopt;
    return make(Op::not_, Type{Type::boolean}, range(node), {std::move(*operand)});
  }

  Compiled compile_node(const ast::Negate& node, const Scope& scope, Type) {
    auto operand = expect_number(node.operand, scope);
    if (!operand) return std::nullopt;
    const Type type = operand->type;
    return make(Op::negate, type, range(node), {std::move(*operand)});
  }

  Compiled expect_condition(const ast::Expression& expression, const Scope& scope) {
    auto e = compile(expression, scope, Type{Type::boolean});
    if (e && e->type.kind != Type::boolean) {
      diag_.error(range_of(expression), Message{"expected a condition (true or false), but this is ",
                                                "cần một điều kiện (đúng hoặc sai), nhưng đây là "} +
                                            describe(e->type, out_));
      return std::nullopt;
    }
    return e;
  }

  Compiled expect_number(const ast::Expression& expression, const Scope& scope) {
    auto e = compile(expression, scope, Type{Type::decimal});
    if (e && !e->type.is_number()) {
      diag_.error(range_of(expression), expected_a_number + describe(e->type, out_));
      return std::nullopt;
    }
    return e;
  }

  Compiled expect_records(const ast::Expression& expression, const Scope& scope, std::string_view what) {
    auto e = compile(expression, scope, Type{});
    if (e && e->type.kind != Type::entity_set) {
      diag_.error(range_of(expression), Message{std::string(what) + " needs a set of records, but this is ",
                                                std::string(what) + " cần một tập bản ghi, nhưng đây là "} +
                                            describe(e->type, out_));
      return std::nullopt;
    }
    return e;
  }

  Compiled compile_node(const ast::Chain& node, const Scope& scope, Type hint) {
    if (node.rest.empty()) return compile(node.first, scope, hint);
    const auto op = node.rest.front().op;
    if (op == ast::Operator::or_ || op == ast::Operator::and_) {
      std::vector<Expr> args;
      bool ok = true;
      if (auto first = expect_condition(node.first, scope)) args.push_back(std::move(*first)); else ok = false;
      for (const auto& operation : node.rest) {
        if (auto next = expect_condition(operation.operand, scope)) args.push_back(std::move(*next)); else ok = false;
      }
      if (!ok) return std::nullopt;
      return make(op == ast::Operator::or_ ? Op::or_ : Op::and_, Type{Type::boolean}, range(node), std::move(args));
    }
    if (op == ast::Operator::add || op == ast::Operator::sub || op == ast::Operator::mul ||
        op == ast::Operator::div) {
      auto result = expect_number(node.first, scope);
      for (const auto& operation : node.rest) {
        auto right = expect_number(operation.operand, scope);
        if (!result || !right) {
          result.reset();
          continue;
        }
        static const std::map<ast::Operator, Op> ops = {{ast::Operator::add, Op::add},
                                                         {ast::Operator::sub, Op::sub},
                                                         {ast::Operator::mul, Op::mul},
                                                         {ast::Operator::div, Op::div}};
        const bool integral = result->type.kind == Type::integer && right->type.kind == Type::integer &&
                              operation.op != ast::Operator::div;
        const SourceRange r{range(node).begin, range_of(operation.operand).end};
        result = make(ops.at(operation.op), Type{integral ? Type::integer : Type::decimal}, r,
                      {std::move(*result), std::move(*right)});
      }
      return result;
    }
    if (node.rest.size() > 1) {
      diag_.error(range(node.rest[1]), {"comparisons do not chain; join them with 'and'",
                                        "không viết các phép so sánh nối tiếp nhau; hãy nối chúng bằng 'and'"});
      return std::nullopt;
    }
    return comparison(node, scope);
  }

  Compiled comparison(const ast::Chain& node, const Scope& scope) {
    const auto& operation = node.rest.front();
    // A bare enum item (`tot`) takes its meaning from the other side.
    Compiled left, right;
    if (!resolves_alone(node.first, scope) && resolves_alone(operation.operand, scope)) {
      right = compile(operation.operand, scope, Type{});
      if (!right) return std::nullopt;
      left = compile(node.first, scope, right->type);
    } else {
      left = compile(node.first, scope, Type{});
      if (!left) return std::nullopt;
      Type hint = left->type;
      if (operation.op == ast::Operator::in) hint = Type{};
      right = compile(operation.operand, scope, hint);
      if (right && operation.op == ast::Operator::in && left->type.kind == Type::text &&
          right->type.kind == Type::enum_set) {
        // `"Tham mưu" in contributions`: read the string as an item of the set's enum.
        left = compile(node.first, scope, right->type);
      } else if (right && operation.op == ast::Operator::in && !resolves_alone(node.first, scope)) {
        left = compile(node.first, scope, right->type);
      }
    }
    if (!left || !right) return std::nullopt;
    const SourceRange op_range = range(operation);
    const SourceRange whole = range(node);

    if (operation.op == ast::Operator::in) {
      const Type& set = right->type;
      const Type& element = left->type;
      const bool fits = (set.kind == Type::text_set && element.kind == Type::text) ||
                        (set.kind == Type::enum_set && element.kind == Type::enumeration && element.ref == set.ref) ||
                        (set.kind == Type::entity_set && element.kind == Type::entity && element.ref == set.ref);
      if (!fits) {
        diag_.error(op_range, Message{"'in' needs a value and a set of such values, but this is ",
                                      "'in' cần một giá trị và một tập các giá trị cùng loại, nhưng đây là "} +
                                  describe(element, out_) + Message{" and ", " và "} + describe(set, out_));
        return std::nullopt;
      }
      return make(Op::in_set, Type{Type::boolean}, whole, {std::move(*left), std::move(*right)});
    }

    static const std::map<ast::Operator, Op> ops = {{ast::Operator::eq, Op::eq}, {ast::Operator::ne, Op::ne},
                                                     {ast::Operator::lt, Op::lt}, {ast::Operator::le, Op::le},
                                                     {ast::Operator::gt, Op::gt}, {ast::Operator::ge, Op::ge}};
    const Op op = ops.at(operation.op);
    const bool equality = op == Op::eq || op == Op::ne;
    const Type& a = left->type;
    const Type& b = right->type;
    bool fits = false;
    if (a.is_number() && b.is_number()) {
      fits = true;
    } else if (a.kind == Type::enumeration && b == a) {
      fits = equality || out_.enumerations[static_cast<std::size_t>(a.ref)].ordered;
      if (!fits) {
        const auto& name = out_.enumerations[static_cast<std::size_t>(a.ref)].name;
        diag_.error(op_range, {name + " is an enum without order; compare it with == or !=",
                               name + " là enum không có thứ tự; chỉ so sánh bằng == hoặc !="});
        return std::nullopt;
      }
    } else if ((a.kind == Type::text || a.kind == Type::boolean || a.kind == Type::entity) && b == a) {
      fits = equality;
      if (!fits) {
        diag_.error(op_range, describe(a, out_) + Message{" can only be compared with == or !=",
                                                          " chỉ so sánh được bằng == hoặc !="});
        return std::nullopt;
      }
    }
    if (!fits) {
      diag_.error(op_range, Message{"cannot compare ", "không so sánh được "} + describe(a, out_) +
                                Message{" with ", " với "} + describe(b, out_));
      return std::nullopt;
    }
    return make(op, Type{Type::boolean}, whole, {std::move(*left), std::move(*right)});
  }

  Compiled compile_node(const ast::Quantified& node, const Scope& scope, Type) {
    auto set = compile(node.operand, scope, Type{});
    if (!set) return std::nullopt;
    if (!set->type.is_set()) {
      const std::string quantifier = node.quantifier == ast::Quantifier::some ? "'some'" : "'no'";
      diag_.error(range_of(node.operand), Message{quantifier + " needs a set, but this is ",
                                                  quantifier + " cần một tập hợp, nhưng đây là "} +
                                              describe(set->type, out_));
      return std::nullopt;
    }
    return make(node.quantifier == ast::Quantifier::some ? Op::some : Op::no, Type{Type::boolean}, range(node),
                {std::move(*set)});
  }

  Compiled compile_node(const ast::Filter& node, const Scope& scope, Type) {
    auto source = expect_records(node.source, scope, "'where'");
    if (!source) return std::nullopt;
    const Scope inner{source->type.ref, &scope};
    auto condition = expect_condition(node.condition, inner);
    if (!condition) return std::nullopt;
    // `Person where unit == this` is a lookup by relation: evaluated through an index.
    if (source->op == Op::all_records && condition->op == Op::eq) {
      const auto& l = condition->args[0];
      const auto& r = condition->args[1];
      const Expr* field = l.op == Op::field ? &l : r.op == Op::field ? &r : nullptr;
      const Expr* self = l.op == Op::this_record ? &l : r.op == Op::this_record ? &r : nullptr;
      if (field && self && scope.entity >= 0 && field->type == Type{Type::entity, scope.entity}) {
        auto e = make(Op::members_of, source->type, range(node));
        e.a = source->a;
        e.b = field->a;
        return e;
      }
    }
    const Type type = source->type;
    return make(Op::filter, type, range(node), {std::move(*source), std::move(*condition)});
  }

  // ---------------------------------------------------------------- decision tables

  // The enumeration of a bare item (`hoan_thanh`) when nothing else says which one; an error
  // when several have it. (A string stays text unless what the table is compared with is an
  // enumeration.)
  std::optional<Type> bare_item_type(const ast::Expression& value) {
    const auto* path = boost::get<x3::forward_ast<ast::Path>>(&value);
    if (!path || path->get().parts.size() != 1) return Type{};
    const std::string& name = path->get().parts[0].name;
    std::vector<int> found;
    for (std::size_t i = 0; i < out_.enumerations.size(); ++i)
      if (out_.enumerations[i].find(name) >= 0) found.push_back(static_cast<int>(i));
    if (found.size() == 1) return Type{Type::enumeration, found[0]};
    if (found.size() > 1) {
      const auto& a = out_.enumerations[static_cast<std::size_t>(found[0])].name;
      const auto& b = out_.enumerations[static_cast<std::size_t>(found[1])].name;
      diag_.error(range_of(value), {quote_name(name) + " is an item of both " + a + " and " + b + "; write " + a + "." +
                                        name + " or " + b + "." + name,
                                    quote_name(name) + " là mục của cả " + a + " và " + b + "; hãy ghi " + a + "." +
                                        name + " hoặc " + b + "." + name});
      return std::nullopt;
    }
    return Type{};
  }

  // `first { when c then v ... otherwise v }`: every value of one type; the rows must cover
  // every case, which the checker proves when they compare one number with constants.
  Compiled compile_node(const ast::DecisionTable& node, const Scope& scope, Type hint) {
    struct Row {
      const ast::Expression* condition;  // null for `otherwise`
      const ast::Expression* value;
      const boost::optional<ast::StringLiteral>* label;
      SourceRange range;
    };
    std::vector<Row> rows;
    for (const auto& row : node.rows) rows.push_back({&row.condition, &row.value, &row.label, range(row)});
    if (node.otherwise)
      rows.push_back({nullptr, &node.otherwise->value, &node.otherwise->label, range(*node.otherwise)});
    const SourceRange keyword{range(node).begin, range(node).begin + 5};  // `first`
    if (node.rows.empty()) {
      diag_.error(keyword, {"a decision table needs at least one 'when' row",
                            "bảng quyết định cần ít nhất một dòng 'when'"});
      return std::nullopt;
    }

    // The values' type: from around the table, else its first value that names its own type,
    // else the enumeration of its first bare item.
    std::vector<Compiled> values(rows.size());
    std::vector<bool> done(rows.size(), false);
    if (hint.kind != Type::enumeration && hint.kind != Type::enum_set) {
      hint = Type{};
      for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!resolves_alone(*rows[i].value, scope)) continue;
        values[i] = compile(*rows[i].value, scope, Type{});
        done[i] = true;
        if (values[i]) hint = values[i]->type;
        break;
      }
      if (hint.kind == Type::none) {
        const auto bare = bare_item_type(*rows[0].value);
        if (!bare) return std::nullopt;
        hint = *bare;
      }
    }
    bool ok = true;
    std::optional<Type> type;
    std::size_t first_typed = 0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!done[i]) values[i] = compile(*rows[i].value, scope, hint);
      if (!values[i]) {
        ok = false;
        continue;
      }
      const Type t = values[i]->type;
      if (!type) {
        type = t;
        first_typed = i;
      } else if (type->is_number() && t.is_number()) {
        if (t.kind == Type::decimal) type = t;
      } else if (!(t == *type)) {
        diag_.error(range_of(*rows[i].value),
                    Message{"every row of a decision table gives the same kind of value: this row gives ",
                            "mọi dòng của bảng quyết định phải cho cùng một loại giá trị: dòng này cho "} +
                        describe(t, out_) + Message{", row " + std::to_string(first_typed + 1) + " gives ",
                                                    ", dòng " + std::to_string(first_typed + 1) + " cho "} +
                        describe(*type, out_));
        ok = false;
      }
    }
    std::vector<Compiled> conditions(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (!rows[i].condition) continue;
      conditions[i] = expect_condition(*rows[i].condition, scope);
      if (!conditions[i]) ok = false;
    }
    if (!ok) return std::nullopt;

    check_coverage(node, conditions, keyword);

    DecisionTableDef def;
    auto e = make(Op::first_match, *type, range(node));
    for (std::size_t i = 0; i < rows.size(); ++i) {
      DecisionTableDef::Row row;
      row.range = rows[i].range;
      row.source_text = text(rows[i].range);
      if (*rows[i].label) row.label = (*rows[i].label)->value;
      else if (rows[i].condition) row.label = text(range_of(*rows[i].condition));
      else row.label = "otherwise";
      def.rows.push_back(std::move(row));
      if (conditions[i]) {
        e.args.push_back(std::move(*conditions[i]));
      } else {
        auto always = make(Op::constant_bool, Type{Type::boolean}, rows[i].range);
        always.a = 1;
        e.args.push_back(std::move(always));
      }
      e.args.push_back(std::move(*values[i]));
    }
    e.a = static_cast<int>(out_.tables.size());
    out_.tables.push_back(std::move(def));
    return e;
  }

  // Rows that compare one number with constants must leave no value of it uncovered (unless
  // there is an `otherwise`); a row whose every value earlier rows take is a warning.
  void check_coverage(const ast::DecisionTable& node, const std::vector<Compiled>& conditions, SourceRange keyword) {
    std::vector<const Expr*> when;
    for (std::size_t i = 0; i < node.rows.size(); ++i) when.push_back(&*conditions[i]);
    const TableBands bands = table_bands(when);
    if (!bands.subject) {
      if (!node.otherwise)
        diag_.error(keyword, {"add an 'otherwise' row: these rows do not compare one number with constants, so "
                              "the checker cannot tell that they cover every case",
                              "hãy thêm dòng 'otherwise': các dòng này không so sánh một số với các hằng số, nên "
                              "không kiểm tra được là chúng bao quát mọi trường hợp"});
      return;
    }
    std::vector<Interval> intervals;
    std::vector<std::size_t> row_of;
    for (std::size_t i = 0; i < bands.rows.size(); ++i) {
      if (!bands.rows[i]) continue;
      intervals.push_back(*bands.rows[i]);
      row_of.push_back(i);
    }
    const bool integers = bands.subject->type.kind == Type::integer;
    const auto analysis = analyse_rows(intervals, Interval::everything(), integers);
    const std::string subject = text(bands.subject->range);
    for (const auto u : analysis.unreachable) {
      const auto& row = node.rows[row_of[u]];
      diag_.warning(range(row), {"this row never applies: the rows above it already take every value of " + subject +
                                     " it covers",
                                 "dòng này không bao giờ được dùng: các dòng phía trên đã nhận mọi giá trị của " +
                                     subject + " mà nó bao quát"});
    }
    if (node.otherwise) {
      if (analysis.gaps.empty())
        diag_.warning(range(*node.otherwise), {"'otherwise' never applies: the rows above cover every value of " + subject,
                                               "'otherwise' không bao giờ được dùng: các dòng phía trên đã bao quát mọi "
                                               "giá trị của " + subject});
      return;
    }
    for (const auto& gap : analysis.gaps) {
      const Message values = describe(gap);
      diag_.error(keyword, {"no row covers " + subject + " " + values.en + "; add a row for it or an 'otherwise' row",
                            "không dòng nào ứng với " + subject + " " + values.vi +
                                "; hãy thêm một dòng cho trường hợp này hoặc dòng 'otherwise'"});
    }
  }

  // ---------------------------------------------------------------- history

  // `consecutive_years(history, title == cstdcs)`, `consecutive_years(history, c, review_year - 1)`,
  // `last_years(history, 5)`: records by year, read against the year under review.
  Compiled history_call(const ast::Call& node, const Scope& scope) {
    const std::string& function = node.function.name;
    const bool streak = function == "consecutive_years";
    const auto& args = node.arguments;
    if (streak ? args.size() != 2 && args.size() != 3 : args.size() != 2) {
      diag_.error(range(node), streak ? Message{"consecutive_years() takes a set of yearly records, a condition and "
                                                "optionally the last year",
                                                "consecutive_years() nhận một tập bản ghi theo năm, một điều kiện và "
                                                "có thể thêm năm cuối"}
                                      : Message{"last_years() takes a set of yearly records and a number of years",
                                                "last_years() nhận một tập bản ghi theo năm và một số năm"});
      return std::nullopt;
    }
    auto records = expect_records(args[0], scope, function + "()");
    if (!records) return std::nullopt;
    const auto& entity = out_.entities[static_cast<std::size_t>(records->type.ref)];
    const int year = entity.field_index("year");
    if (year < 0 || entity.fields[static_cast<std::size_t>(year)].type.kind != Type::integer) {
      diag_.error(range_of(args[0]), {function + "() needs records with an int field 'year', and " + entity.name +
                                          " has none",
                                      function + "() cần các bản ghi có trường số nguyên 'year', mà " + entity.name +
                                          " không có"});
      return std::nullopt;
    }
    std::vector<Expr> parts{std::move(*records)};
    if (streak) {
      auto condition = expect_condition(args[1], Scope{parts[0].type.ref, &scope});
      if (!condition) return std::nullopt;
      parts.push_back(std::move(*condition));
    }
    for (std::size_t i = streak ? 2 : 1; i < args.size(); ++i) {
      auto number = expect_number(args[i], scope);
      if (!number) return std::nullopt;
      if (number->type.kind != Type::integer) {
        diag_.error(range_of(args[i]), {"a year or a number of years is a whole number, but this is a decimal",
                                        "năm hoặc số năm phải là số nguyên, nhưng đây là số thập phân"});
        return std::nullopt;
      }
      parts.push_back(std::move(*number));
    }
    const Type type = streak ? Type{Type::integer} : parts[0].type;
    auto e = make(streak ? Op::consecutive_years : Op::last_years, type, range(node), std::move(parts));
    e.b = year;
    return e;
  }

  Compiled award_reference(const ast::Call& node, const Scope& scope, bool selection) {
    const std::string& function = node.function.name;
    if (node.arguments.size() != 1) {
      diag_.error(range(node), {function + "() takes one award", function + "() nhận đúng một danh hiệu/hình thức khen"});
      return std::nullopt;
    }
    const auto* path = boost::get<x3::forward_ast<ast::Path>>(&node.arguments[0]);
    if (!path || path->get().parts.size() != 1) {
      diag_.error(range_of(node.arguments[0]), {function + "() takes the name of an award",
                                                function + "() nhận tên của một danh hiệu/hình thức khen"});
      return std::nullopt;
    }
    const auto& name = path->get().parts[0];
    const int award_index = find_award(name);
    if (award_index < 0) return std::nullopt;
    if (scope.entity < 0) {
      diag_.error(range(node), {function + "() is about one candidate; use it inside 'for' or 'where'",
                                function + "() nói về một đối tượng; hãy dùng nó bên trong 'for' hoặc 'where'"});
      return std::nullopt;
    }
    if (!award_gives_to(award_index, scope.entity)) {
      const auto& entity_name = out_.entities[static_cast<std::size_t>(scope.entity)].name;
      diag_.error(range(node), {"award " + quote_name(name.name) + " is not given to " + entity_name,
                                quote_name(name.name) + " không xét cho " + entity_name});
      return std::nullopt;
    }
    if (facts_) facts_->insert({award_index, selection});
    auto e = make(selection ? Op::awarded : Op::eligible, Type{Type::boolean}, range(node));
    e.a = award_index;
    return e;
  }

  bool award_gives_to(int award, int entity) const {
    for (const auto& item : award_ast_[static_cast<std::size_t>(award)]->items)
      if (const auto* block = boost::get<ast::ForBlock>(&item))
        if (block->entity.name == out_.entities[static_cast<std::size_t>(entity)].name) return true;
    return false;
  }

  Compiled compile_node(const ast::Call& node, const Scope& scope, Type) {
    const std::string& function = node.function.name;
    const auto& args = node.arguments;
    const SourceRange r = range(node);
    auto arity = [&](std::size_t n) {
      if (args.size() == n) return true;
      diag_.error(r, {function + "() takes " + std::to_string(n) + (n == 1 ? " argument" : " arguments") + ", not " +
                          std::to_string(args.size()),
                      function + "() nhận " + std::to_string(n) + " đối số, không phải " + std::to_string(args.size())});
      return false;
    };
    if (function == "eligible") return award_reference(node, scope, false);
    if (function == "consecutive_years" || function == "last_years") return history_call(node, scope);
    if (function == "awarded") return award_reference(node, scope, true);
    if (function == "floor" || function == "ceil" || function == "round") {
      if (!arity(1)) return std::nullopt;
      auto x = expect_number(args[0], scope);
      if (!x) return std::nullopt;
      const Op op = function == "floor" ? Op::floor : function == "ceil" ? Op::ceil : Op::round;
      return make(op, Type{Type::integer}, r, {std::move(*x)});
    }
    if (function == "count") {
      if (!arity(1)) return std::nullopt;
      auto set = compile(args[0], scope, Type{});
      if (!set) return std::nullopt;
      if (!set->type.is_set()) {
        diag_.error(range_of(args[0]), Message{"count() needs a set, but this is ", "count() cần một tập hợp, nhưng đây là "} +
                                           describe(set->type, out_));
        return std::nullopt;
      }
      return make(Op::count, Type{Type::integer}, r, {std::move(*set)});
    }
    const bool aggregate_only = function == "sum" || function == "avg" || function == "all";
    if (aggregate_only || function == "min" || function == "max") {
      if (args.empty() || (aggregate_only && !arity(2))) {
        if (args.empty()) diag_.error(r, {function + "() needs arguments", function + "() cần có đối số"});
        return std::nullopt;
      }
      auto first = compile(args[0], scope, Type{});
      if (!first) return std::nullopt;
      if (first->type.kind == Type::entity_set || aggregate_only) {
        // An aggregate: the second argument is read on each record of the set.
        if (first->type.kind != Type::entity_set) {
          diag_.error(range_of(args[0]), Message{function + "() needs a set of records, but this is ",
                                                 function + "() cần một tập bản ghi, nhưng đây là "} +
                                             describe(first->type, out_));
          return std::nullopt;
        }
        if (!arity(2)) return std::nullopt;
        const Scope inner{first->type.ref, &scope};
        auto value = function == "all" ? expect_condition(args[1], inner) : expect_number(args[1], inner);
        if (!value) return std::nullopt;
        static const std::map<std::string, Op, std::less<>> ops = {
            {"sum", Op::sum}, {"avg", Op::avg}, {"all", Op::all}, {"min", Op::min}, {"max", Op::max}};
        Type type{Type::boolean};
        if (function == "avg") type = Type{Type::decimal};
        else if (function != "all") type = value->type;
        return make(ops.at(function), type, r, {std::move(*first), std::move(*value)});
      }
      // min(a, b, ...) and max(a, b, ...) of numbers.
      if (args.size() < 2) {
        diag_.error(r, {function + "() takes two or more numbers, or a set of records and a number",
                        function + "() nhận từ hai số trở lên, hoặc một tập bản ghi và một số"});
        return std::nullopt;
      }
      std::vector<Expr> values;
      for (std::size_t i = 0; i < args.size(); ++i) {
        auto value = i == 0 ? std::move(first) : compile(args[i], scope, Type{});
        if (!value) return std::nullopt;
        if (!value->type.is_number()) {
          diag_.error(range_of(args[i]), expected_a_number + describe(value->type, out_));
          return std::nullopt;
        }
        values.push_back(std::move(*value));
      }
      const bool integral = std::all_of(values.begin(), values.end(),
                                        [](const Expr& v) { return v.type.kind == Type::integer; });
      return make(function == "min" ? Op::min_of : Op::max_of, Type{integral ? Type::integer : Type::decimal}, r,
                  std::move(values));
    }
    diag_.error(range(node.function),
                Message{"unknown function " + quote_name(function), "không có hàm " + quote_name(function)} +
                    suggestion(function, {"count", "sum", "min", "max", "avg", "all", "floor", "ceil", "round",
                                          "eligible", "awarded", "consecutive_years", "last_years"}));
    return std::nullopt;
  }

  // ---------------------------------------------------------------- conditions

  // Explanations show the facts a condition reads: fields, derived facts, `unit.x`.
  void collect_inputs(const Expr& e, std::vector<Expr>& inputs) const {
    switch (e.op) {
      case Op::field:
      case Op::derived:
      case Op::at_record:
      case Op::sheet_points:
        if (std::none_of(inputs.begin(), inputs.end(), [&](const Expr& x) { return x.range == e.range; }))
          inputs.push_back(e);
        return;
      case Op::consecutive_years:  // the count itself: `consecutive_years(history, cstdcs) = 2`
      case Op::review_year:
      case Op::filter:  // the records that pass, e.g. `members where disciplined` = [P024]
        if (std::none_of(inputs.begin(), inputs.end(), [&](const Expr& x) { return x.range == e.range; }))
          inputs.push_back(e);
        return;
      case Op::sum: case Op::min: case Op::max: case Op::avg: case Op::all:
        collect_inputs(e.args[0], inputs);  // the element's own facts belong to the element
        return;
      default:
        for (const auto& arg : e.args) collect_inputs(arg, inputs);
    }
  }

  std::string default_label(const Expr& e, int entity) const {
    if (entity >= 0) {
      const auto& fields = out_.entities[static_cast<std::size_t>(entity)].fields;
      if (e.op == Op::field) return fields[static_cast<std::size_t>(e.a)].label;
      if (e.op == Op::derived) return out_.entities[static_cast<std::size_t>(entity)].derived[static_cast<std::size_t>(e.a)].label;
      if (e.op == Op::not_ && e.args[0].op == Op::field)
        return "Không " + lower_first(fields[static_cast<std::size_t>(e.args[0].a)].label);
    }
    if (e.op == Op::eligible) return "Đủ điều kiện xét " + out_.awards[static_cast<std::size_t>(e.a)].label;
    if (e.op == Op::awarded) return "Đã được " + out_.awards[static_cast<std::size_t>(e.a)].label;
    return {};
  }

  std::optional<ConditionDef> condition(const ast::Condition& node, const Scope& scope) {
    auto e = expect_condition(node.expression, scope);
    if (!e) return std::nullopt;
    ConditionDef def;
    def.range = range(node);
    def.source_text = text(range_of(node.expression));
    def.label = node.label ? node.label->value : default_label(*e, scope.entity);
    if (def.label.empty()) def.label = def.source_text;
    collect_inputs(*e, def.inputs);
    def.expr = std::move(*e);
    return def;
  }

  std::vector<std::string> standard_names(int entity) const {
    std::vector<std::string> names;
    for (const auto& s : standards_)
      if (s.entity == entity) names.push_back(s.node->name.name);
    return names;
  }

  void compile_standards() {
    for (std::size_t i = 0; i < standards_.size(); ++i) {
      auto& standard = standards_[i];
      const auto& node = *standard.node;
      standard.entity = find_entity(node.entity);
      if (standard.entity < 0) continue;
      for (std::size_t j = 0; j < i; ++j) {
        if (standards_[j].entity == standard.entity && standards_[j].node->name.name == node.name.name) {
          diag_.error(range(node.name), {"duplicate standard " + quote_name(node.name.name) + " for " + node.entity.name,
                                         "tiêu chuẩn " + quote_name(node.name.name) + " cho " + node.entity.name +
                                             " bị trùng"});
          diag_.note(range(standards_[j].node->name), first_declared_here);
        }
      }
      auto* saved = std::exchange(facts_, &standard.facts);
      for (const auto& c : node.conditions) {
        if (auto def = condition(c, Scope{standard.entity})) {
          def->standard = node.label ? node.label->value : node.name.name;
          standard.conditions.push_back(std::move(*def));
        }
      }
      facts_ = saved;
      standard.compiled = true;
    }
  }

  // ---------------------------------------------------------------- awards

  // `require general`: the name of a standard for this entity brings in its conditions.
  const StandardInfo* standard_named(const ast::Condition& c, int entity) const {
    const auto* path = boost::get<x3::forward_ast<ast::Path>>(&c.expression);
    if (!path || path->get().parts.size() != 1) return nullptr;
    const auto& name = path->get().parts[0].name;
    const auto& fields = out_.entities[static_cast<std::size_t>(entity)];
    if (fields.field_index(name) >= 0) return nullptr;
    for (const auto& s : standards_)
      if (s.entity == entity && s.node->name.name == name) return &s;
    return nullptr;
  }

  void compile_awards() {
    eligibility_needs_.resize(out_.awards.size());
    selection_needs_.resize(out_.awards.size());
    for (std::size_t a = 0; a < award_ast_.size(); ++a) {
      auto& award = out_.awards[a];
      const auto& node = *award_ast_[a];
      std::set<int> entities_seen;
      for (const auto& item : node.items) {
        if (const auto* open = boost::get<ast::OpenWhen>(&item)) {
          if (award.open_when) {
            diag_.error(range(*open), {"an award has at most one 'open when'; join the conditions with 'and'",
                                       "mỗi danh hiệu chỉ có một 'open when'; hãy nối các điều kiện bằng 'and'"});
            continue;
          }
          facts_ = &eligibility_needs_[a];
          award.open_when = condition(open->condition, Scope{});
          facts_ = nullptr;
          continue;
        }
        const auto& block_node = boost::get<ast::ForBlock>(item);
        const int entity = find_entity(block_node.entity);
        if (entity < 0) continue;
        if (out_.entities[static_cast<std::size_t>(entity)].single) {
          diag_.error(range(block_node.entity),
                      {quote_name(block_node.entity.name) + " is a single entity; awards go to records of a list",
                       quote_name(block_node.entity.name) +
                           " là thực thể đơn lẻ; khen thưởng chỉ xét cho các bản ghi của một danh sách"});
          continue;
        }
        if (!entities_seen.insert(entity).second) {
          diag_.error(range(block_node.entity),
                      {"award " + quote_name(award.id) + " already has a block for " + block_node.entity.name,
                       quote_name(award.id) + " đã có một khối 'for' cho " + block_node.entity.name});
          continue;
        }
        award.blocks.push_back(compile_block(static_cast<int>(a), static_cast<int>(award.blocks.size()), entity,
                                             block_node));
      }
      if (award.blocks.empty() && node.items.size() == (award.open_when ? 1u : 0u))
        diag_.error(range(node.name), {"award " + quote_name(award.id) + " has no 'for' block: who may receive it?",
                                       quote_name(award.id) + " không có khối 'for': ai được xét?"});
    }
  }

  // One quota of a block. The first plain `at most` is the block's cap and the first
  // `at most ... per` its group cap (as the result reports them); every other quota, `at least`
  // or with `where`, is a further bound.
  void compile_quota(int a, int entity, const ast::AtMost& node, BlockDef& block, const ast::AtMost*& cap,
                     const ast::AtMost*& group_cap) {
    // `at most 2 where c` arrives as the limit `2 where c`.
    const ast::Expression* limit_node = &node.limit;
    const ast::Expression* where_node = node.where ? &*node.where : nullptr;
    if (const auto* filter = boost::get<x3::forward_ast<ast::Filter>>(&node.limit); filter && !where_node) {
      limit_node = &filter->get().source;
      where_node = &filter->get().condition;
    }
    const bool plain = !node.at_least && !where_node && !node.shared_with;
    if (plain && !node.per && cap) {
      diag_.error(range(node), {"a block has one 'at most' for all its candidates",
                                "mỗi khối chỉ có một 'at most' cho mọi đối tượng"});
      diag_.note(range(*cap), {"the first is here", "cái thứ nhất ở đây"});
      return;
    }
    // `per unit`: the limit is read for each group record, so `count(members)` is the group's.
    int group_field = -1, group_entity = -1;
    const auto& entity_def = out_.entities[static_cast<std::size_t>(entity)];
    if (node.per) {
      group_field = entity_def.field_index(node.per->name);
      if (group_field < 0 || entity_def.fields[static_cast<std::size_t>(group_field)].type.kind != Type::entity) {
        std::vector<std::string> relations;
        for (const auto& f : entity_def.fields)
          if (f.type.kind == Type::entity) relations.push_back(f.name);
        diag_.error(range(*node.per),
                    Message{"'per' needs a field of " + entity_def.name + " that names another record",
                            "'per' cần một trường của " + entity_def.name + " trỏ tới một bản ghi khác"} +
                        suggestion(node.per->name, relations));
        return;
      }
      group_entity = entity_def.fields[static_cast<std::size_t>(group_field)].type.ref;
    }
    // `shared with x, y`: caps only; x and y are decided first, and their recipients count.
    std::vector<std::int32_t> shared_with;
    if (node.shared_with) {
      if (node.at_least) {
        diag_.error(range(node.shared_with->front()), {"'shared with' goes with 'at most': a lower bound is this award's own",
                                                       "'shared with' chỉ dùng với 'at most': 'at least' là của riêng hình thức này"});
        return;
      }
      for (const auto& name : *node.shared_with) {
        const int other = find_award(name);
        if (other < 0) return;
        if (other == a) {
          diag_.error(range(name), {"an award cannot share a quota with itself", "một hình thức không thể dùng chung số lượng với chính nó"});
          return;
        }
        if (!award_gives_to(other, entity)) {
          diag_.error(range(name), {"award " + quote_name(name.name) + " is not given to " + entity_def.name,
                                    quote_name(name.name) + " không xét cho " + entity_def.name});
          return;
        }
        selection_needs_[static_cast<std::size_t>(a)].insert({other, true});
        shared_with.push_back(other);
      }
    }
    facts_ = &selection_needs_[static_cast<std::size_t>(a)];
    std::optional<ApportionDef> shared;
    Compiled limit;
    // `at most 50% where c`: a limit written as a percentage is a share of those selected.
    const auto* percent = boost::get<ast::NumberLiteral>(limit_node);
    const bool share = percent && percent->percent && !plain;
    if (percent && percent->percent && plain) {
      diag_.error(range_of(*limit_node),
                  {"a percentage quota is a share of those selected, so it needs 'where' (at most 50% where "
                   "gender == nam); for a share of a count, write floor(20% * count(...))",
                   "số lượng tính theo phần trăm là tỷ lệ trong số được chọn nên cần 'where' (at most 50% where "
                   "gender == nam); để lấy tỷ lệ của một số đếm, hãy viết floor(20% * count(...))"});
      facts_ = nullptr;
      return;
    }
    if (const auto* call = boost::get<x3::forward_ast<ast::Call>>(limit_node);
        call && call->get().function.name == "apportion") {
      shared = apportion(call->get(), group_entity, plain && node.per && !group_cap);
      if (!shared) {
        facts_ = nullptr;
        return;
      }
    } else {
      limit = compile(*limit_node, Scope{group_entity}, Type{Type::integer});
    }
    Compiled where;
    if (where_node) where = expect_condition(*where_node, Scope{entity});
    facts_ = nullptr;
    if ((!shared && !limit) || (where_node && !where)) return;
    if (share && !shared_with.empty()) {
      diag_.error(range_of(*limit_node), {"a share of those selected cannot be shared with other awards",
                                          "tỷ lệ trong số được chọn không dùng chung được với hình thức khác"});
      return;
    }
    if (share && limit->number > 1) {
      diag_.error(range_of(*limit_node), {"a share of those selected cannot be more than 100%",
                                          "tỷ lệ trong số được chọn không thể quá 100%"});
      return;
    }
    if (limit && limit->type.kind != Type::integer && !share) {
      diag_.error(range_of(*limit_node),
                  limit->type.kind == Type::decimal
                      ? Message{"a quota must be a whole number; round it with floor(), ceil() or round()",
                                "số lượng tối đa phải là số nguyên; hãy làm tròn bằng floor(), ceil() hoặc round()"}
                      : Message{"a quota must be a whole number, but this is ",
                                "số lượng tối đa phải là số nguyên, nhưng đây là "} +
                            describe(limit->type, out_));
      return;
    }
    const std::string label = node.label ? node.label->value : text(range_of(*limit_node));
    const std::string formula = text(range_of(*limit_node)) + (node.per ? " per " + node.per->name : "");
    if (plain && !node.per) {
      cap = &node;
      block.cap = std::move(*limit);
      block.cap_label = label;
      block.cap_source = formula;
    } else if (plain && !group_cap) {
      group_cap = &node;
      block.group_cap = GroupCapDef{group_field, group_entity, shared ? Expr{} : std::move(*limit), std::move(shared),
                                    label, formula};
    } else {
      BoundDef bound{node.at_least, std::move(*limit), std::move(where), group_field, group_entity, label, formula, share,
                     std::move(shared_with)};
      if (where_node) bound.source_text += " where " + text(range_of(*where_node));
      for (std::size_t i = 0; i < bound.shared_with.size(); ++i)
        bound.source_text += (i ? ", " : " shared with ") + out_.awards[static_cast<std::size_t>(bound.shared_with[i])].id;
      block.bounds.push_back(std::move(bound));
    }
  }

  // `apportion(total, weight, method)`: only as the first `at most ... per` of a block.
  std::optional<ApportionDef> apportion(const ast::Call& call, int group_entity, bool allowed) {
    if (!allowed) {
      diag_.error(range(call), {"apportion() shares a cap among groups: use it as the block's first 'at most ... per'",
                                "apportion() chia một số lượng cho các nhóm: hãy dùng nó ở 'at most ... per' đầu tiên của khối"});
      return std::nullopt;
    }
    if (call.arguments.size() != 3) {
      diag_.error(range(call), {"apportion() takes 3 arguments: the total, the weight of each group and the method",
                                "apportion() nhận 3 đối số: tổng số, trọng số của mỗi nhóm và phương pháp"});
      return std::nullopt;
    }
    ApportionDef def;
    const auto* method = boost::get<x3::forward_ast<ast::Path>>(&call.arguments[2]);
    const std::string name = method && method->get().parts.size() == 1 ? method->get().parts[0].name : "";
    if (name == "largest_remainder") def.method = ApportionMethod::largest_remainder;
    else if (name == "dhondt") def.method = ApportionMethod::dhondt;
    else if (name == "sainte_lague") def.method = ApportionMethod::sainte_lague;
    else {
      diag_.error(range_of(call.arguments[2]), {"the method of apportion() is largest_remainder, dhondt or sainte_lague",
                                                "phương pháp của apportion() là largest_remainder, dhondt hoặc sainte_lague"});
      return std::nullopt;
    }
    def.method_name = name;
    auto total = compile(call.arguments[0], Scope{}, Type{Type::integer});
    auto weight = expect_number(call.arguments[1], Scope{group_entity});
    if (!total || !weight) return std::nullopt;
    if (total->type.kind != Type::integer) {
      diag_.error(range_of(call.arguments[0]), {"the total of apportion() must be a whole number",
                                                "tổng số của apportion() phải là số nguyên"});
      return std::nullopt;
    }
    def.total = std::move(*total);
    def.weight = std::move(*weight);
    return def;
  }

  BlockDef compile_block(int a, int block_index, int entity, const ast::ForBlock& node) {
    BlockDef block;
    block.entity = entity;
    block.range = range(node);
    const Scope scope{entity};
    const ast::AtMost* cap = nullptr;
    const ast::AtMost* group_cap = nullptr;
    const ast::AtMost* ranked_quota = nullptr;  // the first quota, which needs a ranking
    bool ranked = false;
    for (const auto& item : node.items) {
      if (const auto* require = boost::get<ast::Require>(&item)) {
        if (const auto* standard = standard_named(require->condition, entity)) {
          if (require->condition.label)
            diag_.warning(range(*require->condition.label),
                          {"a standard's conditions keep their own labels",
                           "các điều kiện của một tiêu chuẩn giữ nhãn riêng của chúng"});
          for (const auto& c : standard->conditions) block.requirements.push_back(c);
          eligibility_needs_[static_cast<std::size_t>(a)].insert(standard->facts.begin(), standard->facts.end());
          continue;
        }
        facts_ = &eligibility_needs_[static_cast<std::size_t>(a)];
        auto def = condition(require->condition, scope);
        facts_ = nullptr;
        if (def) block.requirements.push_back(std::move(*def));
        else if (const auto* path = boost::get<x3::forward_ast<ast::Path>>(&require->condition.expression);
                 path && path->get().parts.size() == 1) {
          // Name a standard of the right entity when a near name exists.
          const auto names = standard_names(entity);
          if (!names.empty() && diag_.list().back().message.find("did you mean") == std::string::npos) {
            auto hint = suggestion(path->get().parts[0].name, names);
            if (!hint.en.empty())
              diag_.note(range(path->get()), {"standards for this entity: " + hint.en.substr(2),
                                              "các tiêu chuẩn của thực thể này: " + hint.vi.substr(2)});
          }
        }
      } else if (const auto* defer = boost::get<ast::Defer>(&item)) {
        facts_ = &eligibility_needs_[static_cast<std::size_t>(a)];
        if (auto def = condition(defer->condition, scope)) block.deferrals.push_back(std::move(*def));
        facts_ = nullptr;
      } else if (const auto* rank_by = boost::get<ast::RankBy>(&item)) {
        if (ranked) diag_.error(range(*rank_by), one_ranking);
        ranked = true;
        facts_ = &selection_needs_[static_cast<std::size_t>(a)];
        for (const auto& key : rank_by->keys) {
          auto e = compile(key.key, scope, Type{});
          if (!e) continue;
          const bool orderable = e->type.is_number() || e->type.kind == Type::boolean ||
                                 (e->type.kind == Type::enumeration &&
                                  out_.enumerations[static_cast<std::size_t>(e->type.ref)].ordered);
          if (!orderable) {
            diag_.error(range_of(key.key), Message{"cannot rank by ", "không xếp hạng theo "} + describe(e->type, out_) +
                                               Message{"; rank by a number, a condition or a scale",
                                                       " được; hãy xếp hạng theo một số, một điều kiện hoặc một thang"});
            continue;
          }
          block.rank_keys.push_back({std::move(*e), key.descending, text(range_of(key.key))});
        }
        facts_ = nullptr;
      } else if (const auto* rank_as = boost::get<ast::RankAs>(&item)) {
        if (ranked) diag_.error(range(*rank_as), one_ranking);
        ranked = true;
        rank_as_.push_back({a, block_index, rank_as});
      } else {
        const auto& at_most = boost::get<ast::AtMost>(item);
        if (!ranked_quota) ranked_quota = &at_most;
        compile_quota(a, entity, at_most, block, cap, group_cap);
      }
    }
    if (ranked_quota && !ranked)
      diag_.error(range(*ranked_quota), {"a quota needs a ranking: add 'rank by' to say who comes first",
                                         "có giới hạn số lượng thì cần xếp hạng: thêm 'rank by' để nói ai được ưu tiên"});
    return block;
  }

  void resolve_rank_as() {
    // Resolve in rounds, so `rank as x` may name a block that itself says `rank as y`.
    auto pending = rank_as_;
    while (!pending.empty()) {
      std::vector<RankAsInfo> still;
      for (const auto& r : pending) {
        auto& block = out_.awards[static_cast<std::size_t>(r.award)].blocks[static_cast<std::size_t>(r.block)];
        const auto& name = r.node->award;
        const int award_index = find_award(name);
        if (award_index < 0) continue;
        const auto* source = out_.awards[static_cast<std::size_t>(award_index)].block_for(block.entity);
        if (!source) {
          const auto& entity_name = out_.entities[static_cast<std::size_t>(block.entity)].name;
          diag_.error(range(name), {"award " + quote_name(name.name) + " has no block for " + entity_name,
                                    quote_name(name.name) + " không có khối 'for' cho " + entity_name});
          continue;
        }
        const bool source_pending = std::any_of(pending.begin(), pending.end(), [&](const RankAsInfo& p) {
          return &out_.awards[static_cast<std::size_t>(p.award)].blocks[static_cast<std::size_t>(p.block)] == source;
        });
        if (source_pending) {
          still.push_back(r);
          continue;
        }
        if (source->rank_keys.empty()) {
          const auto& entity_name = out_.entities[static_cast<std::size_t>(block.entity)].name;
          diag_.error(range(name), {"award " + quote_name(name.name) + " has no 'rank by' for " + entity_name + " to rank as",
                                    quote_name(name.name) + " không có 'rank by' cho " + entity_name + " để xếp hạng theo"});
          continue;
        }
        block.rank_keys = source->rank_keys;
        const auto& source_needs = selection_needs_[static_cast<std::size_t>(award_index)];
        selection_needs_[static_cast<std::size_t>(r.award)].insert(source_needs.begin(), source_needs.end());
      }
      if (still.size() == pending.size()) {
        for (const auto& r : still)
          diag_.error(range(*r.node), {"'rank as' lines form a cycle", "các dòng 'rank as' tạo thành vòng lặp"});
        break;
      }
      pending = std::move(still);
    }
  }

  void precedence() {
    for (const auto* line : precedence_ast_) {
      std::vector<int> order;
      for (const auto& name : line->awards) {
        const int award_index = find_award(name);
        if (award_index < 0) continue;
        if (std::find(order.begin(), order.end(), award_index) != order.end()) {
          diag_.error(range(name), {"award " + quote_name(name.name) + " appears twice in one precedence",
                                    quote_name(name.name) + " xuất hiện hai lần trong một dòng precedence"});
          continue;
        }
        for (const int higher : order) {
          auto& lower = out_.awards[static_cast<std::size_t>(award_index)].outranked_by;
          if (std::find(lower.begin(), lower.end(), higher) == lower.end()) lower.push_back(higher);
        }
        order.push_back(award_index);
      }
    }
    // `a > b` and `b > c` on separate lines also put `a` above `c`.
    for (bool grew = true; grew;) {
      grew = false;
      for (auto& award : out_.awards) {
        for (std::size_t i = 0; i < award.outranked_by.size(); ++i) {
          const auto higher = out_.awards[static_cast<std::size_t>(award.outranked_by[i])].outranked_by;
          for (const int h : higher) {
            if (std::find(award.outranked_by.begin(), award.outranked_by.end(), h) == award.outranked_by.end()) {
              award.outranked_by.push_back(h);
              grew = true;
            }
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- scoring sheets

  // The sheet named `name` for an entity; -1 when none.
  int sheet_of(int entity_index, std::string_view name) const {
    for (std::size_t s = 0; s < sheets_.size(); ++s)
      if (sheets_[s].node->name.name == name && entity_index_.count(sheets_[s].node->entity.name) &&
          entity_index_.at(sheets_[s].node->entity.name) == entity_index)
        return static_cast<int>(s);
    return -1;
  }

  // The sheet total at the end of a path (`cchc`, `unit.cchc`) that a further part may narrow
  // to a section, item or bonus; null otherwise.
  static Expr* sheet_total(Expr& e) {
    if (e.op == Op::sheet_points) return e.b < 0 ? &e : nullptr;
    if (e.op == Op::at_record) return sheet_total(e.args[1]);
    return nullptr;
  }

  std::optional<Number> literal(const ast::NumberLiteral& node) {
    auto value = parse_decimal(node.text);
    if (!value) {
      diag_.error(range(node), {"number out of bounds", "số vượt quá giới hạn"});
      return std::nullopt;
    }
    if (node.percent) *value /= 100;
    return value;
  }

  void compile_all_sheets() {
    for (std::size_t s = 0; s < sheets_.size(); ++s) compile_sheet(static_cast<int>(s));
  }

  bool compile_sheet(int s) {
    auto& info = sheets_[static_cast<std::size_t>(s)];
    switch (info.state) {
      case SheetState::done: return true;
      case SheetState::failed: return false;
      case SheetState::compiling:
        diag_.error(range(info.node->name), {"sheet " + quote_name(info.node->name.name) + " reads its own points",
                                             "bảng chấm điểm " + quote_name(info.node->name.name) + " đọc chính điểm của nó"});
        info.state = SheetState::failed;
        return false;
      case SheetState::pending: break;
    }
    info.state = SheetState::compiling;
    FactSet facts;
    auto* saved = std::exchange(facts_, &facts);
    derived_stack_.push_back(info.node->entity.name + "." + info.node->name.name);  // for cycle paths
    SheetDef def = std::move(out_.sheets[static_cast<std::size_t>(s)]);
    const bool ok = sheet(*info.node, def);
    out_.sheets[static_cast<std::size_t>(s)] = std::move(def);
    derived_stack_.pop_back();
    facts_ = saved;
    if (info.state == SheetState::failed || !ok) {
      info.state = SheetState::failed;
      return false;
    }
    info.facts = std::move(facts);
    info.state = SheetState::done;
    return true;
  }

  bool sheet(const ast::Sheet& node, SheetDef& def) {
    const int errors = diag_.error_count();
    def.entity = find_entity(node.entity);
    if (def.entity < 0) return false;
    if (out_.entities[static_cast<std::size_t>(def.entity)].single) {
      diag_.error(range(node.entity), {"a sheet scores the records of an entity; " + node.entity.name + " is a single entity",
                                       "bảng chấm điểm chấm các bản ghi của một thực thể; " + node.entity.name +
                                           " là thực thể đơn"});
      return false;
    }
    const auto& owner = out_.entities[static_cast<std::size_t>(def.entity)];
    if (owner.field_index(node.name.name) >= 0 ||
        std::any_of(owner.derived.begin(), owner.derived.end(), [&](const DerivedDef& d) { return d.name == node.name.name; })) {
      diag_.error(range(node.name), {"sheet " + quote_name(node.name.name) + " has the name of a member of " + node.entity.name,
                                     "bảng chấm điểm " + quote_name(node.name.name) + " trùng tên một trường của " +
                                         node.entity.name});
      return false;
    }
    const Scope scope{def.entity};
    def.out_of = literal(node.out_of).value_or(Number(0));
    def.up_to = def.out_of;
    if (node.up_to) {
      def.up_to = literal(*node.up_to).value_or(def.out_of);
      if (def.up_to < def.out_of)
        diag_.error(range(*node.up_to), {"'up to' " + to_string(def.up_to) + " is below the sheet's scale " + to_string(def.out_of),
                                         "'up to' " + to_string(def.up_to) + " nhỏ hơn thang điểm " + to_string(def.out_of)});
    }
    if (node.rounding) {
      const auto digits = literal(*node.rounding);
      if (digits && (node.rounding->percent || !is_integer(*digits) || *digits > 10))
        diag_.error(range(*node.rounding), {"'rounding' is a number of decimals, from 0 to 10",
                                            "'rounding' là số chữ số thập phân, từ 0 đến 10"});
      else if (digits)
        def.rounding = static_cast<int>(boost::multiprecision::numerator(*digits).convert_to<long>());
    }
    std::map<std::string, SourceRange, std::less<>> seen;
    auto claim = [&](const ast::Identifier& name) {
      if (const auto [it, fresh] = seen.emplace(name.name, range(name)); !fresh) {
        diag_.error(range(name), {"duplicate part " + quote_name(name.name) + " of sheet " + def.name,
                                  "phần " + quote_name(name.name) + " của bảng chấm điểm " + def.name + " bị trùng"});
        diag_.note(it->second, first_declared_here);
      }
    };
    Number sections_total = 0;
    for (const auto& member : node.members) {
      if (const auto* section = boost::get<ast::SheetSection>(&member)) {
        claim(section->name);
        SheetPartDef part;
        part.kind = SheetPartDef::section;
        part.name = section->name.name;
        part.label = section->label ? section->label->value : section->name.name;
        part.maximum = literal(section->maximum).value_or(Number(0));
        part.range = range(*section);
        if (section->applies) part.applies = expect_condition(*section->applies, scope);
        sections_total += part.maximum;
        const auto index = static_cast<std::int32_t>(def.parts.size());
        def.parts.push_back(std::move(part));
        Number items_total = 0;
        for (const auto& item : section->items) {
          claim(item.name);
          auto compiled = sheet_item(item, def.entity, SheetPartDef::item);
          compiled.in_section = index;
          items_total += compiled.maximum;
          def.parts.push_back(std::move(compiled));
        }
        const auto& maximum = def.parts[static_cast<std::size_t>(index)].maximum;
        if (items_total > maximum)
          diag_.error(range(section->maximum),
                      {"the items of section " + quote_name(section->name.name) + " are out of " + to_string(items_total) +
                           " together, more than the section's " + to_string(maximum),
                       "các mục của phần " + quote_name(section->name.name) + " có tổng điểm tối đa " +
                           to_string(items_total) + ", vượt điểm tối đa của phần là " + to_string(maximum)});
      } else {
        const auto& bonus = boost::get<ast::SheetItem>(member);
        claim(bonus.name);
        def.parts.push_back(sheet_item(bonus, def.entity, SheetPartDef::bonus));
      }
    }
    if (sections_total != def.out_of)
      diag_.error(range(node.out_of), {"the sections of sheet " + quote_name(def.name) + " add up to " +
                                           to_string(sections_total) + ", not " + to_string(def.out_of),
                                       "các phần của bảng chấm điểm " + quote_name(def.name) + " có tổng điểm tối đa " +
                                           to_string(sections_total) + ", không phải " + to_string(def.out_of)});
    return diag_.error_count() == errors;
  }

  SheetPartDef sheet_item(const ast::SheetItem& node, int entity, SheetPartDef::Kind kind) {
    SheetPartDef part;
    part.kind = kind;
    part.name = node.name.name;
    part.label = node.label ? node.label->value : node.name.name;
    part.maximum = literal(node.maximum).value_or(Number(0));
    part.range = range(node);
    if (node.verified) {
      const auto& def = out_.entities[static_cast<std::size_t>(entity)];
      part.verified = def.field_index(node.verified->name);
      const FieldDef* field = part.verified >= 0 ? &def.fields[static_cast<std::size_t>(part.verified)] : nullptr;
      if (!field || !field->optional || !field->type.is_number()) {
        diag_.error(range(*node.verified),
                    {"verified points are read from an optional number field of " + def.name + ", as in '" +
                         node.verified->name + ": decimal?'",
                     "điểm thẩm định được đọc từ một trường số không bắt buộc của " + def.name + ", ví dụ '" +
                         node.verified->name + ": decimal?'"});
        part.verified = -1;
      }
    }
    boost::apply_visitor([&](const auto& rule) { score_rule(rule, Scope{entity}, part); }, node.rule);
    return part;
  }

  // Points a row gives: at most the item's maximum.
  Number row_points(const ast::NumberLiteral& points, const SheetPartDef& part) {
    auto value = literal(points).value_or(Number(0));
    if (value > part.maximum)
      diag_.error(range(points), {to_string(value) + " points, more than the maximum " + to_string(part.maximum) +
                                      " of " + quote_name(part.name),
                                  to_string(value) + " điểm, vượt điểm tối đa " + to_string(part.maximum) + " của " +
                                      quote_name(part.name)});
    return value;
  }

  // The values within every bound: `> 90%`, `>= 70%, <= 90%`, `4`.
  std::optional<Interval> bounds_interval(const std::vector<ast::BandBound>& bounds, SourceRange where) {
    Interval interval;
    for (const auto& bound : bounds) {
      auto value = literal(bound.value);
      if (!value) return std::nullopt;
      const bool lower = bound.op == ast::Operator::gt || bound.op == ast::Operator::ge;
      const bool upper = bound.op == ast::Operator::lt || bound.op == ast::Operator::le;
      if (!lower && !upper && bound.op != ast::Operator::eq) {
        diag_.error(range(bound), {"a band's bound is '>', '>=', '<', '<=' or a number", "cận của một khoảng là '>', '>=', '<', '<=' hoặc một số"});
        return std::nullopt;
      }
      if ((lower || bound.op == ast::Operator::eq) && interval.low) {
        diag_.error(range(bound), {"a band has at most one lower bound", "một khoảng có nhiều nhất một cận dưới"});
        return std::nullopt;
      }
      if ((upper || bound.op == ast::Operator::eq) && interval.high) {
        diag_.error(range(bound), {"a band has at most one upper bound", "một khoảng có nhiều nhất một cận trên"});
        return std::nullopt;
      }
      if (lower || bound.op == ast::Operator::eq) interval.low = Endpoint{*value, bound.op != ast::Operator::gt};
      if (upper || bound.op == ast::Operator::eq) interval.high = Endpoint{*value, bound.op != ast::Operator::lt};
    }
    if (interval.empty()) {
      diag_.error(where, {"this band holds no value", "khoảng này không chứa giá trị nào"});
      return std::nullopt;
    }
    return interval;
  }

  void score_rule(const ast::BandsRule& node, const Scope& scope, SheetPartDef& part) {
    auto& rule = part.rule;
    rule.kind = ScoreRuleDef::bands;
    rule.source_text = text(range_of(node.value));
    if (auto value = expect_number(node.value, scope)) rule.value = std::move(*value);
    Interval domain = Interval::everything();
    if (!node.within.empty()) {
      if (auto d = bounds_interval(node.within, range(node))) domain = *d;
    }
    rule.within = domain;
    bool complete = true;
    std::vector<Interval> intervals;
    for (const auto& band : node.bands) {
      ScoreRowDef row;
      const SourceRange r = range(band);
      row.source_text = text(SourceRange{r.begin, range(band.points).end});
      row.points = row_points(band.points, part);
      row.label = band.label ? band.label->value : text(SourceRange{r.begin, range(band.bounds.back()).end});
      if (auto interval = bounds_interval(band.bounds, r)) {
        row.band = *interval;
        intervals.push_back(*interval);
      } else {
        complete = false;
      }
      rule.rows.push_back(std::move(row));
    }
    if (!complete) return;
    if (node.bands.empty()) {
      diag_.error(range(node), {"'bands' needs at least one band", "'bands' cần ít nhất một khoảng"});
      return;
    }
    const auto analysis = analyse_rows(intervals, domain, rule.value.type.kind == Type::integer);
    for (const auto& [i, j] : analysis.overlaps) {
      const Message shared = describe(intervals[i].intersect(intervals[j]));
      diag_.error(range(node.bands[j]),
                  Message{"this band overlaps the band on line " + std::to_string(diag_.file().line_of(range(node.bands[i]).begin)) + " (",
                          "khoảng này chồng lên khoảng ở dòng " + std::to_string(diag_.file().line_of(range(node.bands[i]).begin)) + " ("} +
                      shared + Message{")", ")"});
    }
    for (const auto& gap : analysis.gaps)
      diag_.error(range(node), Message{"the bands of " + quote_name(part.name) + " leave a gap: ",
                                       "các khoảng của " + quote_name(part.name) + " bỏ sót: "} +
                                   describe(gap));
    for (const auto i : analysis.unreachable) {
      const bool overlapping = std::any_of(analysis.overlaps.begin(), analysis.overlaps.end(),
                                           [&](const auto& pair) { return pair.second == i; });
      if (!overlapping)
        diag_.error(range(node.bands[i]), {"this band holds no value the bands are read for",
                                           "khoảng này không chứa giá trị nào trong phạm vi chấm điểm"});
    }
  }

  void score_rule(const ast::WhenRule& node, const Scope& scope, SheetPartDef& part) {
    auto& rule = part.rule;
    rule.kind = ScoreRuleDef::when;
    for (const auto& when : node.rows) {
      ScoreRowDef row;
      row.condition = expect_condition(when.condition, scope);
      row.source_text = text(range_of(when.condition));
      row.points = row_points(when.points, part);
      row.label = when.label ? when.label->value : row.source_text;
      rule.rows.push_back(std::move(row));
    }
    ScoreRowDef otherwise;
    otherwise.source_text = "otherwise";
    otherwise.points = row_points(node.otherwise.points, part);
    otherwise.label = node.otherwise.label ? node.otherwise.label->value : "otherwise";
    rule.rows.push_back(std::move(otherwise));
  }

  void score_rule(const ast::ProportionalRule& node, const Scope& scope, SheetPartDef& part) {
    auto& rule = part.rule;
    rule.kind = ScoreRuleDef::proportional;
    rule.source_text = text(range_of(node.ratio));
    if (auto value = expect_number(node.ratio, scope)) rule.value = std::move(*value);
  }

  void score_rule(const ast::DeductRule& node, const Scope& scope, SheetPartDef& part) {
    auto& rule = part.rule;
    rule.kind = ScoreRuleDef::deduct;
    rule.source_text = text(range_of(node.count));
    if (auto value = expect_number(node.count, scope)) rule.value = std::move(*value);
    rule.each = literal(node.each).value_or(Number(0));
    if (node.each.percent) rule.each *= part.maximum;  // a share of the item's maximum
    rule.floor = node.floor ? row_points(*node.floor, part) : Number(0);
  }

  // ---------------------------------------------------------------- dependency order

  Message fact_name(int node) const {
    const auto& award = out_.awards[static_cast<std::size_t>(node / 2)];
    return node % 2 ? Message{"selection for " + award.id, "việc chọn " + award.id}
                    : Message{"eligibility for " + award.id, "điều kiện xét " + award.id};
  }

  // Orders eligibility and selection of every award so that each comes after what it needs;
  // a cycle is an error that names its path.
  void order_awards() {
    using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
    const int n = static_cast<int>(out_.awards.size());
    Graph graph(static_cast<std::size_t>(2 * n));
    // Edges point from a fact to what it needs.
    auto need = [&](int from, AwardFact fact) {
      boost::add_edge(static_cast<std::size_t>(from), static_cast<std::size_t>(2 * fact.award + (fact.selection ? 1 : 0)), graph);
    };
    for (int a = 0; a < n; ++a) {
      for (const auto& fact : eligibility_needs_[static_cast<std::size_t>(a)]) need(2 * a, fact);
      need(2 * a + 1, AwardFact{a, false});
      for (const auto& fact : selection_needs_[static_cast<std::size_t>(a)]) need(2 * a + 1, fact);
      for (const int higher : out_.awards[static_cast<std::size_t>(a)].outranked_by) need(2 * a + 1, AwardFact{higher, true});
    }

    struct CycleFinder : boost::default_dfs_visitor {
      std::vector<std::size_t>* parent;
      std::vector<std::size_t>* cycle;
      void tree_edge(Graph::edge_descriptor e, const Graph& g) { (*parent)[boost::target(e, g)] = boost::source(e, g); }
      void back_edge(Graph::edge_descriptor e, const Graph& g) {
        if (!cycle->empty()) return;
        const auto from = boost::source(e, g), to = boost::target(e, g);
        for (auto v = from; v != to; v = (*parent)[v]) cycle->push_back(v);
        cycle->push_back(to);
        std::reverse(cycle->begin(), cycle->end());
      }
    };
    std::vector<std::size_t> parent(static_cast<std::size_t>(2 * n)), cycle;
    boost::depth_first_search(graph, boost::visitor(CycleFinder{{}, &parent, &cycle}));
    if (!cycle.empty()) {
      Message path{"awards depend on each other in a cycle: ", "các danh hiệu phụ thuộc lẫn nhau thành vòng lặp: "};
      for (const auto v : cycle) path = path + fact_name(static_cast<int>(v)) + Message{" needs ", " cần "};
      path = path + fact_name(static_cast<int>(cycle.front()));
      diag_.error(out_.awards[cycle.front() / 2].range, path);
      return;
    }
    std::vector<std::size_t> order;  // boost gives dependencies first for edges towards needs
    boost::topological_sort(graph, std::back_inserter(order));
    for (const auto v : order) {
      out_.steps.push_back({static_cast<int>(v / 2), v % 2 == 1});
      if (v % 2 == 1) out_.decision_order.push_back(static_cast<int>(v / 2));
    }
  }
};

}  // namespace

std::shared_ptr<const CompiledPolicy> compile_policy(std::string_view source, std::string filename,
                                                     const Limits& limits) {
  if (limits.expression_depth < 1 || limits.expression_depth > Limits::max_expression_depth)
    throw std::invalid_argument("Limits::expression_depth must be between 1 and " +
                                std::to_string(Limits::max_expression_depth));
  if (source.size() > limits.policy_bytes) {
    const std::string size = std::to_string(source.size()), limit = std::to_string(limits.policy_bytes);
    Diagnostic d;
    d.file = filename;
    d.message = "the policy is " + size + " bytes, more than the limit of " + limit;
    d.message_vi = "chính sách dài " + size + " byte, vượt giới hạn " + limit + " byte";
    throw PolicyError({d});
  }
  // The hash identifies the text exactly as given; everything after reads its NFC form.
  const std::string sha = sha256_hex(source);
  if (source.substr(0, 3) == "\xEF\xBB\xBF") source.remove_prefix(3);
  auto normalized = to_nfc(source);
  if (!normalized) {
    const auto bad = first_invalid_utf8(source);
    SourceFile raw(filename, std::string(source.substr(0, bad)));
    const std::string byte = std::to_string(bad + 1);
    auto d = raw.diagnose({static_cast<std::uint32_t>(bad), static_cast<std::uint32_t>(bad)},
                          {"the policy is not valid UTF-8 (byte " + byte + ")",
                           "chính sách không phải văn bản UTF-8 hợp lệ (byte thứ " + byte + ")"});
    throw PolicyError({d});
  }
  auto policy = std::make_shared<CompiledPolicy>(SourceFile(std::move(filename), std::move(*normalized)));
  policy->sha256 = sha;
  policy->limits = limits;
  Diagnostics diagnostics(policy->source);
  const auto parsed = parser::parse_policy(policy->source, diagnostics, limits.expression_depth);
  if (!parsed || diagnostics.has_errors()) throw PolicyError(diagnostics.take());
  Checker(*parsed, *policy, diagnostics).run();
  if (diagnostics.has_errors()) throw PolicyError(diagnostics.take());
  policy->warnings = diagnostics.take();
  return policy;
}

Message describe(const Type& type, const CompiledPolicy& policy) {
  auto enumeration = [&]() -> const std::string& {
    return policy.enumerations[static_cast<std::size_t>(type.ref)].name;
  };
  auto entity = [&]() -> const std::string& { return policy.entities[static_cast<std::size_t>(type.ref)].name; };
  switch (type.kind) {
    case Type::none: return {"nothing", "không có giá trị"};
    case Type::boolean: return {"a condition (true or false)", "một điều kiện (đúng hoặc sai)"};
    case Type::integer: return {"a whole number", "một số nguyên"};
    case Type::decimal: return {"a decimal", "một số thập phân"};
    case Type::text: return {"text", "văn bản"};
    case Type::enumeration: return {"a value of " + enumeration(), "một giá trị của " + enumeration()};
    case Type::entity: return {"a " + entity() + " record", "một bản ghi " + entity()};
    case Type::text_set: return {"a set of text", "một tập văn bản"};
    case Type::enum_set: return {"a set of " + enumeration(), "một tập giá trị của " + enumeration()};
    case Type::entity_set: return {"a set of " + entity() + " records", "một tập bản ghi " + entity()};
  }
  return {"a value", "một giá trị"};
}

}  // namespace thidua::detail
