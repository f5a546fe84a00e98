namespace Gtp.Firewall.Inspection;

public enum Verdict : byte
{
    Permit,
    Drop,
    /// <summary>
    /// An IP fragment held for reassembly; the datagram's verdict comes with the fragment that completes or discards it
    /// (same <see cref="InspectionResult.Datagram"/>), or as a discard report (<c>FragmentReassembler.TryTakeDiscarded</c>).
    /// </summary>
    Buffered,
    /// <summary>Not GTP (or not UDP): passed without inspection.</summary>
    NotGtp,
}
