#!/usr/bin/env bash
# End-to-end test of `Gtp.Firewall run` inline on NFQUEUE (tests/Gtp.Firewall.Tests/Inline/InlineNetnsTests runs it).
#
# Usage: [QUEUE_COUNT=C] inline-e2e.sh FIREWALL_DLL CGF_SERVER_DLL OUTPUT_DIR   (root, ip netns, iptables with NFQUEUE)
#        QUEUE_COUNT > 1 runs the firewall with Firewall:Queue:Count = C behind --queue-balance 0:C-1; the
#        expected results are the same.
#
# Builds the vplmn / fw / hplmn namespaces (topology.sh), starts Cgf.Server on 10.10.10.2:3386 in hplmn and the
# firewall in fw (firewall.json: zones by interface, handover groups hg-Y and hg-Z, Charging section pointing at
# the CGF), drives the GTPv2 scenario (inline_scenario.py: what must arrive and what must be dropped), stops the
# firewall with SIGTERM and checks its exit code and counters. Output files (logs, summaries, CGF status) stay in
# OUTPUT_DIR. Prints "inline-e2e: PASS" and exits 0, or names the failed check and exits 1.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
# Namespace names are this run's own; runs still take turns (the timings of one would disturb another).
export NS_VPLMN=gtpfw-v-$$ NS_FW=gtpfw-f-$$ NS_HPLMN=gtpfw-h-$$
queue_count=${QUEUE_COUNT:-1}
exec 9>/tmp/gtpfw-netns.lock
flock -w 900 9 || { echo "$(basename "$0"): another namespace test or benchmark holds /tmp/gtpfw-netns.lock"; exit 1; }
firewall_dll=$(realpath "$1") cgf_dll=$(realpath "$2") out=$(realpath -m "$3")
name=inline-e2e
# shellcheck source=e2e-common.sh
source "$here/e2e-common.sh"

QUEUE_COUNT=$queue_count bash "$here/topology.sh" up queue || fail "topology"
rm -f "$out"/cgf.db* "$out"/cdf.db*

# The CDF inside the firewall sends from fw-h (172.31.2.1) with local port 3401; the CGF answers and originates there.
ip netns exec "$NS_HPLMN" dotnet "$cgf_dll" --Cgf:Listen:Address=10.10.10.2 --Cgf:Listen:Port=3386 \
  --Cgf:Storage:Path="$out/cgf.db" --Cgf:Peers:0=172.31.2.1 --Cgf:PeerPort=3401 >"$out/cgf.log" 2>&1 &
cgf_pid=$!
wait_for 60 "$cgf_pid" "Cgf.Server" sh -c "ip netns exec $NS_HPLMN ss -lun | grep -q '10.10.10.2:3386'"

/usr/bin/python3 - "$here/firewall.json" "$out/firewall.json" "$queue_count" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["Firewall"]["Queue"]["Count"] = int(sys.argv[3])
json.dump(c, open(sys.argv[2], "w"), indent=1)
PY
(cd "$out" && exec ip netns exec "$NS_FW" dotnet "$firewall_dll" run --config "$out/firewall.json" \
  --json "$out/firewall-counters.json") >"$out/firewall.log" 2>&1 &
fw_pid=$!
wait_for 60 "$fw_pid" "firewall run" grep -Eq "^run: queues? 0(-$((queue_count - 1)))? bound" "$out/firewall.log"

/usr/bin/python3 "$here/inline_scenario.py" --summary "$out/scenario.json" | tee "$out/scenario.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || fail "scenario (see $out/scenario.log)"

kill -TERM "$fw_pid"
wait "$fw_pid"; rc=$?
fw_pid=""
[ "$rc" -eq 0 ] || fail "firewall exit code $rc after SIGTERM"

