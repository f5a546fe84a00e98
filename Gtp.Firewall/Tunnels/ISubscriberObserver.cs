using Gtp.Firewall.Gtp;

namespace Gtp.Firewall.Tunnels;

/// <summary>
/// The subscriber fields of contexts (MSISDN, RAT, location, QoS...), for a usage-CDR producer. Set on the engine only
/// when charging wants them: without one the engine reads none of these IEs. Raised on the inspecting thread, after
/// the tunnel events of the same message.
/// </summary>
public interface ISubscriberObserver
{
    /// <summary>A context was created (Create PDP Context / Create Session accepted) with these fields.</summary>
    void SubscriberCaptured(long tunnelId, SubscriberFields fields);

    /// <summary>An accepted update (Update PDP Context, Modify Bearer, Update Bearer) carried these fields (null = not carried).</summary>
    void SubscriberChanged(long tunnelId, SubscriberFields update);
}
