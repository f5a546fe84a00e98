using Gtp.Firewall.Inspection;
using Gtp.Firewall.Policies;

namespace Gtp.Firewall.Inline;

/// <summary>
/// One queue thread's hold on the shared engine's policy (docs/firewall-multicore.md, "Reload, sweep, counters"): a
/// reloaded policy posted to the mailbox goes into the engine by whichever queue thread takes it first, and every
/// queue's interface-zone map follows the engine's policy (zone indexes are a policy's). Used under the engine lock,
/// before each batch.
/// </summary>
internal sealed class QueuePolicy(GtpInspectionEngine engine, PolicyMailbox reloads)
{
    private FirewallPolicy _built = engine.Policy;

    /// <summary>This queue's interface zones, built from the engine's policy as of the last <see cref="Refresh"/>.</summary>
    public InterfaceZones Zones { get; private set; } = new(engine.Policy);

    /// <summary>Takes a posted policy into the engine and rebuilds the zones if the engine's policy changed; true when this call took one.</summary>
    public bool Refresh()
    {
        var taken = reloads.TryTake(out var policy);
        if (taken)
        {
            engine.ReplacePolicy(policy);
        }
        if (!ReferenceEquals(_built, engine.Policy))
        {
            _built = engine.Policy;
            Zones = new InterfaceZones(_built);
        }
        return taken;
    }
}
