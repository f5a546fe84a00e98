namespace Gtp.Firewall.Capture;

/// <summary>Why a capture file could not be read.</summary>
public enum CaptureErrorReason
{
    /// <summary>The first four octets are neither a pcap magic number nor a pcapng Section Header Block.</summary>
    UnknownFormat,

    /// <summary>The stream ended inside the pcap file header or a pcapng Section Header Block.</summary>
    TruncatedFileHeader,

    /// <summary>The stream ended inside a pcap record header or a pcapng block header.</summary>
    TruncatedRecordHeader,

    /// <summary>The stream ended inside packet data or a pcapng block body.</summary>
    TruncatedRecordData,

    /// <summary>The captured length or block length is larger than the reader accepts.</summary>
    RecordTooLarge,

    /// <summary>A pcapng block length is below the minimum for its type or not a multiple of 4.</summary>
    InvalidBlockLength,

    /// <summary>A pcapng block's trailing total length differs from its leading one.</summary>
    BlockLengthMismatch,

    /// <summary>A pcapng byte-order magic is not 0x1A2B3C4D in either byte order.</summary>
    InvalidByteOrderMagic,

    /// <summary>The pcap or pcapng major version is not one this reader understands.</summary>
    UnsupportedVersion,

    /// <summary>A pcapng packet block names an interface that no Interface Description Block defined.</summary>
    UnknownInterface,

    /// <summary>A pcapng option runs past the end of its block or has an invalid length.</summary>
    InvalidOption,

    /// <summary>A packet's captured length exceeds the space its block provides.</summary>
    InvalidCapturedLength,

    /// <summary>The underlying stream failed.</summary>
    IoError,
}
