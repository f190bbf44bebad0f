using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PatientIndex.Storage.Internal;

namespace PatientIndex.Server.Telemetry;

/// <summary>
/// OpenTelemetry for the service: traces of every gRPC call and FHIR request (ASP.NET Core), linking
/// batch (<see cref="ServiceTraces"/>), store transaction (<see cref="StoreTraces"/>) and PostgreSQL
/// statement (Npgsql); metrics of the same plus <see cref="ServiceMetrics"/> and the runtime's. Exported
/// (and the log) over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the exporter reads the standard
/// <c>OTEL_*</c> variables), and scraped as Prometheus text at <see cref="MetricsPath"/>.
/// <c>Telemetry:Enabled=false</c> registers none of it (the instruments then cost nothing).
/// </summary>
internal static class TelemetryRegistration
{
    public const string MetricsPath = "/metrics";
    private const string Section = "Telemetry";

    public static IServiceCollection AddPatientIndexTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        // Relaxed escaping: a log line says "CN=a+b", not "CN=a\u002Bb". Values are still quoted JSON strings.
        services.Configure<JsonConsoleFormatterOptions>(o => o.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        if (!Enabled(configuration)) return services;
        services.AddHostedService<StoreSampler>();
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("patientindex", serviceVersion: typeof(TelemetryRegistration).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                // A caller's sampling decision is kept; a trace begun here is kept at this ratio (under load, the
                // exporter's queue drops what it cannot send, so a busy service samples).
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(configuration.GetValue($"{Section}:TraceSampleRatio", 1.0))))
                    .AddSource(ServiceTraces.SourceName, StoreTraces.SourceName)
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbe(context.Request.Path))
                    .AddNpgsql();
                if (otlp) tracing.AddOtlpExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(ServiceMetrics.MeterName)
                    .AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddPrometheusExporter();
                if (otlp) metrics.AddOtlpExporter();
            });
        // The same log lines, with their trace ids and event ids, to the collector as well as the console.
        if (otlp) telemetry.WithLogging(logging => logging.AddOtlpExporter(), options => options.IncludeScopes = true);
        return services;
    }

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue($"{Section}:Enabled", true);

    /// <summary>Times every gRPC call; first, so it sees the calls refused before authentication passes.</summary>
    public static void UseGrpcCallMetrics(this WebApplication app) => app.UseMiddleware<GrpcCallMetrics>();

    /// <summary>The Prometheus scrape endpoint, guarded by the access table like every other endpoint.</summary>
    public static void MapMetrics(this WebApplication app, Action<EndpointBuilder> convention)
    {
        if (Enabled(app.Configuration)) app.MapPrometheusScrapingEndpoint(MetricsPath).Add(convention);
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments(MetricsPath);
}
