using Cgf.Server.Protocol;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Cgf.Server.Tests.Protocol;

/// <summary>The content digest is SHA-256 whichever way it is computed: stored hashes must match after an upgrade.</summary>
public sealed class ContentDigestTests
{
    [Theory]
    // Around the 55/56/64-octet padding boundaries of SHA-256, a CDR's size, and more than a UDP datagram.
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(55)]
    [InlineData(56)]
    [InlineData(64)]
    [InlineData(119)]
    [InlineData(410)]
    [InlineData(70_000)]
    public void TheDigestIsTheFirstSixteenOctetsOfSha256(int length)
    {
        var data = Enumerable.Range(0, length).Select(i => (byte)(i * 31 + 7)).ToArray();

        Assert.Equal(BinaryPrimitives.ReadUInt128BigEndian(SHA256.HashData(data)), ContentDigest.Hash(data));
    }

    [Fact]
    public void WithoutOpenSslThePiecesGiveTheSameDigest()
    {
        var data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 31 + 7)).ToArray();
        var digest = ContentDigest.StartWithoutOpenSsl();
        digest.Append(data.AsSpan(0, 3));
        digest.Append([]);
        digest.Append(data.AsSpan(3));

        Assert.Equal(BinaryPrimitives.ReadUInt128BigEndian(SHA256.HashData(data)), digest.Finish());
        Assert.Equal(ContentDigest.Hash(data), BinaryPrimitives.ReadUInt128BigEndian(SHA256.HashData(data)));
    }

    [Fact]
    public void KnownVectorsFromFips180()
    {
        // FIPS 180-2 appendix B.1 ("abc") and the empty string, first 16 octets.
        Assert.Equal(UInt128.Parse("ba7816bf8f01cfea414140de5dae2223", System.Globalization.NumberStyles.HexNumber), ContentDigest.Hash("abc"u8));
        Assert.Equal(UInt128.Parse("e3b0c44298fc1c149afbf4c8996fb924", System.Globalization.NumberStyles.HexNumber), ContentDigest.Hash([]));
    }

    [SkippableFact]
    public void OnLinuxTheDigestComesFromOpenSslWithoutEvp()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "libcrypto.so.3 is looked for on Linux only");
        ContentDigest.Hash("abc"u8);
        Assert.True(ContentDigest.FromOpenSslDirectly, "libcrypto.so.3 or SHA256_Init/Update/Final not found: the slower SHA256.HashData is in use");
    }
}
