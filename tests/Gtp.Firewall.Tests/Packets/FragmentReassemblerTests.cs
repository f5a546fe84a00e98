using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Tests.Packets;

/// <summary>
/// The reassembler's discard rules (docs/firewall-design.md, "Fragments"): a discarded datagram leaves a tombstone
/// for one timeout, fragments per datagram are limited, and every discard is reported with the datagram's id.
/// </summary>
public class FragmentReassemblerTests
{
    private static readonly IpAddress128 Sgsn = IpAddress128.Parse("20.20.20.10");
    private static readonly IpAddress128 Pgw = IpAddress128.Parse("10.10.10.2");
    private static readonly long T0 = new DateTime(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly long Timeout = TimeSpan.FromSeconds(30).Ticks;

    // UDP 2152 -> 2152, length 32; GTPv1-U G-PDU (0x30 0xff), length 16, TEID 0x0000d001; 16 octets of T-PDU.
    private static readonly byte[] Segment = Convert.FromHexString(
        "08680868" + "00200000" + "30ff0010" + "0000d001" + "45000010" + "00010000" + "40110000" + "64400001");

    private static FragmentInfo At(int offset, bool more, uint id = 0x1234)
        => new(Sgsn, Pgw, id, 17, offset, more);

    private static (ReassemblyStatus Status, uint Datagram, DropReason Reason, byte[]? Data) Add(FragmentReassembler r, FragmentInfo f, ReadOnlySpan<byte> data, long now)
    {
        var status = r.Add(f, data, now, out var datagram, out var buffer, out var length, out var reason);
        byte[]? copy = null;
        if (buffer is not null)
        {
            copy = buffer.AsSpan(0, length).ToArray();
            r.Return(buffer);
        }
        return (status, datagram, reason, copy);
    }

    [Fact]
    public void FragmentsInReverseOrderMakeTheDatagramOnceAllArrivedUnderOneId()
    {
        var r = new FragmentReassembler();

        var last = Add(r, At(24, more: false), Segment.AsSpan(24), T0);
        var middle = Add(r, At(8, more: true), Segment.AsSpan(8, 16), T0);
        var first = Add(r, At(0, more: true), Segment.AsSpan(0, 8), T0);

        Assert.Equal((ReassemblyStatus.Incomplete, ReassemblyStatus.Incomplete, ReassemblyStatus.Complete), (last.Status, middle.Status, first.Status));
        Assert.NotEqual(0u, last.Datagram);
        Assert.Equal((last.Datagram, last.Datagram), (middle.Datagram, first.Datagram));
        Assert.Equal(Segment, first.Data);
        Assert.False(r.TryTakeDiscarded(out _));
    }

    [Fact]
    public void AfterAnOverlapTheClosingFragmentIsDroppedInsteadOfStartingANewDatagram()
    {
        var r = new FragmentReassembler();
        var first = Add(r, At(0, more: true), Segment.AsSpan(0, 16), T0);

        // Offset 8 overlaps 0-16 and would rewrite the TEID (octets 12-15).
        var overlap = Add(r, At(8, more: true), Convert.FromHexString("30ff00100000abcd"), T0);
        var closing = Add(r, At(16, more: false), Segment.AsSpan(16), T0 + 1);

        Assert.Equal((ReassemblyStatus.Dropped, DropReason.FragmentOverlap, first.Datagram), (overlap.Status, overlap.Reason, overlap.Datagram));
        Assert.Equal((ReassemblyStatus.Dropped, DropReason.FragmentOfDiscardedDatagram, 0u), (closing.Status, closing.Reason, closing.Datagram));
        Assert.True(r.TryTakeDiscarded(out var reported));
        Assert.Equal(first.Datagram, reported);
        Assert.False(r.TryTakeDiscarded(out _));
        Assert.Equal((0, 1, 0L), (r.InProgress, r.Tombstones, r.BufferedBytes));
    }

    [Fact]
    public void TheTombstoneLastsOneTimeoutThenTheKeyStartsANewDatagram()
    {
        var r = new FragmentReassembler(timeout: TimeSpan.FromSeconds(30));
        var first = Add(r, At(0, more: true), Segment.AsSpan(0, 16), T0);
        Add(r, At(8, more: true), Segment.AsSpan(8, 16), T0);

        var within = Add(r, At(0, more: true), Segment.AsSpan(0, 16), T0 + Timeout);
        var after = Add(r, At(0, more: true), Segment.AsSpan(0, 16), T0 + Timeout + 1);

        Assert.Equal(DropReason.FragmentOfDiscardedDatagram, within.Reason);
        Assert.Equal(ReassemblyStatus.Incomplete, after.Status);
        Assert.NotEqual(first.Datagram, after.Datagram);
        Assert.Equal(0, r.Tombstones);
    }

    [Fact]
    public void ATimedOutDatagramIsReportedCountedAndItsLateFragmentsDropped()
    {
        var r = new FragmentReassembler(timeout: TimeSpan.FromSeconds(30));
        var first = Add(r, At(0, more: true), Segment.AsSpan(0, 8), T0);

        Assert.Equal(0, r.Expire(T0 + Timeout));
        Assert.Equal(1, r.Expire(T0 + Timeout + 1));
        var late = Add(r, At(8, more: false), Segment.AsSpan(8), T0 + Timeout + 2);

        Assert.True(r.TryTakeDiscarded(out var reported));
        Assert.Equal(first.Datagram, reported);
        Assert.Equal(1, r.TakeTimedOut());
        Assert.Equal(0, r.TakeTimedOut());
        Assert.Equal(DropReason.FragmentOfDiscardedDatagram, late.Reason);
    }

    [Fact]
    public void MoreFragmentsThanTheLimitDiscardTheDatagram()
    {
        var r = new FragmentReassembler(maxFragmentsPerDatagram: 3);
        uint id = 0;
        for (var i = 0; i < 3; i++)
        {
            var f = Add(r, At(i * 8, more: true), Segment.AsSpan(i * 8, 8), T0);
            Assert.Equal(ReassemblyStatus.Incomplete, f.Status);
            id = f.Datagram;
        }

        var fourth = Add(r, At(24, more: false), Segment.AsSpan(24), T0);

        Assert.Equal((ReassemblyStatus.Dropped, DropReason.FragmentLimitExceeded, id), (fourth.Status, fourth.Reason, fourth.Datagram));
        Assert.True(r.TryTakeDiscarded(out var reported));
        Assert.Equal(id, reported);
        Assert.Equal(0, r.InProgress);
    }

    [Fact]
    public void AMisalignedFragmentDiscardsItsDatagram()
    {
        var r = new FragmentReassembler();
        var first = Add(r, At(0, more: true), Segment.AsSpan(0, 8), T0);

        var odd = Add(r, At(8, more: true), Segment.AsSpan(8, 5), T0);
        var rest = Add(r, At(8, more: false), Segment.AsSpan(8), T0);

        Assert.Equal((DropReason.IpFragmentMalformed, first.Datagram), (odd.Reason, odd.Datagram));
        Assert.Equal(DropReason.FragmentOfDiscardedDatagram, rest.Reason);
    }

    [Fact]
    public void AFrontEndCanDiscardADatagramItCannotHold()
    {
        var r = new FragmentReassembler();
        var first = Add(r, At(0, more: true), Segment.AsSpan(0, 8), T0);

        Assert.True(r.Discard(first.Datagram, T0));
        Assert.False(r.Discard(first.Datagram, T0));
        Assert.Equal(DropReason.FragmentOfDiscardedDatagram, Add(r, At(8, more: false), Segment.AsSpan(8), T0).Reason);
    }

    [Fact]
    public void TombstonesAreBoundedAndTheOnesNotKeptAreCounted()
    {
        var r = new FragmentReassembler(maxTombstones: 2);
        for (uint id = 1; id <= 3; id++)
        {
            Add(r, At(0, more: true, id), Segment.AsSpan(0, 16), T0);
            Add(r, At(8, more: true, id), Segment.AsSpan(8, 16), T0);
        }

        Assert.Equal((2, 1L), (r.Tombstones, r.TombstonesLost));
        // The third datagram left no tombstone: its closing fragment starts a datagram that can never complete.
        Assert.Equal(ReassemblyStatus.Incomplete, Add(r, At(16, more: false, 3), Segment.AsSpan(16), T0).Status);
    }
}
