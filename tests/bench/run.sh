#!/bin/sh
# Benchmarks thidua against its alternatives (docs/performance.md), from the project root:
#
#   tests/bench/run.sh [BUILD_DIR] [run.py options: --sizes 10k,100k,1m --runs 3 --skip zen,clips]
#
# Builds a Release tree with the benchmarks (default build-bench), installs the ZEN engine
# from tests/bench/zen/package-lock.json and Debian's CLIPS (apt-get) when they are missing,
# generates the data once (BUILD_DIR/bench-data, with CLIPS's facts files), then prints the
# end-to-end table (run.py) and the in-process stage timings (Google Benchmark, median of 3 repetitions).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build-bench}
[ $# -gt 0 ] && shift
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DTHIDUA_BUILD_BENCHMARKS=ON \
      -DTHIDUA_BUILD_PYTHON=ON >/dev/null
cmake --build "$build" -j2 >/dev/null
[ -d "$root/tests/bench/zen/node_modules" ] || (cd "$root/tests/bench/zen" && npm ci --no-audit --no-fund >/dev/null)
command -v clips >/dev/null || apt-get install -y clips >/dev/null
/usr/bin/python3 "$root/tests/bench/run.py" --build "$build" "$@"
echo
echo "In-process stages (Google Benchmark; median of 3 repetitions):"
THIDUA_BENCH_DATA="$build/bench-data" "$build/tests/bench/thidua_stages_bench" \
  --benchmark_repetitions=3 --benchmark_report_aggregates_only=true 2>/dev/null | grep -E "^(Benchmark|-|.*_median)"
