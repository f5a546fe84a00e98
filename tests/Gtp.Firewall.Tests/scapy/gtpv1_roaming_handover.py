#!/usr/bin/python3
"""GTPv1 (Gp) roaming with an inter-SGSN routing area update, on the scenario-1 addresses.

Usage: /usr/bin/python3 gtpv1_roaming_handover.py OUTPUT.pcap   (also writes OUTPUT.pcap.verdicts.tsv)

Nodes (Gtp.Firewall/examples/scenario-1.set.conf; the v2 MME/SGW addresses play SGSN roles here):
  X-mobile (zone hplmn): GGSN 10.10.10.2 (control and user plane)
  Y-mobile (zone vplmn): old SGSN control 20.20.20.1, user 20.20.20.10
  Z-mobile (zone vplmn): new SGSN control 30.30.30.1, user 30.30.30.10
  MS: IMSI 001010123456789, NSAPI 5, end user address 100.64.0.2

TEIDs (C = control, U = user data I):
  old SGSN C 0x0000A001   old SGSN U 0x0000B001
  new SGSN C 0x0000A002   new SGSN U 0x0000B002   new SGSN forwarding (TEID Data II) 0x0000F001
  GGSN C     0x0000C001   GGSN U     0x0000D001
  new SGSN C for the SGSN Context Response 0x0000E001; old SGSN C for the SGSN Context Acknowledge 0x0000E101

Expected verdicts with scenario-1 (policies vplmn-to-hplmn / hplmn-to-vplmn, profile Scenario-1 with
handover-on-roaming-intf and handover group hg-AT = as-AT = X+Y+Z; handover-default permit):

 #  message                               src -> dst                     hdr TEID    verdict  why
 1  Create PDP Context Request (16)       20.20.20.1 -> 10.10.10.2:2123  0           ALLOW    policy vplmn-to-hplmn; new PDP context
 2  Create PDP Context Response (17)      10.10.10.2 -> 20.20.20.1:2123  0x0000A001  ALLOW    answers #1 (seq 1); cause 128 commits the tunnel
 3  G-PDU uplink (255)                    20.20.20.10 -> 10.10.10.2:2152 0x0000D001  ALLOW    GGSN TEID data I from #2, from the SGSN user address in #1
 4  G-PDU downlink (255)                  10.10.10.2 -> 20.20.20.10:2152 0x0000B001  ALLOW    SGSN TEID data I from #1
 5  SGSN Context Request (50)             30.30.30.1 -> 20.20.20.1:2123  0           DENY     vplmn -> vplmn: scenario-1 has no intra-zone policy (Junos default deny-all)
 6  SGSN Context Response (51)            20.20.20.1 -> 30.30.30.1:2123  0x0000E001  DENY     same; would carry MM and PDP contexts if a vplmn-to-vplmn policy existed
 7  SGSN Context Acknowledge (52)         30.30.30.1 -> 20.20.20.1:2123  0x0000E101  DENY     same
 8  Update PDP Context Request (18)       30.30.30.1 -> 10.10.10.2:2123  0x0000C001  ALLOW    policy vplmn-to-hplmn; SGSN handover 20.20.20.1 -> 30.30.30.1, both in hg-AT
 9  Update PDP Context Response (19)      10.10.10.2 -> 30.30.30.1:2123  0x0000A002  ALLOW    answers #8; cause 128 re-keys the tunnel to the new SGSN
10  G-PDU uplink (255)                    30.30.30.10 -> 10.10.10.2:2152 0x0000D001  ALLOW    tunnel now bound to the new SGSN
11  G-PDU downlink (255)                  10.10.10.2 -> 30.30.30.10:2152 0x0000B002  ALLOW    new SGSN TEID data I from #8
12  Delete PDP Context Request (20)       30.30.30.1 -> 10.10.10.2:2123  0x0000C001  ALLOW    existing PDP context
13  Delete PDP Context Response (21)      10.10.10.2 -> 30.30.30.1:2123  0x0000A002  ALLOW    answers #12; cause 128 removes the tunnel
14  G-PDU uplink (255)                    30.30.30.10 -> 10.10.10.2:2152 0x0000D001  DENY     tunnel deleted in #13: unknown TEID (GTP-U tunnel check)

Frames 5-7 are the Gn/Gp exchange between the SGSNs: with a vplmn-to-vplmn policy using Scenario-1 they become
ALLOW, #6 sets up the PDP context (handover-on-roaming-intf) and #7 adds a forwarding tunnel
(30.30.30.10, TEID 0x0000F001).
"""
import sys

