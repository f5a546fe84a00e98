namespace Charging.GtpPrime.Transport;

/// <summary>What <see cref="GtpPrimeFrameReader.TryReadFrame"/> found at the start of the unread TCP bytes.</summary>
public enum GtpPrimeFrameStatus : byte
{
    /// <summary>One whole message was read; the reader is past it.</summary>
    Frame = 0,
    /// <summary>The bytes so far are a valid prefix of a message; nothing was consumed.</summary>
    NeedMoreData,
    /// <summary>
    /// The header cannot be framed (not GTP', version 3-7, or longer than allowed). A byte stream cannot be
    /// resynchronised after that: the connection answers what it can and closes.
    /// </summary>
    Malformed,
}
