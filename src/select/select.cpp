#include "src/select/select.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <span>
#include <unordered_map>
#include <utility>

namespace thidua::detail {

namespace {

constexpr std::int64_t infinite = std::numeric_limits<std::int64_t>::max() / 4;

// Division rounding down and up, for either sign of the dividend (the divisor is positive).
std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && (a < 0)); }
std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return a / b + ((a % b != 0) && (a > 0)); }

// A nested (laminar) family of quotas as a forest: each set's parent is the smallest set of
// the family that contains it.
struct Family {
  std::vector<std::size_t> quotas;   // quota indices, larger sets first
  std::vector<std::int32_t> parent;  // by set: index into `quotas`, -1 at the top
  std::vector<std::int32_t> leaf;    // by candidate: the smallest set containing it, -1 if none

  explicit Family(std::size_t n) : leaf(n, -1) {}

  // Adds the quota when it nests with every set already in the family. Sets come largest
  // first, so a set nests exactly when all its members have the same smallest set so far.
  bool try_add(std::size_t q, const std::vector<std::uint32_t>& members) {
    const std::int32_t owner = members.empty() ? -1 : leaf[members[0]];
    for (const auto m : members)
      if (leaf[m] != owner) return false;
    const auto index = static_cast<std::int32_t>(quotas.size());
    quotas.push_back(q);
    parent.push_back(owner);
    for (const auto m : members) leaf[m] = index;
    return true;
  }
};

class Selector {
 public:
  explicit Selector(const SelectionProblem& problem) : p_(problem), n_(problem.size) {
    const std::size_t q_count = p_.quotas.size();
    hi_.resize(q_count);
    lo_.resize(q_count);
    taken_.assign(q_count, 0);
    out_.selected.assign(n_, 0);
    out_.stopped_by.assign(n_, -1);
    out_.reserved_for.assign(n_, -1);
    for (std::size_t q = 0; q < q_count; ++q) {
      const auto& quota = p_.quotas[q];
      const auto size = static_cast<std::int64_t>(quota.members.size());
      hi_[q] = quota.at_most == unlimited ? size : std::min<std::int64_t>(size, static_cast<std::int64_t>(quota.at_most));
      lo_[q] = static_cast<std::int64_t>(std::min<std::size_t>(quota.at_least, quota.members.size() + 1));
      if (lo_[q] > hi_[q]) out_.unmet.push_back(q);
      if (lo_[q] > 0 || hi_[q] < size) active_.push_back(q);
      if (lo_[q] > 0) lower_bounds_.push_back(q);
    }
    // Which quotas hold each candidate (compressed rows, quota order).
    of_offsets_.assign(n_ + 1, 0);
    for (const auto q : active_)
      for (const auto m : p_.quotas[q].members) ++of_offsets_[m + 1];
    std::partial_sum(of_offsets_.begin(), of_offsets_.end(), of_offsets_.begin());
    of_.resize(of_offsets_[n_]);
    auto fill = of_offsets_;
    for (const auto q : active_)
      for (const auto m : p_.quotas[q].members) of_[fill[m]++] = static_cast<std::uint32_t>(q);
    // A share s is the linear condition sum of weights <= 0 (>= 0 for at least) over the
    // selected: denominator - numerator for each member, -numerator for the rest of the base.
    weights_.resize(n_);
    for (std::size_t s = 0; s < p_.shares.size(); ++s) {
      const auto& share = p_.shares[s];
      std::vector<std::uint8_t> in_members(n_, 0);
      for (const auto m : share.members) in_members[m] = 1;
      for (const auto b : share.base)
        weights_[b].push_back({static_cast<std::uint32_t>(s), in_members[b] ? share.denominator - share.numerator : -share.numerator});
    }
  }

  Selection run() {
    if (!out_.unmet.empty()) return infeasible();
    // Two nested families take the quotas, largest sets first; what fits neither is `rest`.
    std::vector<std::size_t> by_size = active_;
    std::stable_sort(by_size.begin(), by_size.end(), [&](std::size_t x, std::size_t y) {
      return p_.quotas[x].members.size() > p_.quotas[y].members.size();
    });
    Family a(n_), b(n_);
    std::vector<std::size_t> rest;
    for (const auto q : by_size)
      if (!a.try_add(q, p_.quotas[q].members) && !b.try_add(q, p_.quotas[q].members)) rest.push_back(q);
    const bool lower_bounds = std::any_of(active_.begin(), active_.end(), [&](std::size_t q) { return lo_[q] > 0; });
    if (!p_.shares.empty()) search();
    else if (!lower_bounds) greedy();
    else if (rest.empty()) flow(a, b);
    else search();
    if (!out_.feasible) return infeasible();
    report_ties();
    return std::move(out_);
  }

