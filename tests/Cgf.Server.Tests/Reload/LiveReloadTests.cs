using Cgf.Server.Tests.Infrastructure;
using Charging.CdrFiles;
using System.Net;

namespace Cgf.Server.Tests.Reload;

/// <summary>
/// Live reload against the real program: Cgf.Server as a child process, its appsettings.json edited on disk, SIGHUP
/// sent with kill, and CDFs on two loopback addresses (A = 127.0.0.1, B = 127.0.0.2) asking it for Echo.
/// </summary>
public sealed class LiveReloadTests
{
    private static readonly IPAddress PeerA = IPAddress.Loopback;
    private static readonly IPAddress PeerB = IPAddress.Parse("127.0.0.2");
    private static readonly TimeSpan Unanswered = TimeSpan.FromMilliseconds(700);

    [Fact]
    public async Task SighupAppliesEditedPeersSoTheAddedPeerIsServedAndTheRemovedOneIsNot()
    {
        using var directory = new TempDirectory();
        // The edit goes to the symlink's target in another directory, so no watched file changes: only SIGHUP can apply it.
        var store = Directory.CreateDirectory(directory.File("store")).FullName;
        var root = Directory.CreateDirectory(directory.File("root")).FullName;
        var target = Path.Combine(store, "cgf.json");
        var port = FreePort.Get();
        File.WriteAllText(target, ReloadingCgf.Configuration(port, ["127.0.0.1"]));
        File.CreateSymbolicLink(Path.Combine(root, "appsettings.json"), target);
        using var cgf = await ReloadingCgf.StartAsync(root, port);
        using var a = new UdpPeer(PeerA);
        using var b = new UdpPeer(PeerB);
        Assert.True(await EchoAnsweredAsync(a, cgf, 1));
        Assert.False(await EchoAnsweredAsync(b, cgf, 2, expected: false));

        File.WriteAllText(target, ReloadingCgf.Configuration(port, ["127.0.0.2"]));
        await Task.Delay(1000);
        Assert.Equal(0, cgf.Count("Configuration reloaded"));
        await cgf.HangupAsync();

        var applied = await cgf.WaitForLineAsync("Configuration reloaded (SIGHUP)");
        Assert.Contains("applied Cgf:Peers:0", applied, StringComparison.Ordinal);
        Assert.True(await EchoAnsweredAsync(b, cgf, 3));
        Assert.False(await EchoAnsweredAsync(a, cgf, 4, expected: false));
        Assert.False(cgf.HasExited);
    }

