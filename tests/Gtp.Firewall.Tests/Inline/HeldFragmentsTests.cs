using Gtp.Firewall.Inline;

namespace Gtp.Firewall.Tests.Inline;

/// <summary>Held packet ids by datagram: bounded, taken whole, and the lowest id is what stops batch verdicts.</summary>
public class HeldFragmentsTests
{
    [Fact]
    public void PacketsAreHeldByDatagramUpToTheCapacityAndTakenWhole()
    {
        var held = new HeldFragments(capacity: 3);

        Assert.True(held.TryHold(datagram: 7, packetId: 101));
        Assert.True(held.TryHold(datagram: 8, packetId: 102));
        Assert.True(held.TryHold(datagram: 7, packetId: 104));
        Assert.False(held.TryHold(datagram: 9, packetId: 105));

        Assert.Equal((3, 101u), (held.Count, held.LowestId()));
        Assert.True(held.TryTake(7, out var ids));
        Assert.Equal([101u, 104u], ids);
        held.Recycle(ids);
        Assert.False(held.TryTake(7, out _));
        Assert.Equal((1, 102u), (held.Count, held.LowestId()));
        Assert.True(held.TryHold(datagram: 9, packetId: 105));
        Assert.Equal([8u, 9u], held.Datagrams().Order());
    }

    [Fact]
    public void WithNothingHeldNoIdIsLowest() => Assert.Equal(uint.MaxValue, new HeldFragments(4).LowestId());
}
