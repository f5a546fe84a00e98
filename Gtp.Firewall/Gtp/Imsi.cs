namespace Gtp.Firewall.Gtp;

/// <summary>IMSI in 8-octet TBCD form, shared by v0 TIDs, the v1 IMSI IE and the v2 IMSI IE (TS 29.274 §8.3).</summary>
public static class Imsi
{
    /// <summary>Pads a v2 IMSI value (up to 8 TBCD octets) with 0xF fillers to the v1 8-octet form.</summary>
    public static bool TryRead(ReadOnlySpan<byte> value, out ulong imsi)
    {
        imsi = 0;
        if (value.IsEmpty || value.Length > 8)
        {
            return false;
        }
        for (var i = 0; i < 8; i++)
        {
            imsi = (imsi << 8) | (i < value.Length ? value[i] : 0xFFu);
        }
        return true;
    }

    /// <summary>The digits, low nibble first, up to the first filler.</summary>
    public static string Format(ulong imsi)
    {
        Span<char> digits = stackalloc char[16];
        var n = 0;
        for (var i = 0; i < 8; i++)
        {
            var octet = (byte)(imsi >> (56 - 8 * i));
            foreach (var nibble in new[] { octet & 0x0F, octet >> 4 })
            {
                if (nibble > 9)
                {
                    return new string(digits[..n]);
                }
                digits[n++] = (char)('0' + nibble);
            }
        }
        return new string(digits[..n]);
    }
}
