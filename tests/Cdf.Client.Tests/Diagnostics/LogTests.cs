using Cdf.Client.Delivery;
using Cdf.Client.Diagnostics;
using Charging.GtpPrime;
using Microsoft.Extensions.Logging;
using Storage.Cdf;
using System.Net.Sockets;

namespace Cdf.Client.Tests.Diagnostics;

/// <summary>Log lines keep their values structured, causes read as their numbers, and exceptions travel as objects.</summary>
public sealed class LogTests
{
    private static readonly OutboxRequest Request = new()
    {
        Path = "127.0.0.1:3386",
        SequenceNumber = 7,
        Command = 1,
        State = OutboxRequestState.Parked,
        FirstCdrId = 1,
        LastCdrId = 10,
        CdrCount = 10,
    };

    [Fact]
    public void AParkedRequestIsLoggedWithItsNumericCauseAndTheRequestAsAValue()
    {
        var logger = new RecordingLogger();
        Log.Parked(logger, Request, GtpPrimeCause.MandatoryIeIncorrect, 10);

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(6, entry.EventId.Id);
        Assert.Equal("request 127.0.0.1:3386#7 (PTC 1, Parked, CDRs 1-10) parked: cause 201; its 10 CDRs stay in the outbox", entry.Message);
        Assert.Same(Request, entry.Values["Request"]);
        Assert.Equal(GtpPrimeCause.MandatoryIeIncorrect, entry.Values["Cause"]);
    }

    [Fact]
    public void ADownPathSaysWhichExchangeWentUnanswered()
    {
        var logger = new RecordingLogger();
        Log.PathDownUnanswered(logger, "127.0.0.1:3386", 3, ExchangeKind.TestPacket, 42, 5);

        var entry = Assert.Single(logger.Entries);
        Assert.Equal("CGF 127.0.0.1:3386 is down: 3 transmissions of TestPacket #42 unanswered; 5 unacknowledged requests fail over", entry.Message);
        Assert.Equal((ushort)42, entry.Values["SequenceNumber"]);
    }

    [Fact]
    public void FailuresCarryTheExceptionItself()
    {
        var logger = new RecordingLogger();
        var exception = new SocketException((int)SocketError.ConnectionRefused);
        Log.SendFailed(logger, "127.0.0.1:3386", exception);
        Log.OutboxFailed(logger, exception);

        Assert.All(logger.Entries, entry => Assert.Same(exception, entry.Exception));
        Assert.Equal("outbox write failed; retrying", logger.Entries[1].Message);
    }

    private sealed record Entry(EventId EventId, string Message, Exception? Exception, Dictionary<string, object?> Values);

    private sealed class RecordingLogger : ILogger
    {
        public List<Entry> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new Dictionary<string, object?>();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                    values[key] = value;
            }
            Entries.Add(new Entry(eventId, formatter(state, exception), exception, values));
        }
    }
}
