namespace Gtp.Firewall.Logging;

/// <summary>One SD-PARAM, <c>PARAM-NAME="PARAM-VALUE"</c> (RFC 5424 §6.3.3).</summary>
public readonly record struct SyslogParameter(string Name, string Value);
