#!/usr/bin/python3
"""GTPv2 roaming session through the inline firewall (namespace fw), driven from real sockets in vplmn and hplmn.

Usage: /usr/bin/python3 inline_scenario.py [--setup [--setup-second]] [--summary FILE]
  (root; run after topology.sh up and with `Gtp.Firewall run` attached to the queue in fw)

One process opens UDP sockets in both namespaces (setns before each socket(); a socket stays in the namespace it was
created in), sends every message from its node's address and checks at the receiving node what arrived (payload
bytes identical) and what did not (dropped by the firewall). Messages are built by gtp_common (octet-exact IEs).

Nodes: PGW 10.10.10.2 (hplmn); SGW-1 20.20.20.10 and SGW-2 20.20.20.11 (Y-mobile, handover group hg-Y);
SGW-3 30.30.30.10 (Z-mobile, group hg-Z). Both groups also hold the PGW. An SGW change inside hg-Y is allowed;
SGW-2 -> SGW-3 has each node in a group but no common one, so it is denied (docs/gtp-firewall.md §3).

Steps (A = must arrive, D = must be dropped):
  1 A Create Session Request SGW-1 -> PGW       2 A Create Session Response PGW -> SGW-1
  3 A 10 uplink G-PDUs via SGW-1 (T-PDU 200)   4 A 10 downlink G-PDUs to SGW-1 (T-PDU 500)
  5 A Modify Bearer Request SGW-2 -> PGW (handover inside hg-Y)      6 A Modify Bearer Response PGW -> SGW-2
  7 A 10 uplink via SGW-2 (300)   8 A 10 downlink to SGW-2 (700)   9 D 3 uplink still from SGW-1 (old SGW)
 10 D Modify Bearer Request SGW-3 -> PGW (hg-Y -> hg-Z: denied)
 11 D 5 uplink via SGW-3 (400)   12 D 5 downlink to SGW-3's proposed TEID (400)
 13 A 4 uplink via SGW-2 (250)   14 A 4 downlink to SGW-2 (250)   (the session stayed with SGW-2)
 15 A Delete Session Request SGW-2 -> PGW      16 A Delete Session Response PGW -> SGW-2
 17 D 2 uplink via SGW-2 after the delete

--setup runs steps 1-2 only (the benchmark's tunnel: uplink SGW-1 -> PGW TEID 0xD001) and leaves the session up;
with --setup-second also a second subscriber's session via SGW-2 (uplink SGW-2 -> PGW TEID 0xD002).
The summary (JSON) lists what was sent, what arrived, and the octets of allowed T-PDUs per direction and SGW:
the volumes the usage CDRs must carry.
"""
import ctypes
import json
import os
import select
import socket
import sys

# gtp_common.py: tests/Gtp.Firewall.Tests/scapy in the source tree, scapy/ beside netns/ in the test output.
for candidate in (("..", "Gtp.Firewall.Tests", "scapy"), ("..", "scapy")):
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), *candidate))

from scapy.all import IP, UDP, Raw  # noqa: E402
from scapy.contrib.gtp import GTP_U_Header  # noqa: E402

from gtp_common import (GTP_C_PORT, GTP_U_PORT, gtpv2, ie2, tbcd, v2_apn, v2_bearer_context, v2_bearer_qos, v2_cause,  # noqa: E402
                        v2_charging_id, v2_ebi, v2_fteid, v2_imsi, v2_indication, v2_msisdn, v2_paa_ipv4,
                        v2_pdn_type, v2_rat, v2_recovery, v2_selection_mode, v2_serving_network)

PGW, SGW1, SGW2, SGW3 = "10.10.10.2", "20.20.20.10", "20.20.20.11", "30.30.30.10"
UE, INTERNET = "100.64.0.1", "198.51.100.7"
SGW_C = {SGW1: 0xA001, SGW2: 0xA002, SGW3: 0xA003}
SGW_U = {SGW1: 0xB001, SGW2: 0xB002, SGW3: 0xB003}
PGW_C, PGW_U, EBI = 0xC001, 0xD001, 5
S5S8_SGW_U, S5S8_PGW_U, S5S8_SGW_C, S5S8_PGW_C = 4, 5, 6, 7  # TS 29.274 Table 8.22-1
CSREQ, CSRSP, MBREQ, MBRSP, DSREQ, DSRSP = 32, 33, 34, 35, 36, 37  # TS 29.274 Table 6.1-1
CLONE_NEWNET = 0x40000000
WAIT = 0.4  # seconds to wait for a packet that must not arrive

libc = ctypes.CDLL(None, use_errno=True)


def setns(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        if libc.setns(fd, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), f"setns {path}")
    finally:
        os.close(fd)


