namespace Charging.GtpPrime.Codec;

/// <summary>What a decode found. Every status other than Success and NeedMoreData maps to a cause.</summary>
public enum GtpDecodeStatus : byte
{
    Success = 0,
    /// <summary>The bytes so far are a valid prefix; wait for more (TCP framing).</summary>
    NeedMoreData,
    /// <summary>PT bit = 1: this is GTP, not GTP'. Dropped.</summary>
    NotGtpPrime,
    /// <summary>Version 3-7: answer Version Not Supported.</summary>
    VersionNotSupported,
    /// <summary>A message type that is not one of the nine GTP' messages.</summary>
    UnknownMessageType,
    /// <summary>Header Length disagrees with the datagram, or an IE length overruns its container.</summary>
    InvalidLength,
    /// <summary>A TV IE type this codec does not know: the rest cannot be parsed.</summary>
    UnknownInformationElement,
    /// <summary>IEs or record count inconsistent (e.g. Number of Data Records vs records present).</summary>
    InvalidMessageFormat,
    MandatoryIeMissing,
    MandatoryIeIncorrect,
    OptionalIeIncorrect,
}

/// <summary>A decode failure: the status, the octet offset it was found at, and (when the header parsed) the header.</summary>
public readonly record struct GtpDecodeError(GtpDecodeStatus Status, int Offset, GtpPrimeHeader? Header = null, string? Detail = null)
{
    public override string ToString() => Detail is null ? $"{Status} at offset {Offset}" : $"{Status} at offset {Offset}: {Detail}";
}