# The firewall's own view must match what the receivers saw: 70 packets queued, 16 dropped (3 + 5 + 5 + 2 G-PDUs
# without a tunnel, 1 Modify Bearer Request denied by the handover groups).
/usr/bin/python3 - "$out/firewall-counters.json" "$queue_count" <<'PY' || fail "firewall counters ($out/firewall-counters.json)"
import json, sys
j = json.load(open(sys.argv[1]))
q, c = j["Queue"], j["Counters"]
expected = {
    "queue accepted": (q["Accepted"], 54), "queue dropped": (q["Dropped"], 16),
    "packets": (c["Packets"], 70), "handovers allowed": (c["HandoverAllowed"], 1),
    "handovers denied": (c["HandoverDenied"], 1), "tunnels created": (c["TunnelsCreated"], 1),
    "tunnels updated": (c["TunnelsUpdated"], 1), "tunnels deleted": (c["TunnelsDeleted"], 1),
    "live tunnels": (j["Tunnels"], 0), "drops NoTunnel": (c["Drops"].get("NoTunnel", 0), 15),
    "drops HandoverDenied": (c["Drops"].get("HandoverDenied", 0), 1), "log entries dropped": (q["LogDropped"], 0),
}
queues = j["Queues"]
expected["queues bound"] = ([q["Number"] for q in queues], list(range(int(sys.argv[2]))))
expected["per-queue verdicts, summed"] = (sum(q["Accepted"] + q["Dropped"] for q in queues), 70)
bad = [f"{k}: {a} != {e}" for k, (a, e) in expected.items() if a != e]
print("per queue (accepted/dropped): " + ", ".join(f'{q["Number"]}: {q["Accepted"]}/{q["Dropped"]}' for q in queues))
print("firewall counters: " + ("; ".join(bad) if bad else "as expected"))
sys.exit(1 if bad else 0)
PY

# Let the CDF's last requests land, then read the CGF's store (read-only, beside the running server).
sleep 1
dotnet "$cgf_dll" status --json --Cgf:Storage:Path="$out/cgf.db" >"$out/cgf-status.json" 2>&1 || fail "Cgf.Server status"
dotnet "$cgf_dll" cdrs --json --limit 1000 --Cgf:Storage:Path="$out/cgf.db" >"$out/cgf-cdrs.json" 2>&1 || fail "Cgf.Server cdrs"

# ---- Charging records --------------------------------------------------------------------------------------------
# The firewall closed one record at the allowed SGW change (servingNodeChange, SGW-1's octets) and one at the
# delete (normalRelease, SGW-2's octets) and, at SIGTERM, waited until the CGF acknowledged both. The CGF must hold
# exactly those two (status), and the export must carry them with the volumes the receivers counted.
grep -q "^charging: 2 records (normalRelease 1, servingNodeChange 1), 2 in outbox, 2 acknowledged, 0 partials merged, 0 lost" \
  "$out/firewall.log" || fail "firewall charging summary (see $out/firewall.log)"
rm -rf "$out/export"
dotnet "$cgf_dll" export --out "$out/export" --Cgf:Storage:Path="$out/cgf.db" --Cgf:NodeId=CGF-netns >"$out/export.log" 2>&1 \
  || fail "Cgf.Server export (see $out/export.log)"
