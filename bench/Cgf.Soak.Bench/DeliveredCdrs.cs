using Charging.Cdr;
using Charging.CdrFiles;

namespace Cgf.Soak.Bench;

/// <summary>
/// Billing's side of the run: reads every closed CDR file that appears in a folder with the project's TS 32.297
/// reader, counts each CDR by its localSequenceNumber (the load gives CDR n the number n), and, as billing does once
/// it has collected a file, deletes it. At the end every number offered must have been seen exactly once.
/// </summary>
internal sealed class DeliveredCdrs(string directory, string nodeId, bool deleteAfterReading)
{
    private readonly List<byte> _seen = [];
    private readonly HashSet<string> _read = [];

    public long Files { get; private set; }
    public long Cdrs { get; private set; }
    public long Unreadable { get; private set; }
    public long Bytes { get; private set; }

    /// <summary>Whether a file of this name was read (and so was delivered).</summary>
    public bool WasRead(string name) => _read.Contains(name);

    /// <summary>Reads the closed files not read yet.</summary>
    public void Collect()
    {
        foreach (var path in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (!CdrFileName.TryParse(name, nodeId, out _, out _) || !_read.Add(name))
                continue;
            var content = File.ReadAllBytes(path);
            Files++;
            Bytes += content.Length;
            if (!CdrFileReader.TryRead(content, out var file, out _))
            {
                Unreadable++;
                continue;
            }
            foreach (var record in file.Records)
            {
                Cdrs++;
                if (CdrSummaryReader.Read(record.Data.Span).LocalSequenceNumber is not { } number || number < 1 || number > int.MaxValue)
                {
                    Unreadable++;
                    continue;
                }
                while (_seen.Count < number)
                    _seen.Add(0);
                _seen[(int)number - 1] = (byte)Math.Min(255, _seen[(int)number - 1] + 1);
            }
            if (deleteAfterReading)
                File.Delete(path);
        }
    }

    /// <summary>Of CDRs 1..<paramref name="offered"/>: how many were never seen, and how many were seen more than once.</summary>
    public (long Missing, long Duplicated) Check(long offered)
    {
        long missing = 0, duplicated = 0;
        for (var n = 0; n < offered; n++)
        {
            var count = n < _seen.Count ? _seen[n] : 0;
            if (count == 0)
                missing++;
            else if (count > 1)
                duplicated++;
        }
        return (missing, duplicated + _seen.Skip((int)offered).Count(c => c > 0));
    }
}
