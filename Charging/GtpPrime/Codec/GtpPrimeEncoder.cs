using Charging.GtpPrime.Messages;
using System.Buffers;

namespace Charging.GtpPrime.Codec;

/// <summary>
/// GTP' encoder: sizing, side-effect-free TryEncode into a span, and Encode into a buffer writer.
/// Emits spare bits 111, v0 long-form filler as zeros, IE 251 for Node Address.
/// </summary>
public static class GtpPrimeEncoder
{
    public static int GetEncodedLength(GtpPrimeHeaderForm form, GtpPrimeMessage message)
        => throw new NotImplementedException();

    /// <summary>False only when <paramref name="destination"/> is too small; nothing is written then.</summary>
    public static bool TryEncode(GtpPrimeHeaderForm form, ushort sequenceNumber, GtpPrimeMessage message, Span<byte> destination, out int bytesWritten)
        => throw new NotImplementedException();

    public static int Encode(GtpPrimeHeaderForm form, ushort sequenceNumber, GtpPrimeMessage message, IBufferWriter<byte> writer)
        => throw new NotImplementedException();

    public static byte[] Encode(GtpPrimeHeaderForm form, ushort sequenceNumber, GtpPrimeMessage message)
        => throw new NotImplementedException();
}
