using Gtp.Firewall.Packets;
using Gtp.Firewall.State;
using Gtp.Firewall.Tunnels;
using System.Net;

namespace Gtp.Firewall.Tests.State;

/// <summary>Persisted tunnel rows: layout, round trip into a fresh table (same ids, same lookups) and refusal of bad rows.</summary>
public sealed class TunnelStateTests
{
    private static IpAddress128 A(string text) => IpAddress128.FromIPAddress(IPAddress.Parse(text));

    private static Tunnel Context(TunnelTable table, byte version, ulong imsi, byte nsapi, string serving, string anchor, uint teid, string? apn)
        => new()
        {
            Kind = TunnelKind.Context,
            Version = version,
            Imsi = imsi,
            Nsapi = nsapi,
            ServingControlNode = table.Nodes.GetOrAdd(A(serving)),
            ServingUserNode = table.Nodes.GetOrAdd(A(serving)),
            AnchorControlNode = table.Nodes.GetOrAdd(A(anchor)),
            AnchorUserNode = table.Nodes.GetOrAdd(A(anchor)),
            ServingControlTeid = teid,
            ServingUserTeid = teid + 1,
            AnchorControlTeid = teid + 2,
            AnchorUserTeid = teid + 3,
            ApnId = table.Apns.GetOrAdd(apn),
            EndUser = A("10.45.0.7"),
            CreatedTicks = 638_000_000_000_000_000,
            LastSeenTicks = 638_000_000_100_000_000,
            ChargingId = 0xC0FFEE,
            Flags = TunnelFlags.HasChargingId | (TunnelFlags)0x10,
        };

