"""Shared helpers for the capture scripts in this folder (Debian python3-scapy).

Ethernet/IPv4/UDP framing and the GTP headers come from scapy. The information elements are packed here, octet by
octet, because scapy 2.5's GTP classes get several lengths wrong (the GTPv2 header length is computed as for
GTPv1, total - 8 instead of total - 4, cf. secdev/scapy PR #3822/#3833; some v2 IE lengths likewise), and the
firewall's parser must be tested against correct encodings. tshark checks every generated file.
"""
import ipaddress
import struct

from scapy.all import Ether, ICMP, IP, UDP, Raw, wrpcap
from scapy.contrib.gtp import GTPHeader as GTPv1Header, GTP_U_Header
from scapy.contrib.gtp_v2 import GTPHeader as GTPv2Header

GTP_C_PORT = 2123  # TS 29.274 §4.2, TS 29.060 §19
GTP_U_PORT = 2152  # TS 29.281 §4.4.2

IMSI = "001010123456789"  # test PLMN 001/01
MSISDN = "491710000001"
APN = "internet"
BASE_TIME = 1_795_000_000  # 2026-11-18T09:46:40Z; packets 10 ms apart


def ipv4(address):
    return ipaddress.IPv4Address(address).packed


def tbcd(digits):
    """TBCD (TS 29.274 §8.3, TS 29.060 §7.7.2): two digits per octet, low nibble first, filler 0xF."""
    if len(digits) % 2:
        digits += "F"
    return bytes(int(digits[i + 1], 16) << 4 | int(digits[i], 16) for i in range(0, len(digits), 2))


def apn(name):
    """APN as DNS labels without a trailing zero (TS 23.003 §9.1)."""
    return b"".join(bytes([len(label)]) + label.encode() for label in name.split("."))


# ---- GTPv2-C (TS 29.274 §8.2: type 1, length 2, spare 4 bits + instance 4 bits, value) ----

def ie2(ie_type, value, instance=0):
    return struct.pack("!BHB", ie_type, len(value), instance & 0x0F) + value


def v2_imsi(digits=IMSI):
    return ie2(1, tbcd(digits))


def v2_cause(cause=16):  # 16 = Request accepted (§8.4)
    return ie2(2, bytes([cause, 0]))


def v2_recovery(counter=1):
    return ie2(3, bytes([counter]))


def v2_apn(name=APN):
    return ie2(71, apn(name))


def v2_ambr(uplink_kbps=50_000, downlink_kbps=100_000):  # §8.7
    return ie2(72, struct.pack("!II", uplink_kbps, downlink_kbps))


def v2_ebi(ebi, instance=0):  # §8.8
    return ie2(73, bytes([ebi & 0x0F]), instance)


def v2_ip_address(address, instance=0):  # §8.9
    return ie2(74, ipv4(address), instance)


def v2_msisdn(digits=MSISDN):
    return ie2(76, tbcd(digits))


def v2_indication(octets=b"\x00\x00\x00"):
    return ie2(77, octets)


def v2_paa_ipv4(address):  # §8.14: PDN type 1 = IPv4
    return ie2(79, bytes([1]) + ipv4(address))


def v2_bearer_qos(qci=9, arp_priority=10):  # §8.15: flags/ARP, QCI, 4 x 5-octet bit rates
    return ie2(80, bytes([arp_priority << 2, qci]) + bytes(20))


def v2_rat(rat=6):  # §8.17: 6 = EUTRAN
    return ie2(82, bytes([rat]))


def v2_serving_network(mcc="001", mnc="01"):  # §8.18, TS 24.008 §10.5.1.3 (2-digit MNC: filler F)
    return ie2(83, bytes([int(mcc[1]) << 4 | int(mcc[0]), 0xF0 | int(mcc[2]), int(mnc[1]) << 4 | int(mnc[0])]))


def v2_fteid(interface_type, teid, address, instance=0):  # §8.22: V4 flag + interface type, TEID, IPv4
    return ie2(87, bytes([0x80 | interface_type]) + struct.pack("!I", teid) + ipv4(address), instance)


def v2_bearer_context(*ies, instance=0):  # §8.28 grouped
    return ie2(93, b"".join(ies), instance)


