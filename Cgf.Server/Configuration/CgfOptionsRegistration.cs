using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cgf.Server.Configuration;

/// <summary>Section Cgf bound and validated the same way by the server and by every one-shot command.</summary>
public static class CgfOptionsRegistration
{
    public static IServiceCollection AddCgfOptions(this IServiceCollection services, IConfiguration section)
    {
        services.AddOptions<CgfOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CgfOptions>, CgfOptionsValidator>();
        services.AddSingleton<IValidateOptions<CgfOptions>, ExportOptionsValidator>();
        return services;
    }
}
