using Microsoft.Extensions.Hosting;

namespace PatientIndex.Server.Hosting;

/// <summary>
/// The service's matching, store and job runner without its network edges, for a command that
/// links into a store in-process (<c>link --store</c> on a store that holds persons): it decides
/// exactly as the service does because it is the service's own composition.
/// </summary>
public static class EmbeddedIndex
{
    /// <param name="settings">Configuration over the server's shipped defaults, e.g. <c>Storage:Provider</c>.</param>
    public static IHost Build(IReadOnlyDictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        ServerDefaults.Add(builder.Configuration);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Error);
        builder.Services.AddPatientIndex();
        return builder.Build();
    }
}
