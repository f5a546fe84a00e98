using Gtp.Firewall.Gtp;
using System.Buffers.Binary;

namespace Gtp.Firewall.Filtering;

/// <summary>
/// A profile's message filters (docs/gtp-firewall.md §8): message types dropped per GTP version, the accepted range of
/// the header's Length field per version, and the GTP-U checks. Immutable; <see cref="None"/> checks nothing.
/// </summary>
public sealed class MessageFilter
{
    public static MessageFilter None { get; } = new(new bool[3][], new (int, int)[3], GtpUChecks.None);

    // [version][type]: null = nothing dropped for that version.
    private readonly bool[]?[] _dropped;
    private readonly (int Min, int Max)[] _length;

    public MessageFilter(bool[]?[] dropped, (int Min, int Max)[] length, GtpUChecks checks)
    {
        _dropped = dropped;
        _length = length;
        for (var v = 0; v < 3; v++)
        {
            if (_length[v] == default)
                _length[v] = (0, ushort.MaxValue);
        }
        Checks = checks;
        IsEmpty = checks == GtpUChecks.None && dropped.All(d => d is null) && _length.All(l => l == (0, ushort.MaxValue));
    }

    public GtpUChecks Checks { get; }

    /// <summary>True when the filter checks nothing (the engine skips it).</summary>
    public bool IsEmpty { get; }

    public bool Drops(int version, byte type) => _dropped[version] is { } set && set[type];

    public (int Min, int Max) Length(int version) => _length[version];

    /// <summary>The GTP version index (0, 1, 2) of a classified message, or -1 for GTP' and non-GTP.</summary>
    public static int VersionOf(GtpProtocol protocol) => protocol switch
    {
        GtpProtocol.V0 => 0,
        GtpProtocol.V1Control or GtpProtocol.V1User => 1,
        GtpProtocol.V2Control => 2,
        _ => -1,
    };

    /// <summary>
    /// The drop list, then the length range: the Length field (octets 3-4 of every GTP header) counts the message
    /// after the mandatory header, as Junos' message-length filter does. A message too short to carry the field is
    /// left to the header parser, which names the fault.
    /// </summary>
    public DropReason Check(GtpProtocol protocol, byte type, ReadOnlySpan<byte> message)
    {
        var version = VersionOf(protocol);
        if (version < 0)
            return DropReason.None;
        if (Drops(version, type))
            return DropReason.MessageTypeFiltered;
        if (message.Length < 4)
            return DropReason.None;
        var length = BinaryPrimitives.ReadUInt16BigEndian(message[2..]);
        var (min, max) = _length[version];
        return length < min ? DropReason.MessageTooShort : length > max ? DropReason.MessageTooLong : DropReason.None;
    }
}
