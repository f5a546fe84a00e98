using Charging.CdrFiles;

namespace Cdf.Client.Delivery;

/// <summary>
/// The Data Record Packet identifiers (IE 252: format, application, release, version; docs/gtp-prime.md §3.1) of the
/// CDRs the delivery loop holds, as runs of CDR ids: CDR ids are given in enqueue order, so each enqueue with other
/// identifiers than the CDRs before it starts a run, and ids before the first run have the default identifiers. A
/// request never spans two runs, so records with different identifiers never share a packet. Covers the queued CDRs
/// (rebuilt from the outbox at a start); requests already made take their identifiers from the outbox. Used only by
/// the delivery loop.
/// </summary>
internal sealed class RecordFormatRuns(CdrRecordFormat defaultFormat)
{
    private readonly List<(long FirstId, CdrRecordFormat Format)> _runs = [];

    public CdrRecordFormat DefaultFormat => defaultFormat;

    /// <summary>Runs kept (0 while every CDR has the default identifiers).</summary>
    public int Count => _runs.Count;

    /// <summary>The CDRs from <paramref name="firstId"/> on have <paramref name="format"/>; ids only grow from one call to the next.</summary>
    public void Add(long firstId, CdrRecordFormat format)
    {
        if (format == (_runs.Count == 0 ? defaultFormat : _runs[^1].Format))
            return;
        if (_runs.Count > 0 && _runs[^1].FirstId == firstId)
            _runs[^1] = (firstId, format);
        else
            _runs.Add((firstId, format));
    }

    /// <summary>The identifiers of CDR <paramref name="id"/>; <paramref name="runEnd"/> is the first id with other identifiers (or <see cref="long.MaxValue"/>).</summary>
    public CdrRecordFormat FormatOf(long id, out long runEnd)
    {
        int low = 0, high = _runs.Count - 1, found = -1;
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            if (_runs[middle].FirstId <= id)
            {
                found = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        runEnd = found + 1 < _runs.Count ? _runs[found + 1].FirstId : long.MaxValue;
        return found < 0 ? defaultFormat : _runs[found].Format;
    }

    /// <summary>Forgets the runs: call only when no CDR the loop may still send is left.</summary>
    public void Clear() => _runs.Clear();
}
