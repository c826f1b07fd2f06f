#include "src/select/select.hpp"

namespace thidua::detail {

Selection select_top(const Ranked& ranked, std::optional<std::size_t> cap) {
  Selection out;
  const std::size_t n = ranked.size;
  const std::size_t take = cap ? std::min(*cap, n) : n;
  out.selected.assign(n, 0);
  for (std::size_t i = 0; i < take; ++i) out.selected[i] = 1;
  // A tie straddles the cut when the last one in and the first one out are equal.
  if (take > 0 && take < n && ranked.tie_class[take - 1] == ranked.tie_class[take]) {
    const auto cls = ranked.tie_class[take - 1];
    CutTie tie;
    std::size_t first = take - 1;
    while (first > 0 && ranked.tie_class[first - 1] == cls) --first;
    for (std::size_t i = first; i < n && ranked.tie_class[i] == cls; ++i) {
      tie.members.push_back(i);
      if (i < take) tie.selected.push_back(i);
    }
    out.ties.push_back(std::move(tie));
  }
  return out;
}

}  // namespace thidua::detail
