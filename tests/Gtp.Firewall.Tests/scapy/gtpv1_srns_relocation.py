#!/usr/bin/python3
"""GTPv1 inter-SGSN SRNS relocation with data forwarding to the target RNC (TS 23.060 §6.9.2.2.1, TS 29.060 §7.5.6/7).

Usage: /usr/bin/python3 gtpv1_srns_relocation.py OUTPUT.pcap   (also writes OUTPUT.pcap.verdicts.tsv)

Nodes (scenario-1 addresses; replayed with an added vplmn -> vplmn policy using profile Scenario-1):
  GGSN 10.10.10.2; old SGSN control 20.20.20.1, user 20.20.20.10; new SGSN control 30.30.30.1, user 30.30.30.10
  target RNC 30.30.30.11; a node that takes no part 20.20.20.2
The Forward Relocation Response carries RAB Setup Information (146, §7.7.39) for NSAPI 5 (target RNC 30.30.30.11,
TEID 0x0000F005) and the release form (length 1) for NSAPI 6. The source side (old SGSN user plane 20.20.20.10)
forwards to the target RNC; anyone else is refused; the End Marker closes the forwarding tunnel.
"""
import struct
import sys

from scapy.all import *  # noqa: F401,F403 (Debian python3-scapy)

from gtp_common import (GTP_C_PORT, GTP_U_PORT, IMSI, frame, g_pdu, gtpv1c, ipv4, tlv, v1_apn, v1_cause,
                        v1_end_user_address_ipv4, v1_gsn_address, v1_imsi, v1_nsapi, v1_pdp_context, v1_qos, v1_recovery,
                        v1_selection_mode, v1_teid_control, v1_teid_data_1, write)

GGSN, OLD_C, OLD_U, NEW_C, NEW_U = "10.10.10.2", "20.20.20.1", "20.20.20.10", "30.30.30.1", "30.30.30.10"
TARGET_RNC, OTHER = "30.30.30.11", "20.20.20.2"
MS, INTERNET = "100.64.0.2", "198.51.100.7"
OLD_TEID_C, OLD_TEID_U, GGSN_C, GGSN_U = 0xA001, 0xB001, 0xC001, 0xD001
OLD_RELOC_C, NEW_RELOC_C, RNC_TEID = 0xE101, 0xE001, 0xF005
NSAPI = 5


def rab_setup_information(nsapi, teid=None, rnc=None):
    """TS 29.060 §7.7.39: spare + NSAPI, TEID Data I, RNC IP address; only the NSAPI in the release form."""
    if teid is None:
        return tlv(146, bytes([nsapi & 0x0F]))
    return tlv(146, bytes([nsapi & 0x0F]) + struct.pack("!I", teid) + ipv4(rnc))


def end_marker(teid):
    """TS 29.281 §5.1/§7.3.2: version 1, PT 1, type 254, length 0."""
    return Raw(struct.pack("!BBHI", 0x30, 254, 0, teid))


def packets():
    yield frame(OLD_C, GGSN, GTP_C_PORT, gtpv1c(16, 1, [
        v1_imsi(IMSI), v1_recovery(1), v1_selection_mode(0), v1_teid_data_1(OLD_TEID_U), v1_teid_control(OLD_TEID_C),
        v1_nsapi(NSAPI), v1_end_user_address_ipv4(), v1_apn(), v1_gsn_address(OLD_C), v1_gsn_address(OLD_U), v1_qos(),
    ])), "ALLOW", "Create PDP Context Request"
    yield frame(GGSN, OLD_C, GTP_C_PORT, gtpv1c(17, 1, [
        v1_cause(128), v1_teid_data_1(GGSN_U), v1_teid_control(GGSN_C), v1_end_user_address_ipv4(MS),
        v1_gsn_address(GGSN), v1_gsn_address(GGSN), v1_qos(),
    ], teid=OLD_TEID_C)), "ALLOW", "Create PDP Context Response: context set up"
    yield frame(OLD_C, NEW_C, GTP_C_PORT, gtpv1c(53, 2, [
        v1_imsi(IMSI), v1_teid_control(OLD_RELOC_C), v1_pdp_context(NSAPI, GGSN_C, GGSN_U, MS, GGSN, GGSN),
        v1_gsn_address(OLD_C),
    ])), "ALLOW", "Forward Relocation Request old -> new SGSN"
    yield frame(NEW_C, OLD_C, GTP_C_PORT, gtpv1c(54, 2, [
        v1_cause(128), v1_teid_control(NEW_RELOC_C),
        rab_setup_information(NSAPI, RNC_TEID, TARGET_RNC),
        rab_setup_information(6),
        v1_gsn_address(NEW_C),
    ], teid=OLD_RELOC_C)), "ALLOW", "Forward Relocation Response: RAB Setup Information -> forwarding tunnel"
    yield frame(OLD_U, TARGET_RNC, GTP_U_PORT, g_pdu(RNC_TEID, INTERNET, MS, 1)), "ALLOW", "forwarded by the source side"
    yield frame(OTHER, TARGET_RNC, GTP_U_PORT, g_pdu(RNC_TEID, INTERNET, MS, 2)), "DENY", "ForwardingSenderMismatch"
    yield frame(OLD_U, TARGET_RNC, GTP_U_PORT, end_marker(RNC_TEID)), "ALLOW", "End Marker closes the forwarding tunnel"
    yield frame(OLD_U, TARGET_RNC, GTP_U_PORT, g_pdu(RNC_TEID, INTERNET, MS, 3)), "DENY", "NoTunnel: after the End Marker"
    yield frame(NEW_C, OLD_C, GTP_C_PORT, gtpv1c(55, 3, [v1_imsi(IMSI)], teid=OLD_RELOC_C)), "ALLOW", "Forward Relocation Complete"
    yield frame(OLD_C, NEW_C, GTP_C_PORT, gtpv1c(59, 3, [v1_cause(128)], teid=NEW_RELOC_C)), "ALLOW", "Forward Relocation Complete Acknowledge"


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(f"usage: {sys.argv[0]} OUTPUT.pcap")
    write(sys.argv[1], list(packets()))
