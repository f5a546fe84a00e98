namespace Charging.CdrFiles;

/// <summary>
/// The 4-octet timestamp of the TS 32.297 file header (docs/cdr-formats.md §4): month(4) day(5)
/// hour(5) minute(6) sign(1, 1 = '+') offset hours(5) offset minutes(6), big-endian; local time, no year or seconds.
/// </summary>
public readonly record struct CdrFileTimestamp(int Month, int Day, int Hour, int Minute, TimeSpan Offset)
{
    public static CdrFileTimestamp From(DateTimeOffset time) => new(time.Month, time.Day, time.Hour, time.Minute, time.Offset);

    public uint Encode()
    {
        var offset = Offset.Duration();
        return (uint)(Month & 0xF) << 28 | (uint)(Day & 0x1F) << 23 | (uint)(Hour & 0x1F) << 18 | (uint)(Minute & 0x3F) << 12 |
               (Offset >= TimeSpan.Zero ? 1u : 0u) << 11 | (uint)(offset.Hours & 0x1F) << 6 | (uint)(offset.Minutes & 0x3F);
    }

    public static CdrFileTimestamp Decode(uint value)
    {
        var offset = new TimeSpan((int)(value >> 6 & 0x1F), (int)(value & 0x3F), 0);
        return new CdrFileTimestamp((int)(value >> 28), (int)(value >> 23 & 0x1F), (int)(value >> 18 & 0x1F), (int)(value >> 12 & 0x3F),
            (value >> 11 & 1) == 1 ? offset : -offset);
    }

    public override string ToString() =>
        $"{Month:D2}-{Day:D2} {Hour:D2}:{Minute:D2}{(Offset < TimeSpan.Zero ? '-' : '+')}{Offset.Duration():hh\\:mm}";
}
