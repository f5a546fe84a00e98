namespace Gtp.Firewall.Configuration;

/// <summary>
/// Junos <c>min-message-length</c> / <c>max-message-length</c> per GTP version: the accepted range of the header's
/// Length field (octets after the mandatory header), 0-65535 (docs/gtp-firewall.md §8).
/// </summary>
public sealed class MessageLengthOptions
{
    public LengthRangeOptions? V0 { get; set; }
    public LengthRangeOptions? V1 { get; set; }
    public LengthRangeOptions? V2 { get; set; }
}
