namespace Cgf.Server.Delivery;

/// <summary>What the destination holds under a file's temporary name (<c>.NAME.part</c>).</summary>
public enum RemoteTemporary
{
    Absent,
    /// <summary>As long as the export file (it was verified before the rename was recorded as under way).</summary>
    Complete,
    /// <summary>Shorter or longer: an interrupted upload.</summary>
    Partial,
}
