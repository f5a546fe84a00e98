using Cdf.Client.Delivery;
using Cdf.Tool.Input;
using Charging.CdrFiles;
using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.Messages;
using System.Net;

namespace Cdf.Tool.Tests.Delivery;

/// <summary>The Data Record Packet identifiers (IE 252) a request carries come from the caller or the options.</summary>
public sealed class RecordFormatOnTheWireTests
{
    [Fact]
    public async Task RecordsFromA32297FileGoOutWithTheirOwnReleaseAndVersion_OnePacketPerIdentifiers()
    {
        using var directory = new TempDirectory();
        using var cgf = new RecordingCgf();
        var options = CdfSetup.Options(directory.File("cdf.db"), cgf.Port);
        var builder = new CdrFileBuilder();
        builder.Append([0x30, 0x01, 0x00], new CdrReleaseVersion(7, 5), CdrRecordFormat.Ber);
        builder.Append([0x30, 0x01, 0x01], new CdrReleaseVersion(17, 2), CdrRecordFormat.Ber);
        using var file = new MemoryStream();
        var now = DateTimeOffset.UtcNow;
        builder.WriteTo(file, builder.CreateHeader(1, FileClosureTriggerReason.NormalClosure, IPAddress.Loopback, now, now));
        var records = CdrInputReader.ReadWithFormats(file.ToArray());

        await using var client = new CdfClient(options);
        client.Start();
        foreach (var (record, format) in records)
            await client.EnqueueAsync([record], format!.Value);
        var received = cgf.ReceiveDataRequests(2, answer: true);
        await client.DrainAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Hex(
            "4E F0 000E 0001" + // GTP' v2 header: Data Record Transfer Request, length 14, sequence number 1
            " 7E 01" + // Packet Transfer Command: Send Data Record Packet
            " FC 0009 01 01 17 06" + // IE 252: 1 record, BER, application 1 | Release 7, version 5 + 1
            " 0003 300100"),
            received[1]);
        Assert.Equal(Hex(
            "4E F0 000F 0002" +
            " 7E 01" +
            " FC 000A 01 01 10 03 11" + // application 1 | Release 0, version 2 + 1, extension 17
            " 0003 300101"),
            received[2]);
    }

    [Fact]
    public async Task RecordsEnqueuedWithoutIdentifiersGoOutWithThoseOfTheOptions()
    {
        using var directory = new TempDirectory();
        using var cgf = new RecordingCgf();
        var options = CdfSetup.Options(directory.File("cdf.db"), cgf.Port);
        options.ReleaseIdentifier = 11;
        options.VersionIdentifier = 6;
        options.InitialSequenceNumber = 0x1234;

        await using var client = new CdfClient(options);
        client.Start();
        await client.EnqueueAsync([new byte[] { 0x30, 0x00 }, new byte[] { 0x30, 0x01, 0x05 }]);
        var received = cgf.ReceiveDataRequests(1, answer: true);
        await client.DrainAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Hex(
            "4E F0 0012 1234" +
            " 7E 01" +
            " FC 000D 02 01 1B 06" + // 2 records, BER, application 1 | Release 11, version 6 (no extension octet)
            " 0002 3000 0003 300105"),
            received[0x1234]);
    }

    [Fact]
    public async Task IdentifiersThatDoNotFitTheirNibbleAreRefused()
    {
        using var directory = new TempDirectory();
        var options = CdfSetup.Options(directory.File("cdf.db"), FreePort.Get());
        await using var client = new CdfClient(options);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.EnqueueAsync([new byte[] { 0x30, 0x00 }], new CdrRecordFormat(1, 1, 16, 1, 0)));
        options.ApplicationIdentifier = 16;
        Assert.Throws<ArgumentOutOfRangeException>(() => new CdfClient(options));
    }

    private static string Hex(string spaced) => spaced.Replace(" ", "", StringComparison.Ordinal);
}
