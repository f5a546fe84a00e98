using Operations.Alarms;

namespace Gtp.Firewall.Monitoring;

/// <summary>One alarm's transition after a sample, with the reason shown while it is active.</summary>
public readonly record struct AlarmDecision(string Alarm, AlarmTransition Transition, string Reason);
