namespace Gtp.Firewall.State;

/// <summary>The tunnel state cannot be read at start (damaged, another layout); the message is one line naming the file.</summary>
public sealed class FirewallStateException(string message, Exception? inner = null) : Exception(message, inner);
