using Cgf.Server.Commands;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Storage.Cgf;
using System.Net;

namespace Cgf.Server.Tests.Infrastructure;

/// <summary>
/// The real CGF host, in process, on an ephemeral loopback port with its own SQLite file, or on a PostgreSQL database
/// (<see cref="Location"/>) that other hosts of a pool may share.
/// </summary>
public sealed class TestCgf : IAsyncDisposable
{
    private readonly IHost _host;
    private bool _stopped;

    private TestCgf(IHost host, string directory, string databasePath, int port, CgfStorageLocation location)
    {
        _host = host;
        Directory = directory;
        DatabasePath = databasePath;
        Port = port;
        Location = location;
    }

    public CgfStorageLocation Location { get; }

    public string Directory { get; }
    public string DatabasePath { get; }
    public int Port { get; }
    public IPEndPoint Endpoint => new(IPAddress.Loopback, Port);
    public IServiceProvider Services => _host.Services;

    public static async Task<TestCgf> StartAsync(IDictionary<string, string?>? settings = null, string? databasePath = null, string listenAddress = "127.0.0.1",
        bool peerPortIsListenPort = false, LogCapture? logs = null, string? postgres = null, string nodeId = "TESTCGF")
    {
        var directory = databasePath is null ? TempDirectory.Create() : Path.GetDirectoryName(databasePath)!;
        databasePath ??= Path.Combine(directory, "cgf.db");
        var port = FreePort.Get();
        var configuration = new Dictionary<string, string?>
        {
            ["Cgf:NodeId"] = nodeId,
            ["Cgf:Listen:Address"] = listenAddress,
            ["Cgf:Listen:Port"] = port.ToString(),
            ["Cgf:Storage:Path"] = databasePath,
            ["Cgf:Peers:0"] = "127.0.0.0/8",
            ["Cgf:Peers:1"] = "::1/128",
            ["Cgf:T3"] = "00:00:00.300",
            ["Cgf:N3"] = "2",
            ["Cgf:RedirectionWait"] = "00:00:01",
            // Parallel tests never share the default HTTP port; a test that needs the endpoint sets its own.
            ["Cgf:Http:Urls"] = "",
        };
        if (postgres is not null)
        {
            configuration["Cgf:Storage:Provider"] = "PostgreSql";
            configuration["Cgf:Storage:ConnectionString"] = postgres;
        }
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            configuration[key] = value;
        if (peerPortIsListenPort)
            configuration["Cgf:PeerPort"] = port.ToString();

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = directory });
        builder.Configuration.AddInMemoryCollection(configuration);
        if (logs is not null)
            builder.Logging.AddProvider(logs);
        ServerCommand.Register(builder.Services, builder.Configuration.GetSection("Cgf"));
        var host = builder.Build();
        await host.StartAsync();
        var location = postgres is null ? CgfStorageLocation.Sqlite(databasePath) : new CgfStorageLocation(StorageProvider.PostgreSql, databasePath, postgres, nodeId);
        return new TestCgf(host, directory, databasePath, port, location);
    }

    /// <summary>
    /// A CGF on <paramref name="provider"/>: its own SQLite file, or its own database in the shared test PostgreSQL
    /// cluster (the test is skipped, with the reason, where PostgreSQL is not installed).
    /// </summary>
    public static Task<TestCgf> StartAsync(StorageProvider provider, IDictionary<string, string?>? settings = null, LogCapture? logs = null)
    {
        if (provider == StorageProvider.Sqlite)
            return StartAsync(settings, logs: logs);
        Skip.If(PostgresCluster.MissingReason is not null, PostgresCluster.MissingReason);
        var database = PostgresCluster.Shared.CreateDatabase($"cgf_{Guid.NewGuid():N}");
        return StartAsync(settings, logs: logs, postgres: database);
    }

    public CgfStatus Status() => CgfStorage.ReadStatus(Location);

    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        await _host.StopAsync(TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _host.Dispose();
    }
}