    [Fact]
    public void ARowHasTheDocumentedLayout()
    {
        var table = new TunnelTable();
        var t = new Tunnel
        {
            Kind = TunnelKind.Context,
            Flags = TunnelFlags.HasChargingId,
            Version = 1,
            Nsapi = 5,
            UplinkSequence = 0x0102,
            ServingUserTeid = 0x11,
            AnchorUserTeid = 0x22,
            ServingControlNode = table.Nodes.GetOrAdd(IpAddress128.FromIPv4(0x0A000001)),
            ChargingId = 7,
            UplinkBytes = 300,
            Imsi = 0x1234,
            ApnId = table.Apns.GetOrAdd("ab"),
        };
        var slot = table.Add(t);
        var row = TunnelStateCodec.Encode(table, slot, new OpenRecordState(9, 100, 0, 2));
        var expected = Convert.FromHexString(string.Concat(
            "01", "01", "08", "01", "05",                 // layout 1, context, HasChargingId (dirty mark dropped), v1, NSAPI 5
            "0201", "0000",                               // uplink / downlink sequence
            "11000000", "22000000", "00000000", "00000000", "07000000", "01000000", // TEIDs SU AU SC AC, charging id, generation 1
            "0000000000000000", "0100000AFFFF0000",       // serving control ::ffff:10.0.0.1 (Hi, Lo little-endian)
            new string('0', 32 * 4),                      // serving user, anchor control, anchor user, end user: none
            "0000000000000000", "0000000000000000", "2C01000000000000", "0000000000000000", "0000000000000000", "0000000000000000",
            "3412000000000000",                           // IMSI
            "0200", "6162",                               // APN "ab"
            "01", "0900000000000000", "6400000000000000", "0000000000000000", "02000000")); // open record
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(row));
    }

    [Fact]
    public void ATableRoundTripsWithItsIdsKeysAndOpenRecords()
    {
        var table = new TunnelTable();
        var v1 = table.Add(Context(table, 1, 262_011_234_567_890, 5, "192.0.2.10", "198.51.100.20", 0x100, "internet.mnc001.mcc262.gprs"));
        var gone = table.Add(Context(table, 1, 262_011_234_567_891, 5, "192.0.2.10", "198.51.100.20", 0x200, "internet"));
        var v2 = table.Add(Context(table, 2, 262_011_234_567_892, 6, "2001:db8::10", "2001:db8:1::20", 0x300, "ims"));
        var v0 = table.Add(Context(table, 0, 262_011_234_567_893, 3, "192.0.2.11", "198.51.100.21", 0x400, null));
        var forwarding = table.Add(new Tunnel
        {
            Kind = TunnelKind.Forwarding, Version = 1, ServingUserNode = table.Nodes.GetOrAdd(A("2001:db8::99")), ServingUserTeid = 0x777,
            CreatedTicks = 5, DownlinkBytes = 1234, DownlinkPackets = 3,
        });
        var v0Forwarding = table.Add(new Tunnel
        {
            Kind = TunnelKind.Forwarding, Version = 0, ServingUserNode = table.Nodes.GetOrAdd(A("192.0.2.55")), ServingUserTeid = 0x42,
        });
        table.Remove(gone, TunnelDeleteReason.Deleted);
        table.Slot(v1).UplinkBytes = 5000;
        table.Slot(v1).DownlinkBytes = 7000;
        table.Slot(v1).UplinkPackets = 9;
        var opens = new Dictionary<int, OpenRecordState> { [v1] = new(111, 4000, 6500, 3), [v2] = new(222, 0, 0, 0) };
        var rows = table.Enumerate().Select(info => (int)(uint)info.Id)
            .Select(slot => (TunnelStateKeys.Of(slot), TunnelStateCodec.Encode(table, slot, opens.TryGetValue(slot, out var o) ? o : null))).ToList();

        var restored = new TunnelTable();
        // A node interned first in the new process: ids differ, addresses must not.
        restored.Nodes.GetOrAdd(A("203.0.113.1"));
        Assert.True(TunnelStateRestore.TryApply(rows, restored, out var open, out var error), error);

        Assert.Equal(5, restored.Count);
        Assert.Equal(3, restored.ContextCount);
        foreach (var slot in new[] { v1, v2, v0, forwarding, v0Forwarding })
        {
            Assert.Equal(table.IdOf(slot), restored.IdOf(slot));
            Assert.Equal(Describe(table, slot), Describe(restored, slot));
        }
        Assert.Equal(new OpenRecordState(111, 4000, 6500, 3), open[table.IdOf(v1)]);
        Assert.Equal(new OpenRecordState(222, 0, 0, 0), open[table.IdOf(v2)]);
        Assert.Equal(2, open.Count);
        Assert.Equal(v1, restored.FindUser(A("198.51.100.20"), 0x103));
        Assert.Equal(v1, restored.FindControl(A("192.0.2.10"), 0x100));
        Assert.Equal(v2, restored.FindUser(A("2001:db8::10"), 0x301));
        Assert.Equal(v0, restored.FindSubscriber(262_011_234_567_893, 3));
        Assert.Equal(forwarding, restored.FindUser(A("2001:db8::99"), 0x777));
        Assert.Equal(v0Forwarding, restored.FindV0Forwarding(A("192.0.2.55"), 0x42));
        Assert.Equal(-1, restored.FindControl(A("192.0.2.10"), 0x200));
        Assert.Equal(0, restored.DanglingIndexEntries());
        // The freed slot is reused, with a new generation.
        var reused = restored.Add(Context(restored, 1, 1, 5, "192.0.2.1", "192.0.2.2", 0x900, null));
        Assert.Equal(gone, reused);
    }

    private static TunnelInfo Describe(TunnelTable table, int slot) => table.Describe(slot) with { Id = 0 };

    [Theory]
    [InlineData("", "empty row")]
    [InlineData("02", "layout version 2, this program reads 1")]
    [InlineData("0101", "shorter than")]
    public void AShortOrForeignRowIsRefusedWithTheReason(string hex, string reason)
    {
        Assert.False(TunnelStateCodec.TryDecode(0, Convert.FromHexString(hex), out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void CorruptFieldsAreRefusedAndTheKeyIsNamed()
    {
        var table = new TunnelTable();
        var slot = table.Add(Context(table, 1, 1, 5, "192.0.2.10", "198.51.100.20", 0x100, "apn"));
        var good = TunnelStateCodec.Encode(table, slot, new OpenRecordState(1, 0, 0, 0));
        Assert.Contains("unknown tunnel kind 9", Refuse(good, b => b[1] = 9));
        Assert.Contains("GTP version 3", Refuse(good, b => b[3] = 3));
        Assert.Contains("trailing", Refuse([.. good, 0x00], _ => { }));
        Assert.Contains("open record", Refuse(good[..^4], _ => { }));
        Assert.Contains("open-record marker 7", Refuse(good, b => b[^29] = 7));
        // Base above the usage: the row would count octets twice or negatively.
        Assert.Contains("beyond", Refuse(good, b => b[^20] = 1));

        var rows = new List<(string, byte[])> { (TunnelStateKeys.Of(slot), good[..^1]) };
        Assert.False(TunnelStateRestore.TryApply(rows, new TunnelTable(), out _, out var error));
        Assert.StartsWith($"row 'fw.tunnel:{slot:x8}'", error);
        Assert.False(TunnelStateRestore.TryApply([("fw.tunnel:zz", good)], new TunnelTable(), out _, out error));
        Assert.Contains("not a tunnel slot", error);
    }

    private static string? Refuse(byte[] row, Action<byte[]> corrupt)
    {
        var copy = row.ToArray();
        corrupt(copy);
        Assert.False(TunnelStateCodec.TryDecode(0, copy, out _, out var error));
        return error;
    }

    [Fact]
    public void ChangesAreCapturedOncePerSlotFreedBeforeWritten()
    {
        var table = new TunnelTable { TrackChanges = true };
        var a = table.Add(Context(table, 1, 1, 5, "192.0.2.10", "198.51.100.20", 0x100, null));
        var b = table.Add(Context(table, 1, 2, 5, "192.0.2.10", "198.51.100.20", 0x200, null));
        List<int> freed = [], changed = [];
        table.CaptureChanges(freed, changed);
        Assert.Empty(freed);
        Assert.Equal([a, b], changed.Order());
        Assert.Equal(TunnelFlags.None, table.Slot(a).Flags & TunnelFlags.Dirty);

        table.MarkDirty(a);
        table.MarkDirty(a);
        table.Remove(b, TunnelDeleteReason.Deleted);
        var c = table.Add(Context(table, 1, 3, 5, "192.0.2.10", "198.51.100.20", 0x300, null));
        table.CaptureChanges(freed, changed);
        Assert.Equal([b], freed);
        Assert.Equal(b, c);
        Assert.Equal([a, c], changed.Order());
        table.CaptureChanges(freed, changed);
        Assert.Empty(freed);
        Assert.Empty(changed);

        // A bounded capture leaves the rest for the next one.
        table.MarkDirty(a);
        table.MarkDirty(c);
        table.CaptureChanges(freed, changed, maxChanged: 1);
        Assert.Single(changed);
        Assert.Equal(1, table.PendingChanged);
        var first = changed[0];
        table.CaptureChanges(freed, changed);
        Assert.Equal([a == first ? c : a], changed);
    }
}
