#!/usr/bin/python3
"""GTPv2 home-routed roaming with an inter-PLMN SGW relocation, on the scenario-1 addresses.

Usage: /usr/bin/python3 gtpv2_roaming_handover.py OUTPUT.pcap   (also writes OUTPUT.pcap.verdicts.tsv)

Nodes (Gtp.Firewall/examples/scenario-1.set.conf, appsettings.json Firewall section):
  X-mobile (zone hplmn): hPGW 10.10.10.2
  Y-mobile (zone vplmn): vMME 20.20.20.1 (old MME), vSGW 20.20.20.10 (old SGW)
  Z-mobile (zone vplmn): vMME 30.30.30.1 (new MME), vSGW 30.30.30.10 (new SGW)
  UE: IMSI 001010123456789, EBI 5, PAA 100.64.0.1

TEIDs (C = control, U = user):
  old SGW S5/S8-C 0x0000A001   old SGW S5/S8-U 0x0000B001
  new SGW S5/S8-C 0x0000A002   new SGW S5/S8-U 0x0000B002
  PGW S5/S8-C     0x0000C001   PGW S5/S8-U     0x0000D001
  new MME S10     0x0000E001   old MME S10     0x0000E101

Expected verdicts with scenario-1 (policies vplmn-to-hplmn / hplmn-to-vplmn, profile Scenario-1 with
handover-on-roaming-intf and handover group hg-AT = as-AT = X+Y+Z; handover-default permit):

 #  message                          src -> dst                     hdr TEID    verdict  why
 1  Create Session Request (32)      20.20.20.10 -> 10.10.10.2:2123 0           ALLOW    policy vplmn-to-hplmn; new session
 2  Create Session Response (33)     10.10.10.2 -> 20.20.20.10:2123 0x0000A001  ALLOW    answers #1 (seq 0x000001); cause 16 commits the tunnel
 3  G-PDU uplink (255)               20.20.20.10 -> 10.10.10.2:2152 0x0000D001  ALLOW    PGW U-TEID from #2, sent by the SGW in #1
 4  G-PDU downlink (255)             10.10.10.2 -> 20.20.20.10:2152 0x0000B001  ALLOW    SGW U-TEID from #1
 5  Context Request (130)            30.30.30.1 -> 20.20.20.1:2123  0           DENY     vplmn -> vplmn: scenario-1 has no intra-zone policy (Junos default deny-all)
 6  Context Response (131)           20.20.20.1 -> 30.30.30.1:2123  0x0000E001  DENY     same; would carry the PDN connection if a vplmn-to-vplmn policy existed
 7  Context Acknowledge (132)        30.30.30.1 -> 20.20.20.1:2123  0x0000E101  DENY     same
 8  Modify Bearer Request (34)       30.30.30.10 -> 10.10.10.2:2123 0x0000C001  ALLOW    policy vplmn-to-hplmn; SGW handover 20.20.20.10 -> 30.30.30.10, both in hg-AT
 9  Modify Bearer Response (35)      10.10.10.2 -> 30.30.30.10:2123 0x0000A002  ALLOW    answers #8; cause 16 re-keys the tunnel to the new SGW
10  G-PDU uplink (255)               30.30.30.10 -> 10.10.10.2:2152 0x0000D001  ALLOW    tunnel now bound to the new SGW
11  G-PDU downlink (255)             10.10.10.2 -> 30.30.30.10:2152 0x0000B002  ALLOW    new SGW U-TEID from #8
12  Delete Session Request (36)      30.30.30.10 -> 10.10.10.2:2123 0x0000C001  ALLOW    existing session
13  Delete Session Response (37)     10.10.10.2 -> 30.30.30.10:2123 0x0000A002  ALLOW    answers #12; cause 16 removes the tunnel
14  G-PDU uplink (255)               30.30.30.10 -> 10.10.10.2:2152 0x0000D001  DENY     tunnel deleted in #13: unknown TEID (GTP-U tunnel check)

Frames 5-7 are the S10 exchange between the visited MMEs: if the engine gets a vplmn-to-vplmn policy with
Scenario-1, they become ALLOW and #6 sets up the context (handover-on-roaming-intf) before #8.
"""
import sys

from scapy.all import *  # noqa: F401,F403 (Debian python3-scapy)
from scapy.contrib.gtp import *  # noqa: F401,F403
from scapy.contrib.gtp_v2 import *  # noqa: F401,F403

