namespace Gtp.Firewall.Packets;

/// <summary>A host or CIDR prefix over <see cref="IpAddress128"/>; IPv4 prefixes are stored as /96+n IPv4-mapped.</summary>
public readonly struct IpPrefix : IEquatable<IpPrefix>
{
    private readonly ulong _maskHi;
    private readonly ulong _maskLo;

    public IpAddress128 Network { get; }

    /// <summary>Prefix length in the 128-bit space.</summary>
    public int Length { get; }

    public IpPrefix(IpAddress128 address, int length)
    {
        Length = length;
        _maskHi = length >= 64 ? ulong.MaxValue : length == 0 ? 0 : ulong.MaxValue << (64 - length);
        _maskLo = length <= 64 ? 0 : length == 128 ? ulong.MaxValue : ulong.MaxValue << (128 - length);
        Network = new IpAddress128(address.Hi & _maskHi, address.Lo & _maskLo);
    }

    public bool Contains(IpAddress128 address)
        => (address.Hi & _maskHi) == Network.Hi && (address.Lo & _maskLo) == Network.Lo;

    /// <summary>Parses "a.b.c.d", "a.b.c.d/n", "x::y" or "x::y/n". A set host bit outside the mask is rejected.</summary>
    public static bool TryParse(string text, out IpPrefix prefix, out string? error)
    {
        prefix = default;
        error = null;
        var slash = text.IndexOf('/');
        var addressText = slash < 0 ? text : text[..slash];
        if (!IpAddress128.TryParse(addressText.Trim(), out var address))
        {
            error = $"'{text}' is not an IPv4/IPv6 address or prefix";
            return false;
        }
        var max = address.IsIPv4 ? 32 : 128;
        var length = max;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), out length) || length < 0 || length > max))
        {
            error = $"'{text}' has a bad prefix length (0-{max})";
            return false;
        }
        var full = address.IsIPv4 ? length + 96 : length;
        prefix = new IpPrefix(address, full);
        if (prefix.Network != address)
        {
            error = $"'{text}' has host bits set outside the /{length} mask";
            return false;
        }
        return true;
    }

    public override string ToString()
        => Network.IsIPv4 ? $"{Network}/{Length - 96}" : $"{Network}/{Length}";

    public bool Equals(IpPrefix other) => Network == other.Network && Length == other.Length;

    public override bool Equals(object? obj) => obj is IpPrefix p && Equals(p);

    public override int GetHashCode() => HashCode.Combine(Network, Length);
}
