namespace Gtp.Firewall.Diagnostics;

public enum FirewallLogKind : byte
{
    Drop,
    Handover,
}
