namespace Gtp.Firewall.Configuration.Junos;

/// <summary>One problem found while converting, tied to the 1-based line and the statement text it came from.</summary>
public sealed record JunosConfigError(int LineNumber, string Statement, string Message)
{
    /// <summary>One line: <c>line 12: unsupported statement: set security gtp profile P timeout 24</c>.</summary>
    public override string ToString() => $"line {LineNumber}: {Message}: {Statement}";
}
