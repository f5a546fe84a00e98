using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Charging.GtpPrime.Transport;

/// <summary>
/// T3-RESPONSE / N3-REQUESTS (TS 29.060 §7.6; docs/gtp-prime.md §5): a request is transmitted N3 times in
/// all, each transmission waiting T3 for its response, the next one following at once. One policy for every
/// GTP' node that originates requests (CGF and CDF), built on Polly.
/// </summary>
public sealed record RetransmissionPolicy
{
    /// <summary>Shortest and longest T3 Polly's timeout strategy accepts.</summary>
    public static readonly TimeSpan MinimumT3 = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan MaximumT3 = TimeSpan.FromDays(1);

    public RetransmissionPolicy(TimeSpan t3, int n3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(t3, MinimumT3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(t3, MaximumT3);
        ArgumentOutOfRangeException.ThrowIfLessThan(n3, 1);
        T3 = t3;
        N3 = n3;
    }

    /// <summary>How long each transmission waits for its response.</summary>
    public TimeSpan T3 { get; }

    /// <summary>Transmissions in all, the first included.</summary>
    public int N3 { get; }

    /// <summary>Transmissions after the first.</summary>
    public int Retransmissions => N3 - 1;

    /// <summary>
    /// A pipeline that runs its callback (send, then wait for the answer on the token it is given) up to
    /// <see cref="N3"/> times, cancelling each after <see cref="T3"/>. When no attempt is answered it throws
    /// <see cref="TimeoutRejectedException"/>; cancellation by the caller's token is not retried.
    /// </summary>
    public ResiliencePipeline<TResult> CreatePipeline<TResult>(TimeProvider? timeProvider = null)
    {
        var builder = new ResiliencePipelineBuilder<TResult>();
        if (timeProvider is not null)
            builder.TimeProvider = timeProvider;
        if (Retransmissions > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<TResult>
            {
                MaxRetryAttempts = Retransmissions,
                Delay = TimeSpan.Zero,
                ShouldHandle = new PredicateBuilder<TResult>().Handle<TimeoutRejectedException>(),
            });
        }
        return builder.AddTimeout(T3).Build();
    }
}
