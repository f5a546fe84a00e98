#!/usr/bin/env bash
# Fragmented G-PDUs through `Gtp.Firewall run` inline on NFQUEUE (tests/Gtp.Firewall.Tests/Inline/InlineNetnsTests
# runs it). No fragment may cross the firewall before its whole datagram is judged (docs/firewall-design.md,
# "Fragments").
#
# Usage: inline-fragments.sh FIREWALL_DLL OUTPUT_DIR        (root, ip netns, iptables with NFQUEUE and u32)
#
# Builds the vplmn / fw / hplmn topology (topology.sh, with the documented rules) under namespace names of its own
# (suffix: this shell's pid), so it runs beside other namespace tests; starts the firewall with firewall.json less
# its Charging section (no CGF here), drives inline_fragments.py, stops the firewall with SIGTERM and checks its
# counters. Prints "inline-fragments: PASS" and exits 0, or names the failed check and exits 1.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
firewall_dll=$(realpath "$1") out=$(realpath -m "$2")
name=inline-fragments
export NS_VPLMN="gfv$$" NS_FW="gff$$" NS_HPLMN="gfh$$"
# shellcheck source=e2e-common.sh
source "$here/e2e-common.sh"

bash "$here/topology.sh" up queue || fail "topology"
/usr/bin/python3 - "$here/firewall.json" "$out/firewall.json" <<'PY' || fail "configuration"
import json, sys
config = json.load(open(sys.argv[1]))
del config["Firewall"]["Charging"]
json.dump(config, open(sys.argv[2], "w"), indent=1)
PY

(cd "$out" && exec ip netns exec "$NS_FW" dotnet "$firewall_dll" run --config "$out/firewall.json" \
  --json "$out/firewall-counters.json") >"$out/firewall.log" 2>&1 &
fw_pid=$!
wait_for 60 "$fw_pid" "firewall run" grep -q "^run: queue 0 bound" "$out/firewall.log"

/usr/bin/python3 "$here/inline_fragments.py" --summary "$out/fragments.json" | tee "$out/fragments.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || fail "fragments scenario (see $out/fragments.log)"

kill -TERM "$fw_pid"
wait "$fw_pid"; rc=$?
fw_pid=""
[ "$rc" -eq 0 ] || fail "firewall exit code $rc after SIGTERM"

# 18 packets queued: 2 session set-up messages, then 2 + 3 + 2 + 3 fragments dropped (F1-F4) and 3 + 3 accepted
# (F5, F6). Held until their datagram's verdict: every fragment but the one that completes or discards it (F1 1,
# F2 2, F3 1, F4 1, F5 2, F6 2): 9, of which the 4 of F5 and F6 were accepted.
/usr/bin/python3 - "$out/firewall-counters.json" <<'PY' || fail "firewall counters ($out/firewall-counters.json)"
import json, sys
j = json.load(open(sys.argv[1]))
q, c = j["Queue"], j["Counters"]
d = c["Drops"]
expected = {
    "queue accepted": (q["Accepted"], 8), "queue dropped": (q["Dropped"], 10), "packets": (c["Packets"], 18),
    "held": (q["HeldTotal"], 9), "held accepted": (q["HeldAccepted"], 4), "held dropped": (q["HeldDropped"], 5),
    "held over the limit": (q["HeldOverflows"], 0), "datagrams reassembled": (c["DatagramsReassembled"], 5),
    "drops NoTunnel": (d.get("NoTunnel", 0), 3), "drops FragmentOverlap": (d.get("FragmentOverlap", 0), 1),
    "drops FragmentOfDiscardedDatagram": (d.get("FragmentOfDiscardedDatagram", 0), 1),
}
bad = [f"{k}: {a} != {e}" for k, (a, e) in expected.items() if a != e]
print("firewall counters: " + ("; ".join(bad) if bad else "as expected"))
sys.exit(1 if bad else 0)
PY

echo "inline-fragments: PASS"
