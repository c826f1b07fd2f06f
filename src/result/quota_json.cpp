// Result members for the quotas beyond a block's cap and group cap. CONTRACT §4 fixes the
// members it lists; these are added ones, present only when the policy uses such quotas or the
// selection needs saying (none exists, or it is not proven the best).
#include "src/result/json_writer.hpp"
#include "src/result/result_data.hpp"

namespace thidua::detail {

namespace {

const std::string& group_id(const ResultData& result, std::int32_t group_entity, std::int64_t group) {
  return result.data->tables[static_cast<std::size_t>(group_entity)].ids[static_cast<std::size_t>(group)];
}

}  // namespace

void write_bound_stop(JsonWriter& w, const ResultData& result, const BlockDef& block, const BlockOutcome& out,
                      std::uint32_t record) {
  const auto j = static_cast<std::size_t>(out.stopped_bound[record]);
  const auto& bound = block.bounds[j];
  const std::int64_t group = bound.field < 0 ? -1 : group_of_record(*result.data, block.entity, bound.field, record);
  w.key("quota").value(limit_text(bound, out.bound_limits[j][group < 0 ? 0 : static_cast<std::size_t>(group)]));
  w.key("quota_label").value(bound.label);
  if (group >= 0) w.key("group").value(group_id(result, bound.group_entity, group));
}

void write_reserved_for(JsonWriter& w, const ResultData& result, const BlockDef& block, const BlockOutcome& out,
                        std::uint32_t record) {
  const auto& bound = block.bounds[static_cast<std::size_t>(out.reserved_for[record])];
  w.key("reserved_for").begin_object();
  w.key("label").value(bound.label);
  if (out.reserved_group[record] >= 0) w.key("group").value(group_id(result, bound.group_entity, out.reserved_group[record]));
  w.end_object();
}

void write_apportionment(JsonWriter& w, const ResultData& result, const BlockDef& block, const BlockOutcome& out) {
  w.key("apportioned").begin_object();
  w.key("total").value(to_string(*out.apportioned_total));
  w.key("method").value(block.group_cap->apportion->method_name);
  if (!out.apportion_tied.empty()) {
    w.key("tied").begin_array();
    for (const auto g : out.apportion_tied) w.value(group_id(result, block.group_cap->group_entity, g));
    w.end_array();
    w.key("tied_places").value(static_cast<std::uint64_t>(out.apportion_tied_places));
  }
  w.end_object();
}

void write_bounds(JsonWriter& w, const ResultData& result, const BlockDef& block, const BlockOutcome& out) {
  if (!block.bounds.empty()) {
    const auto& entity = result.policy->entities[static_cast<std::size_t>(block.entity)];
    w.key("bounds").begin_array();
    for (std::size_t j = 0; j < block.bounds.size(); ++j) {
      const auto& bound = block.bounds[j];
      w.begin_object();
      w.key("bound").value(bound.at_least ? "at_least" : "at_most");
      w.key("label").value(bound.label);
      w.key("formula").value(bound.source_text);
      if (bound.share) w.key("share").value(true);
      if (!bound.shared_with.empty()) {
        w.key("shared_with").begin_array();
        for (const auto other : bound.shared_with) w.value(result.policy->awards[static_cast<std::size_t>(other)].id);
        w.end_array();
      }
      if (bound.field < 0) {
        w.key("quota").value(limit_text(bound, out.bound_limits[j][0]));
        if (!bound.shared_with.empty())
          w.key("taken_by_others").value(static_cast<std::uint64_t>(out.bound_taken_by_others[j][0]));
      } else {
        w.key("per").value(entity.fields[static_cast<std::size_t>(bound.field)].name);
        w.key("quotas").begin_object();
        for (const auto g : records_in_id_order(*result.data, bound.group_entity))
          w.key(group_id(result, bound.group_entity, g)).value(limit_text(bound, out.bound_limits[j][g]));
        w.end_object();
      }
      w.end_object();
    }
    w.end_array();
  }
  // Without proof either way (the budget ran out before any selection was found), only
  // `optimal: false` is said.
  if (!out.feasible && out.proven) {
    w.key("feasible").value(false);
    w.key("unmet").begin_array();
    for (const auto& unmet : out.unmet) {
      const auto& bound = block.bounds[static_cast<std::size_t>(unmet.bound)];
      const auto& limits = out.bound_limits[static_cast<std::size_t>(unmet.bound)];
      w.begin_object();
      w.key("label").value(bound.label);
      if (unmet.group >= 0) w.key("group").value(group_id(result, bound.group_entity, unmet.group));
      w.key("at_least").value(to_string(limits[unmet.group < 0 ? 0 : static_cast<std::size_t>(unmet.group)]));
      w.key("candidates").value(static_cast<std::uint64_t>(unmet.candidates));
      w.end_object();
    }
    w.end_array();
  }
  if (!out.proven) w.key("optimal").value(false);
}

}  // namespace thidua::detail
