using Cgf.Server.Delivery;
using Storage.Cgf.Delivery;

namespace Cgf.Server.Tests.Delivery;

/// <summary>The exactly-once table of docs/delivery-design.md, row by row.</summary>
public class DeliveryStepTests
{
    [Theory]
    // Nothing recorded: upload (a leftover temporary file, complete or not, is replaced), unless the final name holds it.
    [InlineData(DeliveryRecordState.None, RemoteFinal.Absent, RemoteTemporary.Absent, DeliveryAction.Upload)]
    [InlineData(DeliveryRecordState.None, RemoteFinal.Absent, RemoteTemporary.Partial, DeliveryAction.Upload)]
    [InlineData(DeliveryRecordState.None, RemoteFinal.Absent, RemoteTemporary.Complete, DeliveryAction.Upload)]
    [InlineData(DeliveryRecordState.None, RemoteFinal.Matching, RemoteTemporary.Absent, DeliveryAction.Record)]
    [InlineData(DeliveryRecordState.None, RemoteFinal.Different, RemoteTemporary.Absent, DeliveryAction.Conflict)]
    // Rename under way: finish it, or it happened (billing may already have taken the file).
    [InlineData(DeliveryRecordState.Renaming, RemoteFinal.Absent, RemoteTemporary.Complete, DeliveryAction.Rename)]
    [InlineData(DeliveryRecordState.Renaming, RemoteFinal.Matching, RemoteTemporary.Absent, DeliveryAction.Record)]
    [InlineData(DeliveryRecordState.Renaming, RemoteFinal.Absent, RemoteTemporary.Absent, DeliveryAction.Record)]
    [InlineData(DeliveryRecordState.Renaming, RemoteFinal.Absent, RemoteTemporary.Partial, DeliveryAction.Upload)]
    [InlineData(DeliveryRecordState.Renaming, RemoteFinal.Different, RemoteTemporary.Complete, DeliveryAction.Conflict)]
    public void DecidesFromTheRecordAndTheRemoteSide(DeliveryRecordState recorded, RemoteFinal final, RemoteTemporary temporary, DeliveryAction expected) =>
        Assert.Equal(expected, DeliveryStep.Decide(recorded, final, temporary));
}
