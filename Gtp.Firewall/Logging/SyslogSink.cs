using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Gtp.Firewall.Logging;

/// <summary>
/// Queues syslog messages from any thread and writes them from one background task: each as a line to stdout and,
/// when <see cref="SyslogOptions.Target"/> is set, as one UDP datagram (RFC 5426 §3.1: one message per datagram).
/// <see cref="TryLog(SyslogMessage)"/> never blocks: when the bounded queue is full the message is dropped and
/// <see cref="Dropped"/> counts it, so the packet path cannot be slowed by a slow terminal or receiver.
/// </summary>
public sealed class SyslogSink : IAsyncDisposable
{
    private readonly SyslogOptions _options;
    private readonly Channel<SyslogMessage> _queue;
    private readonly TextWriter? _lines;
    private readonly TextWriter _errors;
    private readonly Task _pump;
    private readonly string _hostName;
    private readonly string _procId;
    private readonly SyslogTarget? _target;

    // Counters, written with Interlocked by any thread.
    private long _dropped;
    private long _sent;
    private long _sendFailures;

    // Used only by the pump task.
    private readonly StringBuilder _line = new(256);
    private byte[] _datagram = new byte[2048];
    private Socket? _socket;
    private EndPoint? _remote;

    /// <param name="options">Validated here: an unparsable Target or a non-positive QueueCapacity throws <see cref="ArgumentException"/>.</param>
    /// <param name="lines">Where lines go; null means <see cref="Console.Out"/>.</param>
    /// <param name="errors">Where the sink reports its own failures (unresolvable target); null means <see cref="Console.Error"/>.</param>
    public SyslogSink(SyslogOptions options, TextWriter? lines = null, TextWriter? errors = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.QueueCapacity <= 0)
        {
            throw new ArgumentException($"Syslog queue capacity must be positive, not {options.QueueCapacity}", nameof(options));
        }

        if (options.Target is not null)
        {
            if (!SyslogTarget.TryParse(options.Target, out var target))
            {
                throw new ArgumentException($"Syslog:Target '{options.Target}' is not host:port", nameof(options));
            }

            _target = target;
        }

        _options = options;
        _lines = options.WriteToStandardOutput ? lines ?? Console.Out : null;
        _errors = errors ?? Console.Error;
        _hostName = options.HostName ?? Environment.MachineName;
        _procId = Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // FullMode.Wait makes TryWrite return false when full (DropWrite would report success and discard silently).
        _queue = Channel.CreateBounded<SyslogMessage>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,
        });
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Messages discarded because the queue was full or the sink was disposed.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>UDP datagrams handed to the socket.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>UDP sends that failed (unreachable, would block, unresolvable target).</summary>
    public long SendFailures => Interlocked.Read(ref _sendFailures);

    /// <summary>Queues a complete message; false (and counted in <see cref="Dropped"/>) when the queue is full.</summary>
    public bool TryLog(SyslogMessage message)
    {
        if (_queue.Writer.TryWrite(message))
        {
            return true;
        }

        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Queues a message stamped now, with this sink's facility, host name, APP-NAME and PROCID.</summary>
    public bool TryLog(SyslogSeverity severity, string? msgId, string? message, params SyslogStructuredElement[] structuredData) =>
        TryLog(new SyslogMessage(_options.Facility, severity, DateTimeOffset.UtcNow, _hostName, _options.AppName, _procId, msgId, structuredData, message));

    /// <summary>Stops accepting messages, writes what is queued, and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _pump.ConfigureAwait(false);
    }

    private async Task PumpAsync()
    {
        try
        {
            if (_target is { } target)
            {
                await OpenSocketAsync(target).ConfigureAwait(false);
            }

            var reader = _queue.Reader;
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (reader.TryRead(out var message))
                {
                    Write(message);
                }

                FlushLines();
            }
        }
        finally
        {
            _socket?.Dispose();
        }
    }

    private void Write(SyslogMessage message)
    {
        _line.Clear();
        Rfc5424Formatter.Format(message, _line);
        try
        {
            _lines?.WriteLine(_line);
        }
        catch (IOException)
        {
            // A closed stdout must not stop the UDP side; there is nowhere left to report it.
        }

        if (_socket is null || _remote is null)
        {
            return;
        }

        var length = Encoding.UTF8.GetMaxByteCount(_line.Length);
        if (_datagram.Length < length)
        {
            _datagram = new byte[Math.Max(length, _datagram.Length * 2)];
        }

        var written = 0;
        foreach (var chunk in _line.GetChunks())
        {
            written += Encoding.UTF8.GetBytes(chunk.Span, _datagram.AsSpan(written));
        }

        try
        {
            _socket.SendTo(_datagram.AsSpan(0, written), SocketFlags.None, _remote);
            Interlocked.Increment(ref _sent);
        }
        catch (SocketException)
        {
            // Non-blocking socket: WouldBlock, ICMP-reported unreachable or an oversize datagram all count as failures.
            Interlocked.Increment(ref _sendFailures);
        }
    }

    private void FlushLines()
    {
        try
        {
            _lines?.Flush();
        }
        catch (IOException)
        {
        }
    }

    private async Task OpenSocketAsync(SyslogTarget target)
    {
        IPAddress? address;
        if (!IPAddress.TryParse(target.Host, out address))
        {
            try
            {
                var addresses = await Dns.GetHostAddressesAsync(target.Host).ConfigureAwait(false);
                address = addresses.FirstOrDefault();
            }
            catch (SocketException)
            {
                address = null;
            }
        }

        if (address is null)
        {
            Interlocked.Increment(ref _sendFailures);
            await _errors.WriteLineAsync($"syslog: cannot resolve {target}; writing to stdout only").ConfigureAwait(false);
            return;
        }

        _remote = new IPEndPoint(address, target.Port);
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { Blocking = false };
    }
}