def open_sockets():
    """(namespace, address) -> {port: socket}, each created inside its namespace."""
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    sockets = {}
    try:
        for ns, addresses in ((os.environ.get("NS_VPLMN", "vplmn"), (SGW1, SGW2, SGW3)),
                              (os.environ.get("NS_HPLMN", "hplmn"), (PGW,))):
            setns(f"/var/run/netns/{ns}")
            for address in addresses:
                for port in (GTP_C_PORT, GTP_U_PORT):
                    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                    s.bind((address, port))
                    s.setblocking(False)
                    sockets[(address, port)] = s
    finally:
        if libc.setns(home, CLONE_NEWNET) != 0:
            raise OSError(ctypes.get_errno(), "setns back")
        os.close(home)
    return sockets


class Scenario:
    def __init__(self):
        self.sockets = open_sockets()
        self.steps = []
        self.failures = []
        self.allowed_octets = {}  # "uplink SGW" / "downlink SGW" -> T-PDU octets that must have passed

    def drain(self):
        for s in self.sockets.values():
            while True:
                try:
                    s.recv(65535)
                except BlockingIOError:
                    break

    def exchange(self, step, name, src, dst, port, payloads, expect_arrival):
        """Sends each payload src:port -> dst:port and checks what dst received."""
        self.drain()
        sender, receiver = self.sockets[(src, port)], self.sockets[(dst, port)]
        for p in payloads:
            sender.sendto(p, (dst, port))
        received = []
        deadline_wait = 2.0 if expect_arrival else WAIT
        while len(received) < len(payloads):
            ready, _, _ = select.select([receiver], [], [], deadline_wait)
            if not ready:
                break
            received.append(receiver.recv(65535))
        expected = list(payloads) if expect_arrival else []
        ok = received == expected
        self.steps.append({"step": step, "name": name, "src": src, "dst": dst, "port": port, "sent": len(payloads),
                           "arrived": len(received), "expected": "arrive" if expect_arrival else "drop",
                           "ok": ok})
        print(f"{step:>2} {'A' if expect_arrival else 'D'} {name:<46} {src:>12} -> {dst:<12} sent {len(payloads):>2} "
              f"arrived {len(received):>2} {'ok' if ok else 'FAIL'}", flush=True)
        if not ok:
            self.failures.append(step)
        return ok

    def gpdus(self, step, name, sgw, uplink, teid, count, tpdu_octets, expect_arrival):
        src, dst = (sgw, PGW) if uplink else (PGW, sgw)
        inner_src, inner_dst = (UE, INTERNET) if uplink else (INTERNET, UE)
        payloads = []
        for i in range(count):
            body = bytes([i & 0xFF]) * (tpdu_octets - 28)
            tpdu = IP(src=inner_src, dst=inner_dst, id=i) / UDP(sport=40000, dport=53) / Raw(body)
            assert len(bytes(tpdu)) == tpdu_octets
            payloads.append(bytes(GTP_U_Header(version=1, PT=1, E=0, S=0, PN=0, gtp_type=255, teid=teid) / tpdu))
        if self.exchange(step, f"{name} ({count} x T-PDU {tpdu_octets})", src, dst, GTP_U_PORT, payloads, expect_arrival) \
                and expect_arrival:
            key = f"{'uplink' if uplink else 'downlink'} {sgw}"
            self.allowed_octets[key] = self.allowed_octets.get(key, 0) + count * tpdu_octets

    def control(self, step, name, src, dst, message, expect_arrival):
        self.exchange(step, name, src, dst, GTP_C_PORT, [bytes(message)], expect_arrival)


def create_session(s, sgw=SGW1, pgw_c=PGW_C, pgw_u=PGW_U, imsi=None, first_step=1):
    subscriber = [v2_imsi(imsi)] if imsi else [v2_imsi()]
    s.control(first_step, "Create Session Request", sgw, PGW, gtpv2(CSREQ, 1, subscriber + [
        v2_msisdn(), v2_mei(), v2_rat(6), v2_indication(), v2_uli(), v2_ue_time_zone(), v2_charging_characteristics(),
        v2_fteid(S5S8_SGW_C, SGW_C[sgw], sgw, instance=0),
        v2_apn(), v2_selection_mode(0), v2_pdn_type(1), v2_paa_ipv4("0.0.0.0"), v2_serving_network(),
        v2_bearer_context(v2_ebi(EBI), v2_bearer_qos(), v2_fteid(S5S8_SGW_U, SGW_U[sgw], sgw, instance=2)),
        v2_recovery(1),
    ], teid=0), True)
    s.control(first_step + 1, "Create Session Response", PGW, sgw, gtpv2(CSRSP, 1, [
        v2_cause(16), v2_fteid(S5S8_PGW_C, pgw_c, PGW, instance=0), v2_paa_ipv4(UE),
        v2_bearer_context(v2_ebi(EBI), v2_cause(16), v2_fteid(S5S8_PGW_U, pgw_u, PGW, instance=2), v2_charging_id(0x1234)),
        v2_recovery(1),
    ], teid=SGW_C[sgw]), True)


