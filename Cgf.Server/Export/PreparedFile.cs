using Charging.CdrFiles;
using Storage.Cgf;

namespace Cgf.Server.Export;

/// <summary>One CDR file built in memory from the database, not yet written: its octets, CDR ids and why it closed.</summary>
internal sealed class PreparedFile(int initialCapacity)
{
    public CdrFileBuilder Builder { get; } = new(initialCapacity);
    public List<long> Ids { get; } = new();
    public bool PossiblyDuplicate { get; private set; }
    /// <summary>Max CDRs or Max bytes reached; null when fewer CDRs were waiting.</summary>
    public FileClosureTriggerReason? Reason { get; private set; }
    /// <summary>Commit time of the first CDR: when the file was opened, in the sense that the CDR was written to it.</summary>
    public long OpenedAtMs { get; private set; }
    public long LastAppendedAtMs { get; private set; }

    /// <summary>Reads committed CDRs of one kind with ids after <paramref name="afterId"/> until a limit; false when none wait.</summary>
    public bool Build(CdrExportStore store, CdrExporterSettings settings, bool possiblyDuplicate, long afterId)
    {
        Builder.Clear();
        Ids.Clear();
        PossiblyDuplicate = possiblyDuplicate;
        Reason = null;
        store.VisitExportable(possiblyDuplicate, afterId, settings.MaxCdrs, (id, recordFormat, committedAtMs, data) =>
        {
            var format = CdrRecordFormat.Unpack(recordFormat);
            var releaseVersion = format.ToReleaseVersion();
            if (Builder.Count > 0 && Builder.Length + CdrFileBuilder.AppendedLength(data.Length, releaseVersion) > settings.MaxBytes)
            {
                Reason = FileClosureTriggerReason.FileSizeLimitReached;
                return false;
            }
            if (Builder.Count == 0)
                OpenedAtMs = committedAtMs;
            LastAppendedAtMs = committedAtMs;
            Builder.Append(data, releaseVersion, format.FileDataRecordFormat == 0 ? CdrRecordFormat.Ber : format.FileDataRecordFormat);
            Ids.Add(id);
            return true;
        });
        if (Reason is null && Builder.Count >= settings.MaxCdrs)
            Reason = FileClosureTriggerReason.MaximumNumberOfCdrsReached;
        return Builder.Count > 0;
    }
}