from scapy.all import *  # noqa: F401,F403 (Debian python3-scapy)
from scapy.contrib.gtp import *  # noqa: F401,F403
from scapy.contrib.gtp_v2 import *  # noqa: F401,F403

from gtp_common import (GTP_C_PORT, GTP_U_PORT, IMSI, frame, g_pdu, gtpv1c, v1_apn, v1_cause,
                        v1_charging_characteristics, v1_charging_id, v1_end_user_address_ipv4, v1_gsn_address, v1_imsi,
                        v1_mm_context_gsm, v1_msisdn, v1_nsapi, v1_pdp_context, v1_qos, v1_rai, v1_recovery,
                        v1_reordering_required, v1_selection_mode, v1_teardown, v1_teid_control, v1_teid_data_1,
                        v1_teid_data_2, write)

GGSN, OLD_SGSN_C, OLD_SGSN_U, NEW_SGSN_C, NEW_SGSN_U = "10.10.10.2", "20.20.20.1", "20.20.20.10", "30.30.30.1", "30.30.30.10"
MS, INTERNET = "100.64.0.2", "198.51.100.7"
OLD_C, OLD_U, NEW_C, NEW_U, NEW_FORWARD = 0xA001, 0xB001, 0xA002, 0xB002, 0xF001
GGSN_C, GGSN_U, NEW_CTX_C, OLD_CTX_C = 0xC001, 0xD001, 0xE001, 0xE101
NSAPI = 5

# Message types (TS 29.060 §7.1 Table 1)
CREATE_PDP_REQ, CREATE_PDP_RESP, UPDATE_PDP_REQ, UPDATE_PDP_RESP, DELETE_PDP_REQ, DELETE_PDP_RESP = 16, 17, 18, 19, 20, 21
SGSN_CONTEXT_REQ, SGSN_CONTEXT_RESP, SGSN_CONTEXT_ACK = 50, 51, 52


