namespace Cgf.Server.Transport;

/// <summary>Why the CGF closed a TCP connection a peer was still holding (docs/cgf-design.md, "Limits").</summary>
public enum TcpLimit
{
    /// <summary>Nothing received for Cgf:Limits:TcpIdleTimeout.</summary>
    Idle,
    /// <summary>Part of a message held for Cgf:Limits:TcpIncompleteFrameTimeout.</summary>
    IncompleteFrame,
    /// <summary>A header announced more than Cgf:Limits:TcpBufferedOctets.</summary>
    FrameTooLarge,
    /// <summary>The peer does not read: its queued responses passed Cgf:Limits:TcpQueuedResponseOctets.</summary>
    ResponsesDropped,
}
