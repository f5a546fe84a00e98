using Cgf.Server.Delivery;
using Cgf.Server.Monitoring;
using Cgf.Server.Tests.Delivery.Infrastructure;
using Cgf.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Operations.Alarms;
using System.Text.Json;

namespace Cgf.Server.Tests.Delivery;

/// <summary>
/// The delivery service inside the running server, to a real OpenSSH server: CDRs in over UDP reach billing as files;
/// with billing down the files wait (alarm, readiness, status) while export goes on, and the export directory keeps only
/// what is not yet delivered once the retention has passed.
/// </summary>
public class DeliveryServiceTests
{
    [SkippableFact]
    public async Task ExportedFilesReachBillingAndOnlyDeliveredOnesLeaveTheExportDirectory()
    {
        Skip.If(SshServer.SkipReason is not null, SshServer.SkipReason);
        using var server = new SshServer();
        var directory = TempDirectory.Create();
        var export = Path.Combine(directory, "out");
        var httpPort = FreePort.Get();
        var settings = new Dictionary<string, string?>
        {
            ["Cgf:Export:Directory"] = export,
            ["Cgf:Export:MaxAge"] = "00:00:00.200",
            ["Cgf:Export:PollInterval"] = "00:00:00.100",
            ["Cgf:Export:Retention"] = "00:00:01",
            ["Cgf:Delivery:PollInterval"] = "00:00:00.200",
            ["Cgf:Delivery:FailuresBeforeSwitch"] = "2",
            ["Cgf:Delivery:UndeliveredAlarmFiles"] = "1",
            ["Cgf:Delivery:NotReadyAfter"] = "00:00:01",
            ["Cgf:Delivery:Timeout"] = "00:00:05",
            ["Cgf:Http:Urls"] = $"http://127.0.0.1:{httpPort}",
        };
        var destination = server.Destination();
        foreach (var property in typeof(Cgf.Server.Configuration.DeliveryDestinationOptions).GetProperties().Where(p => p.CanWrite))
            settings[$"Cgf:Delivery:Destinations:0:{property.Name}"] = Convert.ToString(property.GetValue(destination), System.Globalization.CultureInfo.InvariantCulture);
        await using var cgf = await TestCgf.StartAsync(settings, Path.Combine(directory, "cgf.db"));
        var alarms = cgf.Services.GetRequiredService<AlarmRegistry>();
        var delivery = cgf.Services.GetRequiredService<DeliveryService>();
        using var peer = new UdpPeer();

        Assert.Equal(128, (await peer.RequestAsync(Gtpp.Send(1, Gtpp.Record(11), Gtpp.Record(12)), cgf.Endpoint)).Cause);
        await Poll.UntilAsync(() => SshServer.FinalNames(server.RemoteDirectory).Length == 1);
        var first = Assert.Single(ExportedFiles.Read(server.RemoteDirectory));
        Assert.Equal([Gtpp.Record(11), Gtpp.Record(12)], first.File.Records.Select(r => r.Data.ToArray()));
        // Delivered, then older than the retention: gone from the export directory (and still at billing).
        await Poll.UntilAsync(() => !File.Exists(Path.Combine(export, first.Name)));
        Assert.True(File.Exists(Path.Combine(server.RemoteDirectory, first.Name)));

        using (var http = new HttpClient())
        {
            var page = await http.GetStringAsync($"http://127.0.0.1:{httpPort}/");
            Assert.Contains("delivery-destinations", page);
            Assert.Contains(destination.Key, page);
        }

        // Billing down: export goes on, the file waits in the export directory past its retention.
        server.Stop();
        Assert.Equal(128, (await peer.RequestAsync(Gtpp.Send(2, Gtpp.Record(13)), cgf.Endpoint)).Cause);
        await Poll.UntilAsync(() => alarms.IsActive(CgfAlarms.DeliveryFailing, destination.Key) && alarms.IsActive(CgfAlarms.DeliveryBacklog));
        await Poll.UntilAsync(() => delivery.NotReadyReason is not null);
        using (var http = new HttpClient())
        {
            var ready = await http.GetAsync($"http://127.0.0.1:{httpPort}/readyz");
            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("export files undelivered", await ready.Content.ReadAsStringAsync());
        }
        var waiting = Assert.Single(Directory.GetFiles(export), f => !Path.GetFileName(f).StartsWith('.'));
        await Task.Delay(1500); // past the retention
        Assert.True(File.Exists(waiting));

        var status = Status(cgf.DatabasePath);
        var row = status.GetProperty("delivery").GetProperty("destinations")[0];
        Assert.Equal(destination.Key, row.GetProperty("destination").GetString());
        Assert.Equal(1, row.GetProperty("deliveredFiles").GetInt32());
        Assert.True(row.GetProperty("active").GetBoolean());
        Assert.True(row.GetProperty("consecutiveFailures").GetInt32() >= 2);
        Assert.Equal(JsonValueKind.String, row.GetProperty("lastSuccess").ValueKind);
        Assert.Equal(1, status.GetProperty("delivery").GetProperty("undeliveredFiles").GetInt32());
        Assert.Equal(JsonValueKind.String, status.GetProperty("delivery").GetProperty("oldestUndelivered").ValueKind);

        // Billing back: the file goes, the alarms clear, readiness returns, retention takes it.
        server.Start();
        await Poll.UntilAsync(() => SshServer.FinalNames(server.RemoteDirectory).Length == 2);
        await Poll.UntilAsync(() => !alarms.IsActive(CgfAlarms.DeliveryFailing, destination.Key) && !alarms.IsActive(CgfAlarms.DeliveryBacklog));
        Assert.Null(delivery.NotReadyReason);
        await Poll.UntilAsync(() => !File.Exists(waiting));
        Assert.Equal(Gtpp.Record(13), Assert.Single(ExportedFiles.Read(server.RemoteDirectory)[1].File.Records).Data.ToArray());
    }

    private static JsonElement Status(string databasePath)
    {
        var result = CgfProcess.Run(null, "status", "--json", $"--Cgf:Storage:Path={databasePath}");
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement;
    }
}