from gtp_common import (GTP_C_PORT, GTP_U_PORT, IMSI, frame, g_pdu, gtpv2, v2_ambr, v2_apn, v2_bearer_context,
                        v2_bearer_qos, v2_cause, v2_charging_id, v2_ebi, v2_fteid, v2_imsi, v2_indication,
                        v2_ip_address, v2_mm_context_eps, v2_msisdn, v2_paa_ipv4, v2_pdn_connection, v2_pdn_type,
                        v2_rat, v2_recovery, v2_selection_mode, v2_serving_network, write)

HPGW, OLD_MME, OLD_SGW, NEW_MME, NEW_SGW = "10.10.10.2", "20.20.20.1", "20.20.20.10", "30.30.30.1", "30.30.30.10"
UE, INTERNET = "100.64.0.1", "198.51.100.7"
OLD_SGW_C, OLD_SGW_U, NEW_SGW_C, NEW_SGW_U = 0xA001, 0xB001, 0xA002, 0xB002
PGW_C, PGW_U, NEW_MME_S10, OLD_MME_S10 = 0xC001, 0xD001, 0xE001, 0xE101
EBI = 5

# F-TEID interface types (TS 29.274 §8.22 Table 8.22-1)
S5S8_SGW_U, S5S8_PGW_U, S5S8_SGW_C, S5S8_PGW_C, S11_S4_SGW_C, S10_MME = 4, 5, 6, 7, 11, 12

# Message types (TS 29.274 §6.1 Table 6.1-1)
CREATE_SESSION_REQ, CREATE_SESSION_RESP, MODIFY_BEARER_REQ, MODIFY_BEARER_RESP = 32, 33, 34, 35
DELETE_SESSION_REQ, DELETE_SESSION_RESP, CONTEXT_REQ, CONTEXT_RESP, CONTEXT_ACK = 36, 37, 130, 131, 132


