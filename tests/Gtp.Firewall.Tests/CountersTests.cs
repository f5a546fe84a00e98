using Gtp.Firewall.Diagnostics;
using Gtp.Firewall.Gtp;
using Gtp.Firewall.Inspection;
using Gtp.Firewall.Logging;
using Gtp.Firewall.Tests.Support;
using System.Diagnostics.Metrics;

namespace Gtp.Firewall.Tests;

public class CountersTests
{
    [Fact]
    public void CountersAreKeptPerMessageTypeVersionVerdictAndReason()
    {
        var h = new Harness();
        V1Flow.Establish(h);
        h.User(V1Flow.Sgsn, V1Flow.Ggsn, Gtp1.GPdu(V1Flow.GgsnTeidU, Harness.InnerPacket()));
        h.User(V1Flow.Sgsn, V1Flow.Ggsn, Gtp1.GPdu(0xBAD, Harness.InnerPacket()));
        var c = h.Engine.Counters;
        Assert.Equal(1, c.Messages(GtpProtocol.V1Control, 16, dropped: false));
        Assert.Equal(1, c.Messages(GtpProtocol.V1Control, 17, dropped: false));
        Assert.Equal(1, c.Messages(GtpProtocol.V1User, 255, dropped: false));
        Assert.Equal(1, c.Messages(GtpProtocol.V1User, 255, dropped: true));
        Assert.Equal(1, c.Drops(DropReason.NoTunnel));
        var snapshot = c.Snapshot();
        Assert.Equal(1, snapshot.Drops["NoTunnel"]);
        Assert.Contains(snapshot.Messages, m => m.Version == "GTPv1-U" && m.Name == "G-PDU" && m.Permitted == 1 && m.Dropped == 1);
        Assert.Contains("NoTunnel", snapshot.ToText());
    }

    [Fact]
    public void CountersArePublishedThroughSystemDiagnosticsMetrics()
    {
        var h = new Harness();
        h.User(V1Flow.Sgsn, V1Flow.Ggsn, Gtp1.GPdu(0xBAD, Harness.InnerPacket()));
        var seen = new List<(string Name, long Value, string Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == FirewallCounters.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen.Add((instrument.Name, value, string.Join(",", tags.ToArray().Select(t => $"{t.Key}={t.Value}")))));
        listener.Start();
        listener.RecordObservableInstruments();
        Assert.Contains(seen, s => s.Name == "gtp.firewall.drops" && s.Tags == "reason=NoTunnel" && s.Value >= 1);
        Assert.Contains(seen, s => s.Name == "gtp.firewall.messages" && s.Tags.Contains("verdict=drop"));
    }

    [Fact]
    public void EveryDropAndEveryHandoverMessageIsLoggedAsRfc5424()
    {
        var h = new Harness();
        h.User(V1Flow.Sgsn, V1Flow.Ggsn, Gtp1.GPdu(0xBAD, Harness.InnerPacket()));
        var entry = Assert.Single(h.Log);
        var line = Rfc5424Formatter.Format(SyslogFirewallLog.ToMessage(entry, SyslogFacility.Local0, "fw1", "gtp-fw", "42"));
        Assert.StartsWith("<132>1 2026-11-22T08:00:00", line);
        Assert.Contains(" fw1 gtp-fw 42 GTP_DROP [gtpfw@32473 version=\"GTPv1-U\" type=\"255\" src=\"20.20.20.10:2152\" dst=\"10.10.10.2:2152\" reason=\"NoTunnel\"", line);
        Assert.Contains("GTP drop NoTunnel: GTPv1-U G-PDU", line);
    }
}
