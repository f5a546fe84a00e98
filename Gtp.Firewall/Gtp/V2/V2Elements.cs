using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Gtp.V2;

/// <summary>The top-level GTPv2 IEs the firewall reads on every message (first occurrence of each).</summary>
public struct V2Elements
{
    public DropReason Status;
    public bool HasImsi;
    public ulong Imsi;
    public int Cause;
    public int Recovery;
    public bool HasSenderFTeid;
    public FullyQualifiedTeid SenderFTeid;
    public IpAddress128 Paa;
    /// <summary>PDN type of the PAA (TS 29.274 §8.14).</summary>
    public PdpType PdnType;
    public string? Apn;

    public static V2Elements Read(ReadOnlySpan<byte> ies)
    {
        var e = new V2Elements { Cause = -1, Recovery = -1 };
        var reader = new GtpV2IeReader(ies);
        while (reader.MoveNext())
        {
            var v = reader.Value;
            switch (reader.Type)
            {
                case GtpV2IeType.Imsi when !e.HasImsi:
                    if (!Gtp.Imsi.TryRead(v, out e.Imsi))
                    {
                        e.Status = DropReason.IeMalformed;
                        return e;
                    }
                    e.HasImsi = true;
                    break;
                case GtpV2IeType.Cause when e.Cause < 0:
                    if (v.Length < 2)
                    {
                        e.Status = DropReason.IeMalformed;
                        return e;
                    }
                    e.Cause = v[0];
                    break;
                case GtpV2IeType.Recovery when e.Recovery < 0 && v.Length >= 1:
                    e.Recovery = v[0];
                    break;
                case GtpV2IeType.FTeid when reader.Instance == 0 && !e.HasSenderFTeid:
                    if (!FullyQualifiedTeid.TryParse(v, out e.SenderFTeid))
                    {
                        e.Status = DropReason.IeMalformed;
                        return e;
                    }
                    e.HasSenderFTeid = true;
                    break;
                case GtpV2IeType.Apn when e.Apn is null:
                    e.Apn = AccessPointName.Decode(v);
                    break;
                case GtpV2IeType.Paa when e.Paa.IsNone:
                    if (!TryReadPaa(v, out e.Paa))
                    {
                        e.Status = DropReason.IeMalformed;
                        return e;
                    }
                    e.PdnType = (v[0] & 0x07) switch
                    {
                        1 => PdpType.IPv4,
                        2 => PdpType.IPv6,
                        3 => PdpType.IPv4v6,
                        _ => PdpType.NonIp,
                    };
                    break;
            }
        }
        e.Status = reader.Status;
        return e;
    }

    /// <summary>PAA (TS 29.274 §8.14): PDN type 1 IPv4 (4), 2 IPv6 (prefix length + 16), 3 IPv4v6 (prefix length + 16 + 4); IPv4 preferred.</summary>
    private static bool TryReadPaa(ReadOnlySpan<byte> v, out IpAddress128 address)
    {
        address = default;
        if (v.Length < 1)
        {
            return false;
        }
        switch (v[0] & 0x07)
        {
            case 1:
                if (v.Length < 5)
                {
                    return false;
                }
                address = IpAddress128.ReadIPv4(v.Slice(1));
                return true;
            case 2:
                if (v.Length < 18)
                {
                    return false;
                }
                address = IpAddress128.ReadIPv6(v.Slice(2));
                return true;
            case 3:
                if (v.Length < 22)
                {
                    return false;
                }
                address = IpAddress128.ReadIPv4(v.Slice(18));
                return true;
            default:
                return true;
        }
    }
}
