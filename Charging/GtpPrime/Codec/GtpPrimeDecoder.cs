using System.Buffers;

namespace Charging.GtpPrime.Codec;

/// <summary>
/// Stateless GTP' decoder. Never throws on malformed input: every failure is a <see cref="GtpDecodeError"/>.
/// </summary>
public static class GtpPrimeDecoder
{
    /// <summary>
    /// Reads just enough of a message's start to know its total length (header + Length), for TCP framing.
    /// Returns NeedMoreData while fewer than 6 (or 20 for the v0 long form) octets are available.
    /// </summary>
    public static GtpDecodeStatus TryGetMessageLength(ReadOnlySpan<byte> prefix, out int messageLength, out GtpDecodeError error)
        => throw new NotImplementedException();

    /// <inheritdoc cref="TryGetMessageLength(ReadOnlySpan{byte}, out int, out GtpDecodeError)"/>
    public static GtpDecodeStatus TryGetMessageLength(in ReadOnlySequence<byte> prefix, out int messageLength, out GtpDecodeError error)
        => throw new NotImplementedException();

    /// <summary>Decodes the header only.</summary>
    public static bool TryReadHeader(ReadOnlySpan<byte> source, out GtpPrimeHeader header, out GtpDecodeError error)
        => throw new NotImplementedException();

    /// <summary>
    /// Decodes exactly one whole message (UDP datagram or one TCP frame). Record and extension
    /// payloads in the result are slices of <paramref name="message"/> (no copy).
    /// </summary>
    public static bool TryDecode(ReadOnlyMemory<byte> message, out GtpPrimeFrame frame, out GtpDecodeError error)
        => throw new NotImplementedException();
}
