namespace Gtp.Firewall.Packets;

public enum ReassemblyStatus : byte
{
    Incomplete,
    Complete,
    Dropped,
}
