using Gtp.Firewall.Gtp;
using Gtp.Firewall.Packets;
using System.Buffers.Binary;

namespace Gtp.Firewall.Gtp.V1;

/// <summary>
/// The parts of a PDP Context IE (130; TS 29.060 §7.7.29, TS 09.60 §7.9.22) the firewall needs: NSAPI, the
/// GGSN's uplink TEIDs and addresses, and the PDP (end-user) address. Every sub-length is bounds-checked.
/// </summary>
public readonly struct PdpContext
{
    public byte Nsapi { get; init; }
    public uint UplinkTeidControl { get; init; }
    public uint UplinkTeidData { get; init; }
    public IpAddress128 GgsnControl { get; init; }
    /// <summary>v1 only; for v0 the control address is used for user traffic too.</summary>
    public IpAddress128 GgsnUser { get; init; }
    public IpAddress128 EndUser { get; init; }
    public string? Apn { get; init; }

    public static bool TryParse(ReadOnlySpan<byte> v, bool v0, out PdpContext context)
    {
        context = default;
        var r = new Cursor(v);
        if (!r.Take(2, out var head))
        {
            return false;
        }
        var nsapi = (byte)(head[0] & 0x0F);
        if (v0)
        {
            // Three fixed 3-octet QoS profiles.
            if (!r.Skip(9))
            {
                return false;
            }
        }
        else
        {
            for (var i = 0; i < 3; i++)
            {
                if (!r.Byte(out var qosLength) || !r.Skip(qosLength))
                {
                    return false;
                }
            }
        }
        // Sequence Number Down (2), Up (2), Send N-PDU (1), Receive N-PDU (1).
        if (!r.Skip(6))
        {
            return false;
        }
        uint teidControl = 0, teidData = 0;
        if (v0)
        {
            if (!r.Take(2, out var flowLabel))
            {
                return false;
            }
            teidControl = BinaryPrimitives.ReadUInt16BigEndian(flowLabel);
        }
        else
        {
            if (!r.Take(9, out var teids))
            {
                return false;
            }
            teidControl = BinaryPrimitives.ReadUInt32BigEndian(teids);
            teidData = BinaryPrimitives.ReadUInt32BigEndian(teids.Slice(4));
        }
        // PDP Type Organisation, PDP Type Number, PDP Address Length, PDP Address.
        if (!r.Take(2, out _) || !r.Byte(out var pdpLength) || !r.Take(pdpLength, out var pdpAddress))
        {
            return false;
        }
        var endUser = pdpAddress.Length switch
        {
            4 or 20 => IpAddress128.ReadIPv4(pdpAddress),
            16 => IpAddress128.ReadIPv6(pdpAddress),
            _ => default,
        };
        if (!ReadAddress(ref r, out var ggsnControl))
        {
            return false;
        }
        var ggsnUser = ggsnControl;
        if (!v0 && !ReadAddress(ref r, out ggsnUser))
        {
            return false;
        }
        // APN length (1) + APN; a missing APN is tolerated (Transaction Identifier follows).
        string? apn = null;
        if (r.Byte(out var apnLength) && r.Take(apnLength, out var apnBytes))
        {
            apn = AccessPointName.Decode(apnBytes);
        }
        context = new PdpContext
        {
            Apn = apn,
            Nsapi = nsapi,
            UplinkTeidControl = teidControl,
            UplinkTeidData = teidData,
            GgsnControl = ggsnControl,
            GgsnUser = ggsnUser,
            EndUser = endUser,
        };
        return true;
    }

    // Length octet + 4 or 16 octets; anything else is malformed (osmo-ggsn 6c322f4).
    private static bool ReadAddress(ref Cursor r, out IpAddress128 address)
    {
        address = default;
        return r.Byte(out var length) && r.Take(length, out var bytes) && IpAddress128.TryRead(bytes, out address);
    }

    private ref struct Cursor(ReadOnlySpan<byte> source)
    {
        private readonly ReadOnlySpan<byte> _source = source;
        private int _offset;

        public bool Take(int count, out ReadOnlySpan<byte> bytes)
        {
            if ((uint)count > (uint)(_source.Length - _offset))
            {
                bytes = default;
                return false;
            }
            bytes = _source.Slice(_offset, count);
            _offset += count;
            return true;
        }

        public bool Skip(int count) => Take(count, out _);

        public bool Byte(out byte value)
        {
            if (_offset >= _source.Length)
            {
                value = 0;
                return false;
            }
            value = _source[_offset++];
            return true;
        }
    }
}
