using Charging.Cdr;
using Gtp.Firewall.Gtp;
using Gtp.Firewall.Gtp.V2;
using Gtp.Firewall.Packets;
using Gtp.Firewall.Tunnels;
using System.Net;

namespace Gtp.Firewall.Charging;

/// <summary>
/// Turns a <see cref="ClosedRecord"/> into TS 32.298 BER: an SGW-CDR (sGWRecord [78], type 84) for GTPv2 bearers,
/// a G-CDR (ggsnPDPRecord [21], Rel-7 type 19) for GTPv0/v1 PDP contexts (README "Usage CDRs" says why).
/// Runs on the charging task, never on the packet thread.
/// </summary>
public static class UsageRecordEncoder
{
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Latest = new(2099, 12, 31, 23, 59, 59, TimeSpan.Zero);

    /// <param name="chargingCharacteristics">The configured value: used only when the create request carried no Charging Characteristics IE.</param>
    /// <param name="recordType">For GTPv2 bearers: an SGW-CDR, or a PGW-CDR with <paramref name="ratingGroup"/> on its service data.</param>
    public static byte[] Encode(in ClosedRecord r, uint localSequenceNumber, string nodeId, byte[] chargingCharacteristics,
        ChargingRecordType recordType = ChargingRecordType.SgwCdr, uint ratingGroup = 0)
    {
        var opened = TimeStamp(r.OpenedTicks);
        var closed = TimeStamp(r.ClosedTicks);
        var duration = (long)Math.Max(0, (closed - opened).TotalSeconds);
        var first = r.OpenedWith ?? r.Subscriber;
        var current = r.Subscriber ?? r.OpenedWith;
        // §5.1.2.2.7/.9: the IE's value was supplied by the serving node; the configured one is this node's default.
        var fromIe = current?.ChargingCharacteristics;
        var characteristics = fromIe ?? chargingCharacteristics;
        var plmn = first?.ServingPlmn is { } plmnOctets ? PlmnId.Decode(plmnOctets) : null;
        // §5.1.2.2.9 chChSelectionMode: servingNodeSupplied (0) for the IE's value, homeDefault (3) for the configured one.
        byte? chChSelectionMode = first is null ? null : fromIe is not null ? (byte)0 : (byte)3;
        bool? dynamicAddress = first?.DynamicAddress == true ? true : null;
        var lastLocation = current?.UserLocation is { } last && !SubscriberFields.Same(last, first?.UserLocation) ? last : null;
        int? recordSequenceNumber = r.RecordSequenceNumber > 0 ? r.RecordSequenceNumber : null;
        var apn = ApnNetworkIdentifier(r.Apn);
        var pdpType = PdpTypeOctets(r.PdpType);
        var endUser = r.EndUser.IsNone ? null : r.EndUser.ToIPAddress();
        var imsi = r.Imsi == 0 ? null : Imsi.Format(r.Imsi);
        if (imsi is not null && !imsi.All(char.IsAsciiDigit))
            imsi = null;
        if (r.Version == 2 && recordType == ChargingRecordType.PgwCdr)
        {
            // A firewall on S5/S8 billing as the home PGW (docs/cdr-formats.md §2.2): the anchor is the PGW, the serving
            // node the SGW; volumes only in listOfServiceData, one container per traffic period.
            var onS11 = first?.OnS11 == true;
            var pgwNode = onS11 && first!.PgwControl is { IsNone: false } named ? named : r.AnchorControl;
            var sgwNode = onS11 ? r.AnchorControl : r.ServingControl;
            return PgwRecordEncoder.Encode(new PgwRecord
            {
                ServedImsi = imsi,
                PgwAddress = Address(pgwNode),
                ChargingId = r.ChargingId.GetValueOrDefault(),
                ServingNodeAddresses = [Address(sgwNode)],
                AccessPointNameNi = apn,
                PdpPdnType = pdpType,
                ServedPdpPdnAddress = endUser,
                DynamicAddressFlag = dynamicAddress,
                RecordOpeningTime = opened,
                Duration = duration,
                CauseForRecordClosing = r.Cause,
                RecordSequenceNumber = recordSequenceNumber,
                NodeId = nodeId,
                LocalSequenceNumber = localSequenceNumber,
                ApnSelectionMode = first?.SelectionMode,
                ServedMsisdn = Msisdn(current?.Msisdn),
                ChargingCharacteristics = characteristics,
                ChChSelectionMode = chChSelectionMode,
                ServingNodePlmnIdentifier = plmn,
                ServedImeisv = Imei(first?.Imeisv),
                RatType = first?.RatType,
                MsTimeZone = first?.MsTimeZone,
                UserLocationInformation = first?.UserLocation,
                LastUserLocationInformation = lastLocation,
                ListOfServiceData = ServiceData(r, ratingGroup, closed),
                ServingNodeTypes = [ServingNodeType.GtpSgw],
                ServingNodeIpv6Addresses = Ipv6Beside(sgwNode, onS11 ? first?.AnchorControlIpv6 : first?.ServingControlIpv6) is { } sgwIpv6 ? [sgwIpv6] : null,
                PgwIpv6Address = onS11 ? Ipv6Beside(pgwNode, first?.PgwControlIpv6) : Ipv6Beside(pgwNode, first?.AnchorControlIpv6),
                Qos = EpcQos(first),
            });
        }
        if (r.Version == 2)
        {
            // On S5/S8 the serving side is the SGW and the anchor the PGW; the MME is not on this interface. On S11
            // (docs/cdr-formats.md, TS 32.298 §5.1.2.2.68) the serving node is the MME, the anchor the SGW, and the PGW
            // is the one the MME named in the Create Session Request.
            var onS11 = first?.OnS11 == true;
            var sgw = Address(onS11 ? r.AnchorControl : r.ServingControl);
            var servingNode = Address(r.ServingControl);
            var pgw = onS11 ? (first!.PgwControl.IsNone ? null : Address(first.PgwControl)) : Address(r.AnchorControl);
            return SgwRecordEncoder.Encode(new SgwRecord
            {
                ServedImsi = imsi,
                SgwAddress = sgw,
                ChargingId = r.ChargingId.GetValueOrDefault(),
                ServingNodeAddresses = [servingNode],
                AccessPointNameNi = apn,
                PdpPdnType = pdpType,
                ServedPdpPdnAddress = endUser,
                ListOfTrafficVolumes = TrafficVolumes(r, closed),
                RecordOpeningTime = opened,
                Duration = duration,
                CauseForRecordClosing = r.Cause,
                RecordSequenceNumber = recordSequenceNumber,
                NodeId = nodeId,
                LocalSequenceNumber = localSequenceNumber,
                ChargingCharacteristics = characteristics,
                ServingNodeTypes = [onS11 ? ServingNodeType.Mme : ServingNodeType.GtpSgw],
                PgwAddressUsed = pgw,
                ServedMsisdn = Msisdn(current?.Msisdn),
                ServingNodePlmnIdentifier = plmn,
                RatType = first?.RatType,
                ServedImeisv = Imei(first?.Imeisv),
                MsTimeZone = first?.MsTimeZone,
                UserLocationInformation = first?.UserLocation,
                LastUserLocationInformation = lastLocation,
                ApnSelectionMode = first?.SelectionMode,
                ChChSelectionMode = chChSelectionMode,
                DynamicAddressFlag = dynamicAddress,
                // §5.1.2.2.38/.55/.66: IPv4 in the main field when both exist, the IPv6 one beside it.
                SgwIpv6Address = Ipv6Beside(onS11 ? r.AnchorControl : r.ServingControl, onS11 ? first?.AnchorControlIpv6 : first?.ServingControlIpv6),
                ServingNodeIpv6Addresses = Ipv6Beside(r.ServingControl, first?.ServingControlIpv6) is { } servingIpv6 ? [servingIpv6] : null,
                PgwIpv6AddressUsed = onS11
                    ? Ipv6Beside(first!.PgwControl, first.PgwControlIpv6)
                    : Ipv6Beside(r.AnchorControl, first?.AnchorControlIpv6),
            });
        }
        return GgsnPdpRecordEncoder.Encode(new GgsnPdpRecord
        {
            // servedIMSI is mandatory in the G-CDR; every v0/v1 context has one (TID or IMSI IE).
            ServedImsi = imsi ?? "0",
            GgsnAddress = Address(r.AnchorControl),
            ChargingId = r.ChargingId.GetValueOrDefault(),
            SgsnAddresses = [Address(r.ServingControl)],
            AccessPointNameNi = apn,
            PdpType = pdpType,
            ServedPdpAddress = endUser,
            ListOfTrafficVolumes = TrafficVolumes(r, closed),
            RecordOpeningTime = opened,
            Duration = duration,
            CauseForRecordClosing = r.Cause,
            RecordSequenceNumber = recordSequenceNumber,
            NodeId = nodeId,
            LocalSequenceNumber = localSequenceNumber,
            ChargingCharacteristics = characteristics,
            ServedMsisdn = Msisdn(current?.Msisdn),
            ServedImeisv = Imei(first?.Imeisv),
            RatType = first?.RatType,
            MsTimeZone = first?.MsTimeZone,
            UserLocationInformation = first?.UserLocation,
            SgsnPlmnIdentifier = plmn,
            ApnSelectionMode = first?.SelectionMode,
            ChChSelectionMode = chChSelectionMode,
            DynamicAddressFlag = dynamicAddress,
        });
    }

