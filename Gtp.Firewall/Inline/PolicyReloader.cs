using Gtp.Firewall.Configuration;
using Gtp.Firewall.Diagnostics;
using Microsoft.Extensions.Logging;
using Operations.Reload;

namespace Gtp.Firewall.Inline;

/// <summary>
/// Live reload of <c>run</c> (docs/firewall-design.md, "Live reload"): on SIGHUP or a change of the --config file,
/// reads the file again (JSON or Junos set text), validates and compiles it as at start, and posts the policy to the
/// packet thread, which swaps it between two batches; the tunnel table stays. A file that does not load, validate or
/// compile is refused with one error line and the running policy stays. The queue, syslog and charging settings
/// apply only at a restart (they own sockets, files and the outbox); a change to them is named in a warning.
/// </summary>
internal sealed class PolicyReloader : IDisposable
{
    private const string FileChange = "file change";
    private const string Hangup = "SIGHUP";

    /// <summary>The settings the policy is compiled from: everything else applies only at a restart.</summary>
    private static readonly string[] PolicySections =
    [
        nameof(FirewallOptions.AddressBook), nameof(FirewallOptions.HandoverGroups), nameof(FirewallOptions.HandoverDefault),
        nameof(FirewallOptions.GtpProfiles), nameof(FirewallOptions.Zones), nameof(FirewallOptions.Policies),
        nameof(FirewallOptions.TunnelIdleTimeout), nameof(FirewallOptions.ForwardingTunnelLifetime), nameof(FirewallOptions.RequestTimeout),
    ];

    private readonly string _path;
    private readonly IReadOnlyDictionary<string, string> _started;
    private readonly PolicyMailbox _mailbox;
    private readonly FirewallCounters _counters;
    private readonly Func<long> _tunnels;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly FileChangeWatcher _watcher;
    private readonly HangupSignal _hangup;

    public PolicyReloader(string path, FirewallOptions started, PolicyMailbox mailbox, FirewallCounters counters, Func<long> tunnels, ILogger logger)
    {
        _path = Path.GetFullPath(path);
        _started = ConfigurationKeys.Flatten(started, FirewallOptions.SectionName);
        _mailbox = mailbox;
        _counters = counters;
        _tunnels = tunnels;
        _logger = logger;
        _watcher = new FileChangeWatcher([_path], () => Reload(FileChange));
        _hangup = new HangupSignal(() => Reload(Hangup));
        PolicyReloadLog.Watching(logger, _path);
    }

    /// <summary>One reload: exactly one applied or refused line.</summary>
    public void Reload(string trigger)
    {
        lock (_gate)
        {
            FirewallOptions options;
            Policies.FirewallPolicy policy;
            try
            {
                options = FirewallConfigurationLoader.LoadOptions(_path);
                policy = FirewallOptionsValidator.Compile(options);
            }
            catch (FirewallConfigurationException ex)
            {
                Refuse(trigger, ex.Message);
                return;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Refuse(trigger, $"{_path}: {ex.Message}");
                return;
            }
            var needRestart = ConfigurationKeys.Changed(_started, ConfigurationKeys.Flatten(options, FirewallOptions.SectionName))
                .Where(key => !PolicySections.Any(section => ConfigurationKeys.IsUnder(key, $"{FirewallOptions.SectionName}:{section}")))
                .ToList();
            if (needRestart.Count > 0)
            {
                PolicyReloadLog.NeedRestart(_logger, trigger, string.Join(", ", needRestart));
            }
            _mailbox.Post(policy);
            Interlocked.Increment(ref _counters.PolicyReloadsApplied);
            PolicyReloadLog.Applied(_logger, trigger, _path, policy.Zones.Count, policy.Rules.Count, policy.HandoverGroups.Count, _tunnels());
        }
    }

    private void Refuse(string trigger, string reason)
    {
        Interlocked.Increment(ref _counters.PolicyReloadsRefused);
        PolicyReloadLog.Refused(_logger, trigger, reason);
    }

    public void Dispose()
    {
        _hangup.Dispose();
        _watcher.Dispose();
    }
}
