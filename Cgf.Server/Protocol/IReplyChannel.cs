namespace Cgf.Server.Protocol;

/// <summary>Where a response goes: a UDP source address or a TCP connection. Equal channels get grouped responses.</summary>
public interface IReplyChannel
{
    string Transport { get; }

    /// <summary>Sends one encoded message; never throws (a failed send is a lost datagram, and GTP' retransmits).</summary>
    void Send(ReadOnlySpan<byte> message);
}
