using Charging.GtpPrime.Messages;

namespace Charging.GtpPrime.Codec;

/// <summary>A decoded message with the header it came in.</summary>
public readonly record struct GtpPrimeFrame(GtpPrimeHeader Header, GtpPrimeMessage Message);
