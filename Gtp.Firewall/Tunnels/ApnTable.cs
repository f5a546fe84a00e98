namespace Gtp.Firewall.Tunnels;

/// <summary>Interns APNs so a tunnel stores a 4-octet id; bounded, id 0 = none (also when the table is full).</summary>
public sealed class ApnTable(int maxApns = 65_535)
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string?> _names = [null];

    public int Count => _names.Count - 1;

    public string? this[int id] => (uint)id < (uint)_names.Count ? _names[id] : null;

    public int GetOrAdd(string? apn)
    {
        if (string.IsNullOrEmpty(apn))
        {
            return 0;
        }
        if (_ids.TryGetValue(apn, out var id))
        {
            return id;
        }
        if (_names.Count > maxApns)
        {
            return 0;
        }
        id = _names.Count;
        _names.Add(apn);
        _ids.Add(apn, id);
        return id;
    }
}