# The subscriber IEs the usage CDRs carry (TS 29.274 §8.10, §8.21, §8.30, §8.44); inline-e2e.sh checks them in the
# records the CGF holds.
IMEISV = "3516010021436587"
ULI = bytes.fromhex("1800f110000100f11000000101")  # TAI + ECGI, PLMN 001-01, TAC 1, ECI 257


def v2_mei(digits=IMEISV):
    return ie2(75, tbcd(digits))


def v2_uli(value=ULI):
    return ie2(86, value)


def v2_ue_time_zone(octets=b"\x40\x00"):
    return ie2(114, octets)


def v2_charging_characteristics(octets=b"\x04\x00"):
    return ie2(95, octets)


def modify_bearer(sgw, sequence):
    return gtpv2(MBREQ, sequence, [
        v2_rat(6), v2_indication(), v2_fteid(S5S8_SGW_C, SGW_C[sgw], sgw, instance=0), v2_serving_network(),
        v2_bearer_context(v2_ebi(EBI), v2_fteid(S5S8_SGW_U, SGW_U[sgw], sgw, instance=1)),
        v2_recovery(1),
    ], teid=PGW_C)


def full(s):
    create_session(s)
    s.gpdus(3, "uplink G-PDUs via SGW-1", SGW1, True, PGW_U, 10, 200, True)
    s.gpdus(4, "downlink G-PDUs to SGW-1", SGW1, False, SGW_U[SGW1], 10, 500, True)
    s.control(5, "Modify Bearer Request (SGW-1 -> SGW-2, hg-Y)", SGW2, PGW, modify_bearer(SGW2, 2), True)
    s.control(6, "Modify Bearer Response", PGW, SGW2, gtpv2(MBRSP, 2, [
        v2_cause(16), v2_msisdn(), v2_ebi(EBI),
        v2_bearer_context(v2_ebi(EBI), v2_cause(16), v2_charging_id(0x1234)), v2_recovery(1),
    ], teid=SGW_C[SGW2]), True)
    s.gpdus(7, "uplink G-PDUs via SGW-2", SGW2, True, PGW_U, 10, 300, True)
    s.gpdus(8, "downlink G-PDUs to SGW-2", SGW2, False, SGW_U[SGW2], 10, 700, True)
    s.gpdus(9, "uplink G-PDUs still from SGW-1", SGW1, True, PGW_U, 3, 200, False)
    s.control(10, "Modify Bearer Request (SGW-2 -> SGW-3, hg-Z)", SGW3, PGW, modify_bearer(SGW3, 3), False)
    s.gpdus(11, "uplink G-PDUs via SGW-3", SGW3, True, PGW_U, 5, 400, False)
    s.gpdus(12, "downlink G-PDUs to SGW-3", SGW3, False, SGW_U[SGW3], 5, 400, False)
    s.gpdus(13, "uplink G-PDUs via SGW-2 (session kept)", SGW2, True, PGW_U, 4, 250, True)
    s.gpdus(14, "downlink G-PDUs to SGW-2 (session kept)", SGW2, False, SGW_U[SGW2], 4, 250, True)
    s.control(15, "Delete Session Request", SGW2, PGW, gtpv2(DSREQ, 4, [v2_ebi(EBI), v2_indication()], teid=PGW_C), True)
    s.control(16, "Delete Session Response", PGW, SGW2, gtpv2(DSRSP, 4, [v2_cause(16), v2_recovery(1)], teid=SGW_C[SGW2]), True)
    s.gpdus(17, "uplink G-PDUs after the delete", SGW2, True, PGW_U, 2, 250, False)


def main(argv):
    setup = "--setup" in argv
    summary = argv[argv.index("--summary") + 1] if "--summary" in argv else None
    s = Scenario()
    if setup:
        create_session(s)
        if "--setup-second" in argv:
            # The benchmark's second flow: another subscriber via SGW-2 (another address pair), PGW TEID-U 0xD002.
            create_session(s, SGW2, 0xC002, 0xD002, imsi="001010123456790", first_step=101)
    else:
        full(s)
    if summary:
        with open(summary, "w", encoding="utf-8") as f:
            json.dump({"steps": s.steps, "failures": s.failures, "allowedTpduOctets": s.allowed_octets,
                       "expectedCharging": {
                           "note": "one session (IMSI 001010123456789, charging id 0x1234): volumes of allowed T-PDUs",
                           "uplinkOctets": sum(v for k, v in s.allowed_octets.items() if k.startswith("uplink")),
                           "downlinkOctets": sum(v for k, v in s.allowed_octets.items() if k.startswith("downlink"))}},
                      f, indent=1)
    if s.failures:
        print(f"scenario: FAILED steps {s.failures}", flush=True)
        return 1
    print(f"scenario: {len(s.steps)} steps ok", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
