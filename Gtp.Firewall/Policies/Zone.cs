using System.Net;

namespace Gtp.Firewall.Policies;

public sealed record Zone(int Index, string Name, IReadOnlyList<string> Interfaces, IReadOnlyList<IPNetwork> Networks);
