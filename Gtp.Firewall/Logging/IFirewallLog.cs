namespace Gtp.Firewall.Logging;

/// <summary>The engine's system-log sink. Called on the inspecting thread for every drop and every handover message.</summary>
public interface IFirewallLog
{
    void Write(in FirewallLogEntry entry);
}
