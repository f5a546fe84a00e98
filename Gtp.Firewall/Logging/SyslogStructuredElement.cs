namespace Gtp.Firewall.Logging;

/// <summary>
/// One SD-ELEMENT, <c>[SD-ID PARAM="value" ...]</c> (RFC 5424 §6.3.1). Private SD-IDs take the form
/// <c>name@&lt;private enterprise number&gt;</c> (§7.2.2); <see cref="FirewallId"/> uses 32473, the PEN reserved
/// for documentation (RFC 5612), until the product has its own.
/// </summary>
public sealed record SyslogStructuredElement(string Id, IReadOnlyList<SyslogParameter> Parameters)
{
    /// <summary>SD-ID for the firewall's own event parameters.</summary>
    public const string FirewallId = "gtpfw@32473";

    public SyslogStructuredElement(string id, params SyslogParameter[] parameters)
        : this(id, (IReadOnlyList<SyslogParameter>)parameters)
    {
    }
}