dotnet "$cgf_dll" status --json --Cgf:Storage:Path="$out/cgf.db" >"$out/cgf-status-after-export.json" 2>&1 || fail "Cgf.Server status"
for f in "$out"/export/*; do
  case "$f" in *.tmp) continue ;; esac
  dotnet "$cgf_dll" cdr-file inspect "$f" --json >"$f.json" 2>&1 || fail "cdr-file inspect $f"
done
/usr/bin/python3 - "$out" <<'PY' || fail "charging records at the CGF"
import glob, json, os, sys
out = sys.argv[1]
before = json.load(open(os.path.join(out, "cgf-status.json")))
after = json.load(open(os.path.join(out, "cgf-status-after-export.json")))
scenario = json.load(open(os.path.join(out, "scenario.json")))
octets = scenario["allowedTpduOctets"]
records = []
for path in sorted(glob.glob(os.path.join(out, "export", "*.json"))):
    records += json.load(open(path))["records"]
records.sort(key=lambda r: r["localSequenceNumber"])
checks = {
    "committed CDRs at the CGF": (before["committedCdrs"], 2),
    "pending/quarantined": (before["pendingCdrs"] + before["quarantinedCdrs"] + before["possiblyDuplicateCdrs"], 0),
    "exported CDRs": (after["exportedCdrs"], 2),
    "records in the export": (len(records), 2),
}
expected = [(octets["uplink 20.20.20.10"], octets["downlink 20.20.20.10"]),
            (octets["uplink 20.20.20.11"], octets["downlink 20.20.20.11"])]
for i, (r, (up, down)) in enumerate(zip(records, expected), 1):
    checks[f"record {i} type"] = (r["recordType"], 84)
    checks[f"record {i} IMSI"] = (r["servedImsi"], "001010123456789")
    checks[f"record {i} charging ID"] = (r["chargingId"], 0x1234)
    checks[f"record {i} localSequenceNumber"] = (r["localSequenceNumber"], i)
    checks[f"record {i} uplink octets"] = (r["uplinkVolume"], up)
    checks[f"record {i} downlink octets"] = (r["downlinkVolume"], down)
    checks[f"record {i} MSISDN (cdr-file inspect)"] = (r.get("servedMsisdn"), "491710000001")
    checks[f"record {i} RAT type (cdr-file inspect)"] = (r.get("ratType"), 6)
total = scenario["expectedCharging"]
checks["uplink octets, all records"] = (sum(r["uplinkVolume"] for r in records), total["uplinkOctets"])
checks["downlink octets, all records"] = (sum(r["downlinkVolume"] for r in records), total["downlinkOctets"])
bad = [f"{k}: {a} != {e}" for k, (a, e) in checks.items() if a != e]
print("charging records: " + ("; ".join(bad) if bad else
      f"2 SGW-CDRs, {total['uplinkOctets']} up / {total['downlinkOctets']} down octets, as sent through allowed tunnels"))
sys.exit(1 if bad else 0)
PY

# ---- Subscriber fields ----------------------------------------------------------------------------------------------
# The Create Session Request carried MSISDN 491710000001, RAT EUTRAN, Serving Network 001-01 and Charging
# Characteristics 0400 (inline_scenario.py): both SGW-CDRs the CGF holds (exported by now) carry them. The BER is read here by a
# few lines of Python (top-level members of the sGWRecord SET), not by the firewall's or the CGF's code.
/usr/bin/python3 - "$out/cgf.db" <<'PY' || fail "subscriber fields in the records at the CGF"
import sqlite3, sys
def tlv(b, i):
    t = b[i]; i += 1
    if t & 0x1F == 0x1F:
        n = 0
        while True:
            n = n << 7 | (b[i] & 0x7F); i += 1
            if not b[i - 1] & 0x80:
                break
    else:
        n = t & 0x1F
    length = b[i]; i += 1
    if length & 0x80:
        k = length & 0x7F
        length = int.from_bytes(b[i:i + k], "big"); i += k
    return n, b[i:i + length], i + length
rows = sqlite3.connect(f"file:{sys.argv[1]}?mode=ro", uri=True).execute("SELECT data FROM cdrs ORDER BY id").fetchall()
bad = []
for number, (data,) in enumerate(rows, 1):
    choice, body, _ = tlv(data, 0)
    members, i = {}, 0
    while i < len(body):
        tag, value, i = tlv(body, i)
        members[tag] = value.hex()
    expected = {0: "54", 22: "91947101000010", 23: "0400", 27: "00f110", 30: "06", 35: "0a0102"}
    bad += [f"record {number} [{t}]: {members.get(t)} != {v}" for t, v in expected.items() if members.get(t) != v]
    if choice != 78:
        bad.append(f"record {number}: GPRSRecord choice {choice}")
print("subscriber fields: " + ("; ".join(bad) if bad else f"{len(rows)} SGW-CDRs with MSISDN, RAT, PLMN, chargingCharacteristics from the IEs"))
sys.exit(1 if bad or len(rows) != 2 else 0)
PY
# ---------------------------------------------------------------------------------------------------------------

echo "inline-e2e: PASS"
