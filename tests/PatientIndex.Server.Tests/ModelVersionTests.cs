using Grpc.Core;
using PatientIndex.Api.V1;
using PatientIndex.Cli.Commands;
using PatientIndex.Extracts;
using PatientIndex.Synth;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Tests;

/// <summary>The service learns from its own records, versioned: every decision names the version that took it, and a new one moves nothing.</summary>
public sealed class ModelVersionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-models-").FullName;
    private static readonly Metadata Steward = TestIssuer.Shared.As(TestCallers.Steward("model-steward"));

    [Fact]
    public async Task relearning_from_the_store_moves_no_record_and_every_later_decision_names_the_new_version()
    {
        var records = SynthRecords(900, 4242);
        await using var theService = new ServiceHost();
        var admin = new Admin.AdminClient(theService.Channel);
        var shipped = await admin.GetModelAsync(new GetModelRequest());
        foreach (var record in records.Skip(1)) await theService.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = record });
        var (moving, to) = (records[1], records[2]);
        await new Stewardship.StewardshipClient(theService.Channel).LinkRecordsAsync(new LinkRecordsRequest
        {
            Record = new RecordReference { Source = moving.Source, RecordId = moving.RecordId },
            To = new RecordReference { Source = to.Source, RecordId = to.RecordId },
            Reason = "the GP confirmed",
        }, Steward);
        var before = await LinksAsync(theService);

        var relearnt = await admin.RelearnModelAsync(new RelearnModelRequest());

        Assert.NotEqual(shipped.Version, relearnt.Version);
        Assert.StartsWith("match-v3+fs.", relearnt.Version);
        Assert.Equal(records.Count - 1, relearnt.Records);
        Assert.Equal(before, await LinksAsync(theService));
        var late = await theService.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = records[0] });
        var person = await theService.Client.GetPersonAsync(new GetPersonRequest { PersonId = late.PersonId });
        Assert.Equal(relearnt.Version, person.Records.Single(r => r.Record.RecordId == records[0].RecordId).Model);
        Assert.Equal(relearnt.Version, (await theService.Store.EventsOfRecordAsync(new RecordKey(records[0].Source, records[0].RecordId))).Single().Model);

        await theService.RestartAsync();
        var afterRestart = await WaitForModelAsync(new Admin.AdminClient(theService.Channel), relearnt.Version);
        Assert.Equal(relearnt.Version, afterRestart.Version);
    }

    [Fact]
    public async Task a_store_too_small_to_learn_from_is_a_failed_precondition()
    {
        await using var theService = new ServiceHost();

        var error = await Assert.ThrowsAsync<RpcException>(() => new Admin.AdminClient(theService.Channel).RelearnModelAsync(new RelearnModelRequest()).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
    }

    [Fact]
    public async Task a_store_seeded_by_link_decides_with_the_seeding_runs_model_and_the_same_records_sent_again_move_nothing()
    {
        var data = Path.Combine(_directory, "synth");
        SyntheticExtracts.Generate(new SynthOptions(700, 4343, data));
        var files = new[] { "gp.csv", "hospital.csv", "community.csv" }.Select(f => Path.Combine(data, f)).ToList();
        var seeded = Path.Combine(_directory, "seeded.db");
        Assert.Equal(0, LinkCommand.Run(new LinkRequest(files, null, null, null, new Thresholds(), null, null, Store: seeded)));
        await using var theService = new ServiceHost(seededDatabase: seeded);
        var version = (await theService.Store.LatestModelVersionAsync())!.Version;
        await WaitForModelAsync(new Admin.AdminClient(theService.Channel), version);
        var before = await LinksAsync(theService);
        var events = (await theService.Store.CountAsync()).LinkEvents;

        foreach (var record in new ExtractReader(ColumnMapping.None).Read(files).Records)
        {
            var answer = await theService.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Sent(record) });
            Assert.False(answer.Changed, $"{record.Source}/{record.RecordId} changed");
        }

        Assert.Equal(before, await LinksAsync(theService));
        Assert.Equal(events, (await theService.Store.CountAsync()).LinkEvents);
    }

    [Fact]
    public async Task a_model_version_an_earlier_release_learnt_for_other_comparisons_is_passed_over_and_the_server_serves()
    {
        var shippedParameters = File.ReadAllText(Path.Combine(RealServer.RepositoryRoot, "models", "match-v3", "fellegi-sunter.json"));
        var earlier = System.Text.Json.Nodes.JsonNode.Parse(shippedParameters)!;
        // An earlier release's date comparison had no level for partial dates.
        var dob = earlier["comparisons"]!.AsArray().Single(c => (string?)c!["name"] == "dob")!;
        var levels = dob["levels"]!.AsArray();
        levels.Remove(levels.Single(l => (string?)l!["level"] == "partial_agrees"));
        var seeded = Path.Combine(_directory, "earlier.db");
        using (var store = new PatientIndex.Storage.Sqlite.SqliteStore(seeded))
        {
            await store.MigrateAsync();
            await store.SaveModelVersionAsync(new ModelVersion("match-v2+fs.0ld", DateTimeOffset.UtcNow, "relearn", 5000, earlier.ToJsonString()));
        }

        await using var theService = new ServiceHost(seededDatabase: seeded);
        var answer = await theService.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = Patients.GpWilliam() });

        Assert.Equal(Decision.NewPerson, answer.Decision);
        Assert.StartsWith("match-v3+fs.", (await new Admin.AdminClient(theService.Channel).GetModelAsync(new GetModelRequest())).Version);
    }

    private List<PatientRecord> SynthRecords(int persons, int seed)
    {
        var data = Path.Combine(_directory, $"synth-{seed}");
        SyntheticExtracts.Generate(new SynthOptions(persons, seed, data));
        var files = new[] { "gp.csv", "hospital.csv", "community.csv" }.Select(f => Path.Combine(data, f)).ToList();
        return [.. new ExtractReader(ColumnMapping.None).Read(files).Records.Select(Sent)];
    }

    private static PatientRecord Sent(Core.Records.SourceRecord r) => new()
    {
        Source = r.Source, RecordId = r.RecordId, NhsNumber = r.NhsNumber ?? "", OtherId = r.OtherId ?? "", GivenName = r.GivenName ?? "",
        MiddleNames = r.MiddleNames ?? "", FamilyName = r.FamilyName ?? "", Dob = r.Dob ?? "", Sex = r.Sex ?? "", Postcode = r.Postcode ?? "",
        AddressLine1 = r.AddressLine1 ?? "", AddressLine2 = r.AddressLine2 ?? "", City = r.City ?? "", Phone = r.Phone ?? "", Email = r.Email ?? "",
        NhsNumberVerification = r.NhsNumberVerification ?? "",
    };

    /// <summary>Every record's person and whether a steward confirmed it.</summary>
    private static async Task<List<string>> LinksAsync(ServiceHost host)
    {
        var links = new List<string>();
        await foreach (var record in host.Store.ReadAllRecordsAsync())
            links.Add($"{record.Key} {record.Link.PersonId} {record.Link.Confirmed}");
        links.Sort(StringComparer.Ordinal);
        return links;
    }

    /// <summary>The model in use once the service has taken up the store's version (it does so in the background at start).</summary>
    private static async Task<ModelInfo> WaitForModelAsync(Admin.AdminClient admin, string version)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var model = await admin.GetModelAsync(new GetModelRequest());
            if (model.Version == version || DateTime.UtcNow > deadline) return model;
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
