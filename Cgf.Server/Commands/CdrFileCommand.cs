using Charging.Ber;
using Charging.Cdr;
using Charging.CdrFiles;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cgf.Server.Commands;

/// <summary>
/// <c>Cgf.Server cdr-file inspect FILE [--json]</c>: decodes a TS 32.297 file (file header, CDR headers,
/// a summary of each BER record). A damaged file gives one line naming the byte offset and exit code 1; an unreadable one exit code 3.
/// </summary>
public static class CdrFileCommand
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary><c>cdr-file</c> with its one subcommand, <c>inspect</c>.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "the TS 32.297 CDR file" };
        var json = new Option<bool>("--json") { Description = "print the decoded file as JSON" };
        var inspect = new Command("inspect",
            "Decode a TS 32.297 CDR file: file header, CDR headers and a summary of each BER record; " +
            "a damaged file gives one line naming the byte offset (exit code 1)")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        inspect.Arguments.Add(file);
        inspect.Options.Add(json);
        inspect.SetAction(result =>
        {
            CommandInput.From(result);
            return Inspect(result.GetValue(file)!, result.GetValue(json));
        });
        var command = new Command("cdr-file", "TS 32.297 CDR files");
        command.Subcommands.Add(inspect);
        return command;
    }

    public static int Inspect(string path, bool json)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Cgf.Server cdr-file: {path}: {exception.Message}");
            return Operations.ExitCode.Environment;
        }
        if (!TryInspect(bytes, out var report, out var error))
        {
            Console.Error.WriteLine($"Cgf.Server cdr-file: {path}: damaged {error}");
            return Operations.ExitCode.NotCompleted;
        }
        if (json)
            Console.WriteLine(JsonSerializer.Serialize(report with { File = path }, Json));
        else
            Print(path, report);
        return 0;
    }

    /// <summary>
    /// The decoded file, or the first damage: a file that does not parse, a CDR header with an undefined data record
    /// format, or a BER record that is not well-formed (only BER records are checked as BER).
    /// </summary>
    public static bool TryInspect(byte[] bytes, out CdrFileReport report, out CdrFileError error)
    {
        report = new CdrFileReport("", CdrFileHeaderReport.From(new CdrFileHeader()), []);
        if (!CdrFileReader.TryRead(bytes, out var file, out error))
            return false;
        var records = new List<CdrRecordReport>(file.Records.Count);
        for (var i = 0; i < file.Records.Count; i++)
        {
            var record = file.Records[i];
            var header = record.Header;
            var dataOffset = record.Offset + header.EncodedLength;
            if (DataRecordFormat.FileCodeName(header.DataRecordFormat) is null)
            {
                // Octet 4 of the CDR header, bits 8-6 (docs/cdr-formats.md §4): 1-4 are the only codes defined.
                error = new CdrFileError(record.Offset + 3, $"CDR {i + 1} has data record format {header.DataRecordFormat}, which TS 32.297 does not define (1 BER, 2 unaligned PER, 3 aligned PER, 4 XER)");
                return false;
            }
            if (header.DataRecordFormat == DataRecordFormat.Ber && !BerValidator.TryValidate(record.Data.Span, out var berOffset))
            {
                error = new CdrFileError(dataOffset + berOffset, $"CDR {i + 1} is not well-formed BER (record offset {berOffset})");
                return false;
            }
            var summary = header.DataRecordFormat == DataRecordFormat.Ber ? CdrSummaryReader.Read(record.Data.Span) : default;
            records.Add(new CdrRecordReport(i + 1, record.Offset, header.Length, header.ReleaseVersion.ToString(), header.DataRecordFormat,
                header.TsNumber, summary.RecordTypeName, summary.RecordType, summary.ServedImsi, summary.ChargingId,
                summary.LocalSequenceNumber, summary.RecordOpeningTime, summary.UplinkVolume, summary.DownlinkVolume,
                summary.ServedMsisdn, summary.RatType));
        }
        report = new CdrFileReport("", CdrFileHeaderReport.From(file.Header), records);
        return true;
    }

    private static void Print(string path, CdrFileReport report)
    {
        var h = report.Header;
        Console.WriteLine($"file                       {path}");
        Console.WriteLine($"file length                {h.FileLength}");
        Console.WriteLine($"header length              {h.HeaderLength}");
        Console.WriteLine($"high release/version       {h.HighReleaseVersion}");
        Console.WriteLine($"low release/version        {h.LowReleaseVersion}");
        Console.WriteLine($"file opening timestamp     {h.OpeningTimestamp}");
        Console.WriteLine($"last CDR append timestamp  {h.LastCdrAppendTimestamp}");
        Console.WriteLine($"number of CDRs             {h.CdrCount}");
        Console.WriteLine($"file sequence number       {h.FileSequenceNumber}");
        Console.WriteLine($"closure trigger reason     {h.ClosureTriggerReason}");
        Console.WriteLine($"node IP address            {h.NodeAddress}");
        Console.WriteLine($"lost CDR indicator         {h.LostCdrIndicator}");
        Console.WriteLine($"CDR routeing filter        {h.RouteingFilterLength} octets");
        Console.WriteLine($"private extension          {h.PrivateExtensionLength} octets");
        Console.WriteLine($"{"#",6} {"offset",10} {"length",6} {"release",-12} {"fmt",3} {"ts",2} {"record type",-14} {"served IMSI",-16} {"charging ID",11} {"local seq",10} {"uplink",12} {"downlink",12} {"served MSISDN",-15} {"RAT",3}");
        foreach (var r in report.Records)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{r.Index,6} {r.Offset,10} {r.Length,6} {r.ReleaseVersion,-12} {r.DataRecordFormat,3} {r.TsNumber,2} {r.RecordTypeName,-14} {r.ServedImsi,-16} {r.ChargingId,11} {r.LocalSequenceNumber,10} {r.UplinkVolume,12} {r.DownlinkVolume,12} {r.ServedMsisdn,-15} {r.RatType,3}"));
        }
    }
}
