using System.Buffers.Binary;

namespace Gtp.Firewall.Gtp.V2;

/// <summary>
/// Iterates GTPv2 IEs (TS 29.274 §8.2.1): type (1), length (2, excluding the 4-octet IE header), CR/instance (1),
/// value. Grouped IEs are read by a nested reader over <see cref="Value"/>. Stops with <see cref="Status"/> on overrun.
/// </summary>
public ref struct GtpV2IeReader
{
    private readonly ReadOnlySpan<byte> _source;
    private int _offset;

    public GtpV2IeReader(ReadOnlySpan<byte> source)
    {
        _source = source;
        _offset = 0;
        Type = 0;
        Instance = 0;
        Value = default;
        Status = DropReason.None;
    }

    public byte Type { get; private set; }
    public byte Instance { get; private set; }
    public ReadOnlySpan<byte> Value { get; private set; }
    public DropReason Status { get; private set; }

    public bool MoveNext()
    {
        if (Status != DropReason.None || _offset >= _source.Length)
        {
            return false;
        }
        if (_offset + 4 > _source.Length)
        {
            Status = DropReason.IeMalformed;
            return false;
        }
        int length = BinaryPrimitives.ReadUInt16BigEndian(_source.Slice(_offset + 1));
        if (_offset + 4 + length > _source.Length)
        {
            Status = DropReason.IeMalformed;
            return false;
        }
        Type = _source[_offset];
        Instance = (byte)(_source[_offset + 3] & 0x0F);
        Value = _source.Slice(_offset + 4, length);
        _offset += 4 + length;
        return true;
    }

    /// <summary>Walks every IE (descending into Bearer Context and PDN Connection) and reports the first framing error.</summary>
    public static DropReason Validate(ReadOnlySpan<byte> ies, int depth = 0)
    {
        var reader = new GtpV2IeReader(ies);
        while (reader.MoveNext())
        {
            if (reader.Type is GtpV2IeType.BearerContext or GtpV2IeType.PdnConnection)
            {
                if (depth >= 2)
                {
                    return DropReason.IeMalformed;
                }
                var nested = Validate(reader.Value, depth + 1);
                if (nested != DropReason.None)
                {
                    return nested;
                }
            }
        }
        return reader.Status;
    }
}
