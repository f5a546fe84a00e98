using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Storage.Cgf.PostgreSql;

/// <summary>
/// Rows in PostgreSQL's binary COPY format (docs/cgf-pool.md "Schema"): the 19-octet header, per row a 16-bit field
/// count and per field a 32-bit length (-1 for NULL) followed by the value in network byte order, the trailer -1. Written
/// into one reused buffer, so a batch's rows cost no allocation and no per-value call into the driver.
/// </summary>
internal sealed class BinaryCopyWriter
{
    // "PGCOPY\n\377\r\n\0", flags 0 (no OIDs), header extension length 0.
    private static ReadOnlySpan<byte> Header => [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00, 0, 0, 0, 0, 0, 0, 0, 0];

    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);

    /// <summary>What is written and not yet taken.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public int Length => _buffer.WrittenCount;

    /// <summary>Starts a COPY: the buffer emptied, the header written.</summary>
    public void Begin()
    {
        _buffer.ResetWrittenCount();
        Header.CopyTo(_buffer.GetSpan(Header.Length));
        _buffer.Advance(Header.Length);
    }

    /// <summary>Empties the buffer after its content was sent (a long COPY goes out in pieces).</summary>
    public void Taken() => _buffer.ResetWrittenCount();

    public void StartRow(short fields) => BinaryPrimitives.WriteInt16BigEndian(Take(2), fields);

    public void Int16(short value)
    {
        var span = Take(6);
        BinaryPrimitives.WriteInt32BigEndian(span, 2);
        BinaryPrimitives.WriteInt16BigEndian(span[4..], value);
    }

    public void Int32(int value)
    {
        var span = Take(8);
        BinaryPrimitives.WriteInt32BigEndian(span, 4);
        BinaryPrimitives.WriteInt32BigEndian(span[4..], value);
    }

    public void Int64(long value)
    {
        var span = Take(12);
        BinaryPrimitives.WriteInt32BigEndian(span, 8);
        BinaryPrimitives.WriteInt64BigEndian(span[4..], value);
    }

    public void Int32(int? value)
    {
        if (value is { } v)
            Int32(v);
        else
            Null();
    }

    public void Int64(long? value)
    {
        if (value is { } v)
            Int64(v);
        else
            Null();
    }

    /// <summary>A BYTEA value, or NULL.</summary>
    public void Bytes(byte[]? value)
    {
        if (value is null)
            Null();
        else
            Bytes(value.AsSpan());
    }

    /// <summary>A BYTEA value.</summary>
    public void Bytes(ReadOnlySpan<byte> value)
    {
        var span = Take(4 + value.Length);
        BinaryPrimitives.WriteInt32BigEndian(span, value.Length);
        value.CopyTo(span[4..]);
    }

    /// <summary>A TEXT value in UTF-8 (the client encoding Npgsql sets; the server converts), or NULL.</summary>
    public void Text(string? value)
    {
        if (value is null)
        {
            Null();
            return;
        }
        var span = _buffer.GetSpan(4 + Encoding.UTF8.GetMaxByteCount(value.Length));
        var length = Encoding.UTF8.GetBytes(value, span[4..]);
        BinaryPrimitives.WriteInt32BigEndian(span, length);
        _buffer.Advance(4 + length);
    }

    public void Null() => BinaryPrimitives.WriteInt32BigEndian(Take(4), -1);

    /// <summary>The end of the COPY data.</summary>
    public void End() => BinaryPrimitives.WriteInt16BigEndian(Take(2), -1);

    private Span<byte> Take(int length)
    {
        var span = _buffer.GetSpan(length)[..length];
        _buffer.Advance(length);
        return span;
    }
}
