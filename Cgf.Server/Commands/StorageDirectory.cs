using Microsoft.Extensions.Options;

namespace Cgf.Server.Commands;

/// <summary>
/// The server does not create the database's directory: a path with a typo would otherwise start an empty database in a
/// new place while the real one waits elsewhere (docs/cgf-design.md "Configuration").
/// </summary>
public static class StorageDirectory
{
    /// <exception cref="OptionsValidationException">The directory of <paramref name="path"/> does not exist.</exception>
    public static void Check(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new OptionsValidationException("Cgf", typeof(Configuration.CgfOptions),
                [$"Cgf:Storage:Path '{path}': directory {directory} does not exist"]);
        }
    }
}