    [Fact]
    public async Task InvalidEditIsRefusedWithOneLineAndTheRunningPeersStay()
    {
        using var directory = new TempDirectory();
        var file = directory.File("appsettings.json");
        var port = FreePort.Get();
        File.WriteAllText(file, ReloadingCgf.Configuration(port, ["127.0.0.1"]));
        using var cgf = await ReloadingCgf.StartAsync(directory.Path, port);
        using var a = new UdpPeer(PeerA);
        using var b = new UdpPeer(PeerB);

        // A valid peer beside an invalid one: the whole file is refused, so B is not let in either.
        File.WriteAllText(file, ReloadingCgf.Configuration(port, ["127.0.0.2", "not-an-address"]));
        var refused = await cgf.WaitForLineAsync("Configuration reload (file change) refused");
        Assert.Contains("Cgf:Peers:1 'not-an-address'", refused, StringComparison.Ordinal);
        Assert.True(await EchoAnsweredAsync(a, cgf, 1));
        Assert.False(await EchoAnsweredAsync(b, cgf, 2, expected: false));

        // A file that is not JSON any more: SIGHUP refuses it too, naming the file.
        File.WriteAllText(file, "{ \"Cgf\": { \"Peers\": [ ");
        await cgf.WaitForLineAsync("Configuration reload (file change) refused", occurrence: 2);
        await cgf.HangupAsync();
        var hangup = await cgf.WaitForLineAsync("Configuration reload (SIGHUP) refused");
        Assert.Contains(file, hangup, StringComparison.Ordinal);
        Assert.True(await EchoAnsweredAsync(a, cgf, 3));
        Assert.False(await EchoAnsweredAsync(b, cgf, 4, expected: false));

        Assert.False(cgf.HasExited);
        Assert.Equal(0, cgf.Count("Configuration reloaded"));
        // One line per refusal, no stack trace.
        Assert.DoesNotContain(cgf.Lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AFileChangeWithoutSighupAppliesPeersAndKeepsSettingsThatNeedARestart()
    {
        using var directory = new TempDirectory();
        var file = directory.File("appsettings.json");
        var port = FreePort.Get();
        File.WriteAllText(file, ReloadingCgf.Configuration(port, ["127.0.0.1"]));
        using var cgf = await ReloadingCgf.StartAsync(directory.Path, port);
        using var b = new UdpPeer(PeerB);
        Assert.False(await EchoAnsweredAsync(b, cgf, 1, expected: false));

        // B added, and the listen port changed (which only a restart can apply).
        var otherPort = FreePort.Get();
        File.WriteAllText(file, ReloadingCgf.Configuration(otherPort, ["127.0.0.1", "127.0.0.2"]));

        var applied = await cgf.WaitForLineAsync("Configuration reloaded (file change)");
        Assert.Contains("applied Cgf:Peers:1", applied, StringComparison.Ordinal);
        var warning = await cgf.WaitForLineAsync("apply only at a restart");
        Assert.Contains("Cgf:Listen:Port", warning, StringComparison.Ordinal);
        Assert.True(await EchoAnsweredAsync(b, cgf, 2));
        Assert.False(await EchoAnsweredAsync(b, new IPEndPoint(IPAddress.Loopback, otherPort), 3, expected: false));
    }

    [Fact]
    public async Task ExportTurnedOnByAReloadWritesTheCdrFile()
    {
        using var directory = new TempDirectory();
        var file = directory.File("appsettings.json");
        var export = Directory.CreateDirectory(directory.File("export")).FullName;
        var port = FreePort.Get();
        File.WriteAllText(file, ReloadingCgf.Configuration(port, ["127.0.0.1"]));
        using var cgf = await ReloadingCgf.StartAsync(directory.Path, port);
        using var a = new UdpPeer(PeerA);
        Assert.Equal(128, (await a.RequestAsync(Gtpp.Send(1, Gtpp.Record(7)), cgf.Endpoint)).Cause);
        await Task.Delay(500);
        Assert.Empty(Directory.GetFiles(export));

        var exportSection = $$""", "Export": { "Directory": "{{export}}", "MaxAge": "00:00:00.2", "PollInterval": "00:00:00.1" }""";
        File.WriteAllText(file, ReloadingCgf.Configuration(port, ["127.0.0.1"], exportSection));

        var applied = await cgf.WaitForLineAsync("Configuration reloaded (file change)");
        Assert.Contains("Cgf:Export:Directory", applied, StringComparison.Ordinal);
        CdrFile? written = null;
        await Poll.UntilAsync(() => (written = ExportedFile(export)) is not null);
        Assert.Equal(Gtpp.Record(7), Assert.Single(written!.Records).Data.ToArray());
    }

    /// <summary>The first complete TS 32.297 file of the default node CGF01 in <paramref name="directory"/>.</summary>
    private static CdrFile? ExportedFile(string directory)
    {
        foreach (var path in Directory.GetFiles(directory))
        {
            if (CdrFileName.TryParse(Path.GetFileName(path), "CGF01", out _, out _) && CdrFileReader.TryRead(File.ReadAllBytes(path), out var file, out _))
                return file;
        }
        return null;
    }

    private static Task<bool> EchoAnsweredAsync(UdpPeer peer, ReloadingCgf cgf, ushort sequence, bool expected = true) =>
        EchoAnsweredAsync(peer, cgf.Endpoint, sequence, expected);

    /// <summary>
    /// Sends an Echo Request and waits for its response: up to 15 s when the peer is expected to be served (a loaded
    /// machine may be slow), <see cref="Unanswered"/> otherwise. A late answer to an earlier request is skipped.
    /// </summary>
    private static async Task<bool> EchoAnsweredAsync(UdpPeer peer, IPEndPoint endpoint, ushort sequence, bool expected = true)
    {
        peer.Send(Gtpp.EchoRequest(sequence), endpoint);
        var deadline = DateTime.UtcNow + (expected ? TimeSpan.FromSeconds(15) : Unanswered);
        while (DateTime.UtcNow < deadline)
        {
            if (await peer.ReceiveAsync(deadline - DateTime.UtcNow) is { } response && Gtpp.Parse(response).Sequence == sequence)
                return true;
        }
        return false;
    }
}
