using Charging.Cdr;

namespace Charging.Tests.Cdr;

/// <summary>
/// The full SGW-CDR and PGW-CDR of <see cref="FullRecordEncodingTests"/> and a full G-CDR decoded by an independent
/// decoder, tshark's gprscdr dissector (Rel-17 schema, chosen by the GTP' packet's release identifiers).
/// </summary>
public sealed class FullRecordTsharkTests
{
    [SkippableFact]
    public void TsharkDecodesEveryFieldOfTheFullRecordsAndNothingIsMalformed()
    {
        Skip.If(GtpPrimePcap.MissingTool is not null, GtpPrimePcap.MissingTool);
        using var directory = new TempDirectory();
        var records = new ReadOnlyMemory<byte>[]
        {
            SgwRecordEncoder.Encode(FullRecordEncodingTests.SgwRecord()),
            PgwRecordEncoder.Encode(FullRecordEncodingTests.PgwRecord()),
            GgsnPdpRecordEncoder.Encode(FullRecordEncodingTests.GgsnPdpRecord()),
        };
        var output = GtpPrimePcap.Decode(directory.Path, records);

        Assert.DoesNotContain("Malformed", output);
        Assert.DoesNotContain("Expert Info", output);
        var sgw = Section(output, "GPRSRecord: sGWRecord (78)", "Data record 2");
        var pgw = Section(output, "GPRSRecord: pGWRecord (79)", "Data record 3");
        var ggsn = Section(output, "GPRSRecord: ggsnPDPRecord (21)", null);
        foreach (var record in new[] { sgw, pgw })
        {
            Assert.Contains("E.164 number (MSISDN): 46701234567", record);
            Assert.Contains("TBCD digits: 3520990017614823", record);
            Assert.Contains("rATType: EUTRAN (6)", record);
            Assert.Contains("mSTimeZone: 8000 (GMT + 2 hours 0 minutes No adjustment)", record);
            Assert.Contains("ECI (E-UTRAN Cell Identifier): 1", record);
            Assert.Contains("ECI (E-UTRAN Cell Identifier): 2", record);   // lastUserLocationInformation
            Assert.Contains("dynamicAddressFlag: True", record);
            Assert.Contains("apnSelectionMode: mSorNetworkProvidedSubscriptionVerified (0)", record);
            Assert.Contains("chChSelectionMode: servingNodeSupplied (0)", record);
            Assert.Contains("servingNodePLMNIdentifier: 00f110", record);
            Assert.Contains("p-GWPLMNIdentifier: 62f210", record);
            Assert.Contains("iPBinV4Address: 10.45.0.7", record);                  // servedPDPPDNAddressExt
            Assert.Contains("iPBinV6Address: 2001:db8::1e", record);               // p-GWiPv6AddressUsed
            Assert.Contains("qCI: 9", record);
            Assert.Contains("aPNAggregateMaxBitrateDL: 100000000", record);
        }
        Assert.Contains("changeCondition: qoSChange (0)", sgw);
        Assert.Contains("ServingNodeType: mME (5)", sgw);
        Assert.Contains("s-GWiPv6Address: iPBinaryAddress", sgw);
        Assert.Contains("listOfServiceData: 2 items", pgw);
        Assert.Contains("ratingGroup: 10", pgw);
        Assert.Contains("1... .... = qoSChange: True", pgw);
        Assert.Contains("1... .... = recordClosure: True", pgw);
        Assert.Contains("datavolumeFBCDownlink: 400", pgw);
        Assert.Contains("ServingNodeType: gTPSGW (2)", pgw);
        Assert.Contains("E.164 number (MSISDN): 46701234567", ggsn);
        Assert.Contains("TBCD digits: 352099001761481", ggsn);
        Assert.Contains("rATType: UTRAN (1)", ggsn);
        Assert.Contains("sgsnPLMNIdentifier: 130062", ggsn);
        Assert.Contains("chChSelectionMode: homeDefault (3)", ggsn);
        Assert.Contains("Service Area Code (SAC): 2", ggsn);
    }

    private static string Section(string output, string start, string? end)
    {
        var from = output.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"tshark shows no '{start}'");
        var to = end is null ? output.Length : output.IndexOf(end, from, StringComparison.Ordinal);
        return output[from..(to < 0 ? output.Length : to)];
    }
}
