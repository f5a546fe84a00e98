using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Operations.Configuration;

/// <summary>Fails options validation (so start-up, with ValidateOnStart) when the section holds a key no option reads.</summary>
public sealed class KnownKeysValidator<TOptions>(IConfiguration section, ConfigurationSchema schema) : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var unknown = schema.FindUnknown(section);
        return unknown.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(unknown.Select(u => u.ToString()));
    }
}