def v2_charging_id(charging_id):
    return ie2(94, struct.pack("!I", charging_id))


def v2_pdn_type(pdn_type=1):
    return ie2(99, bytes([pdn_type]))


def v2_mm_context_eps():
    """MM Context, EPS security context and quadruplets (§8.38, type 107): no vectors, no optional parts."""
    value = bytes([
        0x80 | 0x00,  # security mode 4 (EPS security context and quadruplets), NHI/DRXI 0, KSI 0
        0x00,  # no quintuplets, no quadruplets, UAMBRI 0, OSCI 0
        0x00,  # SAMBRI 0, NAS integrity 0, NAS cipher 0
    ]) + bytes(3) + bytes(3) + bytes(32)  # NAS DL count, NAS UL count, K_ASME
    value += bytes([0])  # UE network capability length 0
    value += bytes([0])  # MS network capability length 0
    value += bytes([0])  # mobile equipment identity length 0
    value += bytes([0])  # access restriction flags
    return ie2(107, value)


def v2_pdn_connection(*ies):  # §8.39 grouped
    return ie2(109, b"".join(ies))


def v2_selection_mode(mode=0):
    return ie2(128, bytes([mode]))


def gtpv2(message_type, sequence, ies, teid=None):
    """GTPv2-C header (§5.1) with P=0; T=1 and the TEID unless teid is None. Length = octets after the first 4.

    Only Echo Request/Response and Version Not Supported go without a TEID (§5.5.1): pass teid=0 for the first
    request of a session (Create Session Request, Context Request), whose receiver has no TEID yet.
    """
    body = b"".join(ies)
    length = (4 if teid is not None else 0) + 4 + len(body)
    header = GTPv2Header(version=2, P=0, T=0 if teid is None else 1, MP=0, gtp_type=message_type, length=length,
                         teid=teid or 0, seq=sequence)
    return header / Raw(body)


# ---- GTPv1-C (TS 29.060 §7.7: TV types < 128 have fixed lengths, TLV types >= 128 a 2-octet length) ----

def tv(ie_type, value):
    return bytes([ie_type]) + value


def tlv(ie_type, value):
    return struct.pack("!BH", ie_type, len(value)) + value


def v1_cause(cause=128):  # 128 = Request accepted (§7.7.1)
    return tv(1, bytes([cause]))


def v1_imsi(digits=IMSI):
    return tv(2, tbcd(digits))


def v1_rai(mcc="001", mnc="01", lac=0x0001, rac=0x01):  # §7.7.3, TS 24.008 §10.5.5.15
    plmn = bytes([int(mcc[1]) << 4 | int(mcc[0]), 0xF0 | int(mcc[2]), int(mnc[1]) << 4 | int(mnc[0])])
    return tv(3, plmn + struct.pack("!HB", lac, rac))


def v1_reordering_required(required=False):
    return tv(8, bytes([0xFE | int(required)]))


def v1_recovery(counter=1):
    return tv(14, bytes([counter]))


def v1_selection_mode(mode=0):
    return tv(15, bytes([0xFC | mode]))


def v1_teid_data_1(teid):
    return tv(16, struct.pack("!I", teid))


def v1_teid_control(teid):
    return tv(17, struct.pack("!I", teid))


def v1_teid_data_2(nsapi, teid):  # §7.7.15: spare + NSAPI, TEID
    return tv(18, bytes([nsapi & 0x0F]) + struct.pack("!I", teid))


def v1_teardown(teardown=True):
    return tv(19, bytes([0xFE | int(teardown)]))


def v1_nsapi(nsapi):
    return tv(20, bytes([nsapi & 0x0F]))


def v1_charging_characteristics(value=0x0800):
    return tv(26, struct.pack("!H", value))


def v1_charging_id(charging_id):
    return tv(127, struct.pack("!I", charging_id))


def v1_end_user_address_ipv4(address=None):  # §7.7.27: spare 0xF + IETF (1), type 0x21 = IPv4
    return tlv(128, bytes([0xF1, 0x21]) + (ipv4(address) if address else b""))


