using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Policies;

public sealed record Zone(int Index, string Name, IReadOnlyList<string> Interfaces, IReadOnlyList<IpPrefix> Networks);
