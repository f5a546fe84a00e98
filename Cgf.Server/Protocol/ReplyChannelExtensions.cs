using Charging.GtpPrime;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.Messages;
using System.Buffers;

namespace Cgf.Server.Protocol;

public static class ReplyChannelExtensions
{
    /// <summary>Encodes <paramref name="message"/> into a pooled buffer and sends it.</summary>
    public static void Send(this IReplyChannel channel, GtpPrimeHeaderForm form, ushort sequenceNumber, GtpPrimeMessage message)
    {
        var length = GtpPrimeEncoder.GetEncodedLength(form, message);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            GtpPrimeEncoder.TryEncode(form, sequenceNumber, message, buffer, out var written);
            channel.Send(buffer.AsSpan(0, written));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