 private:
  const SelectionProblem& p_;
  const std::size_t n_;
  std::vector<std::int64_t> hi_, lo_, taken_;
  std::vector<std::size_t> active_;
  std::vector<std::size_t> lower_bounds_;             // active quotas with a lower bound
  std::vector<std::vector<std::uint32_t>> touches_;  // by lower bound: the quotas it shares candidates with
  std::vector<std::uint32_t> of_offsets_, of_;
  struct Weight {
    std::uint32_t share;
    std::int64_t weight;
  };
  std::vector<std::vector<Weight>> weights_;  // by candidate: its weight in each share of its base
  Selection out_;

  // Whether quota (or share) q counts candidate i against it when i is refused.
  bool held_by(std::size_t q, std::size_t i) const {
    if (q < p_.quotas.size()) {
      const auto holders = quotas_of(i);
      return std::find(holders.begin(), holders.end(), static_cast<std::uint32_t>(q)) != holders.end();
    }
    return std::any_of(weights_[i].begin(), weights_[i].end(),
                       [&](const Weight& w) { return w.share == q - p_.quotas.size() && pushes_past(w); });
  }
  // Taking a candidate of this weight moves the share towards its limit.
  bool pushes_past(const Weight& w) const { return p_.shares[w.share].at_least ? w.weight < 0 : w.weight > 0; }

  std::span<const std::uint32_t> quotas_of(std::size_t i) const {
    return std::span<const std::uint32_t>(of_).subspan(of_offsets_[i], of_offsets_[i + 1] - of_offsets_[i]);
  }

  Selection infeasible() {
    out_.feasible = false;
    std::fill(out_.selected.begin(), out_.selected.end(), 0);
    std::fill(out_.stopped_by.begin(), out_.stopped_by.end(), -1);
    std::fill(out_.reserved_for.begin(), out_.reserved_for.end(), -1);
    out_.ties.clear();
    return std::move(out_);
  }

  void take(std::size_t i) {
    out_.selected[i] = 1;
    for (const auto q : quotas_of(i)) ++taken_[q];
  }

  // The quota to name for a candidate kept out: the largest one already full; else the one
  // with the least room, whose last places are kept for a lower bound elsewhere.
  void explain_refusal(std::size_t i) {
    std::int64_t best_room = infinite;
    std::int32_t fullest = -1;
    for (const auto q : quotas_of(i)) {
      if (p_.quotas[q].at_most == unlimited) continue;
      const std::int64_t room = hi_[q] - taken_[q];
      const auto size = p_.quotas[q].members.size();
      if (room < best_room || (room == best_room && size > p_.quotas[static_cast<std::size_t>(fullest)].members.size())) {
        best_room = room;
        fullest = static_cast<std::int32_t>(q);
      }
    }
    out_.stopped_by[i] = fullest;
    if (fullest >= 0 && best_room <= 0) return;
    // No count is full: a share it would push past its limit is the reason.
    for (const auto& w : weights_[i])
      if (pushes_past(w)) {
        out_.stopped_by[i] = static_cast<std::int32_t>(p_.quotas.size() + w.share);
        return;
      }
    if (fullest < 0) return;
    // The unmet lower bound to name: one not holding this candidate, preferably one that
    // shares candidates with the quota named (its places are the ones being kept).
    if (touches_.empty()) {
      touches_.resize(lower_bounds_.size());
      for (std::size_t b = 0; b < lower_bounds_.size(); ++b) {
        for (const auto m : p_.quotas[lower_bounds_[b]].members)
          for (const auto q : quotas_of(m)) touches_[b].push_back(q);
        std::sort(touches_[b].begin(), touches_[b].end());
        touches_[b].erase(std::unique(touches_[b].begin(), touches_[b].end()), touches_[b].end());
      }
    }
    const auto mine = quotas_of(i);
    std::int32_t fallback = -1;
    for (std::size_t b = 0; b < lower_bounds_.size(); ++b) {
      const auto r = lower_bounds_[b];
      if (taken_[r] >= lo_[r] || std::find(mine.begin(), mine.end(), r) != mine.end()) continue;
      if (std::binary_search(touches_[b].begin(), touches_[b].end(), static_cast<std::uint32_t>(fullest))) {
        out_.reserved_for[i] = static_cast<std::int32_t>(r);
        return;
      }
      if (fallback < 0) fallback = static_cast<std::int32_t>(r);
    }
    out_.reserved_for[i] = fallback;
  }

