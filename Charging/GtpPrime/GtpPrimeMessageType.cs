namespace Charging.GtpPrime;

/// <summary>GTP' message types (TS 32.295 §6.2; docs/gtp-prime.md §2).</summary>
public enum GtpPrimeMessageType : byte
{
    EchoRequest = 1,
    EchoResponse = 2,
    VersionNotSupported = 3,
    NodeAliveRequest = 4,
    NodeAliveResponse = 5,
    RedirectionRequest = 6,
    RedirectionResponse = 7,
    // 8-15 and 242-253: for future use (treated as unknown).
    DataRecordTransferRequest = 240,
    DataRecordTransferResponse = 241,
}
