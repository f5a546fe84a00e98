namespace Gtp.Firewall.Configuration;

public sealed class AddressSetOptions
{
    public List<string> Addresses { get; set; } = new();
    public List<string> AddressSets { get; set; } = new();
}
