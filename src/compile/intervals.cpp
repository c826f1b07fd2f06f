#include "src/compile/intervals.hpp"

#include <algorithm>

namespace thidua::detail {

bool operator==(const Endpoint& a, const Endpoint& b) { return a.inclusive == b.inclusive && a.value == b.value; }
bool operator==(const Interval& a, const Interval& b) { return a.low == b.low && a.high == b.high; }

bool Interval::contains(const Number& value) const {
  if (low) {
    const int c = compare(value, low->value);
    if (c < 0 || (c == 0 && !low->inclusive)) return false;
  }
  if (high) {
    const int c = compare(value, high->value);
    if (c > 0 || (c == 0 && !high->inclusive)) return false;
  }
  return true;
}

bool Interval::empty() const {
  if (!low || !high) return false;
  const int c = compare(low->value, high->value);
  return c > 0 || (c == 0 && !(low->inclusive && high->inclusive));
}

Interval Interval::intersect(const Interval& other) const {
  Interval result = *this;
  if (other.low && (!result.low || compare(other.low->value, result.low->value) > 0 ||
                    (other.low->value == result.low->value && !other.low->inclusive)))
    result.low = other.low;
  if (other.high && (!result.high || compare(other.high->value, result.high->value) < 0 ||
                     (other.high->value == result.high->value && !other.high->inclusive)))
    result.high = other.high;
  return result;
}

namespace {

// The number line cut at every endpoint of the rows and the domain: each endpoint value is a
// piece of its own, and so is each open stretch between two of them (and the two unbounded
// ends). Each piece lies wholly inside or wholly outside every interval built from those
// endpoints, so the rows can be compared piece by piece.
std::vector<Interval> pieces(std::span<const Interval> rows, const Interval& domain) {
  std::vector<Number> cuts;
  auto add = [&](const Interval& i) {
    if (i.low) cuts.push_back(i.low->value);
    if (i.high) cuts.push_back(i.high->value);
  };
  add(domain);
  for (const auto& row : rows) add(row);
  std::sort(cuts.begin(), cuts.end(), [](const Number& a, const Number& b) { return compare(a, b) < 0; });
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());

  std::vector<Interval> result;
  std::optional<Endpoint> previous;  // the open stretch's low end
  for (const auto& cut : cuts) {
    result.push_back({previous, Endpoint{cut, false}});
    result.push_back(Interval::exactly(cut));
    previous = Endpoint{cut, false};
  }
  result.push_back({previous, std::nullopt});
  return result;
}

// A value of the piece that stands for all of it: the point itself, or one strictly inside.
Number sample(const Interval& piece) {
  if (piece.low && piece.high) return (piece.low->value + piece.high->value) / 2;
  if (piece.low) return piece.low->value + 1;
  if (piece.high) return piece.high->value - 1;
  return 0;
}

bool has_integer(const Interval& piece) {
  if (!piece.low || !piece.high) return true;
  if (piece.low->inclusive) return is_integer(piece.low->value);  // a point
  const Number next = floor(piece.low->value) + 1;               // the first integer above low
  return compare(next, piece.high->value) < 0;
}

}  // namespace

RowsAnalysis analyse_rows(std::span<const Interval> rows, const Interval& domain, bool integers) {
  RowsAnalysis analysis;
  const auto all = pieces(rows, domain);

  // Which rows contain each piece that matters (in the domain, and with an integer if only
  // integers count).
  std::vector<std::vector<std::size_t>> holders(all.size());
  std::vector<bool> matters(all.size());
  for (std::size_t p = 0; p < all.size(); ++p) {
    const Number value = sample(all[p]);
    matters[p] = domain.contains(value) && (!integers || has_integer(all[p]));
    if (!matters[p]) continue;
    for (std::size_t r = 0; r < rows.size(); ++r)
      if (rows[r].contains(value)) holders[p].push_back(r);
  }

  // A row is reachable when it is the first holder of some piece.
  std::vector<bool> reachable(rows.size());
  for (std::size_t p = 0; p < all.size(); ++p)
    if (!holders[p].empty()) reachable[holders[p].front()] = true;
  for (std::size_t r = 0; r < rows.size(); ++r)
    if (!reachable[r]) analysis.unreachable.push_back(r);

  for (std::size_t p = 0; p < all.size(); ++p)
    for (std::size_t i = 0; i < holders[p].size(); ++i)
      for (std::size_t j = i + 1; j < holders[p].size(); ++j)
        analysis.overlaps.emplace_back(holders[p][i], holders[p][j]);
  std::sort(analysis.overlaps.begin(), analysis.overlaps.end());
  analysis.overlaps.erase(std::unique(analysis.overlaps.begin(), analysis.overlaps.end()), analysis.overlaps.end());

  // Gaps: runs of uncovered pieces; a piece that does not matter neither starts nor ends one,
  // so that for integers the points 3 and 4 make one gap "from 3 to 4".
  std::optional<Interval> gap;
  auto close = [&] {
    if (gap && integers) {  // say "from 2 to 4", not "above 1 to under 5"
      if (gap->low) gap->low = Endpoint{gap->low->inclusive ? ceil(gap->low->value) : floor(gap->low->value) + 1, true};
      if (gap->high) gap->high = Endpoint{gap->high->inclusive ? floor(gap->high->value) : ceil(gap->high->value) - 1, true};
    }
    if (gap) analysis.gaps.push_back(*gap);
    gap.reset();
  };
  for (std::size_t p = 0; p < all.size(); ++p) {
    if (!matters[p]) {
      if (!domain.contains(sample(all[p]))) close();
      continue;
    }
    if (!holders[p].empty()) {
      close();
    } else if (gap) {
      gap->high = all[p].high;
    } else {
      gap = all[p];
    }
  }
  close();
  return analysis;
}

Message describe(const Interval& interval) {
  const auto& low = interval.low;
  const auto& high = interval.high;
  if (!low && !high) return {"every value", "mọi giá trị"};
  if (low && high && low->value == high->value && low->inclusive && high->inclusive) {
    const auto v = to_string(low->value);
    return {"exactly " + v, "đúng " + v};
  }
  if (!high) {
    const auto v = to_string(low->value);
    return low->inclusive ? Message{v + " and above", "từ " + v + " trở lên"} : Message{"above " + v, "trên " + v};
  }
  const auto h = to_string(high->value);
  if (!low) return high->inclusive ? Message{"up to " + h, "từ " + h + " trở xuống"} : Message{"under " + h, "dưới " + h};
  const auto l = to_string(low->value);
  const Message from = low->inclusive ? Message{"from " + l, "từ " + l} : Message{"above " + l, "trên " + l};
  const Message to = high->inclusive ? Message{" to " + h, " đến " + h} : Message{" to under " + h, " đến dưới " + h};
  return from + to;
}

}  // namespace thidua::detail
