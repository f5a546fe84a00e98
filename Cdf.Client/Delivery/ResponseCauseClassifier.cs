using Charging.GtpPrime;
using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;

namespace Cdf.Client.Delivery;

/// <summary>
/// Reads the cause of a CGF's answer the way the delivery loop acts on it (TS 32.295 cause values;
/// docs/gtp-prime.md §4, §5.6). Pure: the loop keeps the state (busy delays, the second test packet).
/// </summary>
internal static class ResponseCauseClassifier
{
    /// <summary>The cause an answer to a data request carries: Version Not Supported is one, anything else is taken as malformed.</summary>
    public static GtpPrimeCause CauseOf(GtpPrimeMessage? response) => response switch
    {
        DataRecordTransferResponse answer => answer.Cause,
        VersionNotSupported => GtpPrimeCause.VersionNotSupported,
        _ => GtpPrimeCause.InvalidMessageFormat,
    };

    /// <summary>The answer to a data request sent with <paramref name="command"/> (PTC 1 Send, else PTC 2 Send possibly duplicated).</summary>
    public static DataResponseAction ClassifyData(GtpPrimeCause cause, PacketTransferCommand command)
    {
        var send = command == PacketTransferCommand.SendDataRecordPacket;
        return cause switch
        {
            GtpPrimeCause.NoResourcesAvailable => DataResponseAction.RetryLater,
            // 177 is of the accepted class: the CGF keeps what it can, resending would not help. 252 and 253 answer a
            // retransmission of a request the CGF had already fulfilled.
            GtpPrimeCause.RequestAccepted or GtpPrimeCause.CdrDecodingError or GtpPrimeCause.RequestAlreadyFulfilled
                or GtpPrimeCause.PossiblyDuplicatedRequestAlreadyFulfilled when send => DataResponseAction.Acknowledge,
            GtpPrimeCause.RequestAccepted or GtpPrimeCause.CdrDecodingError or GtpPrimeCause.RequestAlreadyFulfilled => DataResponseAction.Hold,
            GtpPrimeCause.PossiblyDuplicatedRequestAlreadyFulfilled => DataResponseAction.CompleteChain,
            _ => DataResponseAction.Park,
        };
    }

    /// <summary>
    /// The answer to a test packet; <paramref name="askedAgain"/> when this is the second test packet after a first 128.
    /// 128 = the CGF never had the old request, 252/253 = it had it (docs/gtp-prime.md §5.6).
    /// </summary>
    public static ProbeAnswer ReadTestPacketAnswer(GtpPrimeCause cause, bool askedAgain) => cause switch
    {
        GtpPrimeCause.NoResourcesAvailable => ProbeAnswer.RetryLater,
        GtpPrimeCause.RequestAccepted when !askedAgain => ProbeAnswer.AskAgain,
        GtpPrimeCause.RequestAccepted => ProbeAnswer.Absent,
        GtpPrimeCause.PossiblyDuplicatedRequestAlreadyFulfilled or GtpPrimeCause.RequestAlreadyFulfilled => ProbeAnswer.Present,
        _ => ProbeAnswer.AssumedAbsent,
    };

    /// <summary>The answer to the Cancel of an earlier copy: cancelled, or unknown there (254), it is not held there any more.</summary>
    public static ProbeAnswer ReadCancelAnswer(GtpPrimeCause cause) =>
        cause == GtpPrimeCause.NoResourcesAvailable ? ProbeAnswer.RetryLater : ProbeAnswer.Absent;

    /// <summary>The answer to the Release or Cancel of a held copy.</summary>
    public static ResolutionAction ClassifyResolution(GtpPrimeCause cause) => cause switch
    {
        GtpPrimeCause.RequestAccepted or GtpPrimeCause.RequestAlreadyFulfilled => ResolutionAction.Complete,
        GtpPrimeCause.SequenceNumbersOfReleasedOrCancelledPacketsIncorrect => ResolutionAction.AlreadyResolved,
        GtpPrimeCause.NoResourcesAvailable => ResolutionAction.RetryLater,
        _ => ResolutionAction.Park,
    };
}
