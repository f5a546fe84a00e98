namespace Charging.GtpPrime;

/// <summary>Cause values (IE 1), TS 32.295 §6.2.x; class in bits 8-7 as TS 29.060 §7.7.1.</summary>
public enum GtpPrimeCause : byte
{
    // Request causes (Redirection Request); 49-63 reserved for GTP'.
    SystemFailureRequest = 59,
    TransmitBuffersBecomingFull = 60,
    ReceiveBuffersBecomingFull = 61,
    AnotherNodeAboutToGoDown = 62,
    ThisNodeAboutToGoDown = 63,
    // Accepted.
    RequestAccepted = 128,
    CdrDecodingError = 177,
    // Rejected.
    InvalidMessageFormat = 193,
    VersionNotSupported = 198,
    NoResourcesAvailable = 199,
    ServiceNotSupported = 200,
    MandatoryIeIncorrect = 201,
    MandatoryIeMissing = 202,
    OptionalIeIncorrect = 203,
    SystemFailure = 204,
    PossiblyDuplicatedRequestAlreadyFulfilled = 252,
    RequestAlreadyFulfilled = 253,
    SequenceNumbersOfReleasedOrCancelledPacketsIncorrect = 254,
    RequestNotFulfilled = 255,
}
