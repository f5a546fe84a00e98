using Cdf.Client.Delivery;
using Cdf.Client.Tests.Infrastructure;
using Charging.CdrFiles;

namespace Cdf.Client.Tests.Delivery;

/// <summary>
/// The Data Record Packet identifiers (IE 252) of a CDR survive a CDF restart: the CGF's duplicate detection compares
/// them too, so a request re-sent with other identifiers would be stored again.
/// </summary>
public sealed class RecordFormatRestartTests
{
    private static readonly CdrRecordFormat Rel7 = new(1, 1, 7, 6, 0);

    [Fact]
    public async Task ARequestReSentAfterARestartIsByteIdenticalToTheFirstSend()
    {
        using var directory = new TempDirectory();
        using var cgf = new RecordingCgf();
        var options = CdfSetup.Options(directory.File("cdf.db"), cgf.Port);
        options.EchoInterval = TimeSpan.FromMinutes(10);

        string first;
        await using (var client = new CdfClient(options))
        {
            client.Start();
            await client.EnqueueAsync([new byte[] { 0x30, 0x01, 0x00 }, new byte[] { 0x30, 0x01, 0x01 }], Rel7);
            first = cgf.ReceiveDataRequests(1, answer: false)[1];
        }
        cgf.Discard();
        Assert.Equal(Hex(
            "4E F0 0013 0001" + // GTP' v2 header: Data Record Transfer Request, length 19, sequence number 1
            " 7E 01" + // Packet Transfer Command: Send Data Record Packet
            " FC 000E 02 01 17 06" + // IE 252: 2 records, BER, application 1 | Release 7, version 5 + 1 (no extension octet)
            " 0003 300100 0003 300101"),
            first);

        await using (var client = new CdfClient(options))
        {
            client.Start();
            var resent = cgf.ReceiveDataRequests(1, answer: true);
            await client.DrainAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(first, resent[1]);
        }
    }

    [Fact]
    public async Task ACdrStillQueuedWhenTheClientStopsGoesOutAfterTheRestartWithItsOwnIdentifiers()
    {
        using var directory = new TempDirectory();
        using var cgf = new RecordingCgf();
        var options = CdfSetup.Options(directory.File("cdf.db"), cgf.Port);
        options.EchoInterval = TimeSpan.FromMinutes(10);
        // One request in flight at a time: the second CDR waits, unpacked, behind the unanswered first.
        options.Window = 1;

        await using (var client = new CdfClient(options))
        {
            client.Start();
            await client.EnqueueAsync([new byte[] { 0x30, 0x01, 0x00 }]);
            await client.EnqueueAsync([new byte[] { 0x30, 0x01, 0x01 }], Rel7);
            cgf.ReceiveDataRequests(1, answer: false);
            Assert.Equal(1, client.ReadOutboxStatus().QueuedCdrs);
        }
        cgf.Discard();

        await using (var client = new CdfClient(options))
        {
            client.Start();
            var received = cgf.ReceiveDataRequests(2, answer: true);
            await client.DrainAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(Hex(
                "4E F0 000F 0001" +
                " 7E 01" +
                " FC 000A 01 01 10 03 11" + // the options' identifiers: application 1 | Release 0, version 2 + 1, extension 17
                " 0003 300100"),
                received[1]);
            Assert.Equal(Hex(
                "4E F0 000E 0002" +
                " 7E 01" +
                " FC 0009 01 01 17 06" + // its own: application 1 | Release 7, version 5 + 1
                " 0003 300101"),
                received[2]);
        }
    }

    [Fact]
    public async Task AnOutboxOfTheFirstSchemaOpensAndItsCdrsGoOutWithTheOptionsIdentifiers()
    {
        using var directory = new TempDirectory();
        using var cgf = new RecordingCgf();
        var options = CdfSetup.Options(directory.File("cdf.db"), cgf.Port);
        options.EchoInterval = TimeSpan.FromMinutes(10);
        options.ReleaseIdentifier = 11;
        options.VersionIdentifier = 6;
        // CDR 1 in flight as #5 when the older CDF stopped, CDR 2 still queued.
        OutboxV1.Create(options.StatePath, [[0x30, 0x01, 0x00], [0x30, 0x01, 0x01]], packed: 1, options.Cgfs[0].PathName, sequenceNumber: 5);

        await using (var client = new CdfClient(options))
        {
            client.Start();
            var received = cgf.ReceiveDataRequests(2, answer: true);
            await client.DrainAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(Hex(
                "4E F0 000E 0005" + // the same number as before the upgrade
                " 7E 01" +
                " FC 0009 01 01 1B 06" + // application 1 | Release 11, version 6
                " 0003 300100"),
                received[5]);
            Assert.Equal(Hex(
                "4E F0 000E 0006" +
                " 7E 01" +
                " FC 0009 01 01 1B 06" +
                " 0003 300101"),
                received[6]);
            Assert.Equal(0, client.ReadOutboxStatus().OutboxCdrs);
        }
        Assert.Equal(3, OutboxV1.UserVersion(options.StatePath));
    }

    private static string Hex(string spaced) => spaced.Replace(" ", "", StringComparison.Ordinal);

    /// <summary>A format a CGF refuses (docs/gtp-prime.md §3.1) is refused at enqueue, before it can be parked.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(12)]
    public async Task ARecordFormatACgfRefusesIsRefusedAtEnqueue(int format)
    {
        using var directory = new TempDirectory();
        using var cgf = new RecordingCgf();
        var options = CdfSetup.Options(directory.File("cdf.db"), cgf.Port);
        await using var client = new CdfClient(options);
        var exception = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            client.EnqueueAsync([new byte[] { 0x30, 0x01, 0x00 }], Rel7 with { DataRecordFormat = (byte)format }));
        Assert.Contains("Data Record Format must be 1 (BER), 2 (unaligned PER) or 3 (aligned PER)", exception.Message);
    }
}
