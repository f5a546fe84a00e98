using Gtp.Firewall.Policies;

namespace Gtp.Firewall.Inline;

/// <summary>
/// Hands a reloaded policy from the reloading thread to the packet thread, which takes it between two receive batches:
/// one volatile read per batch on the packet path, and every packet of a batch is judged by one policy.
/// </summary>
internal sealed class PolicyMailbox
{
    private FirewallPolicy? _next;

    /// <summary>Any thread; a policy not yet taken is replaced by the newer one.</summary>
    public void Post(FirewallPolicy policy) => Volatile.Write(ref _next, policy);

    /// <summary>The packet thread, between batches.</summary>
    public bool TryTake(out FirewallPolicy policy)
    {
        policy = Volatile.Read(ref _next)!;
        return policy is not null && ReferenceEquals(Interlocked.CompareExchange(ref _next, null, policy), policy);
    }
}