  // Caps only, any overlap: every subset of a selection meeting only caps meets them too, so
  // the choices so far (S) plus a candidate can be completed exactly when S plus the candidate
  // itself meets every cap. Taking in rank order while every quota holding the candidate has
  // room is therefore the lexicographically best selection, laminar or not.
  void greedy() {
    out_.method = Method::greedy;
    for (std::size_t i = 0; i < n_; ++i) {
      // The widest full quota is named, as the broadest reason (the first such in quota order).
      std::int32_t full = -1;
      for (const auto q : quotas_of(i))
        if (taken_[q] >= hi_[q] &&
            (full < 0 || p_.quotas[q].members.size() > p_.quotas[static_cast<std::size_t>(full)].members.size()))
          full = static_cast<std::int32_t>(q);
      if (full >= 0) out_.stopped_by[i] = full;
      else take(i);
    }
  }

  // ---- flow: quotas in two nested families ----
  //
  // Family A is a tree of sets hanging from a source root, family B one hanging into a sink
  // root; a candidate is a unit of flow from its smallest A set to its smallest B set, each set
  // edge carrying its quota's bounds, and a return edge closing the circulation. Selections
  // meeting every quota are exactly the integral feasible circulations (the network matrix is
  // totally unimodular). Candidates with the same two smallest sets are interchangeable, so
  // they share one edge whose bounds are [selected so far, selected + undecided].
  struct Edge {
    std::int32_t from, to;
    std::int64_t lo, hi, flow;
  };
  std::vector<Edge> edges_;
  std::vector<std::vector<std::int32_t>> adjacent_;  // by node: edge indices touching it

  std::int32_t add_edge(std::int32_t from, std::int32_t to, std::int64_t lo, std::int64_t hi) {
    edges_.push_back({from, to, lo, hi, lo});
    const auto e = static_cast<std::int32_t>(edges_.size() - 1);
    adjacent_[static_cast<std::size_t>(from)].push_back(e);
    adjacent_[static_cast<std::size_t>(to)].push_back(e);
    return e;
  }

  // A path in the residual network from any node with `start` set to one for which
  // `is_target` holds, as (edge, forward) steps; empty when there is none.
  template <class Target>
  std::vector<std::pair<std::int32_t, bool>> residual_path(const std::vector<std::int32_t>& starts, Target is_target,
                                                           std::int32_t* reached) {
    const std::size_t nodes = adjacent_.size();
    std::vector<std::int32_t> via(nodes, -2);  // -2 unvisited, -1 a start, else the edge used
    std::vector<std::uint8_t> via_forward(nodes, 0);
    std::vector<std::int32_t> queue;
    for (const auto s : starts) {
      via[static_cast<std::size_t>(s)] = -1;
      queue.push_back(s);
    }
    for (std::size_t head = 0; head < queue.size(); ++head) {
      const auto v = queue[head];
      if (is_target(v)) {
        *reached = v;
        std::vector<std::pair<std::int32_t, bool>> path;
        for (auto u = v; via[static_cast<std::size_t>(u)] >= 0;) {
          const auto e = via[static_cast<std::size_t>(u)];
          const bool forward = via_forward[static_cast<std::size_t>(u)];
          path.emplace_back(e, forward);
          u = forward ? edges_[static_cast<std::size_t>(e)].from : edges_[static_cast<std::size_t>(e)].to;
        }
        std::reverse(path.begin(), path.end());
        return path;
      }
      for (const auto e : adjacent_[static_cast<std::size_t>(v)]) {
        const auto& edge = edges_[static_cast<std::size_t>(e)];
        if (edge.from == v && edge.flow < edge.hi && via[static_cast<std::size_t>(edge.to)] == -2) {
          via[static_cast<std::size_t>(edge.to)] = e;
          via_forward[static_cast<std::size_t>(edge.to)] = 1;
          queue.push_back(edge.to);
        } else if (edge.to == v && edge.flow > edge.lo && via[static_cast<std::size_t>(edge.from)] == -2) {
          via[static_cast<std::size_t>(edge.from)] = e;
          via_forward[static_cast<std::size_t>(edge.from)] = 0;
          queue.push_back(edge.from);
        }
      }
    }
    return {};
  }

