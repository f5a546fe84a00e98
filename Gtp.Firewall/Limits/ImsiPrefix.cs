namespace Gtp.Firewall.Limits;

/// <summary>
/// Leading IMSI digits (MCC + MNC and more, TS 23.003 §2.2), or <c>*</c> for every IMSI. Matched against the
/// 8-octet TBCD IMSI the engine keeps (low nibble first), without allocating.
/// </summary>
public sealed class ImsiPrefix
{
    private readonly byte[] _digits;

    private ImsiPrefix(string text, byte[] digits)
    {
        Text = text;
        _digits = digits;
    }

    public static ImsiPrefix Any { get; } = new("*", []);

    public string Text { get; }

    /// <summary>The number of digits; 0 for <c>*</c>. More digits = more specific.</summary>
    public int Length => _digits.Length;

    public static ImsiPrefix? TryParse(string? text, out string? error)
    {
        error = null;
        var t = text?.Trim() ?? string.Empty;
        if (t == "*")
        {
            return Any;
        }
        if (t.Length is < 1 or > 15 || !t.All(char.IsAsciiDigit))
        {
            error = $"IMSI prefix '{text}' must be 1-15 digits or '*'";
            return null;
        }
        return new ImsiPrefix(t, [.. t.Select(c => (byte)(c - '0'))]);
    }

    /// <summary>Whether <paramref name="imsi"/> (TBCD, 0xF fillers; 0 = unknown) starts with these digits.</summary>
    public bool Matches(ulong imsi)
    {
        if (_digits.Length == 0)
        {
            return true;
        }
        if (imsi == 0)
        {
            return false;
        }
        for (var i = 0; i < _digits.Length; i++)
        {
            var octet = (byte)(imsi >> (56 - 8 * (i >> 1)));
            var digit = (i & 1) == 0 ? octet & 0x0F : octet >> 4;
            if (digit != _digits[i])
            {
                return false;
            }
        }
        return true;
    }

    public override string ToString() => Text;
}
