using Storage.Cgf.PostgreSql;

namespace Cgf.Server.Tests.Postgres;

/// <summary>
/// PostgreSQL's binary COPY format, against bytes written out by hand from the format's description (header, per row
/// a field count, per field a length or -1 for NULL and the value in network byte order, trailer -1).
/// </summary>
public sealed class BinaryCopyWriterTests
{
    private const string Header = "5047434F50590AFF0D0A00" + "00000000" + "00000000";

    [Fact]
    public void ARowOfEachTypeWithNullsBetweenHeaderAndTrailer()
    {
        var copy = new BinaryCopyWriter();
        copy.Begin();
        copy.StartRow(8);
        copy.Int16(-2);
        copy.Int32(0x01020304);
        copy.Int64(0x0102030405060708);
        copy.Int64((long?)null);
        copy.Bytes([0xAB, 0xCD]);
        copy.Bytes((byte[]?)null);
        copy.Text("2620é");
        copy.Text(null);
        copy.End();

        Assert.Equal(
            Header + "0008" +
            "00000002" + "FFFE" +
            "00000004" + "01020304" +
            "00000008" + "0102030405060708" +
            "FFFFFFFF" +
            "00000002" + "ABCD" +
            "FFFFFFFF" +
            "00000006" + "32363230C3A9" +
            "FFFFFFFF" +
            "FFFF",
            Convert.ToHexString(copy.Written.Span));
    }

    [Fact]
    public void WhatWasTakenIsNotWrittenAgainAndANewCopyStartsWithItsHeader()
    {
        var copy = new BinaryCopyWriter();
        copy.Begin();
        copy.StartRow(1);
        copy.Int32(7);
        copy.Taken();
        copy.StartRow(1);
        copy.Int32(8);
        copy.End();
        Assert.Equal("0001" + "00000004" + "00000008" + "FFFF", Convert.ToHexString(copy.Written.Span));

        copy.Begin();
        copy.End();
        Assert.Equal(Header + "FFFF", Convert.ToHexString(copy.Written.Span));
    }

    [Fact]
    public void AValueLargerThanTheBufferIsWrittenWhole()
    {
        var copy = new BinaryCopyWriter();
        copy.Begin();
        copy.StartRow(1);
        var large = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        copy.Bytes(large);

        var written = copy.Written.Span;
        Assert.Equal(19 + 2 + 4 + large.Length, written.Length);
        Assert.Equal("000493E0", Convert.ToHexString(written.Slice(21, 4)));
        Assert.True(written[25..].SequenceEqual(large));
    }
}
