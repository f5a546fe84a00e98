namespace Gtp.Firewall.Configuration;

public sealed class AddressBookOptions
{
    /// <summary>Name → host address or CIDR prefix (IPv4 or IPv6).</summary>
    public Dictionary<string, string> Addresses { get; set; } = new();
    public Dictionary<string, AddressSetOptions> AddressSets { get; set; } = new();
}
