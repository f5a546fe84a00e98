using Gtp.Firewall.Gtp;

namespace Gtp.Firewall.Limits;

/// <summary>
/// Compiled thresholds of one rate limit (Junos <c>rate-limit</c>, <c>apn-control … rate-limit</c>): 0 = off. With
/// no message types listed every GTP-C message counts; otherwise only the listed types of each version.
/// </summary>
public sealed class RateLimit
{
    // One 256-bit set per GTP version (0, 1, 2); null = all GTP-C messages count.
    private readonly ulong[]? _types;

    public RateLimit(int alarmThreshold, int dropThreshold, IEnumerable<byte>? v0 = null, IEnumerable<byte>? v1 = null, IEnumerable<byte>? v2 = null)
    {
        AlarmThreshold = alarmThreshold;
        DropThreshold = dropThreshold;
        if (v0 is null && v1 is null && v2 is null)
        {
            return;
        }
        _types = new ulong[12];
        Set(0, v0);
        Set(1, v1);
        Set(2, v2);
    }

    public int AlarmThreshold { get; }
    public int DropThreshold { get; }
    public bool AllMessages => _types is null;

    /// <summary>Whether a GTP-C message of <paramref name="protocol"/> and <paramref name="type"/> counts.</summary>
    public bool Applies(GtpProtocol protocol, byte type)
    {
        if (_types is null)
        {
            return true;
        }
        var version = protocol switch
        {
            GtpProtocol.V0 => 0,
            GtpProtocol.V1Control => 1,
            GtpProtocol.V2Control => 2,
            _ => -1,
        };
        return version >= 0 && (_types[version * 4 + (type >> 6)] & (1UL << (type & 63))) != 0;
    }

    private void Set(int version, IEnumerable<byte>? types)
    {
        foreach (var type in types ?? [])
        {
            _types![version * 4 + (type >> 6)] |= 1UL << (type & 63);
        }
    }
}
