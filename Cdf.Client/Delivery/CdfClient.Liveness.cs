using Cdf.Client.Diagnostics;
using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.Messages;
using System.Net;

namespace Cdf.Client.Delivery;

/// <summary>Whether each CGF is alive: Echo, the CGF's Node Alive and Redirection Requests (docs/gtp-prime.md §5.3-§5.5).</summary>
public sealed partial class CdfClient
{
    private void Echo(long now)
    {
        foreach (var path in _paths)
        {
            var delivery = path.Delivery;
            if (delivery.EchoPending || now < delivery.NextEchoAt)
                continue;
            delivery.NextEchoAt = now + Ticks(_options.EchoInterval);
            delivery.EchoPending = true;
            _toLaunch.Add(NewExchange(ExchangeKind.Echo, path, Allocate(path), null, new EchoRequest()));
        }
    }

    private void OnEchoCompleted(Completion completion, long now)
    {
        var path = completion.Exchange.Path;
        var delivery = path.Delivery;
        delivery.EchoPending = false;
        switch (completion.Failure)
        {
            case DeliveryFailure.TimedOut:
                if (delivery.State == CgfPathState.Up)
                {
                    Log.PathDownEchoUnanswered(_logger, path.Name, delivery.InFlight.Count);
                    MarkDown(path, now);
                }
                return;
            case DeliveryFailure.Aborted:
                return;
        }
        if (completion.Response is EchoResponse echo)
        {
            // A new Recovery value means the CGF restarted (docs/gtp-prime.md §5.3). This CGF keeps its duplicate
            // detection across restarts, so re-sending with the same numbers stays safe; it is logged only.
            if (delivery.Recovery is { } old && old != echo.Recovery)
                Log.PeerRestarted(_logger, path.Name, old, echo.Recovery);
            delivery.Recovery = echo.Recovery;
            if (delivery.State == CgfPathState.Down)
                MarkUp(path, "Echo answered");
        }
    }

    private void OnRedirected(RedirectedEvent redirected)
    {
        var path = redirected.Path;
        var delivery = path.Delivery;
        Log.Redirected(_logger, path.Name, redirected.Cause, redirected.Recommended);
        if (delivery.State == CgfPathState.Up)
            delivery.State = CgfPathState.Redirected;
        if (ReferenceEquals(_preferred, path))
            _preferred = null;
        if (redirected.Recommended is { } recommended &&
            _options.AllowedRecommendedNodes.Any(a => IPAddress.TryParse(a, out var allowed) && allowed.Equals(recommended)) &&
            _paths.FirstOrDefault(p => !ReferenceEquals(p, path) && p.Remote.Address.Equals(recommended)) is { } target)
        {
            _preferred = target;
            MarkUp(target, "recommended by a Redirection Request");
        }
        // Waiting for a retry after 199 at a CGF that asked us to leave: fail those over now.
        foreach (var exchange in _busyRetries.Where(e => ReferenceEquals(e.Path, path)).ToList())
        {
            _busyRetries.Remove(exchange);
            delivery.InFlight.Remove(exchange);
            MakeUncertain(exchange.Request!);
        }
    }

    private void MarkUp(CgfPath path, string reason)
    {
        var delivery = path.Delivery;
        delivery.Consecutive199 = 0;
        if (delivery.State == CgfPathState.Up)
            return;
        delivery.State = CgfPathState.Up;
        Log.PathUp(_logger, path.Name, reason);
    }

    /// <summary>Runs on a path's receive loop: answers the CGF's request at once and tells the delivery loop.</summary>
    private GtpPrimeMessage? OnCgfRequest(CgfPath path, GtpPrimeFrame frame, IPEndPoint source)
    {
        switch (frame.Message)
        {
            case EchoRequest:
                return new EchoResponse(_restartCounter);
            case NodeAliveRequest nodeAlive:
                Log.NodeAlive(_logger, source, nodeAlive.NodeAddress);
                Post(new NodeAliveEvent(path, nodeAlive.NodeAddress));
                return new NodeAliveResponse();
            case RedirectionRequest redirection:
                Post(new RedirectedEvent(path, redirection.Cause, redirection.RecommendedNode));
                return new RedirectionResponse(GtpPrimeCause.RequestAccepted);
            default:
                return null;
        }
    }
}
