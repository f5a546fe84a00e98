#!/usr/bin/env bash
# Builds or removes the three-namespace GTP roaming topology used by the inline test and benchmark.
#
#   vplmn                         fw                              hplmn
#   vp0 172.31.1.2/30  <-veth->  fw-v 172.31.1.1/30
#     20.20.20.10 SGW-1                    fw-h 172.31.2.1/30 <-veth-> hp0 172.31.2.2/30
#     20.20.20.11 SGW-2                                                  10.10.10.2 PGW (+ Cgf.Server on :3386)
#     30.30.30.10 SGW-3
#
# fw forwards between fw-v and fw-h; with "queue" the FORWARD chain sends every IP fragment and UDP 2123/2152/3386
# (either port) to NFQUEUE 0 (QUEUE, or QUEUE_COUNT queues from it) with --queue-bypass: exactly the rules of the
# README (IPv4 and IPv6). Interface names fw-v / fw-h are the zone interfaces of the test configuration.
#
# Usage: [QUEUE=N] [QUEUE_COUNT=C] [NS_VPLMN=… NS_FW=… NS_HPLMN=…] topology.sh up [queue|noqueue] | down | queue | noqueue
#        (root; namespaces vplmn, fw, hplmn unless named)
set -euo pipefail
V=${NS_VPLMN:-vplmn} F=${NS_FW:-fw} H=${NS_HPLMN:-hplmn}

rules() {
  ip netns exec "$F" iptables -w -F FORWARD
  ip netns exec "$F" ip6tables -w -F FORWARD
  if [ "$1" = queue ]; then
    # QUEUE_COUNT > 1: --queue-balance spreads address pairs over the queues (symmetric hash: both directions of a
    # pair, and every fragment of a datagram, reach the same queue), as documented for Firewall:Queue:Count.
    local first=${QUEUE:-0} count=${QUEUE_COUNT:-1} target
    if [ "$count" -gt 1 ]; then target="--queue-balance $first:$((first + count - 1))"; else target="--queue-num $first"; fi
    # Fragments first: a non-first fragment has no UDP header for the port rule to match.
    ip netns exec "$F" iptables -w -A FORWARD -m u32 --u32 "4&0x3FFF=1:0x3FFF" -j NFQUEUE $target --queue-bypass
    ip netns exec "$F" iptables -w -A FORWARD -p udp -m multiport --ports 2123,2152,3386 -j NFQUEUE $target --queue-bypass
    ip netns exec "$F" ip6tables -w -A FORWARD -m frag -j NFQUEUE $target --queue-bypass
    ip netns exec "$F" ip6tables -w -A FORWARD -p udp -m multiport --ports 2123,2152,3386 -j NFQUEUE $target --queue-bypass
  fi
}

down() {
  for ns in "$V" "$F" "$H"; do ip netns del "$ns" 2>/dev/null || true; done
}

up() {
  local mode=$1
  down
  for ns in "$V" "$F" "$H"; do ip netns add "$ns"; ip -n "$ns" link set lo up; done
  ip link add vp0 netns "$V" type veth peer name fw-v netns "$F"
  ip link add hp0 netns "$H" type veth peer name fw-h netns "$F"
  ip -n "$V" addr add 172.31.1.2/30 dev vp0
  for a in 20.20.20.10 20.20.20.11 30.30.30.10; do ip -n "$V" addr add "$a/32" dev vp0; done
  ip -n "$F" addr add 172.31.1.1/30 dev fw-v
  ip -n "$F" addr add 172.31.2.1/30 dev fw-h
  ip -n "$H" addr add 172.31.2.2/30 dev hp0
  ip -n "$H" addr add 10.10.10.2/32 dev hp0
  for l in "$V vp0" "$F fw-v" "$F fw-h" "$H hp0"; do set -- $l; ip -n "$1" link set "$2" up; done
  ip -n "$V" route add default via 172.31.1.1 src 20.20.20.10
  ip -n "$H" route add default via 172.31.2.1 src 10.10.10.2
  for p in 20.20.20.0/24 30.30.30.0/24; do ip -n "$F" route add "$p" via 172.31.1.2; done
  ip -n "$F" route add 10.10.10.0/24 via 172.31.2.2
  ip netns exec "$F" sysctl -qw net.ipv4.ip_forward=1
  rules "$mode"
}

case "${1:-}" in
  up) up "${2:-queue}" ;;
  down) down ;;
  queue|noqueue) rules "$1" ;;
  *) echo "usage: $0 up [queue|noqueue] | down | queue | noqueue" >&2; exit 2 ;;
esac
