using Gtp.Firewall.Inline;

namespace Gtp.Firewall.Tests.Inline;

/// <summary>
/// Verdict messages around held fragments: a batch verdict covers every queued id ≤ its id, so none may reach a held
/// packet; every other packet of the batch gets exactly one verdict.
/// </summary>
public class VerdictPlanTests
{
    private const uint A = 1; // NF_ACCEPT
    private const uint D = 0; // NF_DROP
    private const uint H = VerdictPlan.Held;

    [Fact]
    public void WithNothingHeldItIsOneBatchVerdictPerRun()
    {
        var messages = Plan([10, 11, 12, 13], [A, A, D, A], uint.MaxValue);

        Assert.Equal([new(true, 11, A), new(true, 12, D), new(true, 13, A)], messages);
    }

    [Fact]
    public void PacketsAfterAHeldOneGetSingleVerdicts()
    {
        var messages = Plan([10, 11, 12, 13, 14], [A, A, H, D, A], 12);

        Assert.Equal([new(true, 11, A), new(false, 13, D), new(false, 14, A)], messages);
    }

    [Fact]
    public void AHeldPacketOfAnEarlierBatchStopsBatchVerdictsAtTheFirstPacket()
    {
        var messages = Plan([20, 21], [A, A], 7);

        Assert.Equal([new(false, 20, A), new(false, 21, A)], messages);
    }

    [Fact]
    public void AllHeldGivesNoMessage() => Assert.Empty(Plan([5, 6], [H, H], 5));

    [Fact]
    public void NoBatchVerdictEverCoversAHeldPacketAndEachOtherPacketGetsOneVerdict()
    {
        var random = new Random(20261202);
        for (var round = 0; round < 2000; round++)
        {
            var count = random.Next(1, NetfilterQueue.MaxBatch + 1);
            var first = (uint)random.Next(1, 1000);
            var ids = Enumerable.Range(0, count).Select(i => first + (uint)i).ToArray();
            var verdicts = ids.Select(_ => random.Next(4) switch { 0 => H, 1 => D, _ => A }).ToArray();
            // Sometimes a packet of an earlier batch is held too.
            var earlier = random.Next(3) == 0 ? first - 1 : uint.MaxValue;
            var lowest = Math.Min(earlier, ids.Where((_, i) => verdicts[i] == H).DefaultIfEmpty(uint.MaxValue).Min());

            var messages = Plan(ids, verdicts, lowest);

            // The kernel's side: the queue holds the earlier held packet and this batch; a batch verdict takes every
            // queued id up to its own, a single verdict its one id.
            var queued = new SortedDictionary<uint, uint?>();
            if (earlier != uint.MaxValue)
            {
                queued[earlier] = null;
            }
            foreach (var id in ids)
            {
                queued[id] = null;
            }
            var given = new Dictionary<uint, uint>();
            foreach (var m in messages)
            {
                foreach (var id in queued.Keys.Where(id => m.Batch ? id <= m.Id : id == m.Id).ToList())
                {
                    Assert.True(given.TryAdd(id, m.Verdict), $"round {round}: {id} got two verdicts");
                    queued.Remove(id);
                }
            }
            for (var i = 0; i < count; i++)
            {
                if (verdicts[i] == H)
                {
                    Assert.False(given.ContainsKey(ids[i]), $"round {round}: held {ids[i]} got a verdict");
                }
                else
                {
                    Assert.Equal(verdicts[i], given[ids[i]]);
                }
            }
            Assert.False(earlier != uint.MaxValue && given.ContainsKey(earlier), $"round {round}: the earlier held packet got a verdict");
        }
    }

    private static VerdictMessage[] Plan(uint[] ids, uint[] verdicts, uint lowestHeld)
    {
        var messages = new VerdictMessage[ids.Length];
        var count = VerdictPlan.Plan(ids, verdicts, lowestHeld, messages);
        return messages[..count];
    }
}
