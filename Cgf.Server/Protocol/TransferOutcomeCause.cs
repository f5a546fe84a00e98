using Charging.GtpPrime;
using Storage.Cgf.Ledger;

namespace Cgf.Server.Protocol;

/// <summary>The GTP' Cause a Data Record Transfer Response carries for each storage outcome (docs/gtp-prime.md §4 and §5.6).</summary>
public static class TransferOutcomeCause
{
    public static GtpPrimeCause ToCause(TransferOutcome outcome) => outcome switch
    {
        TransferOutcome.Accepted => GtpPrimeCause.RequestAccepted,
        // Of the accepted class: the packet is done and not resent; its bad records are in quarantine.
        TransferOutcome.AcceptedWithQuarantinedRecords => GtpPrimeCause.CdrDecodingError,
        TransferOutcome.AlreadyFulfilled => GtpPrimeCause.RequestAlreadyFulfilled,
        TransferOutcome.DuplicatePending => GtpPrimeCause.RequestAlreadyFulfilled,
        TransferOutcome.AlreadyCommitted => GtpPrimeCause.PossiblyDuplicatedRequestAlreadyFulfilled,
        TransferOutcome.CommittedInPool => GtpPrimeCause.PossiblyDuplicatedRequestAlreadyFulfilled,
        // A test packet this CGF did not commit: the CDF is to send it again (docs/gtp-prime.md §5.6).
        TransferOutcome.NotCommitted => GtpPrimeCause.RequestAccepted,
        TransferOutcome.ListedPacketNotPending => GtpPrimeCause.SequenceNumbersOfReleasedOrCancelledPacketsIncorrect,
        TransferOutcome.UnknownKind => GtpPrimeCause.MandatoryIeIncorrect,
        // Nothing was stored (NotStored, or never decided): the CDF is to try again later.
        _ => GtpPrimeCause.NoResourcesAvailable,
    };

    /// <summary>The per-peer counter an outcome is counted under: the cause answered (<c>cause253</c>), as the status report shows.</summary>
    public static string CounterName(TransferOutcome outcome) => $"cause{(byte)ToCause(outcome)}";
}
