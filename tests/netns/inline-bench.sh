#!/usr/bin/env bash
# Inline forwarding benchmark: G-PDUs vplmn -> fw -> hplmn with the firewall on the queue, then the same path
# without the queue rule. Prints the benchmark's tables and the load average.
#
# Usage: [QUEUE_MAXLEN=N] [QUEUE_COUNT=C] [FLOWS=F] inline-bench.sh FIREWALL_DLL INLINEBENCH_DLL [benchmark options, e.g. --steps 50000,100000 --seconds 3]
#        QUEUE_MAXLEN overrides Firewall:Queue:MaxLength (default 65536) for the run; QUEUE_COUNT sets
#        Firewall:Queue:Count behind --queue-balance 0:C-1 (default 1); FLOWS=2 sends from SGW-1 and SGW-2 (two
#        sessions, two address pairs) instead of SGW-1 only.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# Namespace names are this run's own; runs still take turns (one would disturb the other's timings).
export NS_VPLMN=gtpfw-v-$$ NS_FW=gtpfw-f-$$ NS_HPLMN=gtpfw-h-$$
queue_count=${QUEUE_COUNT:-1} flows=${FLOWS:-1}
exec 9>/tmp/gtpfw-netns.lock
flock -w 900 9 || { echo "$(basename "$0"): another namespace test or benchmark holds /tmp/gtpfw-netns.lock"; exit 1; }
firewall_dll=$(realpath "$1") bench_dll=$(realpath "$2"); shift 2
out=$(mktemp -d)
fw_pid=""
cleanup() {
  [ -n "$fw_pid" ] && kill -TERM "$fw_pid" 2>/dev/null && wait "$fw_pid" 2>/dev/null
  bash "$here/topology.sh" down
  rm -rf "$out"
}
trap cleanup EXIT

QUEUE_COUNT=$queue_count bash "$here/topology.sh" up queue || exit 1
# Fail-closed for the measurement: with fail-open a full queue would pass packets uninspected and hide the loss.
/usr/bin/python3 - "$here/firewall.json" "$out/firewall.json" "${QUEUE_MAXLEN:-}" "$queue_count" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["Firewall"]["Queue"]["FailOpen"] = False
c["Firewall"]["Queue"]["Count"] = int(sys.argv[4])
if sys.argv[3]:
    c["Firewall"]["Queue"]["MaxLength"] = int(sys.argv[3])
del c["Firewall"]["Charging"]
json.dump(c, open(sys.argv[2], "w"), indent=1)
PY
(cd "$out" && exec ip netns exec "$NS_FW" dotnet "$firewall_dll" run --config "$out/firewall.json") >"$out/firewall.log" 2>&1 &
fw_pid=$!
bound="^run: queues? 0(-$((queue_count - 1)))? bound"
for _ in $(seq 300); do grep -Eq "$bound" "$out/firewall.log" && break; sleep 0.2; done
grep -Eq "$bound" "$out/firewall.log" || { cat "$out/firewall.log"; exit 1; }
second=""; [ "$flows" -gt 1 ] && second="--setup-second"
/usr/bin/python3 "$here/inline_scenario.py" --setup $second >/dev/null || { echo "tunnel setup failed"; exit 1; }

echo "load before: $(uptime)"
dotnet "$bench_dll" --label "through the firewall (NFQUEUE, $queue_count queue(s))" --flows "$flows" --vplmn "$NS_VPLMN" --hplmn "$NS_HPLMN" "$@"
echo "load after: $(uptime)"
# Kernel queue figures: queue_dropped = queue full (MaxLength), user_dropped = socket buffer full.
ip netns exec "$NS_FW" awk '{printf "kernel queue %s: queue_dropped %s, user_dropped %s, packets queued %s\n", $1, $6, $7, $8}' /proc/net/netfilter/nfnetlink_queue
# CPU time of the whole firewall process (packet thread, kernel work done in its verdict calls, GC, log) per packet.
read -r utime stime < <(awk '{print $14, $15}' "/proc/$fw_pid/stat")
kill -TERM "$fw_pid"; wait "$fw_pid"; fw_pid=""
grep -E "^queue( [0-9]+)?:" "$out/firewall.log"
packets=$(awk '/^queue:/ {print $2}' "$out/firewall.log")
awk -v u="$utime" -v s="$stime" -v p="$packets" -v hz="$(getconf CLK_TCK)" 'BEGIN {
  t = (u + s) / hz; printf "firewall CPU: %.2f s user+system for %d packets = %.2f us/packet (%.0f packets/s per core)\n", t, p, t * 1e6 / p, p / t }'


bash "$here/topology.sh" noqueue
dotnet "$bench_dll" --label "same path, no queue rule" --flows "$flows" --vplmn "$NS_VPLMN" --hplmn "$NS_HPLMN" "$@"
echo "load after: $(uptime)"
