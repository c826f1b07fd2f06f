// Small lookups on the compiled policy, shared by every stage.
#include "src/compile/model.hpp"

namespace thidua::detail {

int EnumerationDef::find(std::string_view text) const {
  // Codes first: a code is the unambiguous spelling, labels are for people.
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].code == text) return static_cast<int>(i);
  for (std::size_t i = 0; i < items.size(); ++i)
    if (items[i].label == text) return static_cast<int>(i);
  return -1;
}

std::string limit_text(const BoundDef& bound, const Number& limit) {
  return bound.share ? to_string(limit * 100) + "%" : to_string(limit);
}

int EntityDef::field_index(std::string_view field_name) const {
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].name == field_name) return static_cast<int>(i);
  return -1;
}

const BlockDef* AwardDef::block_for(std::int32_t entity) const {
  for (const auto& block : blocks)
    if (block.entity == entity) return &block;
  return nullptr;
}

int CompiledPolicy::entity_index(std::string_view name) const {
  for (std::size_t i = 0; i < entities.size(); ++i)
    if (entities[i].name == name) return static_cast<int>(i);
  return -1;
}

int SheetDef::part_index(std::string_view part_name) const {
  for (std::size_t i = 0; i < parts.size(); ++i)
    if (parts[i].name == part_name) return static_cast<int>(i);
  return -1;
}

int CompiledPolicy::award_index(std::string_view id) const {
  for (std::size_t i = 0; i < awards.size(); ++i)
    if (awards[i].id == id) return static_cast<int>(i);
  return -1;
}

}  // namespace thidua::detail
