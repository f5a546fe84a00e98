using Cgf.Server.Tests.Export.Infrastructure;
using Cgf.Server.Tests.Infrastructure;
using Dapper;
using Npgsql;
using Storage.Cgf;

namespace Cgf.Server.Tests.Postgres;

/// <summary>Retention and export on PostgreSQL (docs/cgf-pool.md "Retention and delivery"): the real CGF in process.</summary>
public sealed class PostgresRetentionTests
{
    [SkippableFact]
    public async Task ExportedCdrsAndQuarantinedRecordsOlderThanTheRetentionTimeLeaveAndUnexportedOnesStay()
    {
        var directory = TempDirectory.Create();
        var export = Path.Combine(directory, "out");
        await using var cgf = await TestCgf.StartAsync(StorageProvider.PostgreSql, new Dictionary<string, string?>
        {
            ["Cgf:Retention:Cdrs"] = "00:00:02",
            ["Cgf:Export:Directory"] = export,
            ["Cgf:Export:MaxAge"] = "00:00:00.300",
            ["Cgf:Export:PollInterval"] = "00:00:00.100",
            ["Cgf:PossiblyDuplicateHoldTime"] = "01:00:00",
        });
        await using var cdf = await PeerConnection.OpenAsync("udp", cgf.Endpoint);
        Assert.Equal(128, (await cdf.RequestAsync(Gtpp.Send(1, Gtpp.Record(1), Gtpp.Record(2), Gtpp.Record(3)))).Cause);
        // Not well-formed: quarantined (177), and removed by age like an exported CDR.
        Assert.Equal(177, (await cdf.RequestAsync(Gtpp.Send(2, Gtpp.Record(4), [0x30, 0x80]))).Cause);
        // Pending (never exported): stays whatever its age.
        Assert.Equal(128, (await cdf.RequestAsync(Gtpp.SendPossiblyDuplicated(3, Gtpp.Record(5)))).Cause);

        await Poll.UntilAsync(() => cgf.Status().ExportedCdrs == 4, 20);
        await Poll.UntilAsync(() => cgf.Status().Retention?.CdrsRemoved == 4 && cgf.Status().Retention?.QuarantineRemoved == 1, 30);

        var status = cgf.Status();
        Assert.Equal(1, status.PendingCdrs);
        Assert.Equal(0, status.QuarantinedCdrs);
        using var connection = new NpgsqlConnection(cgf.Location.ConnectionString);
        Assert.Equal(1L, connection.ExecuteScalar<long>("SELECT COUNT(*) FROM cdrs"));
        Assert.Equal(4, Exports.ReadFiles(export).Sum(f => f.File.Records.Count));
    }
}
