using System.Buffers.Binary;

namespace Gtp.Firewall.Gtp.V2;

/// <summary>
/// What the firewall reads from one Bearer Context IE (93; TS 29.274 §8.28): the EBI, one user-plane F-TEID (the
/// instance the message defines for the sender's side, else the first present), and whether a bearer-level Cause
/// accepted it (absent = accepted), and the PGW's Charging ID (94) when present.
/// </summary>
public readonly record struct BearerContext(byte Ebi, FullyQualifiedTeid UserFTeid, bool Accepted, uint? ChargingId = null)
{
    public bool HasUserFTeid => !UserFTeid.Address.IsNone;

    /// <summary>
    /// Reads the grouped IE's <paramref name="value"/>. The EBI is mandatory (<see cref="DropReason.MandatoryIeMissing"/>);
    /// a malformed F-TEID of any instance is <see cref="DropReason.IeMalformed"/>; short EBI, Cause or Charging ID
    /// values are ignored as if absent.
    /// </summary>
    public static DropReason TryRead(ReadOnlySpan<byte> value, byte preferredFTeidInstance, out BearerContext bearer)
    {
        bearer = default;
        byte ebi = 0;
        var hasEbi = false;
        var accepted = true;
        uint? chargingId = null;
        FullyQualifiedTeid user = default;
        var havePreferred = false;
        var reader = new GtpV2IeReader(value);
        while (reader.MoveNext())
        {
            switch (reader.Type)
            {
                case GtpV2IeType.Ebi when EpsBearerId.TryRead(reader.Value, out var read):
                    ebi = read;
                    hasEbi = true;
                    break;
                case GtpV2IeType.Cause when reader.Value.Length >= 1:
                    accepted = GtpV2IeType.IsAccepted(reader.Value[0]);
                    break;
                case GtpV2IeType.ChargingId when reader.Value.Length >= 4:
                    chargingId = BinaryPrimitives.ReadUInt32BigEndian(reader.Value);
                    break;
                case GtpV2IeType.FTeid:
                {
                    if (!FullyQualifiedTeid.TryParse(reader.Value, out var f))
                    {
                        return DropReason.IeMalformed;
                    }
                    if (!havePreferred && (reader.Instance == preferredFTeidInstance || user.Address.IsNone))
                    {
                        user = f;
                        havePreferred = reader.Instance == preferredFTeidInstance;
                    }
                    break;
                }
            }
        }
        if (reader.Status != DropReason.None)
        {
            return reader.Status;
        }
        if (!hasEbi)
        {
            return DropReason.MandatoryIeMissing;
        }
        bearer = new BearerContext(ebi, user, accepted, chargingId);
        return DropReason.None;
    }
}