  std::int64_t bottleneck(const std::vector<std::pair<std::int32_t, bool>>& path) const {
    std::int64_t amount = infinite;
    for (const auto& [e, forward] : path) {
      const auto& edge = edges_[static_cast<std::size_t>(e)];
      amount = std::min(amount, forward ? edge.hi - edge.flow : edge.flow - edge.lo);
    }
    return amount;
  }

  void push(const std::vector<std::pair<std::int32_t, bool>>& path, std::int64_t amount) {
    for (const auto& [e, forward] : path) edges_[static_cast<std::size_t>(e)].flow += forward ? amount : -amount;
  }

  void flow(const Family& a, const Family& b) {
    out_.method = Method::flow;
    const auto a_root = 0;
    const auto a_node = [](std::int32_t s) { return s + 1; };
    const auto b_root = static_cast<std::int32_t>(a.quotas.size() + 1);
    const auto b_node = [b_root](std::int32_t s) { return b_root + 1 + s; };
    adjacent_.resize(a.quotas.size() + b.quotas.size() + 2);
    for (std::size_t s = 0; s < a.quotas.size(); ++s) {
      const auto q = a.quotas[s];
      add_edge(a.parent[s] < 0 ? a_root : a_node(a.parent[s]), a_node(static_cast<std::int32_t>(s)), lo_[q], hi_[q]);
    }
    for (std::size_t s = 0; s < b.quotas.size(); ++s) {
      const auto q = b.quotas[s];
      add_edge(b_node(static_cast<std::int32_t>(s)), b.parent[s] < 0 ? b_root : b_node(b.parent[s]), lo_[q], hi_[q]);
    }
    add_edge(b_root, a_root, 0, infinite);
    // One edge per pair of smallest sets.
    std::unordered_map<std::int64_t, std::int32_t> edge_of_pair;
    std::vector<std::int32_t> edge_of(n_);
    const auto nodes = static_cast<std::int64_t>(adjacent_.size());
    for (std::size_t i = 0; i < n_; ++i) {
      const auto from = a.leaf[i] < 0 ? a_root : a_node(a.leaf[i]);
      const auto to = b.leaf[i] < 0 ? b_root : b_node(b.leaf[i]);
      auto [it, added] = edge_of_pair.try_emplace(std::int64_t{from} * nodes + to, 0);
      if (added) it->second = add_edge(from, to, 0, 0);
      ++edges_[static_cast<std::size_t>(it->second)].hi;
      edge_of[i] = it->second;
    }
    if (!initial_circulation()) {
      out_.feasible = false;
      return;
    }
    // In rank order: take the candidate when some feasible circulation, keeping every choice
    // made so far, sends a unit along its edge. Either the current one already does beyond the
    // places taken, or a residual cycle through the edge exists (the difference of two feasible
    // circulations is a sum of such cycles), or none ever will again.
    std::vector<std::uint8_t> blocked(edges_.size(), 0);
    for (std::size_t i = 0; i < n_; ++i) {
      const auto e = edge_of[i];
      auto& edge = edges_[static_cast<std::size_t>(e)];
      bool can = !blocked[static_cast<std::size_t>(e)] && edge.flow > edge.lo;
      if (!can && !blocked[static_cast<std::size_t>(e)]) {
        std::int32_t reached = -1;
        const auto from = edge.from;
        auto path = residual_path({edge.to}, [from](std::int32_t v) { return v == from; }, &reached);
        if (!path.empty()) {
          path.emplace_back(e, true);
          push(path, bottleneck(path));
          can = true;
        } else {
          blocked[static_cast<std::size_t>(e)] = 1;
          edge.hi = edge.lo;  // no feasible selection takes another of this pair
        }
      }
      if (can) {
        ++edge.lo;
        take(i);
      } else {
        explain_refusal(i);
      }
    }
  }