    /// <summary>The SGW-CDR's and G-CDR's volumes; without subscriber fields one container for the record's period (§5.1.2.2.25).</summary>
    private static TrafficVolume[] TrafficVolumes(in ClosedRecord r, DateTimeOffset closed) => r.Containers is { Length: > 0 } containers
        ? Volumes(containers)
        : [new TrafficVolume(r.UplinkOctets, r.DownlinkOctets, ChangeCondition.RecordClosure, closed)];

    /// <summary>
    /// The containers as ChangeOfCharCondition: ePCQoSInformation in the first and in each one a QoS change opened, the
    /// location in each one a location change opened (TS 32.298 §5.1.2.2.25).
    /// </summary>
    private static TrafficVolume[] Volumes(UsageContainer[] containers)
    {
        var volumes = new TrafficVolume[containers.Length];
        for (var i = 0; i < containers.Length; i++)
        {
            var c = containers[i];
            var openedBy = i == 0 ? (ChangeCondition?)null : containers[i - 1].Condition;
            volumes[i] = new TrafficVolume(c.UplinkOctets, c.DownlinkOctets, c.Condition, TimeStamp(c.ChangeTicks))
            {
                Qos = i == 0 || openedBy == ChangeCondition.QosChange ? EpcQos(c.Fields) : null,
                UserLocationInformation = openedBy == ChangeCondition.UserLocationChange ? c.Fields?.UserLocation : null,
            };
        }
        return volumes;
    }

