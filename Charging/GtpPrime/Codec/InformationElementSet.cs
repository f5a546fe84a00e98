namespace Charging.GtpPrime.Codec;

/// <summary>Where one IE sits in a message: its type octet, its value, and the value length.</summary>
internal readonly record struct InformationElementLocation(int TypeOffset, int ValueOffset, int Length)
{
    /// <summary>IEs follow a header of at least 6 octets, so offset 0 means "absent".</summary>
    public bool Present => TypeOffset != 0;
}

/// <summary>A slot for an IE that counts once; later occurrences are ignored.</summary>
internal struct SingleInformationElement
{
    private InformationElementLocation _location;

    public readonly bool Present => _location.Present;
    public readonly int TypeOffset => _location.TypeOffset;
    public readonly int ValueOffset => _location.ValueOffset;
    public readonly int Length => _location.Length;

    public void SetFirst(InformationElementLocation location)
    {
        if (!_location.Present)
        {
            _location = location;
        }
    }

    public static implicit operator InformationElementLocation(SingleInformationElement element) => element._location;
}

/// <summary>An IE type that repeats for "Alternative …" (docs/gtp-prime.md §2): first = main, second = alternative.</summary>
internal struct RepeatedInformationElement
{
    public InformationElementLocation First { readonly get; private set; }
    public InformationElementLocation Second { readonly get; private set; }

    public void Add(InformationElementLocation location)
    {
        if (!First.Present)
        {
            First = location;
        }
        else if (!Second.Present)
        {
            Second = location;
        }
    }
}

/// <summary>The known IEs found in one message, by location (no copies, no allocation).</summary>
internal struct InformationElementSet
{
    public SingleInformationElement Cause;
    public SingleInformationElement Recovery;
    public SingleInformationElement PacketTransferCommand;
    public SingleInformationElement ReleasedPackets;
    public SingleInformationElement CancelledPackets;
    public SingleInformationElement DataRecordPacket;
    public SingleInformationElement RequestsResponded;
    public SingleInformationElement PrivateExtension;
    /// <summary>Node Alive Request: IE 251 or 254, in order of appearance.</summary>
    public RepeatedInformationElement NodeAddress;
    /// <summary>Redirection Request: IE 254 only.</summary>
    public RepeatedInformationElement RecommendedNode;
}
