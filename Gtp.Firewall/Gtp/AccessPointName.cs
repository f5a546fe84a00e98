using System.Text;

namespace Gtp.Firewall.Gtp;

/// <summary>APN value (TS 23.003 §9.1, TS 29.060 §7.7.30, TS 29.274 §8.6): DNS labels, each length-prefixed, no root label.</summary>
public static class AccessPointName
{
    public const int MaxLength = 100;

    /// <summary>
    /// The dotted APN, or null when empty or longer than 100 octets. A first octet ≥ 0x40 is taken as plain text
    /// (as Wireshark does for senders that skip the label encoding); non-printable octets become '?'.
    /// </summary>
    public static string? Decode(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value.Length > MaxLength)
        {
            return null;
        }
        var sb = new StringBuilder(value.Length);
        if (value[0] >= 0x40)
        {
            AppendText(sb, value);
            return sb.ToString();
        }
        var i = 0;
        while (i < value.Length)
        {
            var length = value[i++];
            if (length > value.Length - i)
            {
                // A label overrunning the value: keep what is there rather than reject the message.
                length = (byte)(value.Length - i);
            }
            if (sb.Length > 0)
            {
                sb.Append('.');
            }
            AppendText(sb, value.Slice(i, length));
            i += length;
        }
        return sb.ToString();
    }

    private static void AppendText(StringBuilder sb, ReadOnlySpan<byte> text)
    {
        foreach (var b in text)
        {
            sb.Append(b is >= 0x20 and < 0x7F ? (char)b : '?');
        }
    }
}
