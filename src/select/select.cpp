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
    if (!p_.shares.empty()) weights_.resize(n_);  // else none: a million empty vectors cost
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
    assign_families(by_size, nullptr, a, b, rest);
    const bool lower_bounds = std::any_of(active_.begin(), active_.end(), [&](std::size_t q) { return lo_[q] > 0; });
    if (p_.shares.size() == 1 && rest.empty()) min_cost_flow(a, b, -1);
    else if (!p_.shares.empty()) search();
    else if (!lower_bounds) greedy();
    else if (rest.empty()) flow(a, b);
    else {
      // One quota left over, or one whose removal lets the others fit (a cross-cutting quota
      // taken first by size can push a whole family out): the side condition of a min-cost
      // flow when it has a single bound. Only the largest quotas are tried: cross-cutting
      // ones are large, and each try reads every member.
      const auto one_sided = [&](std::size_t q) { return lo_[q] == 0 || hi_[q] >= static_cast<std::int64_t>(p_.quotas[q].members.size()); };
      std::int64_t side = rest.size() == 1 && one_sided(rest[0]) ? static_cast<std::int64_t>(rest[0]) : -1;
      for (std::size_t k = 0; side < 0 && k < std::min<std::size_t>(by_size.size(), 8); ++k) {
        const auto q = by_size[k];
        if (!one_sided(q)) continue;
        Family a2(n_), b2(n_);
        std::vector<std::size_t> rest2;
        assign_families(by_size, &q, a2, b2, rest2);
        if (!rest2.empty()) continue;
        a = std::move(a2);
        b = std::move(b2);
        side = static_cast<std::int64_t>(q);
      }
      if (side >= 0) min_cost_flow(a, b, side);
      else search();
    }
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
  std::span<const Weight> weights_of(std::size_t i) const {
    return weights_.empty() ? std::span<const Weight>() : std::span<const Weight>(weights_[i]);
  }
  Selection out_;

  // Puts the quotas (largest first) into two nested families where they fit, the rest aside.
  void assign_families(const std::vector<std::size_t>& by_size, const std::size_t* skip, Family& a, Family& b,
                       std::vector<std::size_t>& rest) const {
    for (const auto q : by_size)
      if ((skip == nullptr || q != *skip) && !a.try_add(q, p_.quotas[q].members) && !b.try_add(q, p_.quotas[q].members))
        rest.push_back(q);
  }

  // Whether quota (or share) q counts candidate i against it when i is refused.
  bool held_by(std::size_t q, std::size_t i) const {
    if (q < p_.quotas.size()) {
      const auto holders = quotas_of(i);
      return std::find(holders.begin(), holders.end(), static_cast<std::uint32_t>(q)) != holders.end();
    }
    const auto weights = weights_of(i);
    return std::any_of(weights.begin(), weights.end(),
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
    for (const auto& w : weights_of(i))
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
    std::int64_t cost = 0;  // only in min_cost_flow: the weight in the side condition
  };
  std::vector<Edge> edges_;
  std::vector<std::vector<std::int32_t>> adjacent_;  // by node: edge indices touching it

  std::int32_t add_edge(std::int32_t from, std::int32_t to, std::int64_t lo, std::int64_t hi, std::int64_t cost = 0) {
    edges_.push_back({from, to, lo, hi, lo, cost});
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

  // The sets of the two families as nodes: the A root (0) and A's sets, then the B root and
  // B's sets; each set's edge carries its quota's bounds, and the B root returns to the A root.
  struct SetNodes {
    std::int32_t b_root;
    std::int32_t a(std::int32_t set) const { return set < 0 ? 0 : set + 1; }
    std::int32_t b(std::int32_t set) const { return set < 0 ? b_root : b_root + 1 + set; }
  };
  SetNodes set_network(const Family& a, const Family& b) {
    const SetNodes nodes{static_cast<std::int32_t>(a.quotas.size() + 1)};
    adjacent_.resize(a.quotas.size() + b.quotas.size() + 2);
    for (std::size_t s = 0; s < a.quotas.size(); ++s)
      add_edge(nodes.a(a.parent[s]), nodes.a(static_cast<std::int32_t>(s)), lo_[a.quotas[s]], hi_[a.quotas[s]]);
    for (std::size_t s = 0; s < b.quotas.size(); ++s)
      add_edge(nodes.b(static_cast<std::int32_t>(s)), nodes.b(b.parent[s]), lo_[b.quotas[s]], hi_[b.quotas[s]]);
    add_edge(nodes.b_root, 0, 0, infinite);
    return nodes;
  }

  // Candidates with the same two smallest sets (and, when given, the same kind, which fixes
  // their cost) are interchangeable, so they share one edge whose capacity counts them.
  // Returns each candidate's edge.
  std::vector<std::int32_t> class_edges(const Family& a, const Family& b, const SetNodes& sets,
                                        const std::vector<std::uint8_t>& kind, const std::vector<std::int64_t>& cost) {
    std::unordered_map<std::int64_t, std::int32_t> edge_of_class;
    std::vector<std::int32_t> edge_of(n_);
    const auto node_count = static_cast<std::int64_t>(adjacent_.size());
    for (std::size_t i = 0; i < n_; ++i) {
      const auto from = sets.a(a.leaf[i]);
      const auto to = sets.b(b.leaf[i]);
      const std::int64_t pair = std::int64_t{from} * node_count + to;
      auto [it, added] = edge_of_class.try_emplace(kind.empty() ? pair : pair * 3 + kind[i], 0);
      if (added) it->second = add_edge(from, to, 0, 0, cost.empty() ? 0 : cost[i]);
      ++edges_[static_cast<std::size_t>(it->second)].hi;
      edge_of[i] = it->second;
    }
    return edge_of;
  }

  void flow(const Family& a, const Family& b) {
    out_.method = Method::flow;
    const std::vector<std::int32_t> edge_of = class_edges(a, b, set_network(a, b), {}, {});
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

  // ---- min-cost flow: two nested families and one more one-sided condition ----
  //
  // The network of flow(), where the extra condition (one share, or one quota with a single
  // bound) becomes a cost on the candidates' edges: "sum of weights <= bound". A candidate's
  // edge now stands for the candidates with the same two smallest sets and the same weight.
  // Some selection meets every quota and the choices so far exactly when the cheapest
  // circulation within the edges' bounds costs at most the bound: the network matrix is
  // totally unimodular, so that cheapest circulation is integral, a selection. The loop keeps
  // f, a cheapest circulation for the current bounds, with node potentials p proving it (every
  // residual arc's reduced cost c + p(from) - p(to) is >= 0). For a candidate on edge e:
  // - f(e) > lo(e): take it (lo(e) + 1; f stays cheapest, the feasible set only shrank);
  // - else the cheapest circulation with lo(e) + 1 is f plus the cheapest residual cycle
  //   through e (successive shortest paths: f is cheapest with e's capacity one less, and one
  //   unit from e.to to e.from along a shortest path keeps it so). Take the candidate when that
  //   cycle exists and keeps the cost within the bound, pushing it; else refuse, and refuse all
  //   of e from then on (bounds only tighten).
  // The searches are written here rather than with Boost.Graph: the residual network changes
  // after every push (arcs appear and vanish with the flow), the search runs from both ends at
  // once and stops as soon as the shortest path is known, and the potentials are updated from
  // the two partial searches: none of which BGL's dijkstra_shortest_paths offers without
  // rebuilding a graph per search (the share benchmark needs about 100,000 searches).
  std::vector<std::int64_t> potential_;
  std::int64_t cost_ = 0;  // of f
  using Entry = std::pair<std::int64_t, std::int32_t>;
  std::vector<Entry> heap_[2];
  std::vector<std::int64_t> dist_[2];
  std::vector<std::int32_t> via_[2];  // the edge of the arc that reached the node (-1 at the start)
  std::vector<std::uint8_t> via_forward_[2], settled_[2], touched_mark_;
  std::vector<std::int32_t> touched_, on_back_path_;

  std::int64_t reduced(const Edge& edge, bool forward) const {
    const auto r = edge.cost + potential_[static_cast<std::size_t>(edge.from)] - potential_[static_cast<std::size_t>(edge.to)];
    return forward ? r : -r;
  }
  static bool residual(const Edge& edge, bool forward) { return forward ? edge.flow < edge.hi : edge.flow > edge.lo; }

  void reset_search() {
    for (const auto v : touched_) {
      const auto u = static_cast<std::size_t>(v);
      for (int side = 0; side < 2; ++side) {
        dist_[side][u] = infinite;
        settled_[side][u] = 0;
        via_[side][u] = -1;
      }
      touched_mark_[u] = 0;
    }
    touched_.clear();
    heap_[0].clear();
    heap_[1].clear();
  }
  void label(int side, std::int32_t v, std::int64_t d, std::int32_t e, bool forward) {
    const auto u = static_cast<std::size_t>(v);
    dist_[side][u] = d;
    via_[side][u] = e;
    via_forward_[side][u] = forward;
    heap_[side].push_back({d, v});
    std::push_heap(heap_[side].begin(), heap_[side].end(), std::greater<>());
    if (!touched_mark_[u]) {
      touched_mark_[u] = 1;
      touched_.push_back(v);
    }
  }
  // The least label not yet settled on one side (infinite when none).
  std::int64_t top(int side) {
    auto& heap = heap_[side];
    while (!heap.empty()) {
      const auto [d, v] = heap.front();
      if (!settled_[side][static_cast<std::size_t>(v)] && d == dist_[side][static_cast<std::size_t>(v)]) return d;
      std::pop_heap(heap.begin(), heap.end(), std::greater<>());
      heap.pop_back();
    }
    return infinite;
  }
  // The node before v on side 0's tree (toward the start), or after v on side 1's (toward t).
  std::int32_t along(int side, std::int32_t v) const {
    const auto& edge = edges_[static_cast<std::size_t>(via_[side][static_cast<std::size_t>(v)])];
    const bool forward = via_forward_[side][static_cast<std::size_t>(v)];
    return (side == 0) == forward ? edge.from : edge.to;
  }

  // A shortest residual path from s to t in reduced costs, searched from both ends at once
  // (each step on the side that will have done less work: the ends' degrees differ by
  // thousands);
  // stops when the two least unsettled labels add up to the best path seen, which is then
  // shortest. Updates the potentials so that they stay valid and every arc of the path gets
  // reduced cost 0 (see below). False when t cannot be reached.
  bool shortest_path(std::int32_t s, std::int32_t t, std::vector<std::pair<std::int32_t, bool>>& path, std::int64_t& length) {
    label(0, s, 0, -1, true);
    label(1, t, 0, -1, true);
    std::int64_t best = infinite, work[2] = {0, 0};
    std::int32_t meet_tail = -1, meet_head = -1, meet_edge = -1;
    bool meet_forward = true;
    std::int64_t top_forward = 0;
    for (;;) {
      top_forward = top(0);
      const std::int64_t top_backward = top(1);
      if (top_forward + top_backward >= best) break;  // both below infinite / 4: no overflow
      // The side that will have done less work after scanning its next node's arcs.
      const auto work_after = [&](int side) {
        return work[side] + static_cast<std::int64_t>(adjacent_[static_cast<std::size_t>(heap_[side].front().second)].size());
      };
      const int side = work_after(0) <= work_after(1) ? 0 : 1;
      const auto v = heap_[side].front().second;
      const auto d = heap_[side].front().first;
      std::pop_heap(heap_[side].begin(), heap_[side].end(), std::greater<>());
      heap_[side].pop_back();
      settled_[side][static_cast<std::size_t>(v)] = 1;
      const auto& adjacent = adjacent_[static_cast<std::size_t>(v)];
      work[side] += static_cast<std::int64_t>(adjacent.size());
      for (const auto e : adjacent) {
        const auto& edge = edges_[static_cast<std::size_t>(e)];
        const bool out = edge.from == v;
        // Side 0 follows arcs out of v, side 1 arcs into v; `forward`: the arc runs from→to.
        const bool forward = side == 0 ? out : !out;
        if (!residual(edge, forward)) continue;
        const auto w = out ? edge.to : edge.from;
        const auto u = static_cast<std::size_t>(w);
        const auto nd = d + reduced(edge, forward);
        if (dist_[1 - side][u] < infinite && nd + dist_[1 - side][u] < best) {
          best = nd + dist_[1 - side][u];
          meet_tail = side == 0 ? v : w;
          meet_head = side == 0 ? w : v;
          meet_edge = e;
          meet_forward = forward;
        }
        if (nd < dist_[side][u]) label(side, w, nd, e, forward);
      }
    }
    if (best >= infinite) {
      reset_search();
      return false;
    }
    // The path: side 0's tree from s to the meeting arc's tail, the arc, side 1's tree to t;
    // where the two trees cross, the crossing node joins them directly (same length, simple).
    std::vector<std::int32_t> back_nodes;
    for (auto v = meet_head;; v = along(1, v)) {
      on_back_path_[static_cast<std::size_t>(v)] = static_cast<std::int32_t>(back_nodes.size());
      back_nodes.push_back(v);
      if (v == t) break;
    }
    std::vector<std::int32_t> front_nodes;  // from the tail back to s
    for (auto v = meet_tail;; v = along(0, v)) {
      front_nodes.push_back(v);
      if (v == s) break;
    }
    std::size_t join = front_nodes.size();  // index in front_nodes from s of the first node on the back path
    for (std::size_t k = front_nodes.size(); k-- > 0;)
      if (on_back_path_[static_cast<std::size_t>(front_nodes[k])] >= 0) {
        join = k;
        break;
      }
    const bool crossed = join < front_nodes.size();
    path.clear();
    for (std::size_t k = front_nodes.size() - 1; k > (crossed ? join : 0); --k) {
      const auto v = static_cast<std::size_t>(front_nodes[k - 1]);
      path.emplace_back(via_[0][v], via_forward_[0][v]);
    }
    std::size_t back_start = 0;
    if (crossed) back_start = static_cast<std::size_t>(on_back_path_[static_cast<std::size_t>(front_nodes[join])]);
    else path.emplace_back(meet_edge, meet_forward);
    for (std::size_t k = back_start; k + 1 < back_nodes.size(); ++k) {
      const auto v = back_nodes[k];
      path.emplace_back(via_[1][static_cast<std::size_t>(v)], via_forward_[1][static_cast<std::size_t>(v)]);
    }
    for (const auto v : back_nodes) on_back_path_[static_cast<std::size_t>(v)] = -1;
    length = best;
    // New potentials p + phi, phi(v) = min(d0(v), a) - min(d1(v), b) (plus a constant), with
    // a = min(least unsettled forward label, length) and b = length - a <= the least unsettled
    // backward label. A label below a (below b) is a settled, exact distance. For a residual
    // arc (v, w) of reduced cost r: phi(w) - phi(v) <= r, as each term alone is a capped
    // distance; and when v is settled forward and w backward, the path through the arc is no
    // shorter than the shortest: d0(v) + r + d1(w) >= a + b. At s phi is -b, at t a, so the
    // shortest path, of length a + b, has every arc tight.
    const auto a = std::min(top_forward, best), b = best - a;
    for (const auto v : touched_) {
      const auto u = static_cast<std::size_t>(v);
      potential_[u] += (std::min(dist_[0][u], a) - a) - (std::min(dist_[1][u], b) - b);
    }
    reset_search();
    return true;
  }

  // A cheapest circulation to start from: every edge of negative cost at its upper bound, the
  // others at their lower bound, so that zero potentials are valid; then each node's surplus
  // goes to a node short of flow along a shortest path (successive shortest paths), the
  // potentials growing by the distances found. False when some surplus cannot be moved: no
  // circulation meets the bounds.
  bool initial_cheapest_circulation() {
    const std::size_t nodes = adjacent_.size();
    std::vector<std::int64_t> surplus(nodes, 0);
    for (auto& edge : edges_) {
      edge.flow = edge.cost < 0 ? edge.hi : edge.lo;
      surplus[static_cast<std::size_t>(edge.to)] += edge.flow;
      surplus[static_cast<std::size_t>(edge.from)] -= edge.flow;
    }
    for (;;) {
      bool any = false;
      for (std::size_t v = 0; v < nodes; ++v)
        if (surplus[v] > 0) {
          label(0, static_cast<std::int32_t>(v), 0, -1, true);
          any = true;
        }
      if (!any) return true;
      std::int32_t reached = -1;
      std::int64_t length = 0;
      while (top(0) < infinite) {
        const auto v = heap_[0].front().second;
        const auto d = heap_[0].front().first;
        std::pop_heap(heap_[0].begin(), heap_[0].end(), std::greater<>());
        heap_[0].pop_back();
        settled_[0][static_cast<std::size_t>(v)] = 1;
        if (surplus[static_cast<std::size_t>(v)] < 0) {
          reached = v;
          length = d;
          break;
        }
        for (const auto e : adjacent_[static_cast<std::size_t>(v)]) {
          const auto& edge = edges_[static_cast<std::size_t>(e)];
          const bool forward = edge.from == v;
          if (!residual(edge, forward)) continue;
          const auto w = forward ? edge.to : edge.from;
          const auto nd = d + reduced(edge, forward);
          if (nd < dist_[0][static_cast<std::size_t>(w)]) label(0, w, nd, e, forward);
        }
      }
      if (reached < 0) {
        reset_search();
        return false;
      }
      std::vector<std::pair<std::int32_t, bool>> path;
      auto start = reached;
      while (via_[0][static_cast<std::size_t>(start)] >= 0) {
        path.emplace_back(via_[0][static_cast<std::size_t>(start)], via_forward_[0][static_cast<std::size_t>(start)]);
        start = along(0, start);
      }
      const auto amount = std::min({bottleneck(path), surplus[static_cast<std::size_t>(start)], -surplus[static_cast<std::size_t>(reached)]});
      push(path, amount);
      surplus[static_cast<std::size_t>(start)] -= amount;
      surplus[static_cast<std::size_t>(reached)] += amount;
      // phi = min(distance, length): valid, and tight along the path (the one-sided case of
      // shortest_path's update).
      for (const auto v : touched_) {
        const auto u = static_cast<std::size_t>(v);
        potential_[u] += std::min(dist_[0][u], length) - length;
      }
      reset_search();
    }
  }

  // `side`: the quota that is the extra condition, or -1 for the share.
  void min_cost_flow(const Family& a, const Family& b, std::int64_t side) {
    out_.method = Method::min_cost_flow;
    // The condition as "sum of costs <= bound" (at least: negated).
    std::vector<std::int64_t> cost(n_, 0);
    std::int64_t bound = 0;
    std::int32_t named = 0;  // the index stopped_by uses for it
    if (side < 0) {
      const bool at_least = p_.shares[0].at_least;
      for (std::size_t i = 0; i < n_; ++i)
        for (const auto& w : weights_of(i)) cost[i] = at_least ? -w.weight : w.weight;
      named = static_cast<std::int32_t>(p_.quotas.size());
    } else {
      const auto q = static_cast<std::size_t>(side);
      const bool at_least = lo_[q] > 0;
      for (const auto m : p_.quotas[q].members) cost[m] = at_least ? -1 : 1;
      bound = at_least ? -lo_[q] : hi_[q];
      named = static_cast<std::int32_t>(q);
    }
    const SetNodes sets = set_network(a, b);
    // One edge per pair of smallest sets and kind of candidate (in the condition's members, in
    // a share's base only, neither), which fixes the cost.
    std::vector<std::uint8_t> kind(n_, 0);
    if (side < 0) {
      for (const auto m : p_.shares[0].base) kind[m] = 2;
      for (const auto m : p_.shares[0].members) kind[m] = 1;
    } else {
      for (const auto m : p_.quotas[static_cast<std::size_t>(side)].members) kind[m] = 1;
    }
    const std::vector<std::int32_t> edge_of = class_edges(a, b, sets, kind, cost);
    const std::size_t nodes = adjacent_.size();
    potential_.assign(nodes, 0);
    for (int side_index = 0; side_index < 2; ++side_index) {
      dist_[side_index].assign(nodes, infinite);
      via_[side_index].assign(nodes, -1);
      via_forward_[side_index].assign(nodes, 0);
      settled_[side_index].assign(nodes, 0);
    }
    touched_mark_.assign(nodes, 0);
    on_back_path_.assign(nodes, -1);
    if (!initial_cheapest_circulation()) {
      unmet_lower_bounds();
      out_.feasible = false;
      return;
    }
    cost_ = 0;
    for (const auto& edge : edges_) cost_ += edge.cost * edge.flow;
    if (cost_ > bound) {
      unmet_lower_bounds();
      out_.feasible = false;
      return;
    }
    enum : std::uint8_t { open, blocked, blocked_by_condition };
    std::vector<std::uint8_t> state(edges_.size(), open);
    std::vector<std::pair<std::int32_t, bool>> path;
    for (std::size_t i = 0; i < n_; ++i) {
      const auto e = edge_of[i];
      auto& edge = edges_[static_cast<std::size_t>(e)];
      bool can = false;
      const auto quotas = quotas_of(i);
      const bool full = std::any_of(quotas.begin(), quotas.end(), [&](std::uint32_t q) { return taken_[q] >= hi_[q]; });
      if (state[static_cast<std::size_t>(e)] == open) {
        if (full) {
          // A full quota stays full, and f already sends nothing beyond the places taken in it.
          state[static_cast<std::size_t>(e)] = blocked;
        } else if (edge.flow > edge.lo) {
          can = true;
        } else {
          std::int64_t length = 0;
          const auto entry = reduced(edge, true);  // before shortest_path moves the potentials
          if (!shortest_path(edge.to, edge.from, path, length)) {
            state[static_cast<std::size_t>(e)] = blocked;
          } else {
            const auto cycle = entry + length;  // reduced costs of a cycle add up to its cost
            if (cost_ + cycle > bound) {
              state[static_cast<std::size_t>(e)] = blocked_by_condition;
            } else {
              path.emplace_back(e, true);
              // A cycle of cost 0 may carry all it can: f stays a cheapest circulation.
              const auto amount = cycle == 0 ? bottleneck(path) : 1;
              push(path, amount);
              cost_ += cycle * amount;
              can = true;
            }
          }
        }
        if (!can) edge.hi = edge.lo;  // f(e) == lo(e) here
      }
      if (can) {
        ++edge.lo;
        take(i);
      } else {
        explain_refusal(i);
        // The condition is named when it is what refused the edge and no quota is full now.
        if (state[static_cast<std::size_t>(e)] == blocked_by_condition && edge.cost > 0 && !full) out_.stopped_by[i] = named;
      }
    }
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
      for (const auto& w : weights_of(i)) key.insert(key.end(), {static_cast<std::int64_t>(w.share), w.weight});
      auto [it, added] = class_index.try_emplace(std::move(key), static_cast<std::uint32_t>(classes_.size()));
      if (added) classes_.push_back({std::vector<std::uint32_t>(quotas.begin(), quotas.end()),
                                     std::vector<Weight>(weights_of(i).begin(), weights_of(i).end()), 0, 0, 0, false});
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
    // A tie class is a run of places; each quota that kept out one of the run is reported
    // once, in the order the run first names it.
    std::vector<std::int32_t> quotas;
    for (std::size_t first = 0, last = 0; first < n_; first = last) {
      while (last < n_ && tie[last] == tie[first]) ++last;
      quotas.clear();
      for (std::size_t i = first; i < last; ++i) {
        const auto q = out_.stopped_by[i];
        if (!out_.selected[i] && q >= 0 && std::find(quotas.begin(), quotas.end(), q) == quotas.end()) quotas.push_back(q);
      }
      for (const auto q : quotas) {
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
  }
};

}  // namespace

Selection select(const SelectionProblem& problem) { return Selector(problem).run(); }

}  // namespace thidua::detail
