using Charging.GtpPrime;

namespace Cgf.Server.Protocol;

/// <summary>What the writer hands back with each request: the channel and the header form to answer with.</summary>
public sealed record PendingReply(IReplyChannel Channel, GtpPrimeHeaderForm Form);
