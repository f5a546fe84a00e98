using Storage.Cgf;
using Storage.Cgf.Ledger;
using Storage.Cgf.Writer;

namespace Cgf.Server.Tests.Export.Infrastructure;

/// <summary>A real CGF database in a temporary directory, filled through the real single writer.</summary>
public sealed class TestDatabase : IDisposable
{
    public TestDatabase()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("cgf-export-").FullName;
        Path = System.IO.Path.Combine(Directory, "cgf.db");
        ExportDirectory = System.IO.Path.Combine(Directory, "out");
    }

    public string Directory { get; }
    public string Path { get; }
    public string ExportDirectory { get; }

    /// <summary>
    /// Stores <paramref name="records"/> as the server would, <paramref name="perRequest"/> per request. The writer's
    /// idle-time indexing is off unless <paramref name="indexChunk"/> is set, so tests decide when the lookup tables are filled.
    /// </summary>
    public void Ingest(IEnumerable<byte[]> records, TransferKind kind = TransferKind.Send, string peer = "192.0.2.1", int firstSequence = 1,
        int perRequest = 1, int indexChunk = 0, int? recordFormat = null)
    {
        using var writer = new CgfWriter<TransferRequest>(new CgfWriterOptions { Path = Path, IndexChunk = indexChunk }, new NullObserver());
        var sequence = firstSequence;
        foreach (var chunk in records.Chunk(perRequest))
        {
            var incoming = chunk.Select(r => new IncomingRecord(r, true)).ToArray();
            writer.TryEnqueue(new TransferRequest
            {
                Peer = peer,
                SequenceNumber = (ushort)sequence++,
                Kind = kind,
                ContentHash = (UInt128)sequence * 7919 + (UInt128)chunk[0].Length,
                RecordFormat = recordFormat ?? TestCdrs.Rel17RecordFormat,
                Records = incoming,
            });
        }
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class NullObserver : ICgfWriterObserver<TransferRequest>
    {
        public void OnBatchCompleted(IReadOnlyList<TransferRequest> batch, TimeSpan commitDuration, bool committed) { }
        public void OnHoldExpired(int packets, int cdrs) { }
        public void OnStorageError(Exception exception) { }
    }
}
