namespace Gtp.Firewall.Packets;

/// <summary>A flattened address set: "any", or a list of host/CIDR prefixes.</summary>
public sealed class AddressMatcher(string name, IReadOnlyList<IpPrefix> prefixes, bool any = false)
{
    private readonly IpPrefix[] _prefixes = prefixes.ToArray();

    public static AddressMatcher Any { get; } = new("any", [], any: true);

    public string Name { get; } = name;
    public bool IsAny { get; } = any;
    public IReadOnlyList<IpPrefix> Prefixes => _prefixes;

    public bool Contains(IpAddress128 address)
    {
        if (IsAny)
        {
            return true;
        }
        foreach (ref readonly var p in _prefixes.AsSpan())
        {
            if (p.Contains(address))
            {
                return true;
            }
        }
        return false;
    }
}
