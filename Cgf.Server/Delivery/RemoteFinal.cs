namespace Cgf.Server.Delivery;

/// <summary>What the destination holds under a file's final name.</summary>
public enum RemoteFinal
{
    Absent,
    /// <summary>Same length and SHA-256 as the recorded export file.</summary>
    Matching,
    /// <summary>Another file under that name: never overwritten.</summary>
    Different,
}
