namespace Gtp.Firewall.Inline;

/// <summary>The queue could not be bound or read (library missing, not root, queue in use); the message is one line.</summary>
public sealed class QueueStartException(string message) : Exception(message);
