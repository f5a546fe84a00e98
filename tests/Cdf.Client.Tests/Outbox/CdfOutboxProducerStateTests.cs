using Cdf.Client.Delivery;
using Charging.CdrFiles;
using Storage.Cdf;

namespace Cdf.Client.Tests.Outbox;

/// <summary>Producer state rows are committed with the CDRs of the same enqueue, and read back after a reopen.</summary>
public sealed class CdfOutboxProducerStateTests
{
    [Fact]
    public void UpsertsAndDeletesApplyInOrderAndSurviveAReopen()
    {
        using var directory = new TempDirectory();
        var file = directory.File("cdf.db");
        using (var outbox = new CdfOutbox(file))
        {
            var first = new OutboxChanges();
            first.ProducerState.Add(new ProducerStateRow("t:1", [0x01]));
            first.ProducerState.Add(new ProducerStateRow("t:2", [0x02]));
            first.ProducerState.Add(new ProducerStateRow("t:1", [0x11]));
            first.ProducerState.Add(new ProducerStateRow("u:1", [0x09]));
            outbox.Apply(first);
            var second = new OutboxChanges();
            second.ProducerState.Add(ProducerStateRow.Delete("t:2"));
            second.ProducerState.Add(new ProducerStateRow("t:3", [0x03, 0x33]));
            second.ProducerState.Add(ProducerStateRow.Delete("t:9"));
            outbox.Apply(second);
        }
        using (var outbox = new CdfOutbox(file))
        {
            Assert.Equal(["t:1=11", "t:3=0333"], Rows(outbox.LoadProducerState("t:")));
            Assert.Equal(["u:1=09"], Rows(outbox.LoadProducerState("u:")));
            // A LIKE pattern character in the prefix is literal.
            Assert.Empty(outbox.LoadProducerState("t%"));
        }
    }

    [Fact]
    public async Task AnEnqueueCommitsItsRecordsAndItsStateRowsTogetherAndStateAloneWhenNoRecords()
    {
        using var directory = new TempDirectory();
        // No CGF answers: only the outbox is looked at.
        var options = CdfSetup.Options(directory.File("cdf.db"), FreePort.Get());
        var format = new CdrRecordFormat(1, 1, 7, 6, 0);
        await using (var client = new CdfClient(options))
        {
            client.Start();
            await client.EnqueueAsync(CdfSetup.Records(1, 3), format, ("lsn", 3), [new ProducerStateRow("fw:a", [0xAA]), new ProducerStateRow("fw:b", [0xBB])]);
            Assert.Equal(3, CdfOutbox.ReadStatus(options.StatePath).OutboxCdrs);
            await client.EnqueueAsync([], format, null, [ProducerStateRow.Delete("fw:a")]);
            Assert.Equal(["fw:b=BB"], Rows(client.ReadProducerState("fw:")));
        }
        using var reopened = new CdfOutbox(options.StatePath);
        Assert.Equal(["fw:b=BB"], Rows(reopened.LoadProducerState("fw:")));
        Assert.Equal(3, reopened.ReadCheckpoint("lsn"));
        Assert.Equal(3, reopened.ReadStatus().OutboxCdrs);
    }

    private static List<string> Rows(List<(string Key, byte[] Value)> rows) => rows.ConvertAll(r => r.Key + "=" + Convert.ToHexString(r.Value));
}
