using Gtp.Firewall.Logging;

namespace Gtp.Firewall.Tests.Logging;

public class QueuedFirewallLogTests
{
    [Fact]
    public async Task AFullQueueDropsAndCountsInsteadOfWaitingAndTheRestIsWrittenInOrder()
    {
        var inner = new BlockingLog();
        var log = new QueuedFirewallLog(inner, capacity: 2);

        log.Write(Entry(1));
        Assert.True(inner.Entered.Wait(TimeSpan.FromSeconds(10)), "the writer did not take the first entry");
        // The writer is stuck in the inner log holding entry 1; two entries fit, the third is dropped at once.
        log.Write(Entry(2));
        log.Write(Entry(3));
        log.Write(Entry(4));
        var dropped = log.Dropped;
        inner.Release.Set();
        await log.DisposeAsync();

        Assert.Equal(1, dropped);
        Assert.Equal(new byte[] { 1, 2, 3 }, inner.Types);
    }

    private static FirewallLogEntry Entry(byte type) => new(DateTime.UtcNow, FirewallLogKind.Drop, default, type, default, 0, default, 0, default, default, default, default, default, 0, null);

    private sealed class BlockingLog : IFirewallLog
    {
        public ManualResetEventSlim Entered { get; } = new();
        public ManualResetEventSlim Release { get; } = new();
        public List<byte> Types { get; } = new();

        public void Write(in FirewallLogEntry entry)
        {
            Types.Add(entry.MessageType);
            Entered.Set();
            Release.Wait();
        }
    }
}
