namespace Gtp.Firewall.Diagnostics;

public sealed class NullFirewallLog : IFirewallLog
{
    public static NullFirewallLog Instance { get; } = new();

    public void Write(in FirewallLogEntry entry)
    {
    }
}
