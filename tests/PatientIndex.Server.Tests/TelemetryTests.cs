using System.Diagnostics;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using PatientIndex.Api.V1;

namespace PatientIndex.Server.Tests;

/// <summary>Traces of one call, in-process with an in-memory exporter.</summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private readonly List<Activity> _spans = [];
    private readonly ServiceHost theService;

    public TelemetryTests() =>
        theService = new ServiceHost(services: s => s.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(_spans)));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await theService.DisposeAsync();

    [Fact]
    public async Task one_match_and_link_is_traced_as_server_span_then_linking_batch_then_store_transaction()
    {
        // The caller's own trace: every other host in this test run exports to its own list, but listens to the same sources.
        var trace = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();
        var headers = new Metadata { { "traceparent", $"00-{trace.ToHexString()}-{callerSpan.ToHexString()}-01" } };

        var reply = await theService.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.GpWilliam() }, headers);

        Assert.Equal(Decision.NewPerson, reply.Decision);
        Activity? server = null, batch = null, store = null;
        await Eventually.Async(() =>
        {
            Activity[] ours;
            lock (_spans) ours = [.. _spans.Where(s => s.TraceId == trace)];
            server = ours.SingleOrDefault(s => s.Kind == ActivityKind.Server && s.ParentSpanId == callerSpan);
            batch = ours.SingleOrDefault(s => s.OperationName == "linking batch" && s.ParentSpanId == server?.SpanId);
            store = ours.SingleOrDefault(s => s.OperationName == "store transaction" && s.ParentSpanId == batch?.SpanId);
            return Task.FromResult(store is not null);
        }, TimeSpan.FromSeconds(10));

        Assert.Contains("MatchAndLink", server!.DisplayName);
        Assert.Equal(0, server.GetTagItem("rpc.grpc.status_code"));
        Assert.Equal(1, batch!.GetTagItem("patientindex.batch.requests"));
        Assert.Equal("sqlite", store!.GetTagItem("db.system.name"));
        Assert.Equal("membership changes", store.GetTagItem("db.operation.name"));
    }
}
