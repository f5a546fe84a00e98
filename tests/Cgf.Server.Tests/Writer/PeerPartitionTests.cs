using Storage.Cgf.Writer;

namespace Cgf.Server.Tests.Writer;

public class PeerPartitionTests
{
    [Fact]
    public void OneWriterKeepsEveryPeer()
    {
        Assert.Equal(0, PeerPartition.Of("192.0.2.1", 1));
        Assert.Equal(0, PeerPartition.Of("2001:db8::7", 1));
    }

    [Theory]
    // '1' is 49 and '2' 50 in the address text: neighbours go to different writers.
    [InlineData("127.0.0.1", 1)]
    [InlineData("127.0.0.2", 0)]
    [InlineData("10.20.30.40", 0)]
    [InlineData("2001:db8::2", 1)]
    public void APeersWriterIsTheSumOfItsAddressCharactersModuloTheWriters(string peer, int writer) =>
        Assert.Equal(writer, PeerPartition.Of(peer, 2));

    [Fact]
    public void A24OfCdfsIsSharedOutEvenly()
    {
        var perWriter = new int[3];
        for (var host = 1; host <= 254; host++)
            perWriter[PeerPartition.Of($"198.51.100.{host}", 3)]++;
        Assert.All(perWriter, count => Assert.InRange(count, 84, 86));
    }

    [Fact]
    public void NoWritersIsRefused() => Assert.Throws<ArgumentOutOfRangeException>(() => PeerPartition.Of("192.0.2.1", 0));
}
