using System.Net;

namespace PatientIndex.Server.Tests;

/// <summary>Readiness follows the store; liveness does not (a restart would not bring the database back).</summary>
[Collection(PostgresCollection.Name)]
public sealed class ReadinessTests(PostgresFixture postgres)
{
    [Fact]
    public async Task with_postgres_stopped_the_replica_is_alive_but_not_ready_and_ready_again_once_it_is_back()
    {
        await using var theService = new ServiceHost(await postgres.NewStoreSettingsAsync());
        using var http = new HttpClient(theService.CreateAnonymousHandler()) { BaseAddress = theService.BaseAddress };
        await Eventually.Async(async () => (await http.GetAsync("/healthz/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));

        await postgres.Server.StopAsync();
        try
        {
            var ready = await http.GetAsync("/healthz/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/healthz")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz/live")).StatusCode);
        }
        finally { await postgres.Server.ResumeAsync(); }

        await Eventually.Async(async () => (await http.GetAsync("/healthz/ready")).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
    }
}
