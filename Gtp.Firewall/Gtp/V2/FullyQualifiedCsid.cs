using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Gtp.V2;

/// <summary>
/// FQ-CSID IE (132; TS 29.274 §8.62): octet 5 = node-ID type (high four bits: 0 IPv4, 1 IPv6, 2 MCC/MNC + 12-bit id
/// in 4 octets) and number of CSIDs (low four bits), then the node ID and that many 2-octet PDN Connection Set IDs.
/// </summary>
public readonly struct FullyQualifiedCsid
{
    /// <summary>The node's address for node-ID types 0 and 1; <see cref="IpAddress128.None"/> for type 2.</summary>
    public IpAddress128 NodeAddress { get; init; }
    public int CsidCount { get; init; }
    /// <summary>Node-ID type: 0 IPv4, 1 IPv6, 2 MCC/MNC + id.</summary>
    public int NodeType { get; init; }
    /// <summary>The node ID as read (type 2's four octets are kept as an IPv4-sized value): with the type, the CSIDs' owner.</summary>
    public IpAddress128 NodeId { get; init; }

    /// <summary>The <paramref name="index"/>-th PDN Connection Set Identifier of a value <see cref="TryRead"/> accepted.</summary>
    public static ushort CsidAt(ReadOnlySpan<byte> value, int index)
    {
        var offset = 1 + ((value[0] >> 4) == 1 ? 16 : 4) + 2 * index;
        return (ushort)(value[offset] << 8 | value[offset + 1]);
    }

    /// <summary>False when the length disagrees with the node-ID type and CSID count, or the type is unknown.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out FullyQualifiedCsid csid)
    {
        csid = default;
        if (value.IsEmpty)
        {
            return false;
        }
        var nodeIdLength = (value[0] >> 4) switch
        {
            0 => 4,
            1 => 16,
            2 => 4,
            _ => -1,
        };
        var count = value[0] & 0x0F;
        if (nodeIdLength < 0 || value.Length != 1 + nodeIdLength + 2 * count)
        {
            return false;
        }
        csid = new FullyQualifiedCsid
        {
            NodeAddress = (value[0] >> 4) == 2 ? IpAddress128.None : (IpAddress128.TryRead(value.Slice(1, nodeIdLength), out var node) ? node : IpAddress128.None),
            CsidCount = count,
            NodeType = value[0] >> 4,
            NodeId = IpAddress128.TryRead(value.Slice(1, nodeIdLength), out var id) ? id : IpAddress128.None,
        };
        return true;
    }
}