    /// <summary>
    /// listOfServiceData (TS 32.298 §5.1.2.2.46): one container per traffic period with the configured rating group;
    /// serviceConditionChange from the change that closed it, the last one from the record's closure.
    /// </summary>
    private static ServiceDataContainer[] ServiceData(in ClosedRecord r, uint ratingGroup, DateTimeOffset closed)
    {
        UsageContainer[] containers = r.Containers is { Length: > 0 } c
            ? c
            : [new UsageContainer(r.UplinkOctets, r.DownlinkOctets, ChangeCondition.RecordClosure, r.OpenedTicks, r.ClosedTicks, r.OpenedWith)];
        var data = new ServiceDataContainer[containers.Length];
        for (var i = 0; i < containers.Length; i++)
        {
            var container = containers[i];
            var last = i == containers.Length - 1;
            data[i] = new ServiceDataContainer
            {
                RatingGroup = ratingGroup,
                LocalSequenceNumber = (uint)(i + 1),
                Conditions = [last ? ClosingCondition(r.Cause) : ServiceCondition(container.Condition)],
                Qos = EpcQos(container.Fields),
                Uplink = container.UplinkOctets,
                Downlink = container.DownlinkOctets,
                TimeOfReport = last ? closed : TimeStamp(container.ChangeTicks),
                UserLocationInformation = container.Fields?.UserLocation,
                RatType = container.Fields?.RatType,
            };
        }
        return data;
    }

    private static ServiceConditionChange ServiceCondition(ChangeCondition condition) => condition switch
    {
        ChangeCondition.QosChange => ServiceConditionChange.QosChange,
        ChangeCondition.UserLocationChange => ServiceConditionChange.UserLocationChange,
        _ => ServiceConditionChange.RecordClosure,
    };

