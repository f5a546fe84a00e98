namespace Tests.Shared;

/// <summary>Paths of the built programs the tests run as child processes.</summary>
internal static class Repository
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    public static string Root { get; } = FindRoot();

    public static string CgfServerDll => Path.Combine(Root, "Cgf.Server", "bin", Configuration, "net10.0", "Cgf.Server.dll");

    public static string FirewallDll => Path.Combine(Root, "Gtp.Firewall", "bin", Configuration, "net10.0", "Gtp.Firewall.dll");

    public static string CdfDll => Path.Combine(Root, "Cdf.Tool", "bin", Configuration, "net10.0", "cdf.dll");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cgf.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException("Cgf.sln not found above the test directory");
    }
}
