namespace Gtp.Firewall.Capture;

/// <summary>Thrown by the throwing APIs of <see cref="CaptureReader"/>; carries the same <see cref="CaptureError"/> the Try APIs return.</summary>
public sealed class CaptureFormatException : Exception
{
    public CaptureFormatException(CaptureError error)
        : base(error.ToString())
    {
        Error = error;
    }

    public CaptureError Error { get; }

    public long Offset => Error.Offset;

    public CaptureErrorReason Reason => Error.Reason;
}
