using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Charging.GtpPrime;
using Charging.GtpPrime.Messages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using System.Collections.Concurrent;

namespace Cgf.Server.Protocol;

/// <summary>
/// Requests this CGF originates (Echo, Node Alive, Redirection): one sequence counter per peer,
/// retransmission every T3 up to N3 transmissions (TS 29.060 T3-RESPONSE/N3-REQUESTS), and the
/// matching of responses by (peer, sequence number).
/// </summary>
public sealed class PeerRequester(IOptions<CgfOptions> options, ILogger<PeerRequester> logger)
{
    private readonly ConcurrentDictionary<(string Peer, ushort Sequence), TaskCompletionSource<GtpPrimeMessage>> _pending = new();
    private readonly ConcurrentDictionary<string, int> _sequences = new(StringComparer.Ordinal);

    /// <summary>Sends and retransmits; the response, or null when the peer never answered or <paramref name="cancellationToken"/> fired.</summary>
    public async Task<GtpPrimeMessage?> RequestAsync(string peer, IReplyChannel channel, GtpPrimeMessage request, CancellationToken cancellationToken)
    {
        var sequence = (ushort)_sequences.AddOrUpdate(peer, 1, static (_, s) => (s + 1) & 0xFFFF);
        var answer = new TaskCompletionSource<GtpPrimeMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[(peer, sequence)] = answer;
        try
        {
            var attempts = options.Value.N3;
            for (var attempt = 1; attempt <= attempts; attempt++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                channel.Send(GtpPrimeHeaderForm.V2, sequence, request);
                var finished = await Task.WhenAny(answer.Task, Task.Delay(options.Value.T3, cancellationToken)).ConfigureAwait(false);
                if (finished == answer.Task)
                {
                    Log.PeerAnswered(logger, peer, request.MessageType.ToString());
                    return await answer.Task.ConfigureAwait(false);
                }
            }
            Log.PeerNotAnswering(logger, peer, request.MessageType.ToString(), attempts);
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        finally
        {
            _pending.TryRemove((peer, sequence), out _);
        }
    }

    /// <summary>True when the response answered a request of ours.</summary>
    public bool OnResponse(string peer, ushort sequenceNumber, GtpPrimeMessage response) =>
        _pending.TryGetValue((peer, sequenceNumber), out var answer) && answer.TrySetResult(response);
}
