using Gtp.Firewall.Gtp.V2;

namespace Gtp.Firewall.Tests.Gtp.V2;

public class BearerContextReaderTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Fact]
    public void YieldsTheBearerContextsOfTheGivenInstanceOnly()
    {
        var ies = Hex(
            "01 0008 00 0000000000000000" +                           // IMSI (skipped)
            "5d 0012 00 49 0001 00 05 57 0009 02 84 00000001 0a000001" + // bearer context inst 0, EBI 5
            "5d 0005 01 49 0001 00 09" +                              // inst 1, EBI 9 (skipped)
            "5d 0012 00 49 0001 00 06 57 0009 02 84 00000002 0a000002"); // inst 0, EBI 6

        var reader = new BearerContextReader(ies, instance: 0, preferredFTeidInstance: 2);
        var ebis = new List<(byte, uint)>();
        while (reader.MoveNext())
        {
            ebis.Add((reader.Current.Ebi, reader.Current.UserFTeid.Teid));
        }

        Assert.Equal([((byte)5, 1u), ((byte)6, 2u)], ebis);
        Assert.Equal(DropReason.None, reader.Status);
    }

    [Fact]
    public void StopsAtTheFirstBadBearerContext()
    {
        var ies = Hex(
            "5d 0005 00 49 0001 00 05" +
            "5d 000d 00 57 0009 02 84 00000002 0a000002" + // no EBI
            "5d 0005 00 49 0001 00 07");

        var reader = new BearerContextReader(ies, 0, 2);

        Assert.True(reader.MoveNext());
        Assert.False(reader.MoveNext());
        Assert.Equal(DropReason.MandatoryIeMissing, reader.Status);
        Assert.False(reader.MoveNext());
    }

    [Fact]
    public void ATruncatedTopLevelIeIsIeMalformed()
    {
        var reader = new BearerContextReader(Hex("5d 0005 00 49 0001"), 0, 2);

        Assert.False(reader.MoveNext());
        Assert.Equal(DropReason.IeMalformed, reader.Status);
    }
}
