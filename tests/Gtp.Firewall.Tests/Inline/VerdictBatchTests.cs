using Gtp.Firewall.Inline;

namespace Gtp.Firewall.Tests.Inline;

/// <summary>One NFQNL_MSG_VERDICT_BATCH per run of equal verdicts, given with the id of the run's last packet.</summary>
public class VerdictBatchTests
{
    private const uint A = 1; // NF_ACCEPT
    private const uint D = 0; // NF_DROP

    [Theory]
    [InlineData(new uint[] { A }, new[] { 0 })]
    [InlineData(new uint[] { A, A, A, A }, new[] { 3 })]
    [InlineData(new uint[] { A, A, D, A, A }, new[] { 1, 2, 4 })]
    [InlineData(new uint[] { D, A, D, A }, new[] { 0, 1, 2, 3 })]
    [InlineData(new uint[] { D, D, A }, new[] { 1, 2 })]
    [InlineData(new uint[] { }, new int[] { })]
    public void EachRunEndsAtItsLastPacket(uint[] verdicts, int[] expected)
    {
        var ends = new int[verdicts.Length];

        var count = VerdictPlan.RunEnds(verdicts, ends);

        Assert.Equal(expected, ends.Take(count));
    }
}
