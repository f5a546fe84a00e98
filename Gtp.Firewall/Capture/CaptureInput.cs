namespace Gtp.Firewall.Capture;

/// <summary>
/// Forward-only reads from a stream that need not be seekable, tracking the byte offset for error reports.
/// </summary>
internal sealed class CaptureInput : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;

    public CaptureInput(Stream stream, bool leaveOpen)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>Offset of the next octet to be read, from the start of the stream.</summary>
    public long Position { get; private set; }

    /// <summary>Fills as much of <paramref name="destination"/> as the stream still holds; fewer octets means end of stream.</summary>
    public int Read(Span<byte> destination)
    {
        var read = _stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        Position += read;
        return read;
    }

    /// <summary>Discards <paramref name="count"/> octets through <paramref name="scratch"/>; returns how many were discarded.</summary>
    public long Skip(long count, Span<byte> scratch)
    {
        var skipped = 0L;
        while (skipped < count)
        {
            var chunk = (int)Math.Min(scratch.Length, count - skipped);
            var read = Read(scratch[..chunk]);
            skipped += read;
            if (read < chunk)
            {
                break;
            }
        }

        return skipped;
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }
}
