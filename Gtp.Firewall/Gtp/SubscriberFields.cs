using Gtp.Firewall.Packets;

namespace Gtp.Firewall.Gtp;

/// <summary>
/// The IEs billing rates on, as one context's create/update messages carried them (docs/firewall-design.md,
/// "Subscriber fields"). Values are the IE octets as received where the CDR copies them 1:1; null = not seen.
/// Immutable: an update produces a new instance (<see cref="Merge"/>), so a record or container can keep the one
/// it started with.
/// </summary>
public sealed record SubscriberFields
{
    /// <summary>E.164 digits (TS 29.060 §7.7.33 / TS 29.274 §8.11).</summary>
    public string? Msisdn { get; init; }
    /// <summary>IMEI or IMEISV digits (TS 29.060 §7.7.53 / TS 29.274 §8.10).</summary>
    public string? Imeisv { get; init; }
    /// <summary>RAT Type value (TS 29.060 §7.7.50 / TS 29.274 §8.17): the same numbers the CDR's rATType uses.</summary>
    public byte? RatType { get; init; }
    /// <summary>ULI value from its first octet (geographic location type, or the v2 flags octet; TS 32.298 §5.1.2.2.61).</summary>
    public byte[]? UserLocation { get; init; }
    /// <summary>MS / UE Time Zone: time zone and daylight saving octets (TS 29.060 §7.7.52 / TS 29.274 §8.44).</summary>
    public byte[]? MsTimeZone { get; init; }
    /// <summary>PLMN of the serving node: the 3 PLMN octets of the RAI (v1) or of Serving Network (v2).</summary>
    public byte[]? ServingPlmn { get; init; }
    /// <summary>Charging Characteristics, 2 octets (TS 29.060 §7.7.23 / TS 29.274 §8.30).</summary>
    public byte[]? ChargingCharacteristics { get; init; }
    /// <summary>Selection Mode, 0-2 (TS 29.060 §7.7.12 / TS 29.274 §8.58): the CDR's APNSelectionMode numbers.</summary>
    public byte? SelectionMode { get; init; }
    /// <summary>The request asked for an address (End User Address / PAA without one, TS 32.298 §5.1.2.2.11).</summary>
    public bool? DynamicAddress { get; init; }
    /// <summary>v2 Bearer QoS value (22 octets, TS 29.274 §8.15) or v1 Quality of Service Profile value (§7.7.34).</summary>
    public byte[]? Qos { get; init; }
    /// <summary>APN-AMBR uplink and downlink in kbit/s (TS 29.274 §8.7).</summary>
    public (uint Uplink, uint Downlink)? ApnAmbr { get; init; }
    /// <summary>The Create Session Request came from an MME (Sender F-TEID interface type 10, S11).</summary>
    public bool OnS11 { get; init; }
    /// <summary>On S11: the PGW S5/S8 control F-TEID address the MME named (IPv4 when it has both).</summary>
    public IpAddress128 PgwControl { get; init; }
    public IpAddress128 PgwControlIpv6 { get; init; }
    /// <summary>IPv6 address of the serving side's Sender F-TEID (MME on S11, SGW on S5/S8).</summary>
    public IpAddress128 ServingControlIpv6 { get; init; }
    /// <summary>IPv6 address of the answering side's Sender F-TEID (SGW on S11, PGW on S5/S8).</summary>
    public IpAddress128 AnchorControlIpv6 { get; init; }

    public bool IsEmpty => this == Empty;

    public static SubscriberFields Empty { get; } = new();

    /// <summary>These fields with every field <paramref name="update"/> carries replacing this one's.</summary>
    public SubscriberFields Merge(SubscriberFields update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return new SubscriberFields
        {
            Msisdn = update.Msisdn ?? Msisdn,
            Imeisv = update.Imeisv ?? Imeisv,
            RatType = update.RatType ?? RatType,
            UserLocation = update.UserLocation ?? UserLocation,
            MsTimeZone = update.MsTimeZone ?? MsTimeZone,
            ServingPlmn = update.ServingPlmn ?? ServingPlmn,
            ChargingCharacteristics = update.ChargingCharacteristics ?? ChargingCharacteristics,
            SelectionMode = update.SelectionMode ?? SelectionMode,
            DynamicAddress = update.DynamicAddress ?? DynamicAddress,
            Qos = update.Qos ?? Qos,
            ApnAmbr = update.ApnAmbr ?? ApnAmbr,
            OnS11 = update.OnS11 || OnS11,
            PgwControl = update.PgwControl.IsNone ? PgwControl : update.PgwControl,
            PgwControlIpv6 = update.PgwControlIpv6.IsNone ? PgwControlIpv6 : update.PgwControlIpv6,
            ServingControlIpv6 = update.ServingControlIpv6.IsNone ? ServingControlIpv6 : update.ServingControlIpv6,
            AnchorControlIpv6 = update.AnchorControlIpv6.IsNone ? AnchorControlIpv6 : update.AnchorControlIpv6,
        };
    }

    /// <summary>The bearer QoS (QoS profile and APN-AMBR) differs: a new traffic volume container (TS 32.251 §5.2.3.4).</summary>
    public bool QosDiffers(SubscriberFields other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return !Same(Qos, other.Qos) || ApnAmbr != other.ApnAmbr;
    }

    public static bool Same(byte[]? a, byte[]? b) => a is null ? b is null : b is not null && a.AsSpan().SequenceEqual(b);

    // Records compare their arrays by reference; fields are compared by content.
    public bool Equals(SubscriberFields? other) => other is not null
        && Msisdn == other.Msisdn && Imeisv == other.Imeisv && RatType == other.RatType && Same(UserLocation, other.UserLocation)
        && Same(MsTimeZone, other.MsTimeZone) && Same(ServingPlmn, other.ServingPlmn) && Same(ChargingCharacteristics, other.ChargingCharacteristics)
        && SelectionMode == other.SelectionMode && DynamicAddress == other.DynamicAddress && Same(Qos, other.Qos) && ApnAmbr == other.ApnAmbr
        && OnS11 == other.OnS11 && PgwControl == other.PgwControl && PgwControlIpv6 == other.PgwControlIpv6
        && ServingControlIpv6 == other.ServingControlIpv6 && AnchorControlIpv6 == other.AnchorControlIpv6;

    public override int GetHashCode() => HashCode.Combine(Msisdn, Imeisv, RatType, SelectionMode, OnS11, PgwControl);
}
