using Cgf.Server.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Operations.Logging;
using System.Net;

namespace Cgf.Server.Diagnostics;

/// <summary>
/// The log lines a peer can cause at will, rate-limited per source (and kind) by Cgf:Limits:LogInterval, each written
/// line saying how many were suppressed before it (docs/cgf-design.md, "Limits"). Two bounded tables of
/// Cgf:Limits:TrackedSources entries: sources not in Cgf:Peers, and allowed peers by kind of line, so a flood of
/// spoofed sources cannot push the peers' entries out.
/// </summary>
public sealed class RateLimitedLog
{
    private readonly LimitsOptions _limits;

    public RateLimitedLog(IOptions<CgfOptions> options)
    {
        _limits = options.Value.Limits;
        DeniedSources = new LogRateLimiter<IPAddress>(_limits.TrackedSources, _limits.LogInterval, _limits.LogLinesPerInterval);
        PeerLines = new LogRateLimiter<(IPAddress, PeerLogKind)>(_limits.TrackedSources, _limits.LogInterval, _limits.LogLinesPerInterval);
    }

    /// <summary>Sources not in Cgf:Peers, keyed by address (a spoofer varies the address, the port does not matter).</summary>
    public LogRateLimiter<IPAddress> DeniedSources { get; }

    /// <summary>Allowed peers' lines, keyed by address and kind.</summary>
    public LogRateLimiter<(IPAddress, PeerLogKind)> PeerLines { get; }

    public void PeerNotAllowed(ILogger logger, IPAddress source)
    {
        var decision = DeniedSources.Record(source, Environment.TickCount64);
        if (decision.Write)
            Log.PeerNotAllowed(logger, source, decision.Occurrences, decision.Suppressed);
        else if (decision.Verdict == LogVerdict.BudgetReached)
            LimitsLog.BudgetReached(logger, _limits.LogLinesPerInterval, "sources not in Cgf:Peers", _limits.LogInterval);
    }

    /// <summary>Whether to write the <paramref name="kind"/> line for <paramref name="source"/>; the count of suppressed lines to put in it.</summary>
    public bool ShouldLog(ILogger logger, IPAddress source, PeerLogKind kind, out long suppressed)
    {
        var decision = PeerLines.Record((source, kind), Environment.TickCount64);
        suppressed = decision.Suppressed;
        if (decision.Verdict == LogVerdict.BudgetReached)
            LimitsLog.BudgetReached(logger, _limits.LogLinesPerInterval, "peer messages", _limits.LogInterval);
        return decision.Write;
    }
}
