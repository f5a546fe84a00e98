using Charging.Ber;
using Charging.GtpPrime.Codec;
using Charging.GtpPrime.Messages;
using Charging.Tests.Testing;
using System.Formats.Asn1;

namespace Charging.Tests.GtpPrime;

/// <summary>
/// Randomly mutated valid messages (fixed seeds, so failures reproduce): the decoder and the BER
/// validator must return a status for every input and never throw.
/// </summary>
public class GtpPrimeFuzzTests
{
    private const int Iterations = 120_000;

    private static List<byte[]> Corpus()
    {
        var corpus = new List<byte[]>();
        foreach (var row in GtpPrimeDecoderTests.AllVectors)
        {
            corpus.Add(Hex.Bytes(row));
        }

        foreach (var form in GtpPrimeRoundTripTests.Forms)
        {
            foreach (var message in GtpPrimeRoundTripTests.Messages)
            {
                corpus.Add(GtpPrimeEncoder.Encode(form, 0x1234, message));
            }
        }

        return corpus;
    }

    /// <summary>One to four mutations: bit flips, truncation, insertion, deletion, length tampering, overwrite.</summary>
    private static byte[] Mutate(Random random, byte[] original)
    {
        var bytes = new List<byte>(original);
        int mutations = random.Next(1, 5);
        for (int m = 0; m < mutations; m++)
        {
            int position = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(7))
            {
                case 0:
                    if (bytes.Count > 0)
                    {
                        bytes[position] ^= (byte)(1 << random.Next(8));
                    }
                    break;
                case 1:
                    bytes.RemoveRange(position, bytes.Count - position);
                    break;
                case 2:
                    for (int i = random.Next(1, 5); i > 0; i--)
                    {
                        bytes.Insert(position, (byte)random.Next(256));
                    }
                    break;
                case 3:
                    bytes.RemoveRange(position, Math.Min(random.Next(1, 4), bytes.Count - position));
                    break;
                case 4:
                    // Header Length (octets 3-4): small skew or any value.
                    if (bytes.Count >= 4)
                    {
                        int length = (bytes[2] << 8) | bytes[3];
                        length = random.Next(2) == 0 ? length + random.Next(-3, 4) : random.Next(65536);
                        bytes[2] = (byte)(length >> 8);
                        bytes[3] = (byte)length;
                    }
                    break;
                case 5:
                    // A 2-octet length anywhere: IE, record or sequence-number lengths.
                    if (bytes.Count >= 2)
                    {
                        int at = random.Next(bytes.Count - 1);
                        int value = random.Next(3) switch { 0 => 0, 1 => 0xFFFF, _ => random.Next(64) };
                        bytes[at] = (byte)(value >> 8);
                        bytes[at + 1] = (byte)value;
                    }
                    break;
                default:
                    if (bytes.Count > 0)
                    {
                        bytes[position] = (byte)random.Next(256);
                    }
                    break;
            }
        }

        return bytes.ToArray();
    }

    [Fact]
    public void MutatedMessagesNeverMakeTheDecoderThrow()
    {
        var random = new Random(32295);
        var corpus = Corpus();
        int decoded = 0;
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            var input = Mutate(random, corpus[random.Next(corpus.Count)]);
            try
            {
                Exercise(input, iteration % 16 == 0);
                decoded += GtpPrimeDecoder.TryDecode(input, out _, out _) ? 1 : 0;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"iteration {iteration}: {e.GetType().Name} on {Hex.Of(input)}: {e}");
            }
        }

        // The mutations must leave a share of valid messages, or the fuzzing only ever tests the header.
        Assert.InRange(decoded, Iterations / 20, Iterations);
    }

    private static void Exercise(byte[] input, bool segmented)
    {
        var status = GtpPrimeDecoder.TryGetMessageLength(input, out int messageLength, out _);
        if (status == GtpDecodeStatus.Success)
        {
            Assert.InRange(messageLength, 6, 20 + 65535);
        }

        if (segmented)
        {
            var sequence = ReadOnlySequenceFactory.SegmentPerByte(input.AsSpan(0, Math.Min(input.Length, 8)));
            Assert.Equal(status, GtpPrimeDecoder.TryGetMessageLength(sequence, out int sequenceLength, out _));
            Assert.Equal(messageLength, sequenceLength);
        }

        GtpPrimeDecoder.TryReadHeader(input, out _, out _);
        if (!GtpPrimeDecoder.TryDecode(input, out var frame, out var error))
        {
            Assert.NotEqual(GtpDecodeStatus.Success, error.Status);
            Assert.NotEqual(GtpDecodeStatus.NeedMoreData, error.Status);
            return;
        }

        Assert.Equal(GtpDecodeStatus.Success, status);
        Assert.Equal(frame.Header.MessageLength, messageLength);
        Assert.InRange(frame.Header.MessageLength, 6, input.Length);
        if (frame.Message is VersionNotSupported { PrivateExtension: not null })
        {
            // Accepted leniently on receipt, but Version Not Supported is header-only when sent.
            return;
        }

        // A decoded message re-encodes, and the re-encoding decodes to the same message.
        var encoded = GtpPrimeEncoder.Encode(frame.Header.Form, frame.Header.SequenceNumber, frame.Message);
        Assert.True(GtpPrimeDecoder.TryDecode(encoded, out var again, out var againError), againError.ToString());
        Assert.Equal(frame.Header with { Length = again.Header.Length, SpareBits = 0b111 }, again.Header);
        GtpPrimeAssert.Equivalent(frame.Message, again.Message);
    }

    [Fact]
    public void MutatedRecordsNeverMakeTheBerValidatorThrow()
    {
        var random = new Random(32298);
        byte[][] corpus =
        [
            Hex.Bytes(GtpPrimeVectors.PgwRecord),
            Hex.Bytes("3080 3080 020105 0000 2480 0402aabb 0000 0000"),
            Hex.Bytes("bf8101 0a 1f8101 01 ff 3081 03 020105"),
        ];
        int valid = 0;
        for (int iteration = 0; iteration < Iterations; iteration++)
        {
            var input = Mutate(random, corpus[random.Next(corpus.Length)]);
            try
            {
                if (BerValidator.TryValidate(input, out int errorOffset))
                {
                    valid++;
                    // A valid record is one whole TLV to the runtime's reader too.
                    Assert.True(AsnDecoder.TryReadEncodedValue(input, AsnEncodingRules.BER, out _, out _, out _, out int consumed));
                    Assert.Equal(input.Length, consumed);
                }
                else
                {
                    Assert.InRange(errorOffset, 0, input.Length);
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"iteration {iteration}: {e.GetType().Name} on {Hex.Of(input)}: {e}");
            }
        }

        Assert.InRange(valid, 1, Iterations - 1);
    }
}
