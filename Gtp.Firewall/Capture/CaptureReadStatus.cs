namespace Gtp.Firewall.Capture;

/// <summary>Outcome of <see cref="CaptureReader.TryReadNext"/>.</summary>
public enum CaptureReadStatus
{
    /// <summary>A packet was read; it stays valid until the next read.</summary>
    Packet,

    /// <summary>The stream ended cleanly on a record/block boundary.</summary>
    EndOfCapture,

    /// <summary>The file is malformed or truncated; <see cref="CaptureReader.Error"/> says where and why. Reading stops.</summary>
    Error,
}
