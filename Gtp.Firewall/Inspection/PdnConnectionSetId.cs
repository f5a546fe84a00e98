using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Inspection;

/// <summary>One PDN Connection Set Identifier with the node that allocated it (an FQ-CSID entry, TS 29.274 §8.62).</summary>
public readonly record struct PdnConnectionSetId(int NodeType, IpAddress128 Node, ushort Csid);
