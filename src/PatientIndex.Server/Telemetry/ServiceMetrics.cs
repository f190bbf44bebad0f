using System.Diagnostics;
using System.Diagnostics.Metrics;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Telemetry;

/// <summary>
/// The service's own instruments, on the meter <see cref="MeterName"/>: decisions by outcome, gRPC
/// calls by method and status with their latency, and the gauges an operator watches (review queue,
/// index size, link-queue length, change-log lag, model version). Gauges read values others keep;
/// none of them touches the store when scraped (see <see cref="StoreSampler"/>).
/// </summary>
public sealed class ServiceMetrics
{
    public const string MeterName = "PatientIndex";

    private readonly Counter<long> _decisions;
    private readonly Histogram<double> _calls;

    public ServiceMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _decisions = meter.CreateCounter<long>("patientindex.decisions", "{decision}",
            "Match-and-link decisions by outcome: linked, new_person or review");
        // The semantic conventions' name and buckets, so dashboards built for any gRPC server read it.
        _calls = meter.CreateHistogram("rpc.server.call.duration", "s", "gRPC calls by method and status",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        Meter = meter;
    }

    /// <summary>For the gauges registered by the parts whose state they read.</summary>
    public Meter Meter { get; }

    public void Decided(LinkOutcome outcome) => _decisions.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeName(outcome)));

    public void Called(string service, string method, int status, TimeSpan elapsed)
    {
        var tags = new TagList
        {
            { "rpc.system", "grpc" },
            { "rpc.service", service },
            { "rpc.method", method },
            { "rpc.grpc.status_code", status },
        };
        _calls.Record(elapsed.TotalSeconds, tags);
    }

    public static string OutcomeName(LinkOutcome outcome) => outcome switch
    {
        LinkOutcome.Linked => "linked",
        LinkOutcome.NewPerson => "new_person",
        LinkOutcome.Review => "review",
        _ => outcome.ToString(),
    };
}
