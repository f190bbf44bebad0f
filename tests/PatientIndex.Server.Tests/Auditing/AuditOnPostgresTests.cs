using Grpc.Core;
using Npgsql;
using PatientIndex.Api.V1;
using PatientIndex.Core.Audit;

namespace PatientIndex.Server.Tests.Auditing;

/// <summary>The audit trail on a real PostgreSQL, taken down and brought back under the server.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AuditOnPostgresTests(PostgresFixture postgres)
{
    private static readonly Metadata AsJo = TestIssuer.Shared.As(TestCallers.Everything with { Id = "audit-jo", Subject = "jo.smith", Name = "Jo Smith" });

    [Fact]
    public async Task while_postgres_is_down_reads_are_answered_until_the_audit_queue_is_full_then_refused_and_none_answered_goes_unrecorded()
    {
        var settings = await postgres.NewStoreSettingsAsync();
        settings["Audit:QueueCapacity"] = "2";
        settings["Audit:BatchSize"] = "1";
        settings["Audit:MaxWait"] = "00:00:01";
        settings["Audit:RetryDelay"] = "00:00:00.020";
        settings["Audit:MaxRetryDelay"] = "00:00:00.100";
        await using var service = new ServiceHost(settings);
        var william = await service.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.GpWilliam() }, AsJo);
        var trail = new AuditProbe(service);
        Assert.Equal(AccessAction.Create, Assert.Single(await trail.SinceAsync()).Action);

        var answered = 0;
        RpcException? refused = null;
        await postgres.Server.StopAsync();
        try
        {
            // The index answers without the store; each answer's event waits: one in the writer, retrying, and two in the queue.
            while (refused is null && answered < 10)
            {
                try
                {
                    await service.Client.MatchAsync(new MatchRequest { Record = new PatientRecord { FamilyName = "Hartley", Dob = "1984-02-29" } }, AsJo);
                    answered++;
                }
                catch (RpcException e) { refused = e; }
            }
        }
        finally
        {
            await postgres.Server.ResumeAsync();
            // The pooled connections of this test's other clients died with the server.
            NpgsqlConnection.ClearAllPools();
        }

        Assert.Equal((3, StatusCode.Unavailable), (answered, refused!.StatusCode));
        Assert.Contains("audit trail", refused.Status.Detail);
        var written = await trail.SinceAsync();
        Assert.Equal(3, written.Count);
        Assert.All(written, e => Assert.Equal((AccessAction.Query, AccessOutcome.Success, "gp/G1001"), (e.Action, e.Outcome, e.Returned[0].ToString())));

        var audit = new Audit.AuditClient(service.Channel);
        var found = await audit.ListAuditEventsAsync(new ListAuditEventsRequest { PersonId = william.PersonId, User = "jo.smith", PageSize = 2 }, AsJo);
        // A read's event is queued as its call ends, which can be after its answer arrived here.
        await Eventually.Async(async () => (await trail.SinceAsync()).Any(e => e.Operation.EndsWith("ListAuditEvents", StringComparison.Ordinal)), TimeSpan.FromSeconds(30));
        var rest = await audit.ListAuditEventsAsync(new ListAuditEventsRequest { PersonId = william.PersonId, User = "jo.smith", PageToken = found.NextPageToken }, AsJo);
        // The first page's own reading of the trail names the person too, and is on the second.
        Assert.Equal(["MatchAndLink", "Match", "Match", "Match", "ListAuditEvents"], found.Events.Concat(rest.Events).Select(e => e.Operation.Split('/')[^1]));
        Assert.Equal("", rest.NextPageToken);
    }

    [Fact]
    public async Task every_record_held_on_postgres_has_the_audit_event_of_its_write_committed_with_it()
    {
        var settings = await postgres.NewStoreSettingsAsync();
        await using (var service = new ServiceHost(settings))
        {
            using var stream = service.Client.MatchAndLinkStream(AsJo);
            foreach (var patient in new[] { Patients.GpWilliam(), Patients.HospitalBill(), Patients.CommunityWill(), Patients.Twins().Item1, Patients.Twins().Item2 })
                await stream.RequestStream.WriteAsync(new MatchAndLinkRequest { Record = patient });
            await stream.RequestStream.CompleteAsync();
            Assert.Equal(5, (await stream.ResponseStream.ReadAllAsync().ToListAsync()).Count);
        }

        await using var connection = new NpgsqlConnection(settings["Storage:Postgres:ConnectionString"]);
        await connection.OpenAsync();
        await using var unaudited = new NpgsqlCommand("""
            SELECT count(*) FROM source_records r WHERE NOT EXISTS (
                SELECT 1 FROM audit_event_records a JOIN audit_events e ON e.event_id = a.event_id
                WHERE a.source = r.source AND a.record_id = r.record_id AND e.action = 'create' AND e.actor = 'jo.smith'
                  AND e.changed::jsonb @> jsonb_build_array(jsonb_build_array(r.source, r.record_id)))
            """, connection);
        Assert.Equal(0L, await unaudited.ExecuteScalarAsync());
        await using var records = new NpgsqlCommand("SELECT count(*) FROM source_records", connection);
        Assert.Equal(5L, await records.ExecuteScalarAsync());
    }
}
