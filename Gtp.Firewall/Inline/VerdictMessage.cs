namespace Gtp.Firewall.Inline;

/// <summary>
/// One verdict message to the kernel: NFQNL_MSG_VERDICT_BATCH (every queued id ≤ <see cref="Id"/>) when
/// <see cref="Batch"/>, else NFQNL_MSG_VERDICT for <see cref="Id"/> alone.
/// </summary>
internal readonly record struct VerdictMessage(bool Batch, uint Id, uint Verdict);
