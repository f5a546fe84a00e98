using Cgf.Server.Tests.Infrastructure;
using System.Text.Json;

namespace Cgf.Server.Tests.Http;

/// <summary>A real Cgf.Server child process with its HTTP endpoint on its own free loopback port.</summary>
internal sealed class HttpCgf : IAsyncDisposable
{
    private HttpCgf(CgfProcess process, int httpPort, string directory)
    {
        Process = process;
        HttpPort = httpPort;
        Directory = directory;
    }

    public CgfProcess Process { get; }
    public int HttpPort { get; }
    public string Directory { get; }
    public Uri BaseUri => new($"http://127.0.0.1:{HttpPort}/");
    public HttpClient Client { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    public static async Task<HttpCgf> StartAsync(params string[] extra)
    {
        var directory = TempDirectory.Create();
        var httpPort = FreePort.Get();
        var process = await CgfProcess.StartAsync(FreePort.Get(), Path.Combine(directory, "cgf.db"), null,
            [$"--Cgf:Http:Urls=http://127.0.0.1:{httpPort}", .. extra]);
        return new HttpCgf(process, httpPort, directory);
    }

    public async Task<(int Status, string Body)> GetAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(BaseUri, path));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Sends Data Record Transfer Requests of <paramref name="cdrsPerRequest"/> CDRs and returns the CDRs answered 128.</summary>
    public async Task<int> SendAsync(int requests, int cdrsPerRequest, ushort firstSequence = 1)
    {
        using var cdf = new UdpPeer();
        var accepted = 0;
        for (var i = 0; i < requests; i++)
        {
            var seq = (ushort)(firstSequence + i);
            var records = Enumerable.Range(0, cdrsPerRequest).Select(r => Gtpp.Record((uint)(seq * 1000 + r))).ToArray();
            var response = await cdf.RequestAsync(Gtpp.Send(seq, records), Process.Endpoint);
            if (response.Cause == 128)
                accepted += cdrsPerRequest;
        }
        return accepted;
    }

    /// <summary><c>Cgf.Server status --json</c>'s committedCdrs for this server's database.</summary>
    public long StatusCommittedCdrs()
    {
        var result = CgfProcess.Run(null, "status", "--json", $"--Cgf:Storage:Path={Process.DatabasePath}");
        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        return json.RootElement.GetProperty("committedCdrs").GetInt64();
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        Process.Dispose();
        return ValueTask.CompletedTask;
    }
}
