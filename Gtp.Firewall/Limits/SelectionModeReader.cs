using Gtp.Firewall.Gtp.V1;
using Gtp.Firewall.Gtp.V2;

namespace Gtp.Firewall.Limits;

/// <summary>
/// Reads the Selection Mode IE, only when an APN filter needs it: v0/v1 type 15, TV with one octet (TS 09.60
/// §7.9.12, TS 29.060 §7.7.12); v2 type 128, instance 0 (TS 29.274 §8.58). The mode is the low two bits.
/// </summary>
public static class SelectionModeReader
{
    public const byte V1Type = 15;
    public const byte V2Type = 128;

    public static SelectionMode ReadV1(ReadOnlySpan<byte> ies, bool v0)
    {
        var reader = new GtpV1IeReader(ies, v0);
        while (reader.MoveNext())
        {
            if (reader.Type == V1Type && reader.Value.Length >= 1)
            {
                return (SelectionMode)(reader.Value[0] & 0x03);
            }
        }
        return SelectionMode.Absent;
    }

    public static SelectionMode ReadV2(ReadOnlySpan<byte> ies)
    {
        var reader = new GtpV2IeReader(ies);
        while (reader.MoveNext())
        {
            if (reader.Type == V2Type && reader.Instance == 0 && reader.Value.Length >= 1)
            {
                return (SelectionMode)(reader.Value[0] & 0x03);
            }
        }
        return SelectionMode.Absent;
    }
}
