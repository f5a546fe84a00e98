#!/bin/bash
# CGF ingest flat out and at 80 % of the peak, 1 and 50 CDRs per request, alternated with a build of an earlier
# commit, the yardstick (../shared/bench/sqlite-ceiling) run in every round. Usage:
#   git worktree add /tmp/before <commit> && dotnet build /tmp/before/Cdf.Tool -c Release && dotnet build /tmp/before/Cgf.Server -c Release
#   dotnet build -c Release && bash bench/cgf-ingest-bench.sh /tmp/before [rounds]
# Each line of the log names the build (before, after, or "server" for this server driven by the earlier client).

before=${1:?give the checkout of the earlier build, e.g. /tmp/before}
rounds=${2:-3}
here="$(cd "$(dirname "$0")/.." && pwd)"
C="$here/Cdf.Tool/bin/Release/net10.0/cdf.dll"
S="$here/Cgf.Server/bin/Release/net10.0/Cgf.Server.dll"
BC="$before/Cdf.Tool/bin/Release/net10.0/cdf.dll"
BS="$before/Cgf.Server/bin/Release/net10.0/Cgf.Server.dll"
ceiling=$(mktemp -d) && cp -r "$here/../shared/bench/sqlite-ceiling/." "$ceiling" 2>/dev/null \
  || cp -r /work/shared/bench/sqlite-ceiling/. "$ceiling"
dotnet build -c Release "$ceiling" -o "$ceiling/out" >/dev/null 2>&1
log=${LOG:-/tmp/cgf-ingest-bench.log}
: > "$log"
run() { # label client server args...
  local label=$1 client=$2 server=$3; shift 3
  echo "== $label $*" | tee -a "$log"
  dotnet "$client" bench --start-server --server-dll "$server" --raw --duration 8 --warm-up 2 "$@" 2>&1 \
    | grep -E "acknowledged|offered|latency|CPU|rejected" | tee -a "$log"
}
peak() { # label n: the median of this log's flat-out runs
  grep -A1 "^== $1 --cdrs-per-request $2 --window" "$log" | awk '/acknowledged/ {print $3}' | sort -n \
    | awk '{a[NR]=$1} END {printf "%d", a[int((NR+1)/2)]}'
}
for round in $(seq "$rounds"); do
  echo "== yardstick round $round" | tee -a "$log"
  dotnet "$ceiling/out/sqlite-ceiling.dll" 3 | tee -a "$log"
  for n in 1 50; do
    window=$([ $n = 1 ] && echo 512 || echo 16)
    run before "$BC" "$BS" --cdrs-per-request $n --window $window
    run after "$C" "$S" --cdrs-per-request $n --window $window
    run server "$BC" "$S" --cdrs-per-request $n --window $window
    run tcp "$C" "$S" --tcp --cdrs-per-request $n --window $window
  done
done
for n in 1 50; do
  window=$([ $n = 1 ] && echo 512 || echo 16)
  for label in before after; do
    rate=$(( $(peak $label $n) * 8 / 10 ))
    client=$([ $label = before ] && echo "$BC" || echo "$C"); server=$([ $label = before ] && echo "$BS" || echo "$S")
    for round in $(seq "$rounds"); do
      run "$label-80%" "$client" "$server" --cdrs-per-request $n --window $window --rate $rate
    done
  done
done
rm -rf "$ceiling"
