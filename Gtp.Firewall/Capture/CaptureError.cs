namespace Gtp.Firewall.Capture;

/// <summary>
/// Where and why reading a capture file stopped. <see cref="Offset"/> is the byte offset, from the start of
/// the stream, of the file header, record or block that is at fault.
/// </summary>
public sealed record CaptureError(long Offset, CaptureErrorReason Reason, string Detail)
{
    /// <summary>One line for a CLI: "offset 1234: truncated packet data (needed 60 bytes, 12 available)".</summary>
    public override string ToString() => $"offset {Offset}: {Detail}";
}
