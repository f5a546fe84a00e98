namespace Cgf.Server.Transport;

/// <summary>Whether <see cref="TcpConnectionTable"/> lets one more connection in.</summary>
public enum TcpAdmission
{
    Admitted,
    /// <summary>The peer address has Cgf:Limits:TcpConnectionsPerPeer open already.</summary>
    PeerLimit,
    /// <summary>Cgf:Limits:TcpConnections are open already.</summary>
    TotalLimit,
}
