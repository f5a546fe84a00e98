using Charging.GtpPrime.InformationElements;
using Charging.GtpPrime.Messages;

namespace Charging.Tests.GtpPrime;

/// <summary>Field-by-field equality for messages whose lists and memories compare by reference.</summary>
internal static class GtpPrimeAssert
{
    public static void Equivalent(GtpPrimeMessage expected, GtpPrimeMessage actual)
    {
        Assert.Equal(expected.GetType(), actual.GetType());
        Equivalent(expected.PrivateExtension, actual.PrivateExtension);
        switch (expected)
        {
            case DataRecordTransferRequest e:
                var a = (DataRecordTransferRequest)actual;
                Assert.Equal(e.Command, a.Command);
                Equivalent(e.Packet, a.Packet);
                Assert.Equal(e.ReleasedPackets, a.ReleasedPackets);
                Assert.Equal(e.CancelledPackets, a.CancelledPackets);
                break;
            case DataRecordTransferResponse e:
                var r = (DataRecordTransferResponse)actual;
                Assert.Equal(e.Cause, r.Cause);
                Assert.Equal(e.RequestsResponded, r.RequestsResponded);
                break;
            default:
                // The other records hold only values and IPAddress (which compares by value).
                Assert.Equal(expected with { PrivateExtension = null }, actual with { PrivateExtension = null });
                break;
        }
    }

    private static void Equivalent(PrivateExtension? expected, PrivateExtension? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is not null && actual is not null)
        {
            Assert.Equal(expected.ExtensionIdentifier, actual.ExtensionIdentifier);
            Assert.Equal(expected.Value.ToArray(), actual.Value.ToArray());
        }
    }

    private static void Equivalent(DataRecordPacket? expected, DataRecordPacket? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is null || actual is null)
        {
            return;
        }

        Assert.Equal(expected.EmptyForm == EmptyPacketForm.None && expected.Records.Count == 0 ? EmptyPacketForm.ZeroRecords : expected.EmptyForm, actual.EmptyForm);
        Assert.Equal(expected.DataRecordFormat, actual.DataRecordFormat);
        Assert.Equal(expected.ApplicationIdentifier, actual.ApplicationIdentifier);
        Assert.Equal(expected.ReleaseIdentifier, actual.ReleaseIdentifier);
        Assert.Equal(expected.VersionIdentifier, actual.VersionIdentifier);
        Assert.Equal(expected.ReleaseIdentifierExtension, actual.ReleaseIdentifierExtension);
        Assert.Equal(expected.Records.Count, actual.Records.Count);
        for (int i = 0; i < expected.Records.Count; i++)
        {
            Assert.Equal(expected.Records[i].ToArray(), actual.Records[i].ToArray());
        }
    }
}
