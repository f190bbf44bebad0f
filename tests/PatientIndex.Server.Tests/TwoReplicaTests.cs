using System.Diagnostics;
using Npgsql;
using PatientIndex.Api.V1;

namespace PatientIndex.Server.Tests;

/// <summary>Two real server processes on one PostgreSQL database, as replicas behind a load balancer run.</summary>
[Collection(PostgresCollection.Name)]
public sealed class TwoReplicaTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-replicas-").FullName;
    private string _connectionString = "";
    private RealServer theFirst = null!;
    private RealServer theSecond = null!;

    public async Task InitializeAsync()
    {
        var settings = await postgres.NewStoreSettingsAsync();
        _connectionString = settings["Storage:Postgres:ConnectionString"]!;
        var arguments = settings.Select(s => $"--{s.Key}={s.Value}").ToArray();
        // Started together: both migrate the empty database at once.
        theFirst = RealServer.StartGrpc(_directory, arguments);
        theSecond = RealServer.StartGrpc(_directory, arguments);
        await Task.WhenAll(theFirst.WaitUntilServingAsync(), theSecond.WaitUntilServingAsync());
    }

    public Task DisposeAsync()
    {
        theFirst.Dispose();
        theSecond.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        return Task.CompletedTask;
    }

    [Fact]
    public async Task concurrent_links_of_one_new_patient_across_two_replicas_make_exactly_one_person()
    {
        var records = Enumerable.Range(0, 24).Select(i => i % 2 == 0
            ? Patients.GpWilliam().With(source: "gp", recordId: $"G-{i}")
            : Patients.HospitalBill().With(source: "hospital", recordId: $"H-{i}")).ToList();

        var answers = await Task.WhenAll(records.Select((record, i) =>
            (i % 4 < 2 ? theFirst : theSecond).Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = record }).ResponseAsync));

        Assert.Single(answers.Select(a => a.PersonId).Distinct());
        Assert.Single(answers, a => a.Decision == Decision.NewPerson);
        Assert.Equal(1L, await ScalarAsync("SELECT count(*) FROM persons WHERE retired_at IS NULL"));
    }

    [Fact]
    public async Task a_record_linked_on_one_replica_is_a_candidate_on_the_other_within_a_second()
    {
        var (oliver, _) = Patients.Twins();
        await theFirst.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = oliver });
        var clock = Stopwatch.StartNew();

        while (true)
        {
            var found = await theSecond.Client.MatchAsync(new MatchRequest { Record = oliver });
            if (found.Candidates.Any(c => c.RecordId == oliver.RecordId)) break;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), "the second replica did not see the record within a second");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task a_steward_merge_on_one_replica_enters_the_change_log_and_the_other_follows_it()
    {
        var gp = await theFirst.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = StewardshipTests.GpAmelia() });
        var ruth = new PatientRecord { Source = "community", RecordId = "C3", GivenName = "Ruth", FamilyName = "Bell", Dob = "1950-01-03", Postcode = "YO1 7HH" };
        var own = await theFirst.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = ruth });
        var logged = await ScalarAsync("SELECT count(*) FROM change_log");

        await new Stewardship.StewardshipClient(theFirst.Channel).MergePersonsAsync(new MergePersonsRequest
        {
            FromPersonId = own.PersonId, IntoPersonId = gp.PersonId, Reason = "one patient",
        }, TestIssuer.Shared.As(TestCallers.Steward("ann.steward")));

        Assert.Equal(logged + 1, await ScalarAsync("SELECT count(*) FROM change_log"));
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var found = await theSecond.Client.MatchAsync(new MatchRequest { Record = ruth });
            if (found.Candidates.Any(c => c.RecordId == "C3" && c.PersonId == gp.PersonId)) break;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), "the second replica did not follow the merge within a second");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task a_different_persons_assertion_made_on_one_replica_binds_automatic_linking_on_the_other()
    {
        var gp = StewardshipTests.GpAmelia();
        var hospital = gp.With(source: "hospital", recordId: "H2");
        await theFirst.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = gp });
        var linked = await theFirst.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = hospital });
        Assert.Equal(Decision.Linked, linked.Decision);
        var unlinked = await new Stewardship.StewardshipClient(theFirst.Channel).UnlinkRecordAsync(new UnlinkRecordRequest
        {
            Record = new RecordReference { Source = "hospital", RecordId = "H2" }, Target = UnlinkTarget.OwnPerson, Reason = "not the same patient",
        }, TestIssuer.Shared.As(TestCallers.Steward("ann.steward")));
        await Task.Delay(TimeSpan.FromSeconds(1)); // the documented bound for a replica to follow

        var changed = gp.Clone();
        changed.Phone = "0113 496 0000";
        var again = await theSecond.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = changed });

        var hospitalPerson = (await theSecond.Client.GetCrossReferencesAsync(new GetCrossReferencesRequest { Source = "hospital", RecordId = "H2" })).PersonId;
        Assert.NotEqual(hospitalPerson, again.PersonId);
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
