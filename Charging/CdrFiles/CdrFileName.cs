using System.Globalization;

namespace Charging.CdrFiles;

/// <summary>
/// File names of closed CDR files. TS 32.297 §6.1.4 as docs/cdr-formats.md §4 gives it (
/// Node ID, running count, closure date and time with local offset, joined by "_-_" and "."), so this
/// CGF's choice, stated in the README, is
/// <c>&lt;NodeId&gt;_-_&lt;RC&gt;.&lt;YYYYMMDD&gt;_-_&lt;hhmm±hhmm&gt;.&lt;FileSeq&gt;</c>, where RC is the
/// file sequence number modulo 10000 as four digits, the date and time are the closure time in local
/// time with its UTC offset, and FileSeq is the full file sequence number of the header.
/// Possibly-duplicate files add <c>.pd</c>. Files being written end in <c>.tmp</c> and are never collected.
/// </summary>
public static class CdrFileName
{
    public const string Separator = "_-_";
    public const string PossiblyDuplicateSuffix = ".pd";
    public const string TemporarySuffix = ".tmp";

    public static string Format(string nodeId, uint fileSequenceNumber, DateTimeOffset closedAt, bool possiblyDuplicate)
    {
        var offset = closedAt.Offset;
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var name = string.Create(CultureInfo.InvariantCulture,
            $"{nodeId}{Separator}{fileSequenceNumber % 10000:D4}.{closedAt:yyyyMMdd}{Separator}{closedAt:HHmm}{sign}{offset.Duration():hhmm}.{fileSequenceNumber}");
        return possiblyDuplicate ? name + PossiblyDuplicateSuffix : name;
    }

    /// <summary>Parses a closed file's name of <paramref name="nodeId"/>; false for anything else (temporary files included).</summary>
    public static bool TryParse(string fileName, string nodeId, out uint fileSequenceNumber, out bool possiblyDuplicate)
    {
        fileSequenceNumber = 0;
        possiblyDuplicate = fileName.EndsWith(PossiblyDuplicateSuffix, StringComparison.Ordinal);
        if (!fileName.StartsWith(nodeId + Separator, StringComparison.Ordinal))
            return false;
        var name = possiblyDuplicate ? fileName[..^PossiblyDuplicateSuffix.Length] : fileName;
        var dot = name.LastIndexOf('.');
        return dot > 0 && name.AsSpan(nodeId.Length + Separator.Length).Count(Separator) == 1 &&
               uint.TryParse(name.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture, out fileSequenceNumber);
    }
}
