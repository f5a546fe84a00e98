using Cgf.Server.Monitoring;
using Charging.GtpPrime.Transport;
using Microsoft.Extensions.Options;
using Storage.Cgf;
using Storage.Cgf.PostgreSql;
using System.Net;

namespace Cgf.Server.Configuration;

/// <summary>Checks every setting at start; each failure names its key, so a bad setting stops start-up with one clear line.</summary>
public sealed class CgfOptionsValidator : IValidateOptions<CgfOptions>
{
    /// <summary>The smallest <c>Cgf:Storage:MaxDatabaseSize</c> other than 0 (no cap): 1 MiB.</summary>
    public const long MinMaxDatabaseSize = 1 << 20;

    public ValidateOptionsResult Validate(string? name, CgfOptions options)
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.NodeId) || options.NodeId.Length > 20)
            errors.Add("Cgf:NodeId must be 1-20 characters (it is an IA5String nodeID in CDRs)");
        if (!IPAddress.TryParse(options.Listen.Address, out _))
            errors.Add($"Cgf:Listen:Address '{options.Listen.Address}' is not an IP address");
        if (options.Listen.Port is < 1 or > 65535)
            errors.Add($"Cgf:Listen:Port {options.Listen.Port} is not in 1-65535");
        if (!options.Listen.Udp && !options.Listen.Tcp)
            errors.Add("Cgf:Listen:Udp and Cgf:Listen:Tcp are both false: nothing to listen on");
        if (options.Listen.UdpReceivers is < 1 or > 64)
            errors.Add($"Cgf:Listen:UdpReceivers {options.Listen.UdpReceivers} is not in 1-64");
        if (!Enum.IsDefined(options.Storage.Provider))
            errors.Add($"Cgf:Storage:Provider {options.Storage.Provider} is not Sqlite or PostgreSql");
        else if (options.Storage.Provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(options.Storage.Path))
            errors.Add("Cgf:Storage:Path is empty");
        else if (options.Storage.Provider == StorageProvider.PostgreSql && PostgresDatabase.ConnectionStringProblem(options.Storage.ConnectionString) is { } problem)
            errors.Add($"Cgf:Storage:ConnectionString {problem}");
        if (options.Export.TakeoverAfter < TimeSpan.FromSeconds(1))
            errors.Add($"Cgf:Export:TakeoverAfter {options.Export.TakeoverAfter} is below one second");
        if (options.Storage.Writers is { } writers && options.Storage.Provider == StorageProvider.Sqlite && writers != 1)
            errors.Add($"Cgf:Storage:Writers {writers}: an SQLite database has one writer (several apply to PostgreSql)");
        else if (options.Storage.Writers is < 1 or > 16)
            errors.Add($"Cgf:Storage:Writers {options.Storage.Writers} is not in 1-16");
        if (options.Storage.MaxBatchRequests is < 1 or > 100000)
            errors.Add($"Cgf:Storage:MaxBatchRequests {options.Storage.MaxBatchRequests} is not in 1-100000");
        if (options.Storage.MaxDatabaseSize < 0)
            errors.Add("Cgf:Storage:MaxDatabaseSize must not be negative");
        // The empty schema alone takes about 400 KB (docs/cgf-design.md): a smaller cap is full before the first request.
        else if (options.Storage.MaxDatabaseSize is > 0 and < MinMaxDatabaseSize)
            errors.Add($"Cgf:Storage:MaxDatabaseSize {options.Storage.MaxDatabaseSize} is below {MinMaxDatabaseSize} (1 MiB; 0 sets no cap): an empty database takes about 400 KB");
        if (!FreeSpaceThreshold.TryParse(options.Storage.MinFreeDisk, out _, out var freeDiskError))
            errors.Add($"Cgf:Storage:MinFreeDisk {freeDiskError}");
        if (options.Retention.Cdrs < TimeSpan.Zero)
            errors.Add("Cgf:Retention:Cdrs must not be negative (zero keeps everything)");
        for (var i = 0; i < options.Peers.Count; i++)
        {
            if (!PeerNetwork.TryParse(options.Peers[i], out _))
                errors.Add($"Cgf:Peers:{i} '{options.Peers[i]}' is not an IP address or CIDR prefix");
        }
        if (options.PeerPort is < 1 or > 65535 || options.PeerPort == 2123)
            errors.Add($"Cgf:PeerPort {options.PeerPort} is not in 1-65535 (2123 is GTP-C, not allowed for GTP')");
        if (options.RecommendedNode is { Length: > 0 } node && !IPAddress.TryParse(node, out _))
            errors.Add($"Cgf:RecommendedNode '{node}' is not an IP address");
        if (options.PossiblyDuplicateHoldTime <= TimeSpan.Zero)
            errors.Add("Cgf:PossiblyDuplicateHoldTime must be positive");
        if (options.T3 <= TimeSpan.Zero)
            errors.Add("Cgf:T3 must be positive");
        else if (options.T3 < RetransmissionPolicy.MinimumT3 || options.T3 > RetransmissionPolicy.MaximumT3)
            errors.Add($"Cgf:T3 {options.T3} is not in {RetransmissionPolicy.MinimumT3}-{RetransmissionPolicy.MaximumT3}");
        if (options.N3 is < 1 or > 15)
            errors.Add($"Cgf:N3 {options.N3} is not in 1-15");
        if (options.RedirectionWait < TimeSpan.Zero)
            errors.Add("Cgf:RedirectionWait must not be negative");
        if (options.Overload.HighWaterMark < 1 || options.Overload.LowWaterMark < 0 ||
            options.Overload.LowWaterMark >= options.Overload.HighWaterMark)
            errors.Add("Cgf:Overload needs 0 <= LowWaterMark < HighWaterMark");
        if (options.PeerEchoInterval <= TimeSpan.Zero)
            errors.Add("Cgf:PeerEchoInterval must be positive");
        errors.AddRange(options.Http.Errors("Cgf:Http"));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
