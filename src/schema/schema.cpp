// The JSON Schema of a policy's input, built from the compiled policy: the same entities,
// fields, types and accepted enum values the JSON binder (src/bind/bind_json.cpp) reads.
#include "thidua/schema.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "src/compile/model.hpp"

namespace thidua {

namespace {

using nlohmann::ordered_json;
using detail::CompiledPolicy;
using detail::Type;

std::string definition_ref(const std::string& name) {
  // A JSON pointer segment: '~' and '/' escaped (names cannot hold them, but stay correct).
  std::string ref = "#/$defs/";
  for (const char c : name) {
    if (c == '~') ref += "~0";
    else if (c == '/') ref += "~1";
    else ref += c;
  }
  return ref;
}

// An enum or scale: its codes and its labels, as the binder accepts either (codes first).
ordered_json enumeration_schema(const detail::EnumerationDef& enumeration) {
  ordered_json values = ordered_json::array();
  std::vector<std::string> seen;
  auto add = [&](const std::string& value) {
    if (std::find(seen.begin(), seen.end(), value) != seen.end()) return;
    seen.push_back(value);
    values.push_back(value);
  };
  for (const auto& item : enumeration.items) add(item.code);
  for (const auto& item : enumeration.items) add(item.label);

  ordered_json schema = ordered_json::object();
  schema["title"] = enumeration.name;
  if (!enumeration.label.empty()) schema["description"] = enumeration.label;
  schema["type"] = "string";
  schema["enum"] = std::move(values);
  std::string items;
  for (const auto& item : enumeration.items) {
    if (!items.empty()) items += ", ";
    items += item.code;
    if (item.label != item.code) items += " = " + item.label;
  }
  schema["$comment"] = std::string(enumeration.ordered ? "a scale, best first" : "an enum") +
                       "; an item's code or its label: " + items;
  return schema;
}

ordered_json value_schema(const Type& type, const CompiledPolicy& policy) {
  switch (type.kind) {
    case Type::boolean: return {{"type", "boolean"}};
    case Type::integer: return {{"type", "integer"}};
    case Type::decimal: return {{"type", "number"}};
    case Type::text: return {{"type", "string"}};
    case Type::enumeration:
      return {{"$ref", definition_ref(policy.enumerations[static_cast<std::size_t>(type.ref)].name)}};
    case Type::entity:
      return {{"type", "string"},
              {"minLength", 1},
              {"$comment", "the id of a " + policy.entities[static_cast<std::size_t>(type.ref)].name + " record"}};
    case Type::text_set: return {{"type", "array"}, {"items", {{"type", "string"}}}};
    case Type::enum_set:
      return {{"type", "array"},
              {"items",
               {{"$ref", definition_ref(policy.enumerations[static_cast<std::size_t>(type.ref)].name)}}}};
    case Type::none:
    case Type::entity_set: break;  // no field has these types
  }
  return ordered_json::object();
}

ordered_json record_schema(const detail::EntityDef& entity, const CompiledPolicy& policy) {
  ordered_json properties = ordered_json::object();
  ordered_json required = ordered_json::array();
  if (!entity.single) {
    properties["id"] = {{"description", "Mã định danh, duy nhất trong toàn bộ dữ liệu"},
                        {"type", "string"},
                        {"minLength", 1}};
    required.push_back("id");
  }
  for (const auto& field : entity.fields) {
    ordered_json schema = {{"description", field.label}};
    const ordered_json value = value_schema(field.type, policy);
    if (field.optional) {
      schema["anyOf"] = ordered_json::array({value, {{"type", "null"}}});
    } else {
      schema.update(value);
      required.push_back(field.name);
    }
    properties[field.name] = std::move(schema);
  }
  ordered_json schema = {{"title", entity.name}};
  if (!entity.label.empty()) schema["description"] = entity.label;
  schema["type"] = "object";
  schema["properties"] = std::move(properties);
  schema["required"] = std::move(required);
  // Other members are read as warnings ("unknown field ... (ignored)"), not errors.
  return schema;
}

}  // namespace

nlohmann::ordered_json input_schema(const Policy& policy) {
  const CompiledPolicy& compiled = policy.compiled();
  ordered_json properties = ordered_json::object();
  ordered_json required = ordered_json::array();
  ordered_json definitions = ordered_json::object();
  for (const auto& entity : compiled.entities) {
    ordered_json member = {{"description", entity.label.empty() ? entity.name : entity.label}};
    if (entity.single) {
      member["$ref"] = definition_ref(entity.name);
    } else {
      member["type"] = "array";
      member["items"] = {{"$ref", definition_ref(entity.name)}};
    }
    properties[entity.source] = std::move(member);
    required.push_back(entity.source);
    definitions[entity.name] = record_schema(entity, compiled);
  }
  for (const auto& enumeration : compiled.enumerations)
    definitions[enumeration.name] = enumeration_schema(enumeration);

  ordered_json schema = ordered_json::object();
  schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
  schema["title"] = compiled.title;
  std::string description = "Dữ liệu đầu vào của kế hoạch \"" + compiled.title + "\"";
  if (!compiled.issuer.empty()) description += " (" + compiled.issuer + ")";
  schema["description"] = description;
  schema["$comment"] = "Generated by thidua from " + compiled.source.name() + " (sha256 " + compiled.sha256 +
                       "). Ids must also be unique over the whole input and references must name existing "
                       "records; text is compared after NFC normalisation.";
  schema["type"] = "object";
  schema["properties"] = std::move(properties);
  schema["required"] = std::move(required);
  schema["$defs"] = std::move(definitions);
  return schema;
}

}  // namespace thidua
