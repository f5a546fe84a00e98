namespace Cgf.Server.Tests.Http;

/// <summary>
/// Headless Chromium (Debian's chromium) loads the real CGF's status page; the rendered DOM shows the peer that sent
/// CDRs and how many were committed.
/// </summary>
public sealed class StatusPageChromiumTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [SkippableFact]
    public async Task TheRenderedStatusPageShowsThePeerAndItsCommittedCdrs()
    {
        Skip.IfNot(File.Exists(ChromiumPath), $"{ChromiumPath} is not installed (Debian package chromium)");
        await using var cgf = await HttpCgf.StartAsync();
        Assert.Equal(12, await cgf.SendAsync(requests: 4, cdrsPerRequest: 3));

        using var profile = new TempDirectory("chromium-");
        var result = ExternalTool.Run(ChromiumPath,
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", $"--user-data-dir={profile.Path}", "--dump-dom", cgf.BaseUri.ToString(),
        ]);

        Assert.True(result.ExitCode == 0, $"chromium failed: {result}");
        var dom = result.StandardOutput;
        Assert.Contains("<h1>CGF CGF01</h1>", dom);
        Assert.Contains("<p id=\"readiness\" class=\"ready\">Ready</p>", dom);
        // The peers table: address, last seen, kinds, causes, then CDRs committed.
        Assert.Matches(@"<tr><td>127\.0\.0\.1</td><td>[0-9: -]+</td><td>[^<]*send: 4[^<]*</td><td>128: 4</td><td>12</td>", dom);
    }
}
