using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Operations.Configuration;

namespace Cgf.Server.Configuration;

/// <summary>Section Cgf bound and validated the same way by the server and by every one-shot command.</summary>
public static class CgfOptionsRegistration
{
    public static IServiceCollection AddCgfOptions(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<CgfOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CgfOptions>, CgfOptionsValidator>();
        services.AddSingleton<IValidateOptions<CgfOptions>, ExportOptionsValidator>();
        services.AddSingleton<IValidateOptions<CgfOptions>, DeliveryOptionsValidator>();
        services.AddSingleton<IValidateOptions<CgfOptions>, LimitsOptionsValidator>();
        // The binder ignores a key no option reads, so a typo would leave a default in force: refuse it by name.
        services.AddSingleton<IValidateOptions<CgfOptions>>(new KnownKeysValidator<CgfOptions>(section, ConfigurationSchema.For<CgfOptions>()));
        return services;
    }
}
