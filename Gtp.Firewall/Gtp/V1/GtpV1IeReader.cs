using System.Buffers.Binary;

namespace Gtp.Firewall.Gtp.V1;

/// <summary>
/// Iterates GTPv0/v1 IEs: TV for type &lt; 128 (fixed length by type), TLV with a 2-octet length for type ≥ 128
/// (TS 29.060 §7.7). Stops with <see cref="Status"/> set on an unknown TV type or an overrun.
/// </summary>
public ref struct GtpV1IeReader
{
    private readonly ReadOnlySpan<byte> _source;
    private readonly bool _v0;
    private int _offset;

    public GtpV1IeReader(ReadOnlySpan<byte> source, bool v0)
    {
        _source = source;
        _v0 = v0;
        _offset = 0;
        Type = 0;
        Value = default;
        Status = DropReason.None;
    }

    public byte Type { get; private set; }
    public ReadOnlySpan<byte> Value { get; private set; }
    /// <summary>None while iterating normally or at the end; the drop reason once malformed.</summary>
    public DropReason Status { get; private set; }

    public bool MoveNext()
    {
        if (Status != DropReason.None || _offset >= _source.Length)
        {
            return false;
        }
        var type = _source[_offset];
        int valueOffset;
        int length;
        if (type < 128)
        {
            length = GtpV1IeType.TvLength(type, _v0);
            if (length < 0)
            {
                Status = DropReason.UnknownTvIe;
                return false;
            }
            valueOffset = _offset + 1;
        }
        else
        {
            if (_offset + 3 > _source.Length)
            {
                Status = DropReason.IeMalformed;
                return false;
            }
            length = BinaryPrimitives.ReadUInt16BigEndian(_source.Slice(_offset + 1));
            valueOffset = _offset + 3;
        }
        if (valueOffset + length > _source.Length)
        {
            Status = DropReason.IeMalformed;
            return false;
        }
        Type = type;
        Value = _source.Slice(valueOffset, length);
        _offset = valueOffset + length;
        return true;
    }
}
