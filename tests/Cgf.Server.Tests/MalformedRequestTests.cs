using Cgf.Server.Tests.Infrastructure;

namespace Cgf.Server.Tests;

/// <summary>Bad input gets the cause docs/gtp-prime.md §4 names, or is dropped and counted where no answer is possible.</summary>
public sealed class MalformedRequestTests
{
    public static TheoryData<string, string, byte> Cases => new()
    {
        // name, hex built by hand, expected cause
        { "missing PTC", Convert.ToHexString(Gtpp.Message(240, 9, Gtpp.DataRecordPacket(Gtpp.Record(1)))), 202 },
        { "unknown PTC value", Convert.ToHexString(Gtpp.Transfer(9, 9, Gtpp.DataRecordPacket(Gtpp.Record(1)))), 201 },
        { "PTC 1 without Data Record Packet", Convert.ToHexString(Gtpp.Message(240, 9, [0x7E, 0x01])), 202 },
        { "IE length overruns the message", "4ef0000600097e01fc005001", 193 },
        { "record count says 2, one record", Convert.ToHexString(Gtpp.Transfer(9, 1, [0xFC, 0x00, 0x25, 0x02, 0x01, 0x10, 0x0B, 0x11, 0x00, 0x1E, .. Gtpp.SampleRecord])), 193 },
        { "record length overruns the packet", Convert.ToHexString(Gtpp.Transfer(9, 1, [0xFC, 0x00, 0x25, 0x01, 0x01, 0x10, 0x0B, 0x11, 0x00, 0x2E, .. Gtpp.SampleRecord])), 193 },
        { "released list of odd length", "4ef0000800097e04f90003000102", 193 },
        { "unknown TV IE", "4ef0000400097e0103ff", 193 },
    };

    [Theory, MemberData(nameof(Cases))]
    public async Task MalformedDataRecordTransferRequestGetsTheMatchingCause(string name, string hex, byte cause)
    {
        await using var cgf = await TestCgf.StartAsync();
        using var cdf = new UdpPeer();

        var response = await cdf.RequestAsync(Convert.FromHexString(hex), cgf.Endpoint);

        Assert.True(response.Type == 241, name);
        Assert.Equal(cause, response.Cause);
        Assert.Equal([9], response.Responded);
        Assert.Equal(0, cgf.Status().CommittedCdrs);
    }

    [Theory]
    [InlineData("5e0100000001")]   // PT=1: GTP, not GTP'
    [InlineData("4e6400000001")]   // message type 100
    [InlineData("4e01")]           // shorter than a header
    [InlineData("4e0200000001")]   // Echo Response without Recovery, unsolicited
    public async Task UnanswerableInputIsDroppedAndTheServerGoesOn(string hex)
    {
        await using var cgf = await TestCgf.StartAsync();
        using var cdf = new UdpPeer();

        cdf.Send(Convert.FromHexString(hex), cgf.Endpoint);
        Assert.Null(await cdf.ReceiveAsync(TimeSpan.FromMilliseconds(300)));

        Assert.Equal(2, (await cdf.RequestAsync(Gtpp.EchoRequest(3), cgf.Endpoint)).Type);
    }
}