    private static ServiceConditionChange ClosingCondition(CauseForRecClosing cause) => cause switch
    {
        CauseForRecClosing.NormalRelease or CauseForRecClosing.AbnormalRelease => ServiceConditionChange.PdpContextRelease,
        CauseForRecClosing.TimeLimit => ServiceConditionChange.TimeLimit,
        CauseForRecClosing.VolumeLimit => ServiceConditionChange.VolumeLimit,
        ChargingObserver.RatChange => ServiceConditionChange.RatChange,
        _ => ServiceConditionChange.RecordClosure,
    };

    /// <summary>EPCQoSInformation from a GTPv2 Bearer QoS and APN-AMBR (kbit/s to bit/s); none for a GTPv1 QoS profile.</summary>
    public static EpcQosInformation? EpcQos(SubscriberFields? fields)
    {
        if (fields?.Qos is not { } octets || !BearerQos.TryParse(octets, out var qos))
            return null;
        return new EpcQosInformation
        {
            Qci = qos.Qci,
            Arp = qos.Arp,
            MaxRequestedBandwidthUplink = BearerQos.BitsPerSecond(qos.MaxUplinkKbps),
            MaxRequestedBandwidthDownlink = BearerQos.BitsPerSecond(qos.MaxDownlinkKbps),
            GuaranteedBitrateUplink = BearerQos.BitsPerSecond(qos.GuaranteedUplinkKbps),
            GuaranteedBitrateDownlink = BearerQos.BitsPerSecond(qos.GuaranteedDownlinkKbps),
            ApnAmbrUplink = fields.ApnAmbr is { } ambr ? BearerQos.BitsPerSecond(ambr.Uplink) : null,
            ApnAmbrDownlink = fields.ApnAmbr is { } ambr2 ? BearerQos.BitsPerSecond(ambr2.Downlink) : null,
        };
    }

    private static IPAddress? Ipv6Beside(IpAddress128 main, IpAddress128? ipv6)
        => main.IsIPv4 && ipv6 is { IsNone: false } v6 ? v6.ToIPAddress() : null;

    private static bool AllDigits(string? digits) => digits is { Length: > 0 } && digits.All(char.IsAsciiDigit);

    /// <summary>An E.164 number has at most 15 digits (ISDN-AddressString is at most 9 octets): a longer IE is left out.</summary>
    private static string? Msisdn(string? digits) => AllDigits(digits) && digits!.Length <= 15 ? digits : null;

    /// <summary>IMEI ::= TBCD-STRING (SIZE (8)): 15 digits, or 16 with the software version; anything else is left out.</summary>
    private static string? Imei(string? digits) => AllDigits(digits) && digits!.Length is 15 or 16 ? digits : null;

    /// <summary>The APN Network Identifier: the Operator Identifier (mncXXX.mccYYY.gprs) is left out (docs/cdr-formats.md §2.6), at most 63 characters.</summary>
    public static string? ApnNetworkIdentifier(string? apn)
    {
        if (string.IsNullOrEmpty(apn))
            return null;
        var oi = apn.IndexOf(".mnc", StringComparison.OrdinalIgnoreCase);
        if (oi > 0 && apn.EndsWith(".gprs", StringComparison.OrdinalIgnoreCase) && apn.IndexOf(".mcc", oi, StringComparison.OrdinalIgnoreCase) > oi)
            apn = apn[..oi];
        if (apn.Length > 63)
            apn = apn[..63];
        return apn.All(char.IsAscii) ? apn : null;
    }

    /// <summary>PDPType (docs/cdr-formats.md §2.6): F1 + IETF type number, F0 01 for ETSI PPP; unknown and non-IP are left out.</summary>
    public static byte[]? PdpTypeOctets(PdpType type) => type switch
    {
        PdpType.IPv4 => [0xF1, 0x21],
        PdpType.IPv6 => [0xF1, 0x57],
        PdpType.IPv4v6 => [0xF1, 0x8D],
        PdpType.Ppp => [0xF0, 0x01],
        _ => null,
    };

    private static IPAddress Address(IpAddress128 address) => address.IsNone ? IPAddress.Any : address.ToIPAddress();

    /// <summary>Packet time in UTC, clamped to the years a TimeStamp can hold (2000-2099).</summary>
    private static DateTimeOffset TimeStamp(long ticks)
    {
        var time = new DateTimeOffset(Math.Clamp(ticks, 0, DateTime.MaxValue.Ticks), TimeSpan.Zero);
        time = time < Earliest ? Earliest : time > Latest ? Latest : time;
        return new DateTimeOffset(time.Ticks - time.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }
}
