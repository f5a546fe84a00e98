using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Gtp.V2;

/// <summary>
/// The PDN-level part of a PDN Connection IE (109; TS 29.274 §8.39, Table 7.3.6-2): the PGW S5/S8 control-plane
/// F-TEID (instance 0, mandatory), the APN and the first IP Address (the UE's). Its bearer contexts are read with
/// <see cref="PdnBearerContext"/>.
/// </summary>
public readonly record struct PdnConnection(FullyQualifiedTeid PgwControl, IpAddress128 EndUser, string? Apn)
{
    /// <summary>
    /// Reads the grouped IE's <paramref name="value"/>: a malformed instance-0 F-TEID is <see cref="DropReason.IeMalformed"/>,
    /// a missing one <see cref="DropReason.MandatoryIeMissing"/>. Only the APN, when present, is allocated (a string).
    /// </summary>
    public static DropReason TryRead(ReadOnlySpan<byte> value, out PdnConnection connection)
    {
        connection = default;
        FullyQualifiedTeid pgw = default;
        IpAddress128 endUser = default;
        string? apn = null;
        var reader = new GtpV2IeReader(value);
        while (reader.MoveNext())
        {
            if (reader.Type == GtpV2IeType.FTeid && reader.Instance == 0 && !FullyQualifiedTeid.TryParse(reader.Value, out pgw))
            {
                return DropReason.IeMalformed;
            }
            if (reader.Type == GtpV2IeType.Apn && apn is null)
            {
                apn = AccessPointName.Decode(reader.Value);
            }
            if (reader.Type == GtpV2IeType.IpAddress && endUser.IsNone && IpAddress128.TryRead(reader.Value, out var address))
            {
                endUser = address;
            }
        }
        if (reader.Status != DropReason.None)
        {
            return reader.Status;
        }
        if (pgw.Address.IsNone)
        {
            return DropReason.MandatoryIeMissing;
        }
        connection = new PdnConnection(pgw, endUser, apn);
        return DropReason.None;
    }
}
