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

    [Fact]
    public void ADatagramIsOldFromItsFirstHeldPacketAndNoLongerOnceTaken()
    {
        var held = new HeldFragments(capacity: 8);
        held.TryHold(datagram: 1, packetId: 10, nowTicks: 100);
        held.TryHold(datagram: 2, packetId: 11, nowTicks: 200);
        // A later fragment of datagram 1 does not make it younger: its age runs from the first.
        held.TryHold(datagram: 1, packetId: 12, nowTicks: 300);

        Assert.Equal([1u], held.HeldBefore(150));
        Assert.Equal([1u, 2u], held.HeldBefore(201).Order());
        Assert.Empty(held.HeldBefore(100));
        Assert.True(held.TryTake(1, out var ids));
        held.Recycle(ids);
        Assert.Equal([2u], held.HeldBefore(1_000));
    }
}
