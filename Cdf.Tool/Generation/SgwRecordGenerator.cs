using Charging.Cdr;
using System.Globalization;
using System.Net;

namespace Cdf.Tool.Generation;

/// <summary>
/// Synthetic but valid SGW-CDRs for <c>cdf send --generate N</c>: record n has localSequenceNumber [20] = n,
/// so the far side can count exactly which records arrived. The other fields vary with n.
/// </summary>
public static class SgwRecordGenerator
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(1));
    private static readonly IPAddress SgwAddress = IPAddress.Parse("192.0.2.10");
    private static readonly IPAddress MmeAddress = IPAddress.Parse("192.0.2.20");

    public static SgwRecord Create(uint localSequenceNumber)
    {
        var n = localSequenceNumber;
        var opened = Epoch.AddSeconds(n % 86400);
        var duration = 60 + n % 3600;
        return new SgwRecord
        {
            ServedImsi = "00101" + (n % 10_000_000_000).ToString("D10", CultureInfo.InvariantCulture),
            SgwAddress = SgwAddress,
            ChargingId = n,
            ServingNodeAddresses = [MmeAddress],
            AccessPointNameNi = "internet",
            PdpPdnType = [0xF1, 0x21],
            ServedPdpPdnAddress = new IPAddress([10, (byte)(n >> 16), (byte)(n >> 8), (byte)n]),
            ListOfTrafficVolumes =
            [
                new TrafficVolume(1000L + n % 100_000, 20_000L + n % 1_000_000, ChangeCondition.RecordClosure, opened.AddSeconds(duration)),
            ],
            RecordOpeningTime = opened,
            Duration = duration,
            CauseForRecordClosing = CauseForRecClosing.NormalRelease,
            LocalSequenceNumber = n,
            ServedMsisdn = "4670" + (n % 10_000_000).ToString("D7", CultureInfo.InvariantCulture),
            ChargingCharacteristics = [0x08, 0x00],
            ServingNodePlmnIdentifier = ("001", "01"),
            RatType = 6,
            ServingNodeTypes = [ServingNodeType.Mme],
        };
    }

    public static byte[] Encode(uint localSequenceNumber) => SgwRecordEncoder.Encode(Create(localSequenceNumber));
}