def packets():
    yield frame(OLD_SGW, HPGW, GTP_C_PORT, gtpv2(CREATE_SESSION_REQ, 0x000001, [
        v2_imsi(IMSI),
        v2_msisdn(),
        v2_rat(6),
        v2_indication(),
        v2_fteid(S5S8_SGW_C, OLD_SGW_C, OLD_SGW, instance=0),  # Sender F-TEID for control plane
        v2_apn(),
        v2_selection_mode(0),
        v2_pdn_type(1),
        v2_paa_ipv4("0.0.0.0"),  # dynamic address requested
        v2_serving_network(),
        v2_bearer_context(  # bearer contexts to be created (Table 7.2.1-2)
            v2_ebi(EBI),
            v2_bearer_qos(),
            v2_fteid(S5S8_SGW_U, OLD_SGW_U, OLD_SGW, instance=2),  # S5/S8-U SGW F-TEID
        ),
        v2_recovery(1),
    ], teid=0)), "ALLOW", "policy vplmn-to-hplmn; new session"

    yield frame(HPGW, OLD_SGW, GTP_C_PORT, gtpv2(CREATE_SESSION_RESP, 0x000001, [
        v2_cause(16),
        v2_fteid(S5S8_PGW_C, PGW_C, HPGW, instance=0),  # Sender F-TEID for control plane
        v2_paa_ipv4(UE),
        v2_bearer_context(  # bearer contexts created (Table 7.2.2-2)
            v2_ebi(EBI),
            v2_cause(16),
            v2_fteid(S5S8_PGW_U, PGW_U, HPGW, instance=2),  # S5/S8-U PGW F-TEID
            v2_charging_id(0x1234),
        ),
        v2_recovery(1),
    ], teid=OLD_SGW_C)), "ALLOW", "answers #1; cause 16 commits the tunnel"

    yield frame(OLD_SGW, HPGW, GTP_U_PORT, g_pdu(PGW_U, UE, INTERNET, 1)), "ALLOW", "PGW U-TEID from #2"
    yield frame(HPGW, OLD_SGW, GTP_U_PORT, g_pdu(OLD_SGW_U, INTERNET, UE, 1)), "ALLOW", "SGW U-TEID from #1"

    yield frame(NEW_MME, OLD_MME, GTP_C_PORT, gtpv2(CONTEXT_REQ, 0x000002, [
        v2_imsi(IMSI),
        v2_fteid(S10_MME, NEW_MME_S10, NEW_MME, instance=0),  # new MME's S10 address for the response
        v2_rat(6),
        v2_serving_network(),
    ], teid=0)), "DENY", "vplmn -> vplmn: no intra-zone policy in scenario-1"

    yield frame(OLD_MME, NEW_MME, GTP_C_PORT, gtpv2(CONTEXT_RESP, 0x000002, [
        v2_cause(16),
        v2_imsi(IMSI),
        v2_mm_context_eps(),
        v2_pdn_connection(  # Table 7.3.6-2
            v2_apn(),
            v2_ip_address(UE, instance=0),
            v2_ebi(EBI, instance=0),  # linked EPS bearer ID
            v2_fteid(S5S8_PGW_C, PGW_C, HPGW, instance=0),  # PGW S5/S8 control plane F-TEID
            v2_bearer_context(  # Table 7.3.6-3
                v2_ebi(EBI),
                v2_fteid(S5S8_SGW_U, OLD_SGW_U, OLD_SGW, instance=0),  # SGW S1/S4/S12/S5/S8-U F-TEID
                v2_fteid(S5S8_PGW_U, PGW_U, HPGW, instance=1),  # PGW S5/S8-U F-TEID
                v2_bearer_qos(),
            ),
            v2_ambr(),
        ),
        v2_fteid(S10_MME, OLD_MME_S10, OLD_MME, instance=0),  # Sender F-TEID for control plane
        v2_fteid(S11_S4_SGW_C, OLD_SGW_C, OLD_SGW, instance=1),  # SGW S11/S4 control plane F-TEID
    ], teid=NEW_MME_S10)), "DENY", "vplmn -> vplmn: no intra-zone policy in scenario-1"

    yield frame(NEW_MME, OLD_MME, GTP_C_PORT, gtpv2(CONTEXT_ACK, 0x000002, [
        v2_cause(16),
    ], teid=OLD_MME_S10)), "DENY", "vplmn -> vplmn: no intra-zone policy in scenario-1"

    yield frame(NEW_SGW, HPGW, GTP_C_PORT, gtpv2(MODIFY_BEARER_REQ, 0x000003, [
        v2_rat(6),
        v2_indication(),
        v2_fteid(S5S8_SGW_C, NEW_SGW_C, NEW_SGW, instance=0),  # Sender F-TEID: the new SGW
        v2_serving_network(),
        v2_bearer_context(  # bearer contexts to be modified (Table 7.2.7-2)
            v2_ebi(EBI),
            v2_fteid(S5S8_SGW_U, NEW_SGW_U, NEW_SGW, instance=1),  # S5/S8-U SGW F-TEID
        ),
        v2_recovery(1),
    ], teid=PGW_C)), "ALLOW", "SGW handover 20.20.20.10 -> 30.30.30.10 within hg-AT"

    yield frame(HPGW, NEW_SGW, GTP_C_PORT, gtpv2(MODIFY_BEARER_RESP, 0x000003, [
        v2_cause(16),
        v2_msisdn(),
        v2_ebi(EBI),  # linked EPS bearer ID
        v2_bearer_context(
            v2_ebi(EBI),
            v2_cause(16),
            v2_charging_id(0x1234),
        ),
        v2_recovery(1),
    ], teid=NEW_SGW_C)), "ALLOW", "answers #8; cause 16 re-keys the tunnel to the new SGW"

    yield frame(NEW_SGW, HPGW, GTP_U_PORT, g_pdu(PGW_U, UE, INTERNET, 2)), "ALLOW", "tunnel bound to the new SGW"
    yield frame(HPGW, NEW_SGW, GTP_U_PORT, g_pdu(NEW_SGW_U, INTERNET, UE, 2)), "ALLOW", "new SGW U-TEID from #8"

    yield frame(NEW_SGW, HPGW, GTP_C_PORT, gtpv2(DELETE_SESSION_REQ, 0x000004, [
        v2_ebi(EBI),  # linked EPS bearer ID
        v2_indication(),
    ], teid=PGW_C)), "ALLOW", "existing session"

    yield frame(HPGW, NEW_SGW, GTP_C_PORT, gtpv2(DELETE_SESSION_RESP, 0x000004, [
        v2_cause(16),
        v2_recovery(1),
    ], teid=NEW_SGW_C)), "ALLOW", "answers #12; cause 16 removes the tunnel"

    yield frame(NEW_SGW, HPGW, GTP_U_PORT, g_pdu(PGW_U, UE, INTERNET, 3)), "DENY", "tunnel deleted in #13: unknown TEID"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} OUTPUT.pcap")
    write(sys.argv[1], list(packets()))
