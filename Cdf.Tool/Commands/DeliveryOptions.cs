using Cdf.Client.Configuration;
using Cdf.Tool.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Operations.CommandLine;
using System.CommandLine;
using System.Globalization;

namespace Cdf.Tool.Commands;

/// <summary>
/// The options <c>cdf send</c> and <c>cdf bench</c> share, and their mapping to <see cref="CdfOptions"/>: the
/// configuration's <c>Cdf</c> section is the base and an option given on the command line wins over it (docs/cdf-cli.md).
/// </summary>
internal sealed class DeliveryOptions
{
    private static readonly CdfOptionsValidator Validator = new();

    public Option<string[]> Cgf { get; } = new("--cgf") { Description = "CGF as HOST:PORT, in priority order (repeat for a pool; replaces Cdf:Cgfs of the configuration)", Arity = ArgumentArity.OneOrMore };
    public Option<bool> Tcp { get; } = new("--tcp") { Description = "Data Record Transfer over TCP (CGF requests still come over UDP)" };
    public Option<string> State { get; } = new("--state") { Description = "the outbox SQLite file (default: Cdf:StatePath of the configuration)" };
    public Option<FileInfo?> File { get; } = new("--file") { Description = "CDRs to send: concatenated BER records or a TS 32.297 file" };
    public Option<int?> Generate { get; } = new("--generate")
    {
        Description = "generate N SGW-CDRs with localSequenceNumber 1..N",
        CustomParser = result => NumberArgument.Parse(result, "--generate", static (string text, out int value) =>
            int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)),
    };
    public Option<int> CdrsPerRequest { get; } = new("--cdrs-per-request") { Description = "CDRs per Data Record Transfer Request (1-255)", DefaultValueFactory = _ => 50 };
    public Option<double?> Rate { get; } = new("--rate")
    {
        Description = "CDRs per second offered (default: as fast as acknowledged)",
        CustomParser = result => NumberArgument.Parse(result, "--rate", static (string text, out double value) =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value)),
    };
    public Option<bool> Progress { get; } = new("--progress") { Description = "progress bar on a terminal, a log line per second otherwise" };
    public Option<string[]> Local { get; } = new("--local") { Description = "local ADDRESS:PORT of the UDP socket per CGF, one per CGF in --cgf order (the CGF's Cgf:PeerPort must be this port)", Arity = ArgumentArity.ZeroOrMore };
    public Option<int> Window { get; } = new("--window") { Description = "requests in flight per CGF", DefaultValueFactory = _ => 1024 };
    public Option<double> T3 { get; } = new("--t3") { Description = "T3 in seconds: wait before a retransmission", DefaultValueFactory = _ => 3 };
    public Option<int> N3 { get; } = new("--n3") { Description = "N3: transmissions before a CGF is marked down", DefaultValueFactory = _ => 3 };
    public Option<double> EchoInterval { get; } = new("--echo-interval") { Description = "seconds between Echo Requests per CGF", DefaultValueFactory = _ => 60 };
    public Option<int?> InitialSequence { get; } = new("--initial-sequence")
    {
        Description = "first sequence number of a new path (0-65535)",
        CustomParser = result => NumberArgument.Parse(result, "--initial-sequence", static (string text, out int value) =>
            int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)),
    };
    public Option<string[]> AllowRedirectTo { get; } = new("--allow-redirect-to") { Description = "CGF addresses a Redirection Request may move traffic to", Arity = ArgumentArity.ZeroOrMore };
    public Option<bool> Verbose { get; } = new("--verbose") { Description = "debug logging" };
    public Option<string?> Config { get; } = new("--config") { Description = "configuration file whose Cdf section is the base (default: ./appsettings.json, else the copy beside cdf)" };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Cgf, Tcp, State, File, Generate, CdrsPerRequest, Rate, Progress, Local, Window, T3, N3, EchoInterval, InitialSequence, AllowRedirectTo, Verbose, Config })
            command.Options.Add(option);
    }

    /// <summary>
    /// The configuration (file, environment, <c>--Section:Key=value</c> <paramref name="overrides"/>) and the delivery
    /// settings of this run: its <c>Cdf</c> section with every option given on the command line on top.
    /// </summary>
    /// <exception cref="CommandFailure">An option or key that makes no sense (exit 2).</exception>
    /// <param name="lookUp">Without --config, use ./appsettings.json or the copy beside cdf (see <see cref="ToolConfiguration.Load"/>).</param>
    public (CdfOptions Options, IConfigurationRoot Configuration) Resolve(ParseResult result, IReadOnlyDictionary<string, string?> overrides, bool lookUp = true)
    {
        var configuration = ToolConfiguration.Load(result.GetValue(Config), overrides, lookUp);
        var options = ToolConfiguration.BindCdf(configuration);
        if (Given(result, State))
            options.StatePath = result.GetValue(State)!;
        else if (configuration[$"{CdfOptions.SectionName}:StatePath"] is null)
            // Without a file that names one, no outbox is chosen silently in the working directory.
            options.StatePath = "";
        if (Given(result, CdrsPerRequest))
            options.MaxCdrsPerRequest = result.GetValue(CdrsPerRequest);
        if (Given(result, Window))
            options.Window = result.GetValue(Window);
        if (Given(result, T3))
            options.T3 = Seconds(T3, result.GetValue(T3));
        if (Given(result, N3))
            options.N3 = result.GetValue(N3);
        if (Given(result, EchoInterval))
            options.EchoInterval = Seconds(EchoInterval, result.GetValue(EchoInterval));
        if (Given(result, AllowRedirectTo))
            options.AllowedRecommendedNodes = [.. result.GetValue(AllowRedirectTo) ?? []];
        if (result.GetValue(InitialSequence) is { } initial)
        {
            if (initial is < ushort.MinValue or > ushort.MaxValue)
                throw CommandFailure.Usage($"--initial-sequence {initial}: must be 0-65535");
            options.InitialSequenceNumber = (ushort)initial;
        }
        var cgfs = result.GetValue(Cgf) ?? [];
        if (cgfs.Length > 0)
            options.Cgfs = [.. cgfs.Select(text => Endpoint(Cgf, text))];
        if (Given(result, Tcp))
        {
            foreach (var endpoint in options.Cgfs)
                endpoint.Tcp = result.GetValue(Tcp);
        }
        var locals = result.GetValue(Local) ?? [];
        if (locals.Length > 0)
        {
            // A CGF without its --local would send from an ephemeral port its Cgf:PeerPort does not name.
            if (locals.Length != options.Cgfs.Count)
                throw CommandFailure.Usage($"--local given {locals.Length} times for {options.Cgfs.Count} CGFs: give one --local per --cgf, in the same order");
            for (var i = 0; i < locals.Length; i++)
            {
                var local = Endpoint(Local, locals[i]);
                options.Cgfs[i].LocalAddress = local.Host;
                options.Cgfs[i].LocalPort = local.Port;
            }
        }
        if (result.GetValue(Rate) is { } rate && !(rate > 0 && double.IsFinite(rate)))
            throw CommandFailure.Usage($"--rate {Format(rate)}: must be more than 0 CDRs per second");
        if (result.GetValue(Generate) is < 0)
            throw CommandFailure.Usage($"--generate {result.GetValue(Generate)}: must be 0 or more CDRs");
        return (options, configuration);
    }

    /// <summary>
    /// The library's rules on <paramref name="options"/>, checked before a client is built; every broken setting is
    /// named, on one line, by its configuration key.
    /// </summary>
    /// <exception cref="CommandFailure">A broken setting (exit 2).</exception>
    public static void Validate(CdfOptions options)
    {
        if (options.Cgfs.Count == 0)
            throw CommandFailure.Usage("no CGF: give --cgf HOST:PORT (or Cdf:Cgfs in the configuration file)");
        if (string.IsNullOrWhiteSpace(options.StatePath))
            throw CommandFailure.Usage("no outbox: give --state FILE (or Cdf:StatePath in the configuration file)");
        var result = Validator.Validate(Options.DefaultName, options);
        if (result.Failed)
            throw CommandFailure.Usage(string.Join("; ", result.Failures!));
    }

    public static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    private static bool Given(ParseResult result, Option option) => result.GetResult(option) is { Implicit: false };

    private static CgfEndpointOptions Endpoint(Option option, string text)
    {
        try
        {
            return CgfEndpointOptions.Parse(text);
        }
        catch (Exception exception) when (exception is FormatException or OverflowException)
        {
            throw CommandFailure.Usage($"{option.Name} {text}: not HOST:PORT (the port a number 1-65535)");
        }
    }

    private static TimeSpan Seconds(Option option, double seconds) =>
        double.IsFinite(seconds) && Math.Abs(seconds) < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(seconds)
            : throw CommandFailure.Usage($"{option.Name} {Format(seconds)}: not a number of seconds");
}
