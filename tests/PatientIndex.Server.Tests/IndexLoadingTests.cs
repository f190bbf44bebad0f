using System.Net;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using PatientIndex.Api.V1;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Tests;

/// <summary>A server listens while its candidate index is built: it answers from the store, says it is loading, and holds matching back.</summary>
public sealed class IndexLoadingTests : IAsyncLifetime
{
    private readonly LoadGate _gate = new();
    private readonly ServiceHost theService;

    public IndexLoadingTests() => theService = new ServiceHost(services: _gate.Install, waitForIndex: false);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _gate.Open();
        await theService.DisposeAsync();
    }

    [Fact]
    public async Task while_the_index_builds_health_says_not_ready_store_reads_are_answered_and_a_match_waits_for_the_index()
    {
        var gp = await theService.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.GpWilliam() });
        _gate.Close();
        await theService.RestartAsync();
        using var http = new HttpClient(theService.CreateAnonymousHandler()) { BaseAddress = theService.BaseAddress };
        var health = new Health.HealthClient(theService.Channel);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/healthz/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/live")).StatusCode);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, (await health.CheckAsync(new HealthCheckRequest())).Status);
        var xref = await theService.Client.GetCrossReferencesAsync(new GetCrossReferencesRequest { Source = "gp", RecordId = "G1001" });
        Assert.Equal(gp.PersonId, xref.PersonId);
        var match = theService.Client.MatchAsync(new MatchRequest { Record = Patients.HospitalBill() }).ResponseAsync;
        await theService.Client.GetPersonAsync(new GetPersonRequest { PersonId = gp.PersonId });
        Assert.False(match.IsCompleted);

        _gate.Open();

        Assert.Equal(gp.PersonId, Assert.Single((await match).Candidates).PersonId);
        await Eventually.Async(async () => (await http.GetAsync("/healthz/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status);
    }

    /// <summary>
    /// Holds a starting server's index build where it begins (its question to the replica coordinator) while closed,
    /// so a test sees the server mid-build for as long as it needs. Only the build's question is held: health and
    /// telemetry ask the same, and are answered. (The build asks from its loader's own frame, which is how it is told apart.)
    /// </summary>
    private sealed class LoadGate
    {
        private volatile TaskCompletionSource _open = Opened();

        public void Close() => _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _open.TrySetResult();

        public Task WaitAsync(CancellationToken cancellationToken) => _open.Task.WaitAsync(cancellationToken);

        public void Install(IServiceCollection services)
        {
            var own = services.Last(d => d.ServiceType == typeof(IReplicaCoordinator));
            services.Remove(own);
            services.AddSingleton<IReplicaCoordinator>(sp => new Gated((IReplicaCoordinator)own.ImplementationFactory!(sp), this));
        }

        private static TaskCompletionSource Opened()
        {
            var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            open.SetResult();
            return open;
        }

        private sealed class Gated(IReplicaCoordinator inner, LoadGate gate) : IReplicaCoordinator
        {
            public TimeSpan PollInterval => inner.PollInterval;
            public int MaxBatch => inner.MaxBatch;

            public async Task<long> LatestSequenceAsync(CancellationToken cancellationToken = default)
            {
                if (new System.Diagnostics.StackTrace().ToString().Contains("IndexLoader", StringComparison.Ordinal)) await gate.WaitAsync(cancellationToken);
                return await inner.LatestSequenceAsync(cancellationToken);
            }

            public Task<IReadOnlyList<RecordChange>> ChangesSinceAsync(long afterSequence, int limit, CancellationToken cancellationToken = default) =>
                inner.ChangesSinceAsync(afterSequence, limit, cancellationToken);

            public Task<ILinkingScope> BeginAsync(IReadOnlyCollection<long> lockKeys, CancellationToken cancellationToken = default) =>
                inner.BeginAsync(lockKeys, cancellationToken);
        }
    }
}