  // Starts from every edge at its lower bound and moves the surplus of each node to nodes
  // short of flow along residual paths (a max-flow from surpluses to shortfalls); feasible
  // exactly when every surplus can be moved. Otherwise names the lower bounds left unmet.
  bool initial_circulation() {
    std::vector<std::int64_t> surplus(adjacent_.size(), 0);
    for (const auto& edge : edges_) {
      surplus[static_cast<std::size_t>(edge.to)] += edge.flow;
      surplus[static_cast<std::size_t>(edge.from)] -= edge.flow;
    }
    for (;;) {
      std::vector<std::int32_t> starts;
      for (std::size_t v = 0; v < surplus.size(); ++v)
        if (surplus[v] > 0) starts.push_back(static_cast<std::int32_t>(v));
      if (starts.empty()) return true;
      std::int32_t reached = -1;
      const auto path = residual_path(starts, [&](std::int32_t v) { return surplus[static_cast<std::size_t>(v)] < 0; }, &reached);
      if (path.empty()) break;
      const auto& step = edges_[static_cast<std::size_t>(path[0].first)];
      const auto start = path[0].second ? step.from : step.to;
      const auto amount = std::min({bottleneck(path), surplus[static_cast<std::size_t>(start)], -surplus[static_cast<std::size_t>(reached)]});
      push(path, amount);
      surplus[static_cast<std::size_t>(start)] -= amount;
      surplus[static_cast<std::size_t>(reached)] += amount;
    }
    unmet_lower_bounds();
    return false;
  }

  // ---- search: any quotas ----
  //
  // Candidates holding the same quotas are interchangeable, so the search chooses how many
  // of each such class to take. A witness (a selection meeting every quota, consistent with
  // the choices so far) answers most questions at once; only when it refuses a candidate is
  // a new witness taking it searched for, depth first, with each quota's reachable range
  // narrowing every class's choices.
  struct Class {
    std::vector<std::uint32_t> quotas;
    std::vector<Weight> weights;  // in the shares
    std::int64_t chosen = 0;     // taken so far
    std::int64_t undecided = 0;  // members not yet decided
    std::int64_t witness = 0;    // taken in the witness, from `chosen` on
    bool blocked = false;
  };
  std::vector<Class> classes_;
  std::vector<std::size_t> order_;  // the order in which the search fixes classes

