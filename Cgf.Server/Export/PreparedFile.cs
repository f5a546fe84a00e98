using Charging.CdrFiles;
using Storage.Cgf;

namespace Cgf.Server.Export;

/// <summary>One CDR file built in memory from the database, not yet written: its octets, CDR ids and why it closed.</summary>
internal sealed class PreparedFile(int initialCapacity)
{
    public CdrFileBuilder Builder { get; } = new(initialCapacity);
    public List<long> Ids { get; } = new();
    /// <summary>
    /// CDRs read beside <see cref="Ids"/> whose stored Data Record Format has no TS 32.297 code (docs/cdr-formats.md §4):
    /// not in the file, to be set aside as withheld rather than labelled with another format.
    /// </summary>
    public List<long> Withheld { get; } = new();
    /// <summary>The last id read, in the file or withheld: where the next file of this kind starts reading.</summary>
    public long LastReadId => Math.Max(Ids.Count > 0 ? Ids[^1] : 0, Withheld.Count > 0 ? Withheld[^1] : 0);
    public bool PossiblyDuplicate { get; private set; }
    /// <summary>Max CDRs or Max bytes reached; null when fewer CDRs were waiting.</summary>
    public FileClosureTriggerReason? Reason { get; private set; }
    /// <summary>Commit time of the first CDR: when the file was opened, in the sense that the CDR was written to it.</summary>
    public long OpenedAtMs { get; private set; }
    public long LastAppendedAtMs { get; private set; }

    /// <summary>
    /// Reads committed CDRs of one kind with ids after <paramref name="afterId"/> until a limit; false when none wait.
    /// True with no CDR in the file when every one read is withheld.
    /// </summary>
    public bool Build(ICdrExportStore store, CdrExporterSettings settings, bool possiblyDuplicate, long afterId)
    {
        Builder.Clear();
        Ids.Clear();
        Withheld.Clear();
        PossiblyDuplicate = possiblyDuplicate;
        Reason = null;
        store.VisitExportable(possiblyDuplicate, afterId, settings.MaxCdrs, (id, recordFormat, committedAtMs, data) =>
        {
            var format = CdrRecordFormat.Unpack(recordFormat);
            if (!format.TryGetFileDataRecordFormat(out var fileFormat))
            {
                Withheld.Add(id);
                return true;
            }
            var releaseVersion = format.ToReleaseVersion();
            if (Builder.Count > 0 && Builder.Length + CdrFileBuilder.AppendedLength(data.Length, releaseVersion) > settings.MaxBytes)
            {
                Reason = FileClosureTriggerReason.FileSizeLimitReached;
                return false;
            }
            if (Builder.Count == 0)
                OpenedAtMs = committedAtMs;
            LastAppendedAtMs = committedAtMs;
            Builder.Append(data, releaseVersion, fileFormat);
            Ids.Add(id);
            return true;
        });
        if (Reason is null && Builder.Count >= settings.MaxCdrs)
            Reason = FileClosureTriggerReason.MaximumNumberOfCdrsReached;
        return Builder.Count > 0 || Withheld.Count > 0;
    }
}
