using Cgf.Server.Configuration;
using Cgf.Server.Diagnostics;
using Charging.GtpPrime;
using Charging.GtpPrime.Messages;
using Charging.GtpPrime.Transport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;
using System.Collections.Concurrent;

namespace Cgf.Server.Protocol;

/// <summary>
/// Requests this CGF originates (Echo, Node Alive, Redirection): one sequence counter per peer,
/// retransmission per <see cref="RetransmissionPolicy"/> (T3/N3), and the matching of responses by
/// (peer, sequence number).
/// </summary>
public sealed class PeerRequester
{
    private readonly ConcurrentDictionary<(string Peer, ushort Sequence), TaskCompletionSource<GtpPrimeMessage>> _pending = new();
    private readonly ConcurrentDictionary<string, int> _sequences = new(StringComparer.Ordinal);
    private readonly ResiliencePipeline<GtpPrimeMessage> _retransmission;
    private readonly int _transmissions;
    private readonly ILogger<PeerRequester> _logger;

    public PeerRequester(IOptions<CgfOptions> options, ILogger<PeerRequester> logger)
    {
        var policy = new RetransmissionPolicy(options.Value.T3, options.Value.N3);
        _retransmission = policy.CreatePipeline<GtpPrimeMessage>();
        _transmissions = policy.N3;
        _logger = logger;
    }

    /// <summary>Sends and retransmits; the response, or null when the peer never answered or <paramref name="cancellationToken"/> fired.</summary>
    public async Task<GtpPrimeMessage?> RequestAsync(string peer, IReplyChannel channel, GtpPrimeMessage request, CancellationToken cancellationToken)
    {
        var sequence = (ushort)_sequences.AddOrUpdate(peer, 1, static (_, s) => (s + 1) & 0xFFFF);
        var answer = new TaskCompletionSource<GtpPrimeMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[(peer, sequence)] = answer;
        try
        {
            // Every transmission carries the same sequence number, so a late answer to an earlier one still counts.
            var response = await _retransmission.ExecuteAsync(static async (state, token) =>
            {
                state.Channel.Send(GtpPrimeHeaderForm.V2, state.Sequence, state.Request);
                return await state.Answer.Task.WaitAsync(token).ConfigureAwait(false);
            }, (Channel: channel, Sequence: sequence, Request: request, Answer: answer), cancellationToken).ConfigureAwait(false);
            Log.PeerAnswered(_logger, peer, request.MessageType);
            return response;
        }
        catch (TimeoutRejectedException)
        {
            Log.PeerNotAnswering(_logger, peer, request.MessageType, _transmissions);
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
