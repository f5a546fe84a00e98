using System.Diagnostics;

namespace Cgf.Server.Tests.Infrastructure;

/// <summary>Debian's tshark as the independent decoder (docs/gtp-prime.md §7-§8).</summary>
public static class Tshark
{
    public static bool IsAvailable => Find() is not null;

    public static string? Find() =>
        ExternalTool.Find("tshark");

    /// <summary>Runs tshark with GTP' decoding on <paramref name="port"/> (not ",gtp": that sends v2 to GTPv2-C).</summary>
    public static async Task<string> RunAsync(string pcap, int port, params string[] args)
    {
        var info = new ProcessStartInfo(Find()!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-n", "-r", pcap, "-d", $"udp.port=={port},gtpprime", "-d", $"tcp.port=={port},gtpprime" }.Concat(args))
            info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"tshark failed: {error}");
        return output;
    }
}
