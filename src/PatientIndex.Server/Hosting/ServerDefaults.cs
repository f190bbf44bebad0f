namespace PatientIndex.Server.Hosting;

/// <summary>
/// The appsettings.json shipped beside the server, as the lowest-priority configuration: the server
/// then has its documented defaults (ports, model) whatever directory it is started from, and every
/// usual source (a content-root appsettings.json, environment, command line) still overrides them.
/// </summary>
internal static class ServerDefaults
{
    public static void Add(ConfigurationManager configuration)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (!File.Exists(path)) return;
        var source = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = path, Optional = true };
        source.ResolveFileProvider();
        configuration.Sources.Insert(0, source);
    }
}
