using Charging.GtpPrime.Transport;
using Microsoft.Extensions.Options;

namespace Cgf.Server.Configuration;

/// <summary>Checks section Cgf:Limits at start; each failure is one line naming its key.</summary>
public sealed class LimitsOptionsValidator : IValidateOptions<CgfOptions>
{
    /// <summary>The smallest message cap that still admits every header form and an Echo Request.</summary>
    public const int MinimumBufferedOctets = 64;

    public ValidateOptionsResult Validate(string? name, CgfOptions options)
    {
        var errors = Check(options.Limits);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static List<string> Check(LimitsOptions limits)
    {
        var errors = new List<string>();
        if (limits.TrackedSources is < 16 or > 1_000_000)
            errors.Add($"Cgf:Limits:TrackedSources {limits.TrackedSources} is not in 16-1000000");
        if (limits.LogInterval < TimeSpan.FromMilliseconds(100) || limits.LogInterval > TimeSpan.FromDays(1))
            errors.Add($"Cgf:Limits:LogInterval {limits.LogInterval} is not in 00:00:00.1-1.00:00:00");
        if (limits.LogLinesPerInterval is < 1 or > 100_000)
            errors.Add($"Cgf:Limits:LogLinesPerInterval {limits.LogLinesPerInterval} is not in 1-100000");
        if (limits.TcpIdleTimeout < TimeSpan.FromMilliseconds(100) || limits.TcpIdleTimeout > TimeSpan.FromDays(1))
            errors.Add($"Cgf:Limits:TcpIdleTimeout {limits.TcpIdleTimeout} is not in 00:00:00.1-1.00:00:00");
        if (limits.TcpIncompleteFrameTimeout < TimeSpan.FromMilliseconds(100) || limits.TcpIncompleteFrameTimeout > limits.TcpIdleTimeout)
            errors.Add($"Cgf:Limits:TcpIncompleteFrameTimeout {limits.TcpIncompleteFrameTimeout} is not in 00:00:00.1-Cgf:Limits:TcpIdleTimeout");
        if (limits.TcpConnections is < 1 or > 65536)
            errors.Add($"Cgf:Limits:TcpConnections {limits.TcpConnections} is not in 1-65536");
        if (limits.TcpConnectionsPerPeer < 1 || limits.TcpConnectionsPerPeer > limits.TcpConnections)
            errors.Add($"Cgf:Limits:TcpConnectionsPerPeer {limits.TcpConnectionsPerPeer} is not in 1-Cgf:Limits:TcpConnections");
        if (limits.TcpBufferedOctets is < MinimumBufferedOctets or > GtpPrimeFrameReader.MaxFrameLength)
            errors.Add($"Cgf:Limits:TcpBufferedOctets {limits.TcpBufferedOctets} is not in {MinimumBufferedOctets}-{GtpPrimeFrameReader.MaxFrameLength} (the largest GTP' message)");
        if (limits.TcpQueuedResponseOctets is < 4096 or > 64 * 1024 * 1024)
            errors.Add($"Cgf:Limits:TcpQueuedResponseOctets {limits.TcpQueuedResponseOctets} is not in 4096-67108864");
        return errors;
    }
}
