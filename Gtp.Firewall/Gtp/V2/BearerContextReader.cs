namespace Gtp.Firewall.Gtp.V2;

/// <summary>
/// Iterates the Bearer Context IEs (93) of one instance among a message's top-level IEs, reading each with
/// <see cref="BearerContext.TryRead"/>; stops at the first error, left in <see cref="Status"/>. Allocates nothing.
/// </summary>
public ref struct BearerContextReader
{
    private GtpV2IeReader _ies;
    private readonly byte _instance;
    private readonly byte _preferredFTeidInstance;

    /// <param name="ies">The message's IEs (after the header).</param>
    /// <param name="instance">The bearer context instance the message defines (e.g. 0 = to be created / created).</param>
    /// <param name="preferredFTeidInstance">The F-TEID instance of the sender's user plane in this message.</param>
    public BearerContextReader(ReadOnlySpan<byte> ies, byte instance, byte preferredFTeidInstance)
    {
        _ies = new GtpV2IeReader(ies);
        _instance = instance;
        _preferredFTeidInstance = preferredFTeidInstance;
        Current = default;
        Status = DropReason.None;
    }

    public BearerContext Current { get; private set; }
    public DropReason Status { get; private set; }

    public bool MoveNext()
    {
        while (Status == DropReason.None && _ies.MoveNext())
        {
            if (_ies.Type != GtpV2IeType.BearerContext || _ies.Instance != _instance)
            {
                continue;
            }
            Status = BearerContext.TryRead(_ies.Value, _preferredFTeidInstance, out var bearer);
            if (Status != DropReason.None)
            {
                return false;
            }
            Current = bearer;
            return true;
        }
        if (Status == DropReason.None)
        {
            Status = _ies.Status;
        }
        return false;
    }
}
