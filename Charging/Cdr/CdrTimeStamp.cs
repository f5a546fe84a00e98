namespace Charging.Cdr;

/// <summary>
/// TimeStamp ::= OCTET STRING (SIZE(9)) of TS 32.298: YYMMDDhhmmss in BCD (high nibble = tens),
/// then '+' or '-' in ASCII and hhmm of the UTC offset in BCD (docs/cdr-formats.md §2.6).
/// </summary>
public static class CdrTimeStamp
{
    public const int Length = 9;

    public static bool TryDecode(ReadOnlySpan<byte> value, out DateTimeOffset time)
    {
        time = default;
        if (value.Length != Length || value[6] is not ((byte)'+' or (byte)'-'))
            return false;
        if (!TryBcd(value[0], out var year) || !TryBcd(value[1], out var month) || !TryBcd(value[2], out var day) ||
            !TryBcd(value[3], out var hour) || !TryBcd(value[4], out var minute) || !TryBcd(value[5], out var second) ||
            !TryBcd(value[7], out var offsetHours) || !TryBcd(value[8], out var offsetMinutes))
            return false;
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(2000 + year, month) || hour > 23 || minute > 59 ||
            second > 59 || offsetHours > 14 || offsetMinutes > 59)
            return false;
        var offset = new TimeSpan(offsetHours, offsetMinutes, 0);
        time = new DateTimeOffset(2000 + year, month, day, hour, minute, second, value[6] == '-' ? -offset : offset);
        return true;
    }

    /// <summary>Writes the 9 octets for <paramref name="time"/> in its own offset (years 2000-2099).</summary>
    public static void Encode(DateTimeOffset time, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Length);
        ArgumentOutOfRangeException.ThrowIfNotEqual(time.Year / 100, 20);
        var offset = time.Offset.Duration();
        destination[0] = Bcd(time.Year % 100);
        destination[1] = Bcd(time.Month);
        destination[2] = Bcd(time.Day);
        destination[3] = Bcd(time.Hour);
        destination[4] = Bcd(time.Minute);
        destination[5] = Bcd(time.Second);
        destination[6] = time.Offset < TimeSpan.Zero ? (byte)'-' : (byte)'+';
        destination[7] = Bcd(offset.Hours);
        destination[8] = Bcd(offset.Minutes);
    }

    private static byte Bcd(int value) => (byte)(value / 10 << 4 | value % 10);

    private static bool TryBcd(byte octet, out int value)
    {
        var high = octet >> 4;
        var low = octet & 0x0F;
        value = high * 10 + low;
        return high < 10 && low < 10;
    }
}
