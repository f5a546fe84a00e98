namespace Gtp.Firewall.Limits;

/// <summary>One <c>apn PATTERN imsi-prefix DIGITS action …</c> rule; <see cref="Index"/> is its configuration position.</summary>
public sealed record ApnFilterRule(ApnPattern Apn, ImsiPrefix ImsiPrefix, ApnFilterAction Action, SelectionModes Selection, int Index);
