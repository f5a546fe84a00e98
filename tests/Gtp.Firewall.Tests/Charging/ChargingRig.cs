using Cdf.Client.Configuration;
using Gtp.Firewall.Charging;
using Gtp.Firewall.Tests.Support;
using Gtp.Firewall.Tests.Tools;
using Microsoft.Extensions.Logging.Abstractions;
using Storage;

namespace Gtp.Firewall.Tests.Charging;

/// <summary>
/// An engine (<see cref="Harness"/>) with usage charging attached. The CGF is a real UDP port: nothing listens
/// there unless a test starts a Cgf.Server on it, so records wait in the outbox, where the tests read them.
/// </summary>
internal sealed class ChargingRig : IAsyncDisposable
{
    public ChargingRig(string outbox, int cgfPort, Action<ChargingOptions>? configure = null, bool start = true)
    {
        Options = new ChargingOptions
        {
            Cdf =
            {
                Cgfs = [new CgfEndpointOptions { Host = "127.0.0.1", Port = cgfPort, LocalAddress = "127.0.0.1", LocalPort = FreePort.Get() }],
                MaxCdrsPerRequest = 10,
                Window = 32,
                T3 = TimeSpan.FromSeconds(1),
                N3 = 3,
                EchoInterval = TimeSpan.FromSeconds(1),
                BusyRetryDelay = TimeSpan.FromMilliseconds(100),
            },
            Outbox = outbox,
            NodeId = "fw-test",
        };
        configure?.Invoke(Options);
        Assert.Null(Options.Validate());
        Assert.True(new CdfOptionsValidator(ChargingOptions.SectionPath).Validate(null, Options.Cdf).Succeeded);
        H = new Harness();
        Charging = UsageCharging.Create(Options, NullLoggerFactory.Instance)!;
        Observer = Charging.Attach(H.Engine);
        if (start)
            Charging.Start();
    }

    public ChargingOptions Options { get; }
    public Harness H { get; }
    public UsageCharging Charging { get; }
    public ChargingObserver Observer { get; }

    /// <summary>Every CDR in the outbox that no CGF has acknowledged, in enqueue order.</summary>
    public async Task<IReadOnlyList<byte[]>> OutboxRecordsAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Charging.FlushAsync(timeout.Token);
        return ReadBlobs(Options.Outbox, "SELECT data FROM cdrs ORDER BY id");
    }

    public async Task<IReadOnlyList<CdrFields>> OutboxFieldsAsync() => (await OutboxRecordsAsync()).Select(CdrFields.Parse).ToList();

    /// <summary>The CDRs a CGF database holds committed (cdrs.status 1), in arrival order.</summary>
    public static IReadOnlyList<byte[]> CommittedCdrs(string cgfDatabase) => ReadBlobs(cgfDatabase, "SELECT data FROM cdrs WHERE status = 1 ORDER BY id");

    public static IReadOnlyList<byte[]> ReadBlobs(string database, string sql)
    {
        using var connection = SqliteDatabase.OpenReadOnly(database);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<byte[]>();
        while (reader.Read())
            rows.Add((byte[])reader[0]);
        return rows;
    }

    public ValueTask DisposeAsync() => Charging.DisposeAsync();
}
