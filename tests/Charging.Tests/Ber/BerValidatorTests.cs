using Charging.Ber;
using Charging.Tests.GtpPrime;
using Charging.Tests.Testing;
using System.Formats.Asn1;

namespace Charging.Tests.Ber;

public class BerValidatorTests
{
    private static (bool Valid, int ErrorOffset) Validate(string hex)
    {
        bool valid = BerValidator.TryValidate(Hex.Bytes(hex), out int errorOffset);
        return (valid, errorOffset);
    }

    [Fact]
    public void PgwRecordFromTheSendVectorIsValid()
    {
        // Reference §7: the record after its 2-octet length; tag [79] constructed with a two-octet tag.
        Assert.Equal((true, -1), Validate(GtpPrimeVectors.PgwRecord));
    }

    [Theory]
    [InlineData("3080020105 0000")] // SEQUENCE, indefinite length
    [InlineData("3080 3080 020105 0000 0000")] // nested indefinite lengths
    [InlineData("2480 0402aabb 0401cc 0000")] // constructed OCTET STRING, indefinite
    [InlineData("3000")] // empty SEQUENCE
    [InlineData("0500")] // NULL
    [InlineData("1f8101 01 ff")] // multi-octet universal tag number 129
    [InlineData("3081 03 020105")] // long-form definite length (BER allows it)
    public void WellFormedEncodingsAreValid(string hex) => Assert.True(Validate(hex).Valid);

    [Fact]
    public void EmptyInputIsInvalid()
    {
        Assert.False(BerValidator.TryValidate(ReadOnlySpan<byte>.Empty, out int errorOffset));
        Assert.Equal(0, errorOffset);
    }

    [Fact]
    public void TruncatedRecordIsInvalid()
    {
        var record = Hex.Bytes(GtpPrimeVectors.PgwRecord);
        for (int length = 1; length < record.Length; length++)
        {
            Assert.False(BerValidator.TryValidate(record.AsSpan(0, length), out _), $"prefix of {length} octets");
        }
    }

    [Fact]
    public void LengthOverrunIsInvalid()
    {
        // Outer length 0x1c claims 28 content octets; 27 follow.
        Assert.Equal((false, 0), Validate("bf4f1c800155830821436587092143f5a40680040a000001850400000001"));
    }

    [Fact]
    public void TrailingGarbageIsInvalidAtTheFirstExtraOctet()
    {
        Assert.Equal((false, 30), Validate(GtpPrimeVectors.PgwRecord + "00"));
        Assert.Equal((false, 3), Validate("020105 020106"));
    }

    [Fact]
    public void ConstructedElementWhoseContentsDoNotParseIsInvalid()
    {
        // The outer TLV is framed correctly; its content claims an INTEGER of 3 octets with 2 present.
        var record = Hex.Bytes("3004 0203 0100");
        Assert.True(AsnDecoder.TryReadEncodedValue(record, AsnEncodingRules.BER, out _, out _, out _, out int consumed));
        Assert.Equal(record.Length, consumed);
        Assert.Equal((false, 2), Validate("3004 0203 0100"));
    }

    [Fact]
    public void NestedInconsistencyInsideTheRecordIsFoundAtItsOffset()
    {
        // In the PGW record, the [4] constructed element (offset 16) claims 6 octets but holds "80 05 0a000001":
        // its inner [0] claims 5 octets with 4 present, while the outer lengths stay consistent.
        Assert.Equal((false, 18), Validate("bf4f1b800155830821436587092143f5a40680050a000001850400000001"));
    }

    [Theory]
    [InlineData("0480 0000")] // primitive with indefinite length
    [InlineData("3080 020105")] // indefinite without end-of-contents
    [InlineData("3002 0000")] // end-of-contents inside a definite length
    [InlineData("0000")] // end-of-contents as the record
    [InlineData("02")] // tag only
    [InlineData("0284ffffffff00")] // length too big
    [InlineData("1f")] // multi-octet tag cut
    public void MalformedEncodingsAreInvalid(string hex) => Assert.False(Validate(hex).Valid);

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void NestingIsLimitedToSixtyFourLevels(int levels, bool valid)
    {
        // levels nested SEQUENCEs, the innermost empty.
        byte[] record = [0x30, 0x00];
        for (int i = 1; i < levels; i++)
        {
            record = [0x30, (byte)record.Length, .. record];
        }

        Assert.Equal(valid, BerValidator.TryValidate(record, out _));
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(65, false)]
    public void IndefiniteLengthNestingIsLimitedToo(int levels, bool valid)
    {
        var record = new List<byte>();
        for (int i = 0; i < levels; i++)
        {
            record.AddRange([0x30, 0x80]);
        }

        for (int i = 0; i < levels; i++)
        {
            record.AddRange([0x00, 0x00]);
        }

        Assert.Equal(valid, BerValidator.TryValidate(record.ToArray(), out _));
    }
}
