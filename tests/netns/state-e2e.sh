#!/usr/bin/env bash
# Tunnels and usage across a restart of `Gtp.Firewall run` inline on NFQUEUE (InlineNetnsTests runs it).
#
# Usage: state-e2e.sh FIREWALL_DLL CGF_SERVER_DLL OUTPUT_DIR kill|term|retire   (root, ip netns, iptables with NFQUEUE)
#
# Three GTPv2 sessions with traffic (state_scenario.py), a checkpoint interval of 1 s, then more traffic and at once
# kill -9 (kill) or SIGTERM (term) of the firewall; restart; G-PDUs of the existing sessions must pass at once and
# G-PDUs of no session must still be dropped (the restarted firewall inspects; the queue is not bypassed); delete the
# sessions, SIGTERM, and read the records at the CGF. kill: the records' octets are at most what the receivers
# counted and at least that minus the traffic sent after the last checkpoint; term: exactly what they counted;
# retire: SIGTERM with CloseRecordsOnStop (records closed at the stop, tunnels kept): exactly what they counted.
# Prints "state-e2e: PASS" and exits 0, or names the failed check and exits 1.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
exec 9>/tmp/gtpfw-netns.lock
flock -w 900 9 || { echo "$(basename "$0"): another namespace test or benchmark holds /tmp/gtpfw-netns.lock"; exit 1; }
firewall_dll=$(realpath "$1") cgf_dll=$(realpath "$2") out=$(realpath -m "$3") mode=$4
name=state-e2e
# shellcheck source=e2e-common.sh
source "$here/e2e-common.sh"

# start_firewall LOG [OPTION...]: `run` in fw (outbox cdf.db in OUTPUT_DIR), waits until the queue is bound.
start_firewall() {
  local log=$1; shift
  (cd "$out" && exec ip netns exec fw dotnet "$firewall_dll" run --config "$here/firewall.json" \
    --Firewall:Charging:CheckpointInterval=00:00:01 "$@") >"$out/$log" 2>&1 &
  fw_pid=$!
  wait_for 60 "$fw_pid" "firewall run" grep -q "^run: queue 0 bound" "$out/$log"
}

scenario() { /usr/bin/python3 "$here/state_scenario.py" "$@" --counts "$out/received.json" | tee -a "$out/scenario.log"; return "${PIPESTATUS[0]}"; }

bash "$here/topology.sh" up queue || fail "topology"
rm -f "$out"/cgf.db* "$out"/cdf.db* "$out/received.json" "$out/scenario.log"

ip netns exec hplmn dotnet "$cgf_dll" --Cgf:Listen:Address=10.10.10.2 --Cgf:Listen:Port=3386 \
  --Cgf:Storage:Path="$out/cgf.db" --Cgf:Peers:0=172.31.2.1 --Cgf:PeerPort=3401 >"$out/cgf.log" 2>&1 &
cgf_pid=$!
wait_for 60 "$cgf_pid" "Cgf.Server" sh -c "ip netns exec hplmn ss -lun | grep -q '10.10.10.2:3386'"

if [ "$mode" = retire ]; then
  start_firewall firewall-1.log --Firewall:Charging:CloseRecordsOnStop=true
else
  start_firewall firewall-1.log
fi
scenario create || fail "create sessions"
scenario traffic --count 5 || fail "traffic before the checkpoint"
sleep 2.5   # more than one checkpoint interval: the first traffic is in the state
before=$(cat "$out/received.json")
scenario traffic --count 4 || fail "traffic after the checkpoint"
after=$(cat "$out/received.json")
if [ "$mode" = kill ]; then
  kill -KILL "$fw_pid"
else
  kill -TERM "$fw_pid"
fi
wait "$fw_pid"; rc=$?
fw_pid=""
[ "$mode" = kill ] || [ "$rc" -eq 0 ] || fail "firewall exit code $rc after SIGTERM"

start_firewall firewall-2.log
wait_for 10 "$fw_pid" "3 tunnels restored (see $out/firewall-2.log)" grep -q "Tunnel state: 3 tunnels" "$out/firewall-2.log"
scenario traffic --count 3 || fail "G-PDUs of the existing sessions after the restart"
scenario unknown || fail "G-PDUs of no session after the restart"
scenario delete || fail "delete sessions"
kill -TERM "$fw_pid"
wait "$fw_pid"; rc=$?
fw_pid=""
[ "$rc" -eq 0 ] || fail "firewall exit code $rc after the final SIGTERM"

sleep 1
rm -rf "$out/export"
dotnet "$cgf_dll" export --out "$out/export" --Cgf:Storage:Path="$out/cgf.db" --Cgf:NodeId=CGF-netns >"$out/export.log" 2>&1 \
  || fail "Cgf.Server export (see $out/export.log)"
for f in "$out"/export/*; do
  case "$f" in *.tmp) continue ;; esac
  dotnet "$cgf_dll" cdr-file inspect "$f" --json >"$f.json" 2>&1 || fail "cdr-file inspect $f"
done

/usr/bin/python3 - "$out" "$mode" "$before" "$after" <<'PY' || fail "charging records at the CGF"
import glob, json, os, sys
out, mode = sys.argv[1], sys.argv[2]
before, after = json.loads(sys.argv[3]), json.loads(sys.argv[4])
received = json.load(open(os.path.join(out, "received.json")))
records = []
for path in sorted(glob.glob(os.path.join(out, "export", "*.json"))):
    records += json.load(open(path))["records"]
bad = []
for d in ("uplink", "downlink"):
    got = sum(r[f"{d}Volume"] for r in records)
    most = received[f"{d}Octets"]
    # What a kill -9 may lose: the traffic sent after the last checkpoint (less than one interval of it).
    least = most if mode != "kill" else most - (after[f"{d}Octets"] - before[f"{d}Octets"])
    print(f"{d}: records {got} octets, receivers {most}, allowed range [{least}, {most}]")
    if not least <= got <= most:
        bad.append(f"{d} {got} not in [{least}, {most}]")
lsn = sorted(r["localSequenceNumber"] for r in records)
if len(set(lsn)) != len(lsn):
    bad.append(f"duplicate localSequenceNumbers {lsn}")
print("charging records: " + ("; ".join(bad) if bad else f"{len(records)} records within the bounds"))
sys.exit(1 if bad else 0)
PY

echo "state-e2e: PASS"
