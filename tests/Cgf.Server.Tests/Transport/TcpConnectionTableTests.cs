using Cgf.Server.Transport;

namespace Cgf.Server.Tests.Transport;

public sealed class TcpConnectionTableTests
{
    [Fact]
    public void APeerAtItsCapIsRefusedWhileOthersAreStillAdmitted()
    {
        var table = new TcpConnectionTable(perPeer: 2, total: 10);
        Assert.Equal(TcpAdmission.Admitted, table.TryAdmit("10.0.0.1"));
        Assert.Equal(TcpAdmission.Admitted, table.TryAdmit("10.0.0.1"));

        Assert.Equal(TcpAdmission.PeerLimit, table.TryAdmit("10.0.0.1"));
        Assert.Equal(TcpAdmission.Admitted, table.TryAdmit("10.0.0.2"));
        Assert.Equal(3, table.Open);
    }

    [Fact]
    public void TheTotalCapRefusesEveryPeerAndAReleaseMakesRoomAgain()
    {
        var table = new TcpConnectionTable(perPeer: 5, total: 2);
        table.TryAdmit("a");
        table.TryAdmit("b");

        Assert.Equal(TcpAdmission.TotalLimit, table.TryAdmit("c"));
        table.Release("a");
        Assert.Equal(TcpAdmission.Admitted, table.TryAdmit("c"));
    }

    [Fact]
    public void AReleasedPeerMayConnectAgainUpToItsCap()
    {
        var table = new TcpConnectionTable(perPeer: 1, total: 10);
        table.TryAdmit("a");
        table.Release("a");
        Assert.Equal(TcpAdmission.Admitted, table.TryAdmit("a"));
        Assert.Equal(TcpAdmission.PeerLimit, table.TryAdmit("a"));
        Assert.Equal(1, table.Open);
    }
}
