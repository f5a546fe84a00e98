#!/usr/bin/python3
"""Several GTPv2 sessions through the inline firewall across a restart of `Gtp.Firewall run` (state-e2e.sh).

Usage: /usr/bin/python3 state_scenario.py PHASE --counts FILE [--count N]
  PHASE: create | traffic | unknown | delete        (root; topology.sh up queue; `run` attached to the queue)

Sessions: SESSIONS sessions SGW-1 -> PGW, IMSI 00101012345670i, TEIDs 0xA10i/0xB10i (SGW) and 0xC10i/0xD10i (PGW).
traffic sends N uplink (T-PDU 200) and N downlink (T-PDU 300) G-PDUs per session, all must arrive; unknown sends
G-PDUs on a TEID no session has, all must be dropped (the firewall inspects, the queue is not bypassed). The counts
FILE (JSON) accumulates the T-PDU octets the receivers got per direction: what the usage CDRs may carry at most.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from inline_scenario import (CSREQ, CSRSP, DSREQ, DSRSP, EBI, PGW, S5S8_PGW_C, S5S8_PGW_U, S5S8_SGW_C,  # noqa: E402
                             S5S8_SGW_U, SGW1, UE, Scenario)
from gtp_common import (gtpv2, v2_apn, v2_bearer_context, v2_bearer_qos, v2_cause, v2_charging_id, v2_ebi,  # noqa: E402
                        v2_fteid, v2_imsi, v2_indication, v2_msisdn, v2_paa_ipv4, v2_pdn_type, v2_rat, v2_recovery,
                        v2_selection_mode, v2_serving_network)

SESSIONS = 3


def teids(i):
    return 0xA100 + i, 0xB100 + i, 0xC100 + i, 0xD100 + i


def create(s):
    for i in range(SESSIONS):
        sgw_c, sgw_u, pgw_c, pgw_u = teids(i)
        s.control(10 * i + 1, f"Create Session Request {i}", SGW1, PGW, gtpv2(CSREQ, 100 + i, [
            v2_imsi(f"00101012345670{i}"), v2_msisdn(), v2_rat(6), v2_indication(),
            v2_fteid(S5S8_SGW_C, sgw_c, SGW1, instance=0),
            v2_apn(), v2_selection_mode(0), v2_pdn_type(1), v2_paa_ipv4("0.0.0.0"), v2_serving_network(),
            v2_bearer_context(v2_ebi(EBI), v2_bearer_qos(), v2_fteid(S5S8_SGW_U, sgw_u, SGW1, instance=2)),
            v2_recovery(1),
        ], teid=0), True)
        s.control(10 * i + 2, f"Create Session Response {i}", PGW, SGW1, gtpv2(CSRSP, 100 + i, [
            v2_cause(16), v2_fteid(S5S8_PGW_C, pgw_c, PGW, instance=0), v2_paa_ipv4(UE),
            v2_bearer_context(v2_ebi(EBI), v2_cause(16), v2_fteid(S5S8_PGW_U, pgw_u, PGW, instance=2),
                              v2_charging_id(0x2000 + i)),
            v2_recovery(1),
        ], teid=sgw_c), True)


def traffic(s, count):
    for i in range(SESSIONS):
        _, sgw_u, _, pgw_u = teids(i)
        s.gpdus(10 * i + 3, f"uplink session {i}", SGW1, True, pgw_u, count, 200, True)
        s.gpdus(10 * i + 4, f"downlink session {i}", SGW1, False, sgw_u, count, 300, True)


def unknown(s):
    s.gpdus(90, "uplink on a TEID of no session", SGW1, True, 0xDEAD, 2, 200, False)


def delete(s):
    for i in range(SESSIONS):
        sgw_c, _, pgw_c, _ = teids(i)
        s.control(10 * i + 5, f"Delete Session Request {i}", SGW1, PGW, gtpv2(DSREQ, 200 + i, [v2_ebi(EBI), v2_indication()], teid=pgw_c), True)
        s.control(10 * i + 6, f"Delete Session Response {i}", PGW, SGW1, gtpv2(DSRSP, 200 + i, [v2_cause(16), v2_recovery(1)], teid=sgw_c), True)


def main(argv):
    phase = argv[0]
    counts_path = argv[argv.index("--counts") + 1]
    count = int(argv[argv.index("--count") + 1]) if "--count" in argv else 5
    counts = json.load(open(counts_path)) if os.path.exists(counts_path) else {"uplinkOctets": 0, "downlinkOctets": 0}
    s = Scenario()
    {"create": create, "unknown": unknown, "delete": delete, "traffic": lambda x: traffic(x, count)}[phase](s)
    counts["uplinkOctets"] += sum(v for k, v in s.allowed_octets.items() if k.startswith("uplink"))
    counts["downlinkOctets"] += sum(v for k, v in s.allowed_octets.items() if k.startswith("downlink"))
    with open(counts_path, "w", encoding="utf-8") as f:
        json.dump(counts, f)
    if s.failures:
        print(f"state scenario {phase}: FAILED steps {s.failures}", flush=True)
        return 1
    print(f"state scenario {phase}: {len(s.steps)} steps ok", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
