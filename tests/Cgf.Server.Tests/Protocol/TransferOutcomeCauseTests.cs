using Cgf.Server.Protocol;
using Storage.Cgf.Ledger;

namespace Cgf.Server.Tests.Protocol;

/// <summary>The cause answered for each storage outcome (README table; cause values of docs/gtp-prime.md §4).</summary>
public sealed class TransferOutcomeCauseTests
{
    [Theory]
    [InlineData(TransferOutcome.Accepted, 128)]
    [InlineData(TransferOutcome.AcceptedWithQuarantinedRecords, 177)]
    [InlineData(TransferOutcome.AlreadyFulfilled, 253)]
    [InlineData(TransferOutcome.DuplicatePending, 253)]
    [InlineData(TransferOutcome.AlreadyCommitted, 252)]
    [InlineData(TransferOutcome.NotCommitted, 128)]
    [InlineData(TransferOutcome.ListedPacketNotPending, 254)]
    [InlineData(TransferOutcome.UnknownKind, 201)]
    [InlineData(TransferOutcome.NotStored, 199)]
    [InlineData(TransferOutcome.None, 199)]
    public void EachOutcomeIsAnsweredWithItsCause(TransferOutcome outcome, byte cause) =>
        Assert.Equal(cause, (byte)TransferOutcomeCause.ToCause(outcome));

    [Theory]
    [InlineData(TransferOutcome.Accepted, "cause128")]
    [InlineData(TransferOutcome.DuplicatePending, "cause253")]
    [InlineData(TransferOutcome.AcceptedWithQuarantinedRecords, "cause177")]
    public void OutcomesAreCountedUnderTheCauseAnswered(TransferOutcome outcome, string counter) =>
        Assert.Equal(counter, TransferOutcomeCause.CounterName(outcome));
}
