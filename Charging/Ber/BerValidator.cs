using System.Formats.Asn1;

namespace Charging.Ber;

/// <summary>
/// Structural BER check of one CDR (ITU-T X.690 §8.1): used by the CGF to answer cause 177
/// (CDR decoding error) and quarantine a record it cannot parse. It checks framing only, not the schema.
/// </summary>
public static class BerValidator
{
    /// <summary>Constructed encodings nested deeper than this are rejected.</summary>
    public const int MaxDepth = 64;

    /// <summary>
    /// True iff <paramref name="record"/> is exactly one well-formed TLV (definite or indefinite length,
    /// multi-octet tags) and every constructed element's contents are well-formed TLVs, recursively.
    /// On false, <paramref name="errorOffset"/> is the offset of the first TLV that does not parse
    /// (or of the first octet after the single top-level TLV). Never throws.
    /// </summary>
    public static bool TryValidate(ReadOnlySpan<byte> record, out int errorOffset)
    {
        if (record.IsEmpty)
        {
            errorOffset = 0;
            return false;
        }

        if (!TryReadElement(record, 0, 1, out int consumed, out errorOffset))
        {
            return false;
        }

        if (consumed != record.Length)
        {
            // Trailing octets after the one record.
            errorOffset = consumed;
            return false;
        }

        errorOffset = -1;
        return true;
    }

    /// <summary>Reads one TLV at the start of <paramref name="source"/> and validates its contents.</summary>
    private static bool TryReadElement(ReadOnlySpan<byte> source, int baseOffset, int depth, out int consumed, out int errorOffset)
    {
        consumed = 0;
        errorOffset = baseOffset;
        if (depth > MaxDepth || !TryReadEncodedValue(source, out var tag, out int contentOffset, out int contentLength, out consumed))
        {
            return false;
        }

        // X.690 §8.1.5: [UNIVERSAL 0] is only the end-of-contents marker of an indefinite length,
        // which the reader consumes itself; anywhere else it is not a value.
        if (tag.TagClass == TagClass.Universal && tag.TagValue == 0)
        {
            return false;
        }

        return !tag.IsConstructed
            || TryReadContents(source.Slice(contentOffset, contentLength), baseOffset + contentOffset, depth + 1, out errorOffset);
    }

    /// <summary>The contents of a constructed element: zero or more TLVs that fill it exactly.</summary>
    private static bool TryReadContents(ReadOnlySpan<byte> contents, int baseOffset, int depth, out int errorOffset)
    {
        int position = 0;
        while (position < contents.Length)
        {
            if (!TryReadElement(contents[position..], baseOffset + position, depth, out int consumed, out errorOffset))
            {
                return false;
            }

            position += consumed;
        }

        errorOffset = -1;
        return true;
    }

    private static bool TryReadEncodedValue(ReadOnlySpan<byte> source, out Asn1Tag tag, out int contentOffset, out int contentLength, out int consumed)
    {
        try
        {
            return AsnDecoder.TryReadEncodedValue(source, AsnEncodingRules.BER, out tag, out contentOffset, out contentLength, out consumed);
        }
        catch (AsnContentException)
        {
            // Documented as non-throwing for malformed data; kept as a guard so the CGF never fails on a record.
            tag = default;
            contentOffset = contentLength = consumed = 0;
            return false;
        }
    }
}
