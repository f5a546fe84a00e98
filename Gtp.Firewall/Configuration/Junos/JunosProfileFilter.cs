namespace Gtp.Firewall.Configuration.Junos;

/// <summary>What <c>set security gtp profile P (drop | …-message-length | seq-number-validated | …)</c> declared.</summary>
internal sealed class JunosProfileFilter
{
    /// <summary>Dropped message types per version (0, 1, 2).</summary>
    public SortedSet<int>[] Dropped { get; } = [new(), new(), new()];

    public int?[] MinLength { get; } = new int?[3];
    public int?[] MaxLength { get; } = new int?[3];
    public bool SequenceNumberValidated { get; set; }
    public bool GtpInGtpDenied { get; set; }
    public bool EndUserAddressValidated { get; set; }
}
