using Storage.Cgf.Writer;

namespace Cgf.Server.Protocol;

/// <summary>Run-time state shared by the services: set once by the storage service at start.</summary>
public sealed class CgfState
{
    private CgfWriterGroup<PendingTransfer>? _writer;

    /// <summary>This start's restart counter, sent as Recovery in Echo Responses.</summary>
    public byte RestartCounter { get; set; }

    public CgfWriterGroup<PendingTransfer> Writer
    {
        get => _writer ?? throw new InvalidOperationException("storage is not open yet");
        set => _writer = value;
    }

    public bool IsStorageOpen => _writer is not null;
}
