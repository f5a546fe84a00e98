namespace Gtp.Firewall.Diagnostics;

/// <summary>Messages of one version and type, permitted and dropped.</summary>
public sealed record MessageCount(string Version, byte Type, string Name, long Permitted, long Dropped);
