using Charging.CdrFiles;
using Charging.GtpPrime;

namespace Cgf.Server.Protocol;

/// <summary>
/// The answer to a Data Record Packet with records in GTP' Data Record Format <c>f</c> (docs/gtp-prime.md §3.1, §4):
/// none (stored) for 1-3, the formats a TS 32.297 CDR header labels with the same code; otherwise the request is
/// refused before anything is stored, so no record can reach a file under another format's label.
/// </summary>
public static class RecordFormatCause
{
    /// <summary>Null when records of <paramref name="gtpFormat"/> are stored; else the rejection cause.</summary>
    public static GtpPrimeCause? Refusal(byte gtpFormat) => DataRecordFormat.Classify(gtpFormat) switch
    {
        DataRecordFormatClass.Exportable => null,
        // A format the spec gives to operators: valid, but this CGF has no file label for it.
        DataRecordFormatClass.OperatorSpecific => GtpPrimeCause.ServiceNotSupported,
        // 0 (not used) and the unassigned values: the mandatory IE 252 carries a value TS 32.295 does not define.
        _ => GtpPrimeCause.MandatoryIeIncorrect,
    };
}
