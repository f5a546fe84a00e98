using Gtp.Firewall.Gtp;
using Gtp.Firewall.Packets;
using System.Buffers.Binary;

namespace Gtp.Firewall.Gtp.V1;

/// <summary>
/// One pass over a v0/v1 message's IEs, keeping the first occurrence of each IE the firewall uses. GSN Addresses
/// are positional (TS 29.060 §7.3-§7.5), so the first two are kept in order. PDP Context IEs are skipped here;
/// they are parsed on demand by <see cref="PdpContext"/>.
/// </summary>
public struct GtpV1Elements
{
    public int Cause;
    public bool HasImsi;
    public ulong Imsi;
    public int Recovery;
    public int Nsapi;
    public bool HasTeidDataI;
    public uint TeidDataI;
    public bool HasTeidControl;
    public uint TeidControl;
    public bool HasTeidDataII;
    public byte TeidDataIINsapi;
    public uint TeidDataII;
    public int GsnAddressCount;
    public IpAddress128 GsnAddress0;
    public IpAddress128 GsnAddress1;
    public bool HasEndUser;
    public IpAddress128 EndUser;
    public PdpType PdpType;
    public bool HasChargingId;
    public uint ChargingId;
    public string? Apn;

    public static DropReason Parse(ReadOnlySpan<byte> ies, bool v0, out GtpV1Elements e)
    {
        e = default;
        e.Cause = -1;
        e.Recovery = -1;
        e.Nsapi = -1;
        var reader = new GtpV1IeReader(ies, v0);
        while (reader.MoveNext())
        {
            var value = reader.Value;
            switch (reader.Type)
            {
                case GtpV1IeType.Cause when e.Cause < 0:
                    e.Cause = value[0];
                    break;
                case GtpV1IeType.Imsi when !e.HasImsi:
                    e.HasImsi = true;
                    e.Imsi = BinaryPrimitives.ReadUInt64BigEndian(value);
                    break;
                case GtpV1IeType.Recovery when e.Recovery < 0:
                    e.Recovery = value[0];
                    break;
                case GtpV1IeType.Nsapi when e.Nsapi < 0:
                    e.Nsapi = value[0] & 0x0F;
                    break;
                case GtpV1IeType.TeidDataI when !e.HasTeidDataI:
                    e.HasTeidDataI = true;
                    e.TeidDataI = v0 ? BinaryPrimitives.ReadUInt16BigEndian(value) : BinaryPrimitives.ReadUInt32BigEndian(value);
                    break;
                case GtpV1IeType.TeidControlPlane when !e.HasTeidControl:
                    e.HasTeidControl = true;
                    e.TeidControl = v0 ? BinaryPrimitives.ReadUInt16BigEndian(value) : BinaryPrimitives.ReadUInt32BigEndian(value);
                    break;
                case GtpV1IeType.TeidDataII when !e.HasTeidDataII:
                    e.HasTeidDataII = true;
                    e.TeidDataIINsapi = (byte)(value[0] & 0x0F);
                    e.TeidDataII = v0 ? BinaryPrimitives.ReadUInt16BigEndian(value.Slice(1)) : BinaryPrimitives.ReadUInt32BigEndian(value.Slice(1));
                    break;
                case GtpV1IeType.EndUserAddress when !e.HasEndUser:
                    if (!EndUserAddress.TryRead(value, out e.EndUser))
                    {
                        return DropReason.IeMalformed;
                    }
                    e.HasEndUser = true;
                    e.PdpType = EndUserAddress.TypeOf(value);
                    break;
                case GtpV1IeType.ChargingId when !e.HasChargingId:
                    e.HasChargingId = true;
                    e.ChargingId = BinaryPrimitives.ReadUInt32BigEndian(value);
                    break;
                case GtpV1IeType.GsnAddress:
                {
                    // 4 = IPv4, 16 = IPv6 (TS 29.060 §7.7.32).
                    if (!IpAddress128.TryRead(value, out var address))
                    {
                        return DropReason.IeMalformed;
                    }
                    if (e.GsnAddressCount == 0)
                    {
                        e.GsnAddress0 = address;
                    }
                    else if (e.GsnAddressCount == 1)
                    {
                        e.GsnAddress1 = address;
                    }
                    e.GsnAddressCount++;
                    break;
                }
                case GtpV1IeType.AccessPointName when e.Apn is null:
                    e.Apn = AccessPointName.Decode(value);
                    break;
            }
        }
        return reader.Status;
    }
}
