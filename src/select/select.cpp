#include "src/select/select.hpp"

#include <map>
#include <utility>

namespace thidua::detail {

Selection select_top(const Ranked& ranked, std::optional<std::size_t> cap, const Groups* groups) {
  const std::size_t n = ranked.size;
  Selection out;
  out.selected.assign(n, 0);
  out.stopped_by.assign(n, Stop::none);
  std::size_t taken = 0;
  std::vector<std::size_t> taken_in_group(groups ? groups->limit.size() : 0, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (cap && taken >= *cap) {
      out.stopped_by[i] = Stop::overall;
    } else if (groups && taken_in_group[groups->of[i]] >= groups->limit[groups->of[i]]) {
      out.stopped_by[i] = Stop::group;
    } else {
      out.selected[i] = 1;
      ++taken;
      if (groups) ++taken_in_group[groups->of[i]];
    }
  }
  // A tie straddles a cut when a candidate kept out by a quota equals, on every key, one the
  // same quota let in. One report per tie class and quota.
  std::map<std::pair<std::uint32_t, std::int64_t>, bool> reported;
  for (std::size_t i = 0; i < n; ++i) {
    if (out.stopped_by[i] == Stop::none) continue;
    const bool in_group = out.stopped_by[i] == Stop::group;
    const std::uint32_t group = in_group ? groups->of[i] : 0;
    const std::pair<std::uint32_t, std::int64_t> key{ranked.tie_class[i], in_group ? std::int64_t{group} : -1};
    if (reported.count(key)) continue;
    CutTie tie;
    tie.quota = out.stopped_by[i];
    tie.group = group;
    // Equal candidates stand next to each other in rank order.
    std::size_t first = i, last = i + 1;
    while (first > 0 && ranked.tie_class[first - 1] == ranked.tie_class[i]) --first;
    while (last < n && ranked.tie_class[last] == ranked.tie_class[i]) ++last;
    for (std::size_t k = first; k < last; ++k) {
      if (in_group && groups->of[k] != group) continue;
      tie.members.push_back(k);
      if (out.selected[k]) tie.selected.push_back(k);
    }
    reported[key] = true;
    if (!tie.selected.empty()) out.ties.push_back(std::move(tie));
  }
  return out;
}

}  // namespace thidua::detail
