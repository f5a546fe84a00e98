namespace Gtp.Firewall.Logging;

public enum FirewallLogKind : byte
{
    Drop,
    Handover,
}
