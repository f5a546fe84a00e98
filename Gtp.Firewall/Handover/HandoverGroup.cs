using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Handover;

/// <summary>A named set of SGSN/SGW (and MME) addresses between which handovers are allowed (Juniper handover-group).</summary>
public sealed record HandoverGroup(string Name, AddressMatcher Members);
