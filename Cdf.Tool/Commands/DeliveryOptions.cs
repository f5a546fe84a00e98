using Cdf.Client.Configuration;
using Microsoft.Extensions.Options;
using System.CommandLine;
using System.Globalization;

namespace Cdf.Tool.Commands;

/// <summary>The options <c>cdf send</c> and <c>cdf bench</c> share, and their mapping to <see cref="CdfOptions"/>.</summary>
internal sealed class DeliveryOptions(bool required = true)
{
    private static readonly CdfOptionsValidator Validator = new();

    public Option<string[]> Cgf { get; } = new("--cgf") { Description = "CGF as HOST:PORT, in priority order (repeat for a pool)", Required = required, Arity = ArgumentArity.OneOrMore };
    public Option<bool> Tcp { get; } = new("--tcp") { Description = "Data Record Transfer over TCP (CGF requests still come over UDP)" };
    public Option<string> State { get; } = new("--state") { Description = "the outbox SQLite file", Required = required };
    public Option<FileInfo?> File { get; } = new("--file") { Description = "CDRs to send: concatenated BER records or a TS 32.297 file" };
    public Option<int?> Generate { get; } = new("--generate") { Description = "generate N SGW-CDRs with localSequenceNumber 1..N" };
    public Option<int> CdrsPerRequest { get; } = new("--cdrs-per-request") { Description = "CDRs per Data Record Transfer Request (1-255)", DefaultValueFactory = _ => 50 };
    public Option<double?> Rate { get; } = new("--rate") { Description = "CDRs per second offered (default: as fast as acknowledged)" };
    public Option<bool> Progress { get; } = new("--progress") { Description = "progress bar on a terminal, a log line per second otherwise" };
    public Option<string[]> Local { get; } = new("--local") { Description = "local ADDRESS:PORT of the UDP socket per CGF, in --cgf order (the CGF's Cgf:PeerPort must be this port)", Arity = ArgumentArity.ZeroOrMore };
    public Option<int> Window { get; } = new("--window") { Description = "requests in flight per CGF", DefaultValueFactory = _ => 1024 };
    public Option<double> T3 { get; } = new("--t3") { Description = "T3 in seconds: wait before a retransmission", DefaultValueFactory = _ => 3 };
    public Option<int> N3 { get; } = new("--n3") { Description = "N3: transmissions before a CGF is marked down", DefaultValueFactory = _ => 3 };
    public Option<double> EchoInterval { get; } = new("--echo-interval") { Description = "seconds between Echo Requests per CGF", DefaultValueFactory = _ => 60 };
    public Option<int?> InitialSequence { get; } = new("--initial-sequence") { Description = "first sequence number of a new path (0-65535)" };
    public Option<string[]> AllowRedirectTo { get; } = new("--allow-redirect-to") { Description = "CGF addresses a Redirection Request may move traffic to", Arity = ArgumentArity.ZeroOrMore };
    public Option<bool> Verbose { get; } = new("--verbose") { Description = "debug logging" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Cgf, Tcp, State, File, Generate, CdrsPerRequest, Rate, Progress, Local, Window, T3, N3, EchoInterval, InitialSequence, AllowRedirectTo, Verbose })
            command.Options.Add(option);
    }

    public CdfOptions ToOptions(ParseResult result)
    {
        var cgfs = result.GetValue(Cgf) ?? [];
        var locals = result.GetValue(Local) ?? [];
        var options = new CdfOptions
        {
            StatePath = result.GetValue(State)!,
            MaxCdrsPerRequest = result.GetValue(CdrsPerRequest),
            Window = result.GetValue(Window),
            T3 = TimeSpan.FromSeconds(result.GetValue(T3)),
            N3 = result.GetValue(N3),
            EchoInterval = TimeSpan.FromSeconds(result.GetValue(EchoInterval)),
            AllowedRecommendedNodes = [.. result.GetValue(AllowRedirectTo) ?? []],
        };
        if (result.GetValue(InitialSequence) is { } initial)
            options.InitialSequenceNumber = checked((ushort)initial);
        for (var i = 0; i < cgfs.Length; i++)
        {
            var endpoint = CgfEndpointOptions.Parse(cgfs[i]);
            endpoint.Tcp = result.GetValue(Tcp);
            if (i < locals.Length)
            {
                var local = CgfEndpointOptions.Parse(locals[i]);
                endpoint.LocalAddress = local.Host;
                endpoint.LocalPort = local.Port;
            }
            options.Cgfs.Add(endpoint);
        }
        return options;
    }

    /// <summary>
    /// The library's rules on <paramref name="options"/>, checked before a client is built: false after one line on
    /// stderr per broken setting (the caller exits 2, as for any bad argument).
    /// </summary>
    public static bool Validate(CdfOptions options, string command)
    {
        var result = Validator.Validate(Options.DefaultName, options);
        if (!result.Failed)
            return true;
        foreach (var failure in result.Failures!)
            Console.Error.WriteLine($"{command}: {failure}");
        return false;
    }

    public static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
