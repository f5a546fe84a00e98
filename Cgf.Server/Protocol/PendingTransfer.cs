using Charging.GtpPrime;
using Storage.Cgf.Ledger;

namespace Cgf.Server.Protocol;

/// <summary>A Data Record Transfer Request on its way through the writer, with the channel and header form to answer it on.</summary>
public sealed class PendingTransfer : TransferRequest
{
    public required IReplyChannel Channel { get; init; }
    public required GtpPrimeHeaderForm Form { get; init; }
}
