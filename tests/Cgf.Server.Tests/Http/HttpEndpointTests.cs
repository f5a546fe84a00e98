using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Cgf.Server.Tests.Http;

/// <summary>The HTTP endpoint of the real program: health, readiness, the Prometheus text, and its start-up failures.</summary>
public sealed partial class HttpEndpointTests
{
    [Fact]
    public async Task HealthzAndReadyzAnswer200WhileTheCgfServes()
    {
        await using var cgf = await HttpCgf.StartAsync();

        Assert.Equal((200, "alive\n"), await cgf.GetAsync("/healthz"));
        Assert.Equal((200, "ready\n"), await cgf.GetAsync("/readyz"));
        Assert.Equal(404, (await cgf.GetAsync("/nothing")).Status);
    }

    [Fact]
    public async Task MetricsCountTheCommittedCdrsUnderTheOpenTelemetryName()
    {
        await using var cgf = await HttpCgf.StartAsync();
        var accepted = await cgf.SendAsync(requests: 7, cdrsPerRequest: 3);
        Assert.Equal(21, accepted);

        var (status, body) = await cgf.GetAsync("/metrics");

        Assert.Equal(200, status);
        Assert.Equal(21, Sample(body, "cgf_cdrs_committed_total"));
        Assert.Equal(cgf.StatusCommittedCdrs(), Sample(body, "cgf_cdrs_committed_total"));
        // Units become suffixes: ms histograms and byte gauges.
        Assert.Contains("cgf_commit_latency_milliseconds_bucket{", body);
        Assert.Contains("cgf_ack_latency_milliseconds_count{", body);
        Assert.True(Sample(body, "cgf_database_size_bytes") > 0);
        Assert.Contains("cgf_alarm_active{otel_scope_name=\"Cgf.Server\",alarm=\"storage_failing\"} 0", body);
        Assert.Equal(1, Sample(body, "cgf_restart_counter"));
        // Retention and free disk under the names docs/operations.md gives (nothing is old enough to go yet).
        Assert.Equal(0, Sample(body, "cgf_retention_cdrs_removed_total"));
        Assert.Equal(0, Sample(body, "cgf_retention_quarantine_removed_total"));
        Assert.Equal(0, Sample(body, "cgf_disk_below_min_free"));
        Assert.True(Sample(body, "cgf_database_free_size_bytes") >= 0);
        Assert.InRange(Sample(body, "cgf_cdrs_oldest_age_seconds"), 0, 600);
    }

    [Fact]
    public async Task ReadyzIs503WithTheReasonOnceMaxDatabaseSizeIsFullAndTheAlarmIsRaised()
    {
        await using var cgf = await HttpCgf.StartAsync($"--Cgf:Storage:MaxDatabaseSize={1024 * 1024}");
        Assert.Equal(200, (await cgf.GetAsync("/readyz")).Status);

        using var cdf = new Infrastructure.UdpPeer();
        var saw199 = false;
        for (ushort seq = 1; seq <= 800 && !saw199; seq++)
        {
            var records = Enumerable.Range(0, 50).Select(i => Infrastructure.Gtpp.Record((uint)(seq * 100 + i))).ToArray();
            saw199 = (await cdf.RequestAsync(Infrastructure.Gtpp.Send(seq, records), cgf.Process.Endpoint)).Cause == 199;
        }
        Assert.True(saw199, "the database never filled up");

        var (status, body) = await cgf.GetAsync("/readyz");
        Assert.Equal(503, status);
        Assert.Contains("not ready: storage failing: database full (Cgf:Storage:MaxDatabaseSize 1048576 bytes", body);
        var metrics = (await cgf.GetAsync("/metrics")).Body;
        Assert.Contains("cgf_alarm_active{otel_scope_name=\"Cgf.Server\",alarm=\"storage_failing\"} 1", metrics);
        // The log line comes through the logger's queue a moment after the state readiness and metrics show.
        await Poll.UntilAsync(() => cgf.Process.Output.Contains("Alarm raised: storage_failing", StringComparison.Ordinal), 10, "the line 'Alarm raised: storage_failing'");
        Assert.Contains("Alarm raised: storage_failing", cgf.Process.Output);
        Assert.Equal(200, (await cgf.GetAsync("/healthz")).Status);
    }

    [Fact]
    public async Task APortInUseIsOneLineAndExitCode3BeforeAnythingStarts()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        holder.Listen();
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var directory = TempDirectory.Create();

        var result = CgfProcess.Run(null, $"--Cgf:Http:Urls=http://127.0.0.1:{port}", $"--Cgf:Listen:Port={FreePort.Get()}",
            "--Cgf:Listen:Address=127.0.0.1", $"--Cgf:Storage:Path={Path.Combine(directory, "cgf.db")}");

        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"Cgf.Server: cannot listen for HTTP on http://127.0.0.1:{port}: address already in use", result.Stderr.Trim());
        Assert.DoesNotContain("   at ", result.Stdout);
        Assert.False(File.Exists(Path.Combine(directory, "cgf.db")), "storage opened before the endpoint was bound");
    }

    [Theory]
    [InlineData("https://127.0.0.1:9386", "is not an http://ADDRESS:PORT URL")]
    [InlineData("http://example.com:9386", "is not an IP address or localhost")]
    [InlineData("http://127.0.0.1", "has no port")]
    [InlineData("http://127.0.0.1:9386/metrics", "must not have a path")]
    public void ABadUrlIsOneConfigurationLineAndExitCode2(string url, string why)
    {
        var result = CgfProcess.Run(null, $"--Cgf:Http:Urls={url}", $"--Cgf:Storage:Path={Path.Combine(TempDirectory.Create(), "cgf.db")}");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"Cgf.Server: invalid configuration: Cgf:Http:Urls '{url}'", line);
        Assert.Contains(why, line);
    }

    /// <summary>The value of the first series <paramref name="name"/>{...} in Prometheus text.</summary>
    internal static double Sample(string exposition, string name)
    {
        var match = Regex.Match(exposition, $@"^{Regex.Escape(name)}(\{{[^}}]*\}})? (\S+)", RegexOptions.Multiline);
        Assert.True(match.Success, $"{name} not in /metrics:\n{exposition}");
        return double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
    }
}
