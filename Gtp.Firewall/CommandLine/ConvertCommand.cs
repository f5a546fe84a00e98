using Gtp.Firewall.Configuration;
using Operations;
using Operations.CommandLine;

namespace Gtp.Firewall.CommandLine;

/// <summary><c>Gtp.Firewall config convert FILE</c>: Junos set text → the validated Firewall JSON section on stdout.</summary>
internal static class ConvertCommand
{
    public static int Run(string path, TextWriter output)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new CommandFailure(ExitCode.Environment, $"config convert: {path}: cannot read: {exception.Message}", exception);
        }
        var json = FirewallConfigurationLoader.ConvertJunos(text, path);
        // The converter's output goes through the same checks as a hand-written file, unknown keys included.
        FirewallOptionsValidator.Compile(FirewallConfigurationLoader.BindJson(json, path));
        output.WriteLine(json);
        return ExitCode.Success;
    }
}
