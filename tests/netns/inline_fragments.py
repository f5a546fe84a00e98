#!/usr/bin/python3
"""Fragmented G-PDUs through the inline firewall (docs/firewall-design.md, "Fragments").

Usage: /usr/bin/python3 inline_fragments.py [--summary FILE]
  (root; after topology.sh up queue, with `Gtp.Firewall run` on the queue in the fw namespace; NS_VPLMN / NS_HPLMN
  name the namespaces)

Sets up a session (SGW-1 -> PGW, PGW user TEID 0xD001, as inline_scenario.py steps 1-2), then sends IPv4 fragments
built here from a raw socket in vplmn (IP_HDRINCL: the offsets and flags go out as written) and watches hplmn twice:
an AF_PACKET socket on hp0 sees every fragment that crossed the firewall, and the PGW's UDP socket sees what the
kernel reassembled. Cases (D = no fragment may reach hplmn, A = every fragment arrives unchanged and the PGW receives
the G-PDU byte-identical):
  F1 D unknown TEID, 2 fragments in order        F2 D unknown TEID, 3 fragments in reverse order
  F3 D unknown TEID, first fragment only the 8-octet UDP header (the smallest non-last fragment, RFC 791 §3.1)
  F4 D unknown TEID, then a fragment at offset 8 rewriting the GTP header with the known TEID, then the closing one
  F5 A known TEID, 3 fragments in order          F6 A known TEID, 3 fragments in reverse order
"""
import json
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from inline_scenario import PGW, PGW_U, SGW1, Scenario, create_session, setns  # noqa: E402
from gtp_common import GTP_U_PORT  # noqa: E402  (inline_scenario put its folder on the path)

UNKNOWN_TEID = 0xDEAD
ETH_P_IP = 0x0800
WAIT = 0.5


def in_namespace(ns, make):
    home = os.open("/proc/self/ns/net", os.O_RDONLY)
    try:
        setns(f"/var/run/netns/{ns}")
        return make()
    finally:
        setns("/proc/self/fd/%d" % home)
        os.close(home)


def g_pdu(teid, size, fill):
    """UDP 2152 -> 2152 (checksum 0: none, RFC 768) carrying a GTPv1-U G-PDU (TS 29.281 §5.1) of `size` T-PDU octets."""
    tpdu = bytes([0x45, 0, size >> 8, size & 0xFF]) + bytes([fill]) * (size - 4)
    gtp = struct.pack("!BBHI", 0x30, 0xFF, len(tpdu), teid) + tpdu
    return struct.pack("!HHHH", GTP_U_PORT, GTP_U_PORT, 8 + len(gtp), 0) + gtp


def ipv4(ident, offset, more, data):
    """An IPv4 header (RFC 791 §3.1) SGW-1 -> PGW, protocol 17, with its checksum, then `data`."""
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(data), ident, (0x2000 if more else 0) | (offset // 8), 64, 17, 0,
                         socket.inet_aton(SGW1), socket.inet_aton(PGW))
    total = sum(struct.unpack("!10H", header))
    total = (total & 0xFFFF) + (total >> 16)
    total = (total & 0xFFFF) + (total >> 16)
    return header[:10] + struct.pack("!H", ~total & 0xFFFF) + header[12:] + data