  // Finds counts for every class within [chosen + (c == forced), chosen + undecided] that
  // meet every quota; writes them to the witness. Spends the work budget.
  enum class Found { yes, no, out_of_budget };
  Found find_witness(std::int64_t forced, std::size_t& budget) {
    const std::size_t k = classes_.size();
    std::vector<std::int64_t> lo(k), hi(k);
    for (std::size_t c = 0; c < k; ++c) {
      lo[c] = classes_[c].chosen + (static_cast<std::int64_t>(c) == forced ? 1 : 0);
      hi[c] = classes_[c].chosen + classes_[c].undecided;
      if (lo[c] > hi[c]) return Found::no;
    }
    // With shares, the forced class is fixed first, taking as many as fit: its quotas' ranges
    // then bound every other class at once, and its next candidates need no search of their own.
    const bool lead = forced >= 0 && !p_.shares.empty();
    std::vector<std::size_t> forced_first;
    if (lead) {
      forced_first.push_back(static_cast<std::size_t>(forced));
      for (const auto c : order_)
        if (static_cast<std::int64_t>(c) != forced) forced_first.push_back(c);
    }
    const auto& order = lead ? forced_first : order_;
    // Per quota: the least and most it can still reach given the classes' ranges.
    std::vector<std::int64_t> least(hi_.size(), 0), most(hi_.size(), 0);
    for (std::size_t c = 0; c < k; ++c)
      for (const auto q : classes_[c].quotas) {
        least[q] += lo[c];
        most[q] += hi[c];
      }
    for (const auto q : active_)
      if (least[q] > hi_[q] || most[q] < lo_[q]) return Found::no;
    // Per share: the least and most its weighted sum can still reach.
    const auto& shares = p_.shares;
    std::vector<std::int64_t> share_least(shares.size(), 0), share_most(shares.size(), 0);
    for (std::size_t c = 0; c < k; ++c)
      for (const auto& w : classes_[c].weights) {
        share_least[w.share] += std::min(w.weight * lo[c], w.weight * hi[c]);
        share_most[w.share] += std::max(w.weight * lo[c], w.weight * hi[c]);
      }
    for (std::size_t s = 0; s < shares.size(); ++s)
      if (shares[s].at_least ? share_most[s] < 0 : share_least[s] > 0) return Found::no;
    // Depth first over classes; at each, the values its quotas still allow, the witness's first.
    std::vector<std::int64_t> value(k), first(k), low(k), high(k);
    std::vector<std::int32_t> tried(k, 0);
    auto range_of = [&](std::size_t c) {
      std::int64_t l = lo[c], h = hi[c];
      for (const auto q : classes_[c].quotas) {
        h = std::min(h, lo[c] + hi_[q] - least[q]);
        l = std::max(l, hi[c] - (most[q] - lo_[q]));
      }
      for (const auto& w : classes_[c].weights) {
        if (w.weight == 0) continue;
        const auto a = w.weight;
        if (!shares[w.share].at_least) {  // the rest at its least, plus a * v, must stay <= 0
          const auto rest = share_least[w.share] - std::min(a * lo[c], a * hi[c]);
          if (a > 0) h = std::min(h, floor_div(-rest, a));
          else l = std::max(l, ceil_div(rest, -a));
        } else {  // the rest at its most, plus a * v, must stay >= 0
          const auto rest = share_most[w.share] - std::max(a * lo[c], a * hi[c]);
          if (a > 0) l = std::max(l, ceil_div(-rest, a));
          else h = std::min(h, floor_div(rest, -a));
        }
      }
      low[c] = l;
      high[c] = h;
      const auto target = lead && static_cast<std::int64_t>(c) == forced ? h : classes_[c].witness;
      first[c] = std::clamp(target, l, std::max(l, h));
      tried[c] = 0;
    };
    auto assign = [&](std::size_t c, std::int64_t v, int sign) {
      for (const auto q : classes_[c].quotas) {
        least[q] += sign * (v - lo[c]);
        most[q] += sign * (v - hi[c]);
      }
      for (const auto& w : classes_[c].weights) {
        share_least[w.share] += sign * (w.weight * v - std::min(w.weight * lo[c], w.weight * hi[c]));
        share_most[w.share] += sign * (w.weight * v - std::max(w.weight * lo[c], w.weight * hi[c]));
      }
    };
    // Classes in search order (those a lower bound counts first): depth d is class order[d].
    std::size_t d = 0;
    if (k > 0) range_of(order[0]);
    while (d < k) {
      if (budget == 0) return Found::out_of_budget;
      --budget;
      const std::size_t c = order[d];
      // The tried-th value: first, then alternately above and below it.
      const std::int64_t span = high[c] - low[c] + 1;
      std::int64_t v = 0;
      bool have = false;
      while (tried[c] < 2 * (span + 1) && !have) {
        const std::int32_t t = tried[c]++;
        v = first[c] + (t % 2 == 0 ? t / 2 : -(t / 2 + 1));
        have = v >= low[c] && v <= high[c];
      }
      if (!have) {
        if (d == 0) return Found::no;
        --d;
        assign(order[d], value[order[d]], -1);
        continue;
      }
      value[c] = v;
      assign(c, v, +1);
      ++d;
      if (d < k) range_of(order[d]);
    }
    for (std::size_t x = 0; x < k; ++x) classes_[x].witness = value[x];
    return Found::yes;
  }