QOS = bytes([0x02, 0x23, 0x72, 0x1F])  # §7.7.34: ARP + TS 24.008 §10.5.6.5 octets 3-5 (R97 profile)


def v1_mm_context_gsm():
    """MM Context (§7.7.28) in 'GSM key and triplets' form with no triplets."""
    value = bytes([0xF8 | 0x00,  # spare 11111, CKSN 0
                   0x40 | 0x00 | 0x00])  # security mode 01, 0 vectors, used cipher 0
    value += bytes(8)  # Kc
    value += b"\x00\x00"  # DRX parameter
    value += bytes([2]) + b"\xE5\xE0"  # MS network capability length + value
    value += b"\x00\x00"  # container length 0
    return tlv(129, value)


def v1_pdp_context(nsapi, ggsn_teid_c, ggsn_teid_u, end_user_address, ggsn_c, ggsn_u, apn_name=APN):
    """PDP Context (§7.7.29), GTPv1 layout; 'uplink' TEIDs are the GGSN's."""
    value = bytes([nsapi & 0x0F, 0x03])  # EA/VAA/ASI/Order 0, NSAPI; SAPI 3
    value += (bytes([len(QOS)]) + QOS) * 3  # QoS subscribed, requested, negotiated
    value += struct.pack("!HHBB", 0, 0, 0, 0)  # sequence numbers down/up, send/receive N-PDU numbers
    value += struct.pack("!IIB", ggsn_teid_c, ggsn_teid_u, 0)  # uplink TEID-C, uplink TEID data I, PDP context id
    value += bytes([0xF1, 0x21, 4]) + ipv4(end_user_address)  # PDP type IETF/IPv4, address length, address
    value += bytes([4]) + ipv4(ggsn_c) + bytes([4]) + ipv4(ggsn_u)  # GGSN addresses (control, user)
    encoded_apn = apn(apn_name)
    value += bytes([len(encoded_apn)]) + encoded_apn
    value += b"\x00\x00"  # transaction identifier
    return tlv(130, value)


def v1_apn(name=APN):
    return tlv(131, apn(name))


def v1_gsn_address(address):
    return tlv(133, ipv4(address))


def v1_msisdn(digits=MSISDN):
    return tlv(134, bytes([0x91]) + tbcd(digits))  # international number, E.164


def v1_qos():
    return tlv(135, QOS)


def gtpv1c(message_type, sequence, ies, teid=0):
    """GTPv1-C header (TS 29.060 §6) with S=1; scapy computes length = octets after the first 8."""
    return GTPv1Header(version=1, PT=1, E=0, S=1, PN=0, gtp_type=message_type, teid=teid, seq=sequence,
                       npdu=0, next_ex=0) / Raw(b"".join(ies))


# ---- GTP-U (TS 29.281 §5.1) ----

def g_pdu(teid, inner_src, inner_dst, icmp_seq):
    """G-PDU (type 255) carrying an ICMP echo from the UE (or its reply)."""
    return GTP_U_Header(version=1, PT=1, E=0, S=0, PN=0, gtp_type=255, teid=teid) / \
        IP(src=inner_src, dst=inner_dst) / ICMP(type=8 if inner_src.startswith("100.") else 0, id=1, seq=icmp_seq)


# ---- framing and output ----

def mac_for(address):
    """A locally administered MAC per node, so each node is recognisable in the capture."""
    return "02:00:" + ":".join(f"{octet:02x}" for octet in ipv4(address))


def frame(src, dst, port, payload):
    return Ether(src=mac_for(src), dst=mac_for(dst)) / IP(src=src, dst=dst, ttl=64) / UDP(sport=port, dport=port) / payload


def write(path, packets):
    """Writes (packet, verdict, reason) triples: the pcap, and PATH.verdicts.tsv with 'frame<TAB>verdict<TAB>reason'."""
    frames = []
    with open(path + ".verdicts.tsv", "w", encoding="utf-8") as verdicts:
        for number, (packet, verdict, reason) in enumerate(packets, start=1):
            packet.time = BASE_TIME + (number - 1) * 0.01
            frames.append(packet)
            verdicts.write(f"{number}\t{verdict}\t{reason}\n")
    wrpcap(path, frames)
