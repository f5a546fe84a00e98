using Cdf.Client.Delivery;

namespace Cdf.Client.Tests.Delivery;

public sealed class T3QueueTests
{
    private const long T3 = 100;

    [Fact]
    public void AnExchangeExpiresExactlyT3AfterItWasSentAndNotBefore()
    {
        var queue = new T3Queue(T3);
        var exchange = NewExchange(1);
        queue.Start(exchange, now: 1000);

        Assert.False(queue.TryTakeExpired(1099, out _));
        Assert.True(queue.TryTakeExpired(1100, out var expired));
        Assert.Same(exchange, expired);
        Assert.False(queue.TryTakeExpired(5000, out _));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void ExchangesExpireInTheOrderTheyWereSent()
    {
        var queue = new T3Queue(T3);
        var first = NewExchange(1);
        var second = NewExchange(2);
        var third = NewExchange(3);
        queue.Start(first, 0);
        queue.Start(second, 10);
        queue.Start(third, 10);

        Assert.True(queue.TryTakeExpired(200, out var a));
        Assert.True(queue.TryTakeExpired(200, out var b));
        Assert.True(queue.TryTakeExpired(200, out var c));
        Assert.Equal([first, second, third], new[] { a, b, c });
    }

    [Fact]
    public void OnlyTheLastStartOfAnExchangeExpires_EarlierEntriesAreSkipped()
    {
        var queue = new T3Queue(T3);
        var retransmitted = NewExchange(1);
        var other = NewExchange(2);
        queue.Start(retransmitted, 0);
        queue.Start(other, 10);
        queue.Start(retransmitted, 20);
        Assert.Equal(3, queue.Count);

        // At 110 the first entry (deadline 100) is superseded: only the other exchange is due.
        Assert.True(queue.TryTakeExpired(110, out var due));
        Assert.Same(other, due);
        Assert.False(queue.TryTakeExpired(119, out _));
        Assert.Equal(1, queue.Count);

        Assert.True(queue.TryTakeExpired(120, out due));
        Assert.Same(retransmitted, due);
    }

    [Fact]
    public void EachStartGivesTheExchangeANewToken()
    {
        var queue = new T3Queue(T3);
        var exchange = NewExchange(1);
        queue.Start(exchange, 0);
        var first = exchange.TimerToken;
        queue.Start(exchange, 0);
        Assert.NotEqual(first, exchange.TimerToken);
    }

    [Fact]
    public void AnExchangeWhoseTokenChangedElsewhereIsNotReported()
    {
        var queue = new T3Queue(T3);
        var exchange = NewExchange(1);
        queue.Start(exchange, 0);
        exchange.TimerToken = 0;
        Assert.False(queue.TryTakeExpired(T3, out _));
        Assert.Equal(0, queue.Count);
    }

    private static Exchange NewExchange(ushort sequenceNumber) => new()
    {
        Kind = ExchangeKind.Data,
        Path = null!,
        SequenceNumber = sequenceNumber,
        Message = [],
    };
}
