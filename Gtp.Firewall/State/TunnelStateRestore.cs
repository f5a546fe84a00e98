using Gtp.Firewall.Tunnels;

namespace Gtp.Firewall.State;

/// <summary>
/// Puts persisted tunnel rows back into an empty <see cref="TunnelTable"/> (same slots and generations, so ids are
/// unchanged) and returns the open usage records by tunnel id. Pure: rows in, table and records out.
/// </summary>
public static class TunnelStateRestore
{
    /// <summary>False with an error naming the first bad row's key; the table is then partly filled and must be dropped.</summary>
    public static bool TryApply(IEnumerable<(string Key, byte[] Value)> rows, TunnelTable table, out Dictionary<long, OpenRecordState> open, out string? error)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(table);
        open = [];
        foreach (var (key, value) in rows)
        {
            if (!TunnelStateKeys.TryParse(key, out var slot))
            {
                error = $"key '{key}' is not a tunnel slot";
                return false;
            }
            if (!TunnelStateCodec.TryDecode(slot, value, out var record, out var problem))
            {
                error = $"row '{key}': {problem}";
                return false;
            }
            if (!table.Restore(slot, record!.Intern(table)))
            {
                error = $"row '{key}': slot taken or beyond the table's {table.MaxTunnels} tunnels";
                return false;
            }
            if (record.Open is { } o)
                open[table.IdOf(slot)] = o;
        }
        table.CompleteRestore();
        error = null;
        return true;
    }
}
