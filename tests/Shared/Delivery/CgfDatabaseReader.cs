using Dapper;
using Storage;
using System.Formats.Asn1;

namespace Tests.Shared.Delivery;

/// <summary>Reads what a CGF stored, straight from its SQLite file (table cdrs: status 0 pending, 1 committed).</summary>
internal static class CgfDatabaseReader
{
    public sealed record StoredCdr(uint LocalSequenceNumber, int Status, int Sequence, bool PossiblyDuplicate);

    public static IReadOnlyList<StoredCdr> Read(string path)
    {
        using var connection = SqliteDatabase.OpenReadOnly(path);
        return connection.Query<(byte[] Data, long Status, long Seq, long PossiblyDuplicate)>(
                "SELECT data, status, seq, possibly_duplicate FROM cdrs")
            .Select(r => new StoredCdr(LocalSequenceNumber(r.Data), (int)r.Status, (int)r.Seq, r.PossiblyDuplicate != 0))
            .ToList();
    }

    public static IReadOnlyList<int> TransferSequenceNumbers(string path)
    {
        using var connection = SqliteDatabase.OpenReadOnly(path);
        return connection.Query<long>("SELECT seq FROM transfers").Select(s => (int)s).ToList();
    }

    /// <summary>localSequenceNumber [20] of an SGWRecord [78], read with the BCL ASN.1 reader.</summary>
    public static uint LocalSequenceNumber(byte[] record)
    {
        var reader = new AsnReader(record, AsnEncodingRules.BER);
        var set = reader.ReadSetOf(skipSortOrderValidation: true, expectedTag: new Asn1Tag(TagClass.ContextSpecific, 78));
        var tag = new Asn1Tag(TagClass.ContextSpecific, 20);
        while (set.HasData)
        {
            if (set.PeekTag().HasSameClassAndValue(tag))
            {
                set.TryReadUInt32(out var value, tag);
                return value;
            }
            set.ReadEncodedValue();
        }
        throw new InvalidDataException("no localSequenceNumber");
    }
}
