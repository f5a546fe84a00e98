namespace Charging.Cdr;

/// <summary>TBCD strings (TS 29.002 TBCD-STRING; docs/cdr-formats.md §2.6): two digits per octet, first digit in the low nibble, F filler.</summary>
public static class Tbcd
{
    /// <summary>The digits (0-9, and *#abc for nibbles A-E) up to the first F filler; null when empty.</summary>
    public static string? Decode(ReadOnlySpan<byte> octets)
    {
        if (octets.IsEmpty)
            return null;
        Span<char> digits = stackalloc char[octets.Length * 2];
        var count = 0;
        foreach (var octet in octets)
        {
            var low = octet & 0x0F;
            if (low == 0x0F)
                break;
            digits[count++] = Digit(low);
            var high = octet >> 4;
            if (high == 0x0F)
                break;
            digits[count++] = Digit(high);
        }
        return count == 0 ? null : new string(digits[..count]);
    }

    /// <summary>Encodes digits 0-9 (F filler for an odd count); false for any other character.</summary>
    public static bool TryEncode(ReadOnlySpan<char> digits, Span<byte> destination, out int written)
    {
        written = (digits.Length + 1) / 2;
        if (digits.IsEmpty || destination.Length < written)
            return false;
        for (var i = 0; i < digits.Length; i++)
        {
            if (!char.IsAsciiDigit(digits[i]))
                return false;
        }
        for (var i = 0; i < written; i++)
        {
            var low = digits[2 * i] - '0';
            var high = 2 * i + 1 < digits.Length ? digits[2 * i + 1] - '0' : 0x0F;
            destination[i] = (byte)(high << 4 | low);
        }
        return true;
    }

    private static char Digit(int nibble) => nibble < 10 ? (char)('0' + nibble) : "*#abc"[nibble - 10];
}