def packets():
    # IEs appear in ascending type order (TS 29.060 §7.7).
    yield frame(OLD_SGSN_C, GGSN, GTP_C_PORT, gtpv1c(CREATE_PDP_REQ, 1, [
        v1_imsi(IMSI),
        v1_recovery(1),
        v1_selection_mode(0),
        v1_teid_data_1(OLD_U),
        v1_teid_control(OLD_C),
        v1_nsapi(NSAPI),
        v1_charging_characteristics(),
        v1_end_user_address_ipv4(),  # dynamic IPv4 requested
        v1_apn(),
        v1_gsn_address(OLD_SGSN_C),  # SGSN address for signalling
        v1_gsn_address(OLD_SGSN_U),  # SGSN address for user traffic
        v1_msisdn(),
        v1_qos(),
    ])), "ALLOW", "policy vplmn-to-hplmn; new PDP context"

    yield frame(GGSN, OLD_SGSN_C, GTP_C_PORT, gtpv1c(CREATE_PDP_RESP, 1, [
        v1_cause(128),
        v1_reordering_required(False),
        v1_recovery(1),
        v1_teid_data_1(GGSN_U),
        v1_teid_control(GGSN_C),
        v1_charging_id(0x1234),
        v1_end_user_address_ipv4(MS),
        v1_gsn_address(GGSN),  # GGSN address for control plane
        v1_gsn_address(GGSN),  # GGSN address for user traffic
        v1_qos(),
    ], teid=OLD_C)), "ALLOW", "answers #1; cause 128 commits the tunnel"

    yield frame(OLD_SGSN_U, GGSN, GTP_U_PORT, g_pdu(GGSN_U, MS, INTERNET, 1)), "ALLOW", "GGSN TEID data I from #2"
    yield frame(GGSN, OLD_SGSN_U, GTP_U_PORT, g_pdu(OLD_U, INTERNET, MS, 1)), "ALLOW", "SGSN TEID data I from #1"

    yield frame(NEW_SGSN_C, OLD_SGSN_C, GTP_C_PORT, gtpv1c(SGSN_CONTEXT_REQ, 2, [
        v1_imsi(IMSI),
        v1_rai(),
        v1_teid_control(NEW_CTX_C),
        v1_gsn_address(NEW_SGSN_C),  # SGSN address for control plane
    ])), "DENY", "vplmn -> vplmn: no intra-zone policy in scenario-1"

    yield frame(OLD_SGSN_C, NEW_SGSN_C, GTP_C_PORT, gtpv1c(SGSN_CONTEXT_RESP, 2, [
        v1_cause(128),
        v1_imsi(IMSI),
        v1_teid_control(OLD_CTX_C),
        v1_mm_context_gsm(),
        v1_pdp_context(NSAPI, GGSN_C, GGSN_U, MS, GGSN, GGSN),
        v1_gsn_address(OLD_SGSN_C),  # SGSN address for control plane
    ], teid=NEW_CTX_C)), "DENY", "vplmn -> vplmn: no intra-zone policy in scenario-1"

    yield frame(NEW_SGSN_C, OLD_SGSN_C, GTP_C_PORT, gtpv1c(SGSN_CONTEXT_ACK, 2, [
        v1_cause(128),
        v1_teid_data_2(NSAPI, NEW_FORWARD),  # where the old SGSN forwards buffered T-PDUs
        v1_gsn_address(NEW_SGSN_U),  # new SGSN address for user traffic
    ], teid=OLD_CTX_C)), "DENY", "vplmn -> vplmn: no intra-zone policy in scenario-1"

    yield frame(NEW_SGSN_C, GGSN, GTP_C_PORT, gtpv1c(UPDATE_PDP_REQ, 3, [
        v1_rai(),
        v1_recovery(1),
        v1_teid_data_1(NEW_U),
        v1_teid_control(NEW_C),
        v1_nsapi(NSAPI),
        v1_gsn_address(NEW_SGSN_C),  # SGSN address for control plane
        v1_gsn_address(NEW_SGSN_U),  # SGSN address for user traffic
        v1_qos(),
    ], teid=GGSN_C)), "ALLOW", "SGSN handover 20.20.20.1 -> 30.30.30.1 within hg-AT"

    yield frame(GGSN, NEW_SGSN_C, GTP_C_PORT, gtpv1c(UPDATE_PDP_RESP, 3, [
        v1_cause(128),
        v1_recovery(1),
        v1_teid_data_1(GGSN_U),
        v1_charging_id(0x1234),
        v1_gsn_address(GGSN),  # GGSN address for control plane
        v1_gsn_address(GGSN),  # GGSN address for user traffic
        v1_qos(),
    ], teid=NEW_C)), "ALLOW", "answers #8; cause 128 re-keys the tunnel to the new SGSN"

    yield frame(NEW_SGSN_U, GGSN, GTP_U_PORT, g_pdu(GGSN_U, MS, INTERNET, 2)), "ALLOW", "tunnel bound to the new SGSN"
    yield frame(GGSN, NEW_SGSN_U, GTP_U_PORT, g_pdu(NEW_U, INTERNET, MS, 2)), "ALLOW", "new SGSN TEID data I from #8"

    yield frame(NEW_SGSN_C, GGSN, GTP_C_PORT, gtpv1c(DELETE_PDP_REQ, 4, [
        v1_teardown(True),
        v1_nsapi(NSAPI),
    ], teid=GGSN_C)), "ALLOW", "existing PDP context"

    yield frame(GGSN, NEW_SGSN_C, GTP_C_PORT, gtpv1c(DELETE_PDP_RESP, 4, [
        v1_cause(128),
    ], teid=NEW_C)), "ALLOW", "answers #12; cause 128 removes the tunnel"

    yield frame(NEW_SGSN_U, GGSN, GTP_U_PORT, g_pdu(GGSN_U, MS, INTERNET, 3)), "DENY", "tunnel deleted in #13: unknown TEID"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} OUTPUT.pcap")
    write(sys.argv[1], list(packets()))
