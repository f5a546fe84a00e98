using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Cgf.Server.Protocol;
using Cgf.Server.Reload;
using Charging.GtpPrime;
using Charging.GtpPrime.Messages;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cgf.Server.Hosting;

/// <summary>
/// On a graceful stop, before the listeners close: Redirection Request cause 63 ("this node is about to
/// go down", docs/gtp-prime.md §5.5 use 1) with the recommended node, to every peer active in the
/// last hour; waits at most Cgf:RedirectionWait for the Redirection Responses.
/// </summary>
public sealed class ShutdownRedirector(
    IOptions<CgfOptions> options,
    LiveCgfOptions live,
    ActivePeers activePeers,
    PeerRequester requester,
    ILogger<ShutdownRedirector> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        var peers = activePeers.Within(options.Value.ActivePeerWindow);
        if (peers.Count == 0)
            return;
        var recommended = live.Current.RecommendedNode;
        Log.Redirecting(logger, peers.Count, recommended?.ToString() ?? "none");
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(options.Value.RedirectionWait);
        var request = new RedirectionRequest(GtpPrimeCause.ThisNodeAboutToGoDown, recommended);
        await Task.WhenAll(peers.Select(p => requester.RequestAsync(p.Peer, p.Channel, request, wait.Token))).ConfigureAwait(false);
    }
}
