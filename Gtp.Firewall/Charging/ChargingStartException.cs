namespace Gtp.Firewall.Charging;

/// <summary>Charging cannot start in this environment (outbox not writable, CGF host not resolvable); the message is one line naming it.</summary>
public sealed class ChargingStartException(string message, Exception? inner = null) : Exception(message, inner);