  void search() {
    out_.method = Method::search;
    // Candidates are interchangeable when they hold the same quotas and weigh the same in
    // every share; the key lists the quotas, then each share with its weight.
    std::map<std::vector<std::int64_t>, std::uint32_t> class_index;
    std::vector<std::uint32_t> class_of(n_);
    for (std::size_t i = 0; i < n_; ++i) {
      const auto quotas = quotas_of(i);
      std::vector<std::int64_t> key(quotas.begin(), quotas.end());
      key.push_back(-1);
      for (const auto& w : weights_[i]) key.insert(key.end(), {static_cast<std::int64_t>(w.share), w.weight});
      auto [it, added] = class_index.try_emplace(std::move(key), static_cast<std::uint32_t>(classes_.size()));
      if (added) classes_.push_back({std::vector<std::uint32_t>(quotas.begin(), quotas.end()), weights_[i], 0, 0, 0, false});
      ++classes_[it->second].undecided;
      class_of[i] = it->second;
    }
    // Lower bounds are the hard part: their classes are fixed first, and the first witness
    // tries to take all it can of them (their quotas' ranges trim that to what fits).
    for (std::size_t c = 0; c < classes_.size(); ++c) {
      const auto& quotas = classes_[c].quotas;
      // With shares, every class: a witness that takes little leaves most candidates to a
      // search of their own, one that takes all it can answers for most of them.
      if (!p_.shares.empty() || std::any_of(quotas.begin(), quotas.end(), [&](std::uint32_t q) { return lo_[q] > 0; }))
        classes_[c].witness = classes_[c].undecided;
    }
    order_.resize(classes_.size());
    std::iota(order_.begin(), order_.end(), 0);
    std::stable_partition(order_.begin(), order_.end(), [&](std::size_t c) { return classes_[c].witness > 0; });
    // Then, with shares, the classes that only ever help them first (those a share counts
    // against last), so that taking all it can of the first ones leaves room for the rest.
    if (!p_.shares.empty())
      std::stable_partition(order_.begin(), order_.end(), [&](std::size_t c) {
        return std::none_of(classes_[c].weights.begin(), classes_[c].weights.end(), [&](const Weight& w) { return pushes_past(w); });
      });
    std::size_t budget = p_.work_budget;
    switch (find_witness(-1, budget)) {
      case Found::yes: break;
      case Found::no: unmet_lower_bounds(); out_.feasible = false; return;
      case Found::out_of_budget: out_.proven = false; out_.feasible = false; return;
    }
    for (std::size_t i = 0; i < n_; ++i) {
      auto& cls = classes_[class_of[i]];
      bool can = !cls.blocked && cls.witness > cls.chosen;
      if (!can && !cls.blocked) {
        const bool full = std::any_of(cls.quotas.begin(), cls.quotas.end(), [&](std::uint32_t q) { return taken_[q] >= hi_[q]; });
        const auto found = full ? Found::no : find_witness(class_of[i], budget);
        if (found == Found::yes) can = true;
        else if (found == Found::no) cls.blocked = true;
        else out_.proven = false;  // the witness, which refuses it, stands
      }
      --cls.undecided;
      if (can) {
        ++cls.chosen;
        take(i);
      } else {
        if (cls.witness > cls.chosen + cls.undecided) cls.witness = cls.chosen + cls.undecided;
        explain_refusal(i);
      }
    }
  }

  void unmet_lower_bounds() {
    for (const auto q : active_)
      if (lo_[q] > 0) out_.unmet.push_back(q);
  }

  // A tie straddles a cut when a candidate kept out by a quota equals, on every key, one of
  // the same quota that was selected. One report per tie class and quota.
  void report_ties() {
    if (p_.tie_class.empty()) return;
    const auto& tie = p_.tie_class;
    std::map<std::pair<std::uint32_t, std::int32_t>, bool> reported;
    for (std::size_t i = 0; i < n_; ++i) {
      const auto q = out_.stopped_by[i];
      if (out_.selected[i] || q < 0 || reported.count({tie[i], q})) continue;
      reported[{tie[i], q}] = true;
      std::size_t first = i, last = i + 1;
      while (first > 0 && tie[first - 1] == tie[i]) --first;
      while (last < n_ && tie[last] == tie[i]) ++last;
      CutTie cut;
      cut.quota = static_cast<std::size_t>(q);
      for (std::size_t k = first; k < last; ++k) {
        if (!held_by(static_cast<std::size_t>(q), k)) continue;
        cut.members.push_back(k);
        if (out_.selected[k]) cut.selected.push_back(k);
      }
      if (!cut.selected.empty()) out_.ties.push_back(std::move(cut));
    }
  }
};

}  // namespace

Selection select(const SelectionProblem& problem) { return Selector(problem).run(); }

}  // namespace thidua::detail
