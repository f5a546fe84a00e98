namespace Gtp.Firewall.Inspection;

public enum Verdict : byte
{
    Permit,
    Drop,
    /// <summary>An IP fragment held for reassembly; the datagram's verdict comes with its last fragment.</summary>
    Buffered,
    /// <summary>Not GTP (or not UDP): passed without inspection.</summary>
    NotGtp,
}