class Fragments:
    def __init__(self):
        self.scenario = Scenario()
        vplmn, hplmn = os.environ.get("NS_VPLMN", "vplmn"), os.environ.get("NS_HPLMN", "hplmn")
        self.raw = in_namespace(vplmn, lambda: socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW))

        def sniffer():
            s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM, socket.htons(ETH_P_IP))
            s.bind(("hp0", ETH_P_IP))
            s.setblocking(False)
            return s
        self.sniffer = in_namespace(hplmn, sniffer)
        self.pgw = self.scenario.sockets[(PGW, GTP_U_PORT)]
        self.steps = []
        self.failures = []

    def seen(self, ident):
        """(offset, more, payload) of every fragment SGW-1 -> PGW with this IP identification that reached hp0."""
        out = []
        while True:
            try:
                p = self.sniffer.recv(65535)
            except BlockingIOError:
                return out
            ihl = (p[0] & 0x0F) * 4
            if len(p) < 20 or p[9] != 17 or p[12:16] != socket.inet_aton(SGW1) or struct.unpack("!H", p[4:6])[0] != ident:
                continue
            flags = struct.unpack("!H", p[6:8])[0]
            out.append(((flags & 0x1FFF) * 8, bool(flags & 0x2000), bytes(p[ihl:struct.unpack("!H", p[2:4])[0]])))

    def case(self, step, name, ident, fragments, arrive, datagram):
        """Sends (offset, more, data) fragments in the given order and checks hplmn."""
        self.scenario.drain()
        self.seen(-1)
        for offset, more, data in fragments:
            self.raw.sendto(ipv4(ident, offset, more, data), (PGW, 0))
        received = []
        ready, _, _ = select.select([self.pgw], [], [], 2.0 if arrive else WAIT)
        if ready:
            received.append(self.pgw.recv(65535))
        time.sleep(WAIT)
        crossed = self.seen(ident)
        if arrive:
            ok = received == [datagram[8:]] and sorted(crossed) == sorted(fragments)
        else:
            ok = not received and not crossed
        self.steps.append({"step": step, "name": name, "fragments": len(fragments), "crossed": len(crossed),
                           "received": len(received), "expected": "arrive" if arrive else "drop", "ok": ok})
        print(f"{step} {'A' if arrive else 'D'} {name:<62} sent {len(fragments)} crossed {len(crossed)} "
              f"datagrams at the PGW {len(received)} {'ok' if ok else 'FAIL'}", flush=True)
        if not ok:
            self.failures.append(step)


def split(data, cuts):
    """Fragments of `data` cut at the given offsets (multiples of 8): [(offset, more, bytes)]."""
    bounds = [0] + list(cuts) + [len(data)]
    return [(a, b < len(data), data[a:b]) for a, b in zip(bounds, bounds[1:])]


def main(argv):
    summary = argv[argv.index("--summary") + 1] if "--summary" in argv else None
    f = Fragments()
    create_session(f.scenario)
    setup_ok = not f.scenario.failures
    unknown, known = g_pdu(UNKNOWN_TEID, 1000, 0x11), g_pdu(PGW_U, 1000, 0x22)
    f.case("F1", "unknown TEID, 2 fragments in order", 0x4101, split(unknown, [512]), False, unknown)
    f.case("F2", "unknown TEID, 3 fragments reversed", 0x4102, split(unknown, [360, 720])[::-1], False, unknown)
    f.case("F3", "unknown TEID, tiny first fragment (8 octets: the UDP header)", 0x4103, split(unknown, [8]), False, unknown)
    # Octets 8-23 are the GTP header (TEID at 12-15); the second fragment restarts at 8 with the known TEID.
    f.case("F4", "unknown TEID, overlap at 8 rewriting the TEID to a known one", 0x4104,
           [(0, True, unknown[:512]), (8, True, known[8:512]), (512, False, unknown[512:])], False, unknown)
    f.case("F5", "known TEID, 3 fragments in order", 0x4105, split(known, [360, 720]), True, known)
    f.case("F6", "known TEID, 3 fragments reversed", 0x4106, split(known, [360, 720])[::-1], True, known)
    if summary:
        with open(summary, "w", encoding="utf-8") as out:
            json.dump({"setup": f.scenario.steps, "steps": f.steps, "failures": f.failures}, out, indent=1)
    if f.failures or not setup_ok:
        print(f"fragments: FAILED {'setup ' if not setup_ok else ''}{f.failures}", flush=True)
        return 1
    print(f"fragments: {len(f.steps)} cases ok", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
