using System.Collections.Concurrent;
using Grpc.Core;
using Npgsql;
using PatientIndex.Api.V1;
using PatientIndex.Core.Matching;

namespace PatientIndex.Server.Tests;

/// <summary>PostgreSQL restarted under load: what callers see, and what the store holds afterwards.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DatabaseRestartTests(PostgresFixture postgres)
{
    private static readonly string[] GivenNames = ["Amelia", "Oliver", "Isla", "George", "Ava", "Arthur", "Mia", "Noah", "Ivy", "Leo", "Freya", "Oscar"];
    private static readonly string[] FamilyNames = ["Patel", "Jones", "Taylor", "Brown", "Khan", "Evans", "Walsh", "Murphy", "Price", "Baker", "Clarke", "Hughes", "Ward"];

    [Fact]
    public async Task a_postgres_restart_fails_calls_in_flight_as_unavailable_then_the_server_reconnects_with_nothing_half_written()
    {
        var settings = await postgres.NewStoreSettingsAsync();
        await using var theService = new ServiceHost(settings);
        await theService.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patient(caller: 4, call: 0) });
        var acknowledged = new ConcurrentBag<(string RecordId, string PersonId)>();
        var failures = new ConcurrentBag<StatusCode>();
        using var stop = new CancellationTokenSource();

        var callers = Enumerable.Range(0, 4).Select(caller => Task.Run(async () =>
        {
            for (var call = 0; !stop.IsCancellationRequested; call++)
            {
                var record = Patient(caller, call);
                try
                {
                    var answer = await theService.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = record }, deadline: DateTime.UtcNow.AddSeconds(20));
                    acknowledged.Add((record.RecordId, answer.PersonId));
                }
                catch (RpcException e) { failures.Add(e.StatusCode); }
            }
        })).ToArray();
        await Task.Delay(800);
        await postgres.Server.StopAsync();
        // The database stays down until a call has met it (bounded), however slow a busy machine makes the callers.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (failures.IsEmpty && clock.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(50);
        await postgres.Server.ResumeAsync();
        await Task.Delay(1500);
        await stop.CancelAsync();
        await Task.WhenAll(callers);
        var afterwards = await EventuallyAsync(() => theService.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patient(caller: 4, call: 1) }).ResponseAsync);

        Assert.NotEmpty(failures);
        Assert.All(failures, code => Assert.Equal(StatusCode.Unavailable, code));
        Assert.NotNull(afterwards.PersonId);
        await using var connection = new NpgsqlConnection(settings["Storage:Postgres:ConnectionString"]);
        await connection.OpenAsync();
        Assert.Equal(0, await ScalarAsync(connection, "SELECT count(*) FROM persons p WHERE retired_at IS NULL AND NOT EXISTS (SELECT 1 FROM links l WHERE l.person_id = p.person_id)"));
        Assert.Equal(0, await ScalarAsync(connection, "SELECT count(*) FROM source_records r WHERE NOT EXISTS (SELECT 1 FROM links l WHERE l.source = r.source AND l.record_id = r.record_id)"));
        Assert.Equal(0, await ScalarAsync(connection, "SELECT count(*) FROM source_records r WHERE NOT EXISTS (SELECT 1 FROM link_events e WHERE e.source = r.source AND e.record_id = r.record_id)"));
        // An acknowledged record is where it was answered to be, unless a later decision moved it (and logged the move).
        foreach (var (recordId, personId) in acknowledged)
            Assert.Equal(1, await ScalarAsync(connection, $"""
                SELECT count(*) FROM links WHERE record_id = '{recordId}' AND (person_id = '{personId}'
                    OR EXISTS (SELECT 1 FROM link_events e WHERE e.record_id = '{recordId}' AND e.kind = 'record_moved' AND e.from_person_id = '{personId}'))
                """));
        Assert.Equal(await ScalarAsync(connection, "SELECT count(*) FROM source_records"), theService.Service<CandidateIndex>().Count);
    }

    /// <summary>A new patient per call: names cycle, the birth date never repeats.</summary>
    private static PatientRecord Patient(int caller, int call) => new()
    {
        Source = "pas", RecordId = $"R{caller}-{call}", GivenName = GivenNames[call % GivenNames.Length],
        FamilyName = FamilyNames[(call / GivenNames.Length + caller) % FamilyNames.Length],
        Dob = new DateOnly(1940, 1, 1).AddDays(caller * 3000 + call).ToString("yyyy-MM-dd"), Postcode = "LS1 4AP",
    };

    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> call)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try { return await call(); }
            catch (RpcException) when (DateTime.UtcNow < deadline) { await Task.Delay(200); }
        }
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
