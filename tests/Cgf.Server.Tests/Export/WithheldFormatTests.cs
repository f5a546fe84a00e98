using Cgf.Server.Commands;
using Cgf.Server.Export;
using Cgf.Server.Tests.Export.Infrastructure;
using Charging.CdrFiles;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cgf.Server.Tests.Export;

/// <summary>
/// CDRs a database holds with a Data Record Format no TS 32.297 code stands for (stored before the CGF refused them at
/// ingest) are never labelled with another format: the exporter sets them aside as withheld (docs/cdr-formats.md §4).
/// </summary>
public sealed class WithheldFormatTests
{
    // GTP' format -> the CDR header octet 4 expected in the file, by hand: format in bits 8-6, TS number 7 in bits 5-1.
    private static readonly Dictionary<byte, byte> HeaderOctet4 = new() { [1] = 0x27, [2] = 0x47, [3] = 0x67 };

    private static byte[] Record(int i) => TestCdrs.Sgw($"26201{i:D10}", 500 + i, i);

    private static int Format(byte gtpFormat) => new CdrRecordFormat(gtpFormat, 1, 0, 3, 17).Pack();

    /// <summary>Stores one CDR per format, in order, as an older CGF did (the writer stores whatever format it is given).</summary>
    private static void IngestOnePerFormat(TestDatabase database, byte[] formats, int firstSequence = 1)
    {
        for (var i = 0; i < formats.Length; i++)
            database.Ingest([Record(firstSequence + i)], firstSequence: firstSequence + i, recordFormat: Format(formats[i]));
    }

    private static Dictionary<long, long> Statuses(TestDatabase database)
    {
        using var connection = Storage.SqliteDatabase.OpenReadOnly(database.Path);
        return connection.Query<(long Seq, long Status)>("SELECT seq, status FROM cdrs").ToDictionary(r => r.Seq, r => r.Status);
    }

    [Fact]
    public void OnlyFormatsOneToThreeAreExportedEachUnderItsOwnCodeAndTheOthersAreWithheld()
    {
        using var database = new TestDatabase();
        // Sequence numbers 1-9; the old exporter wrote 0 and 9 as BER (1), 17 as 1, 4 and 12 as the codes 4.
        byte[] formats = [1, 0, 9, 2, 17, 4, 3, 129, 12];
        IngestOnePerFormat(database, formats);

        using (var exporter = new CdrExporter(Exports.Settings(database), NullLogger.Instance))
            Assert.Equal(3, Assert.Single(exporter.ExportAll()).CdrCount);

        var (path, file, _) = Assert.Single(Exports.ReadFiles(database.ExportDirectory));
        Assert.Equal([Record(1), Record(4), Record(7)], file.Records.Select(r => r.Data.ToArray()));
        var bytes = File.ReadAllBytes(path);
        Assert.Equal([HeaderOctet4[1], HeaderOctet4[2], HeaderOctet4[3]], file.Records.Select(r => bytes[r.Offset + 3]));
        Assert.True(CdrFileCommand.TryInspect(bytes, out _, out var error), error.ToString());

        // 2 exported, 3 withheld, by sequence number (= position in formats + 1).
        Assert.Equal(new Dictionary<long, long> { [1] = 2, [2] = 3, [3] = 3, [4] = 2, [5] = 3, [6] = 3, [7] = 2, [8] = 3, [9] = 3 }, Statuses(database));
        var status = Storage.Cgf.CgfStatusReader.Read(database.Path);
        Assert.Equal(6, status.WithheldCdrs);
        Assert.Equal(3, status.ExportedCdrs);
    }

    [Fact]
    public void ABacklogOfOnlyWithheldFormatsWritesNoFileAndLaterCdrsStillExport()
    {
        using var database = new TestDatabase();
        IngestOnePerFormat(database, [0, 5, 6, 7, 8]);
        using var exporter = new CdrExporter(Exports.Settings(database, maxCdrs: 2), NullLogger.Instance);

        Assert.Empty(exporter.ExportAll());
        Assert.Empty(Exports.ReadFiles(database.ExportDirectory));
        Assert.All(Statuses(database).Values, s => Assert.Equal(3, s));
        Assert.False(exporter.AnyExportable());

        IngestOnePerFormat(database, [9, 1, 33], firstSequence: 6);
        Assert.Null(exporter.ExportFile(possiblyDuplicate: false, _ => null));
        // The file waits for its closure trigger; the withheld CDR beside it did not wait.
        Assert.Equal(3, Statuses(database)[6]);
        var exported = exporter.ExportFile(possiblyDuplicate: false, _ => FileClosureTriggerReason.ManualClosure);
        Assert.Equal(1, exported!.CdrCount);
        Assert.Equal(new Dictionary<long, long> { [1] = 3, [2] = 3, [3] = 3, [4] = 3, [5] = 3, [6] = 3, [7] = 2, [8] = 3 }, Statuses(database));
    }

    [Fact]
    public void AFileLeftUnrecordedIsRecoveredAcrossWithheldCdrsAndTheyAreWithheldWithIt()
    {
        using var database = new TestDatabase();
        IngestOnePerFormat(database, [1, 9, 2]);
        // The file an interrupted export wrote: the two exportable CDRs, under the name of sequence number 1.
        var builder = new CdrFileBuilder();
        builder.Append(Record(1), new CdrReleaseVersion(17, 2), 1);
        builder.Append(Record(3), new CdrReleaseVersion(17, 2), 2);
        Directory.CreateDirectory(database.ExportDirectory);
        var now = DateTimeOffset.Now;
        var header = builder.CreateHeader(1, FileClosureTriggerReason.ManualClosure, System.Net.IPAddress.Parse("192.0.2.10"), now, now);
        using (var stream = File.Create(Path.Combine(database.ExportDirectory, CdrFileName.Format(Exports.NodeId, 1, now, false))))
            builder.WriteTo(stream, header);

        using (var exporter = new CdrExporter(Exports.Settings(database), NullLogger.Instance))
            Assert.Empty(exporter.ExportAll());

        Assert.Equal(new Dictionary<long, long> { [1] = 2, [2] = 3, [3] = 2 }, Statuses(database));
    }
}
