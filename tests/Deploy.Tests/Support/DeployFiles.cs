namespace Deploy.Tests.Support;

/// <summary>
/// What <c>deploy/</c> ships for one program: its unit, its example configuration (installed as
/// <c>/etc/NAME/appsettings.json</c>) and where the README installs the <c>dotnet publish</c> output (<c>/opt/NAME</c>).
/// </summary>
internal sealed record DeployFiles(string Name, string Program, string BuiltDll)
{
    public static DeployFiles Cgf { get; } = new("cgf", "Cgf.Server", Repository.CgfServerDll);

    public static DeployFiles Firewall { get; } = new("gtp-firewall", "Gtp.Firewall", Repository.FirewallDll);

    public static string Directory => Path.Combine(Repository.Root, "deploy");

    public static string Sysusers => Path.Combine(Directory, "sysusers.d", "cgf.conf");

    public static DeployFiles Named(string name) => name == Cgf.Name ? Cgf : name == Firewall.Name ? Firewall :
        throw new ArgumentOutOfRangeException(nameof(name), name, "no such unit in deploy/systemd");

    public string Unit => Path.Combine(Directory, "systemd", $"{Name}.service");

    public string DropInDirectory => Path.Combine(Directory, "systemd", $"{Name}.service.d");

    public string ExampleConfiguration => Path.Combine(Directory, "etc", Name, "appsettings.json");

    /// <summary>The program as the README installs it.</summary>
    public string InstalledProgram => $"/opt/{Name}/{Program}";

    /// <summary>The apphost beside the built assembly: an executable file, as ExecStart= needs.</summary>
    public string BuiltProgram => Path.ChangeExtension(BuiltDll, null);
}
