using Charging.GtpPrime.Codec;
using System.Buffers;

namespace Charging.GtpPrime.Transport;

/// <summary>
/// GTP' over TCP: no framing of its own, messages back to back, each as long as its header says (6 or 20 octets
/// plus Length), split anywhere across reads (TS 32.295 §5.1.4, docs/gtp-prime.md §6). Stateless: the
/// connection owns the buffer and calls <c>AdvanceTo(reader.Position, buffer.End)</c> in a <c>finally</c>.
/// </summary>
public static class GtpPrimeFrameReader
{
    /// <summary>The longest message a header can announce: the v0 20-octet header plus a 16-bit Length.</summary>
    public const int MaxFrameLength = GtpPrimeHeader.LongLength + ushort.MaxValue;

    /// <summary>
    /// Reads the next whole message from <paramref name="reader"/>.
    /// <see cref="GtpPrimeFrameStatus.Frame"/>: <paramref name="frame"/> is the message (a slice of the input, no
    /// copy) and the reader is past it. <see cref="GtpPrimeFrameStatus.NeedMoreData"/>: nothing consumed.
    /// <see cref="GtpPrimeFrameStatus.Malformed"/>: nothing consumed; <paramref name="error"/> says why, with the
    /// header when it was read (VersionNotSupported: answer with its sequence number).
    /// </summary>
    /// <param name="maxFrameLength">A message announcing more octets than this is Malformed (InvalidLength).</param>
    public static GtpPrimeFrameStatus TryReadFrame(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> frame, out GtpDecodeError error,
        int maxFrameLength = MaxFrameLength)
    {
        frame = default;
        // The header fits in the first 6 octets (TS 32.295 §6.1.1): never look further for the length.
        var unread = reader.UnreadSequence;
        var head = unread.Length > GtpPrimeHeader.ShortLength ? unread.Slice(0, GtpPrimeHeader.ShortLength) : unread;
        var status = GtpPrimeDecoder.TryGetMessageLength(head, out var length, out error);
        if (status == GtpDecodeStatus.NeedMoreData)
            return GtpPrimeFrameStatus.NeedMoreData;
        if (status != GtpDecodeStatus.Success)
            return GtpPrimeFrameStatus.Malformed;
        if ((uint)length > (uint)maxFrameLength)
        {
            error = new GtpDecodeError(GtpDecodeStatus.InvalidLength, 0, Detail: $"message of {length} octets, more than {maxFrameLength}");
            return GtpPrimeFrameStatus.Malformed;
        }
        if (reader.Remaining < length)
            return GtpPrimeFrameStatus.NeedMoreData;

        frame = unread.Slice(0, length);
        reader.Advance(length);
        return GtpPrimeFrameStatus.Frame;
    }
}
