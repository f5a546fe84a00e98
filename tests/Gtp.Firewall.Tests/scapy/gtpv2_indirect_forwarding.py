#!/usr/bin/python3
"""GTPv2 S11 session with indirect data forwarding and idle mode (TS 23.401 §5.5.1.2.2, §5.3.5; TS 29.274 §7.2.18-22).

Usage: /usr/bin/python3 gtpv2_indirect_forwarding.py OUTPUT.pcap   (also writes OUTPUT.pcap.verdicts.tsv)

Nodes (scenario-1 addresses; replayed with an added vplmn -> vplmn policy using profile Scenario-1):
  MME 20.20.20.1, source SGW 20.20.20.10, source eNodeB 20.20.20.2, target SGW 30.30.30.10, a stranger 30.30.30.2
F-TEID interface types (TS 29.274 Table 8.22-1): 10 S11 MME, 11 S11/S4 SGW GTP-C, 0 S1-U eNodeB, 1 S1-U SGW,
23 SGW/UPF GTP-U for DL data forwarding.
"""
import sys

from scapy.all import *  # noqa: F401,F403 (Debian python3-scapy)

from gtp_common import (GTP_C_PORT, GTP_U_PORT, IMSI, frame, g_pdu, gtpv2, v2_apn, v2_bearer_context, v2_cause, v2_ebi,
                        v2_fteid, v2_imsi, v2_paa_ipv4, write)

MME, SGW, ENB, TARGET_SGW, OTHER = "20.20.20.1", "20.20.20.10", "20.20.20.2", "30.30.30.10", "30.30.30.2"
MS, INTERNET = "100.64.0.3", "198.51.100.7"
MME_C, SGW_C, SGW_U, ENB_U = 0x77, 0x1100, 0x2200, 0x5E
SGW_FWD, TARGET_FWD = 0xF1, 0xE1
EBI = 5


def packets():
    yield frame(MME, SGW, GTP_C_PORT, gtpv2(32, 1, [
        v2_imsi(IMSI), v2_fteid(10, MME_C, MME), v2_apn(), v2_paa_ipv4(MS),
        v2_bearer_context(v2_ebi(EBI), v2_fteid(0, ENB_U, ENB)),
    ], teid=0)), "ALLOW", "Create Session Request (S11)"
    yield frame(SGW, MME, GTP_C_PORT, gtpv2(33, 1, [
        v2_cause(16), v2_fteid(11, SGW_C, SGW), v2_paa_ipv4(MS),
        v2_bearer_context(v2_ebi(EBI), v2_cause(16), v2_fteid(1, SGW_U, SGW)),
    ], teid=MME_C)), "ALLOW", "Create Session Response: bearer set up"
    yield frame(SGW, ENB, GTP_U_PORT, g_pdu(ENB_U, INTERNET, MS, 1)), "ALLOW", "downlink to the eNodeB"
    yield frame(MME, SGW, GTP_C_PORT, gtpv2(166, 2, [
        v2_bearer_context(v2_ebi(EBI), v2_fteid(23, TARGET_FWD, TARGET_SGW, instance=1)),
    ], teid=SGW_C)), "ALLOW", "Create Indirect Data Forwarding Tunnel Request: target SGW endpoint"
    yield frame(SGW, MME, GTP_C_PORT, gtpv2(167, 2, [
        v2_cause(16),
        v2_bearer_context(v2_ebi(EBI), v2_cause(16), v2_fteid(23, SGW_FWD, SGW)),
    ], teid=MME_C)), "ALLOW", "Create Indirect Data Forwarding Tunnel Response: source SGW endpoint"
    yield frame(ENB, SGW, GTP_U_PORT, g_pdu(SGW_FWD, INTERNET, MS, 2)), "ALLOW", "source eNodeB -> source SGW forwarding"
    yield frame(SGW, TARGET_SGW, GTP_U_PORT, g_pdu(TARGET_FWD, INTERNET, MS, 3)), "ALLOW", "source SGW -> target SGW forwarding"
    yield frame(OTHER, SGW, GTP_U_PORT, g_pdu(SGW_FWD, INTERNET, MS, 4)), "DENY", "ForwardingSenderMismatch"
    yield frame(MME, SGW, GTP_C_PORT, gtpv2(170, 3, [], teid=SGW_C)), "ALLOW", "Release Access Bearers Request"
    yield frame(SGW, MME, GTP_C_PORT, gtpv2(171, 3, [v2_cause(16)], teid=MME_C)), "ALLOW", "Release Access Bearers Response"
    yield frame(SGW, ENB, GTP_U_PORT, g_pdu(ENB_U, INTERNET, MS, 5)), "DENY", "NoTunnel: S1-U released (idle mode)"
    yield frame(MME, SGW, GTP_C_PORT, gtpv2(168, 4, [], teid=SGW_C)), "ALLOW", "Delete Indirect Data Forwarding Tunnel Request"
    yield frame(SGW, MME, GTP_C_PORT, gtpv2(169, 4, [v2_cause(16)], teid=MME_C)), "ALLOW", "Delete Indirect Data Forwarding Tunnel Response"
    yield frame(ENB, SGW, GTP_U_PORT, g_pdu(SGW_FWD, INTERNET, MS, 6)), "DENY", "NoTunnel: forwarding tunnels deleted"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} OUTPUT.pcap")
    write(sys.argv[1], list(packets()))
