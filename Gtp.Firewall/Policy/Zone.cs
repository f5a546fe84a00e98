using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Policy;

public sealed record Zone(int Index, string Name, IReadOnlyList<string> Interfaces, IReadOnlyList<IpPrefix> Networks);
