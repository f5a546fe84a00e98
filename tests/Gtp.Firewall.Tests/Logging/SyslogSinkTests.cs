using Gtp.Firewall.Logging;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace Gtp.Firewall.Tests.Logging;

public class SyslogSinkTests
{
    private static readonly SyslogMessage Sample = new(
        SyslogFacility.Local0,
        SyslogSeverity.Warning,
        new DateTimeOffset(2026, 11, 22, 8, 15, 0, TimeSpan.Zero),
        "fw01",
        "gtp-fw",
        "77",
        "HANDOVER_DENIED",
        [new SyslogStructuredElement(SyslogStructuredElement.FirewallId, new SyslogParameter("old", "20.20.20.10"), new SyslogParameter("new", "40.40.40.10"))],
        "handover across groups");

    private const string SampleLine =
        """<132>1 2026-11-22T08:15:00.000000Z fw01 gtp-fw 77 HANDOVER_DENIED [gtpfw@32473 old="20.20.20.10" new="40.40.40.10"] handover across groups""";

    [Fact]
    public async Task LinesGoToTheWriter()
    {
        var lines = new StringWriter();
        var sink = new SyslogSink(new SyslogOptions(), lines);

        Assert.True(sink.TryLog(Sample));
        Assert.True(sink.TryLog(Sample with { Message = "second" }));
        await sink.DisposeAsync();

        Assert.Equal([SampleLine, SampleLine.Replace("handover across groups", "second")], lines.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(0, sink.Dropped);
    }

    [Fact]
    public async Task ConvenienceOverloadStampsHeaderFromOptions()
    {
        var lines = new StringWriter();
        var sink = new SyslogSink(new SyslogOptions { AppName = "gtp-fw", HostName = "edge1", Facility = SyslogFacility.Local3 }, lines);

        sink.TryLog(SyslogSeverity.Error, "PARSE", "bad IE", new SyslogStructuredElement("gtpfw@32473", new SyslogParameter("ie", "87")));
        await sink.DisposeAsync();

        Assert.Matches(
            new Regex($"""^<155>1 \d{"{4}"}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{"{6}"}Z edge1 gtp-fw {Environment.ProcessId} PARSE \[gtpfw@32473 ie="87"\] bad IE\r?\n$"""),
            lines.ToString());
    }

    [Fact]
    public async Task DatagramArrivesOnLoopbackUdp()
    {
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)receiver.LocalEndPoint!).Port;
        var lines = new StringWriter();
        var sink = new SyslogSink(new SyslogOptions { Target = $"127.0.0.1:{port}" }, lines);

        Assert.True(sink.TryLog(Sample));
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = await receiver.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
        await sink.DisposeAsync();

        Assert.Equal(SampleLine, Encoding.UTF8.GetString(buffer, 0, received));
        Assert.Equal(1, sink.Sent);
        Assert.Equal(SampleLine + Environment.NewLine, lines.ToString());
    }

    [Fact]
    public async Task EachMessageIsOneDatagramAndNonAsciiIsUtf8()
    {
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)receiver.LocalEndPoint!).Port;
        var sink = new SyslogSink(new SyslogOptions { Target = $"localhost:{port}", WriteToStandardOutput = false });

        sink.TryLog(Sample with { Message = "première" });
        sink.TryLog(Sample with { Message = "zweite" });
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var first = Encoding.UTF8.GetString(buffer, 0, await receiver.ReceiveAsync(buffer, SocketFlags.None, timeout.Token));
        var second = Encoding.UTF8.GetString(buffer, 0, await receiver.ReceiveAsync(buffer, SocketFlags.None, timeout.Token));
        await sink.DisposeAsync();

        Assert.EndsWith("] première", first);
        Assert.EndsWith("] zweite", second);
    }

    [Fact]
    public async Task FullQueueDropsAndCountsWithoutBlocking()
    {
        var writer = new BlockingWriter();
        var sink = new SyslogSink(new SyslogOptions { QueueCapacity = 2 }, writer);

        Assert.True(sink.TryLog(Sample));
        Assert.True(writer.Entered.Wait(TimeSpan.FromSeconds(10)), "the pump never started writing");
        Assert.True(sink.TryLog(Sample));
        Assert.True(sink.TryLog(Sample));
        Assert.False(sink.TryLog(Sample));
        Assert.False(sink.TryLog(Sample));
        Assert.False(sink.TryLog(Sample));
        Assert.Equal(3, sink.Dropped);

        writer.Release.Set();
        await sink.DisposeAsync();
        Assert.Equal(3, writer.Lines);
    }

    [Fact]
    public async Task MessagesAfterDisposeAreDropped()
    {
        var sink = new SyslogSink(new SyslogOptions(), new StringWriter());
        await sink.DisposeAsync();

        Assert.False(sink.TryLog(Sample));
        Assert.Equal(1, sink.Dropped);
    }

    [Fact]
    public async Task UnresolvableTargetFallsBackToLinesAndSaysSo()
    {
        var lines = new StringWriter();
        var errors = new StringWriter();
        var sink = new SyslogSink(new SyslogOptions { Target = "no-such-host.invalid:514" }, lines, errors);

        sink.TryLog(Sample);
        await sink.DisposeAsync();

        Assert.Equal(SampleLine + Environment.NewLine, lines.ToString());
        Assert.Contains("cannot resolve no-such-host.invalid:514", errors.ToString());
        Assert.Equal(1, sink.SendFailures);
    }

    [Theory]
    [InlineData("not a target:1")]
    [InlineData("host:99999")]
    public void InvalidTargetIsRejectedAtConstruction(string target)
    {
        Assert.Throws<ArgumentException>(() => new SyslogSink(new SyslogOptions { Target = target }));
    }

    private sealed class BlockingWriter : TextWriter
    {
        private int _lines;

        public ManualResetEventSlim Entered { get; } = new();

        public ManualResetEventSlim Release { get; } = new();

        public int Lines => Volatile.Read(ref _lines);

        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(StringBuilder? value)
        {
            Entered.Set();
            Release.Wait();
            Interlocked.Increment(ref _lines);
        }
    }
}
