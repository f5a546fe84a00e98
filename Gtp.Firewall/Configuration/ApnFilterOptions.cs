namespace Gtp.Firewall.Configuration;

/// <summary>One APN/IMSI-prefix rule (Junos <c>apn PATTERN imsi-prefix DIGITS action …</c>; docs/gtp-firewall.md).</summary>
public sealed class ApnFilterOptions
{
    /// <summary>An APN, <c>*</c>, <c>*SUFFIX</c> or <c>NI.*</c>.</summary>
    public string? Apn { get; set; }

    /// <summary>1-15 leading IMSI digits, or <c>*</c> (the default) for every IMSI.</summary>
    public string ImsiPrefix { get; set; } = "*";

    /// <summary><c>pass</c>, <c>drop</c> or <c>selection</c>.</summary>
    public string? Action { get; set; }

    /// <summary>For <c>selection</c>: the modes that pass, <c>ms</c>, <c>net</c>, <c>vrf</c>.</summary>
    public List<string> SelectionModes { get; set; } = new();
}
