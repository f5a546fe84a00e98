using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Cgf.Server.Tests.Http;

/// <summary>
/// A real Prometheus (Debian's prometheus), started on loopback with its own configuration and storage, scrapes the
/// real CGF; its query API must give the same committed count as <c>Cgf.Server status --json</c>.
/// </summary>
public sealed class PrometheusScrapeTests
{
    private const string PrometheusPath = "/usr/bin/prometheus";

    [SkippableFact]
    public async Task PrometheusScrapesTheCommittedCountThatStatusJsonReports()
    {
        Skip.IfNot(File.Exists(PrometheusPath), $"{PrometheusPath} is not installed (Debian package prometheus)");
        await using var cgf = await HttpCgf.StartAsync();
        Assert.Equal(40, await cgf.SendAsync(requests: 8, cdrsPerRequest: 5));
        var expected = cgf.StatusCommittedCdrs();

        using var directory = new TempDirectory("prometheus-");
        var config = directory.File("prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: cgf
                static_configs:
                  - targets: ['127.0.0.1:{cgf.HttpPort}']
            """);
        var port = FreePort.Get();
        var start = new ProcessStartInfo(PrometheusPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     $"--config.file={config}", $"--storage.tsdb.path={directory.File("data")}",
                     $"--web.listen-address=127.0.0.1:{port}",
                 })
            start.ArgumentList.Add(argument);
        using var prometheus = Process.Start(start)!;
        prometheus.OutputDataReceived += (_, _) => { };
        prometheus.ErrorDataReceived += (_, _) => { };
        prometheus.BeginOutputReadLine();
        prometheus.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            double? scraped = null;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (scraped is null && DateTime.UtcNow < deadline && !prometheus.HasExited)
            {
                await Task.Delay(500);
                try
                {
                    var body = await client.GetStringAsync($"http://127.0.0.1:{port}/api/v1/query?query=cgf_cdrs_committed_total");
                    using var json = JsonDocument.Parse(body);
                    var result = json.RootElement.GetProperty("data").GetProperty("result");
                    if (result.GetArrayLength() > 0)
                        scraped = double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
                }
                catch (HttpRequestException)
                {
                    // Prometheus is still starting.
                }
            }

            Assert.Equal(expected, scraped);
            Assert.Equal(40, expected);
        }
        finally
        {
            if (!prometheus.HasExited)
                prometheus.Kill();
            await prometheus.WaitForExitAsync();
        }
    }
}
