namespace Gtp.Firewall.Inline;

/// <summary>What <c>run</c>'s command line gives the daemon, and what the daemon hands back for the exit code.</summary>
internal sealed class RunOutcome(TextWriter output, string? jsonPath, string? configPath = null)
{
    /// <summary>The --config file, read again on SIGHUP or when it changes (live reload of the policy).</summary>
    public string? ConfigPath { get; } = configPath;

    /// <summary>Verdict log lines, the start line and the counters at exit.</summary>
    public TextWriter Output { get; } = output;

    /// <summary>At exit, also write the counters to this JSON file.</summary>
    public string? JsonPath { get; } = jsonPath;

    /// <summary>Why the queue or the charging could not start or the queue could not be read: exit code 3, one line.</summary>
    public Exception? Failure { get; set; }
}
