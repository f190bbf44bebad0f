extern alias server;
using System.Text.Json;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PatientIndex.Api.V1;
using PatientIndex.Cli.Commands;
using PatientIndex.Core.Jobs;
using ExtractReport = PatientIndex.Core.Jobs.ExtractReport;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Store;
using PatientIndex.Extracts;
using PatientIndex.Storage.Sqlite;
using PatientIndex.Synth;
using EmbeddedIndex = server::PatientIndex.Server.Hosting.EmbeddedIndex;
using StewardWorkflow = server::PatientIndex.Server.Stewardship.StewardWorkflow;

namespace PatientIndex.Server.Tests;

/// <summary>
/// Nightly extracts into a store that holds persons: three nights of one synth population's sources,
/// each with patients gone, renamed, moved and new, linked by <c>link --store</c> and by the Jobs
/// service from the same start. The reports count exactly what changed, persons stay put unless a
/// decision moved them, a steward's link holds, and both doors end with the same persons.
/// </summary>
public sealed class NightlyExtractTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-nightly-").FullName;
    private static readonly Metadata Steward = TestIssuer.Shared.As(TestCallers.Steward("night-steward"));

    [Fact]
    public async Task three_nights_linked_by_link_store_report_exactly_what_changed_keep_persons_and_keep_the_stewards_link()
    {
        var scenario = Scenario();
        var store = Copy(scenario.Seeded, "cli.db");
        await StewardLinkInProcess(store, scenario.Confirmed, scenario.Partner);

        var reports = RunNightsByCommand(store, scenario);

        for (var i = 0; i < scenario.Nights.Count; i++)
        {
            var (night, report) = (scenario.Nights[i], reports[i]);
            var tally = report.Of(night.Source);
            output.WriteLine($"night {i + 1} ({night.Source}): {JsonSerializer.Serialize(tally)}");
            Assert.Equal(night.Expected, (tally.New, tally.Updated, tally.Unchanged, tally.Withdrawn));
            Assert.Equal(tally.New + tally.Updated, tally.Linked + tally.NewPersons + tally.SentToReview);
            Assert.Single(report.Sources);
        }
        var persons = await PersonsOf(store);
        Assert.Equal(persons[scenario.Partner], persons[scenario.Confirmed]);
    }

    [Fact]
    public async Task the_jobs_service_links_the_same_nights_to_the_same_persons_and_reports_as_link_store()
    {
        var scenario = Scenario();
        var byCommand = Copy(scenario.Seeded, "cli.db");
        await StewardLinkInProcess(byCommand, scenario.Confirmed, scenario.Partner);
        var commandReports = RunNightsByCommand(byCommand, scenario);

        await using var host = new ServiceHost(seededDatabase: scenario.Seeded);
        await new Stewardship.StewardshipClient(host.Channel).LinkRecordsAsync(new LinkRecordsRequest
        {
            Record = Reference(scenario.Confirmed), To = Reference(scenario.Partner), Reason = "same person, seen in clinic", OverrideAssertions = true,
        }, Steward);
        var jobs = new Jobs.JobsClient(host.Channel);
        for (var i = 0; i < scenario.Nights.Count; i++)
        {
            var job = await JobClient.UploadAndWaitAsync(jobs, scenario.Nights[i].File, new JobOptions { FileName = Path.GetFileName(scenario.Nights[i].File), FullExtract = true });
            Assert.Equal(Api.V1.JobState.Succeeded, job.State);
            Assert.Equal(Tallies(commandReports[i]), Tallies(job.Report));
        }

        Assert.Equal(Partition(await PersonsOf(byCommand)), Partition(await PersonsOf(host.Store)));
    }

    [Fact]
    public async Task a_full_extract_that_lacks_more_than_the_allowed_share_withdraws_nothing_unless_forced()
    {
        var scenario = Scenario();
        var store = Copy(scenario.Seeded, "cli.db");
        var gp = NightlyExtract.Read(Path.Combine(scenario.Data, "gp.csv"));
        var truncated = Path.Combine(_directory, "truncated", "gp.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(truncated)!);
        gp.Rows.RemoveRange(gp.Rows.Count / 2, gp.Rows.Count - gp.Rows.Count / 2);
        gp.Write(truncated);
        var before = await PersonsOf(store);

        Assert.Equal(2, Link(store, truncated, out _, fullExtract: true));
        Assert.Equal(before.Count, (await PersonsOf(store)).Count);

        Assert.Equal(0, Link(store, truncated, out var forced, fullExtract: true, force: true));
        Assert.Equal(gp.Rows.Count, forced.Of("gp").Unchanged);
        Assert.Equal(before.Count - (await PersonsOf(store)).Count, forced.Of("gp").Withdrawn);
    }

    [Fact]
    public async Task linking_the_same_extract_again_is_the_same_job_and_changes_nothing()
    {
        var scenario = Scenario();
        var store = Copy(scenario.Seeded, "cli.db");
        Assert.Equal(0, Link(store, scenario.Nights[0].File, out var first, fullExtract: true));
        var after = await PersonsOf(store);

        Assert.Equal(0, Link(store, scenario.Nights[0].File, out var again, fullExtract: true));

        Assert.Equal(Tallies(first), Tallies(again));
        Assert.Equal(after, await PersonsOf(store));
    }

    internal sealed record Night(string Source, string File, (int New, int Updated, int Unchanged, int Withdrawn) Expected);

    internal sealed record NightlyScenario(string Data, string Seeded, List<Night> Nights, RecordKey Confirmed, RecordKey Partner);

    /// <summary>A seeded store and three nights: the GP's extract, the hospital's, then the GP's again.</summary>
    private NightlyScenario Scenario()
    {
        var data = Path.Combine(_directory, "synth");
        var arrivals = Path.Combine(_directory, "arrivals");
        SyntheticExtracts.Generate(new SynthOptions(600, 41, data));
        SyntheticExtracts.Generate(new SynthOptions(200, 42, arrivals));
        var seeded = Path.Combine(_directory, "seeded.db");
        var files = new[] { "gp.csv", "hospital.csv", "community.csv" }.Select(f => Path.Combine(data, f)).ToList();
        Assert.Equal(0, LinkCommand.Run(new LinkRequest(files, null, null, null, new Thresholds(), new LinkageSettings().Blocking.MaxBlockSize, null, Store: seeded)));

        var truth = TruthFile.Read(Path.Combine(data, "truth.csv"));
        var (confirmed, partner) = truth.Where(t => t.Key.Item1 == "gp")
            .Select(t => (Gp: t.Key, Hospital: truth.FirstOrDefault(h => h.Key.Item1 == "hospital" && h.Value == t.Value).Key))
            .First(p => p.Hospital != default);

        var gp0 = NightlyExtract.Read(files[0]);
        var hospital0 = NightlyExtract.Read(files[1]);
        var gp1 = gp0.Next(1, gone: 12, renamed: 10, moved: 10, NightlyExtract.Read(Path.Combine(arrivals, "gp.csv")), 15, "n1-", renameThis: confirmed.Item2);
        var hospital2 = hospital0.Next(2, gone: 8, renamed: 6, moved: 6, NightlyExtract.Read(Path.Combine(arrivals, "hospital.csv")), 10, "n2-");
        var gp3 = gp1.Next(3, gone: 5, renamed: 5, moved: 5, NightlyExtract.Read(Path.Combine(arrivals, "gp.csv")), 10, "n3-");
        var nights = new List<Night>
        {
            Write(1, "gp", gp1, gp0), Write(2, "hospital", hospital2, hospital0), Write(3, "gp", gp3, gp1),
        };
        return new NightlyScenario(data, seeded, nights, new RecordKey(confirmed.Item1, confirmed.Item2), new RecordKey(partner.Item1, partner.Item2));

        Night Write(int night, string source, NightlyExtract tonight, NightlyExtract lastNight)
        {
            var path = Path.Combine(_directory, $"night{night}", source + ".csv");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            tonight.Write(path);
            return new Night(source, path, tonight.ChangesSince(lastNight));
        }
    }

    private List<ExtractReport> RunNightsByCommand(string store, NightlyScenario scenario) =>
        [.. scenario.Nights.Select(night =>
        {
            Assert.Equal(0, Link(store, night.File, out var report, fullExtract: true));
            return report;
        })];

    private int Link(string store, string file, out ExtractReport report, bool fullExtract = false, bool force = false)
    {
        var outDir = Path.Combine(_directory, "out-" + Guid.NewGuid().ToString("N")[..8]);
        var code = Cli.CliRun.Guard(() => LinkCommand.Run(new LinkRequest([file], outDir, null, null, new Thresholds(), null, null, Store: store)
        {
            FullExtract = fullExtract, Force = force,
        }));
        var written = Path.Combine(outDir, "store-report.json");
        report = File.Exists(written)
            ? ExtractReport.FromJson(JsonDocument.Parse(File.ReadAllText(written)).RootElement[0].GetProperty("report").GetRawText())
            : new ExtractReport();
        return code;
    }

    private static async Task StewardLinkInProcess(string store, RecordKey record, RecordKey to)
    {
        using var host = EmbeddedIndex.Build(new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = store });
        await host.StartAsync();
        await host.Services.GetRequiredService<StewardWorkflow>().LinkAsync(record, to, overrideAssertions: true, "same person, seen in clinic",
            "night-steward", CancellationToken.None);
        await host.StopAsync();
    }

    private string Copy(string file, string name)
    {
        var copy = Path.Combine(_directory, name);
        File.Copy(file, copy);
        return copy;
    }

    private static async Task<Dictionary<RecordKey, string>> PersonsOf(string sqlite)
    {
        using var store = new SqliteStore(sqlite);
        return await PersonsOf(store);
    }

    private static async Task<Dictionary<RecordKey, string>> PersonsOf(IPatientIndexStore store)
    {
        var persons = new Dictionary<RecordKey, string>();
        await foreach (var r in store.ReadAllRecordsAsync()) persons[r.Key] = r.Link.PersonId;
        return persons;
    }

    /// <summary>Persons as sets of records, whatever their ids.</summary>
    private static List<string> Partition(Dictionary<RecordKey, string> persons) =>
        [.. persons.GroupBy(p => p.Value).Select(g => string.Join(" ", g.Select(p => p.Key.ToString()).Order(StringComparer.Ordinal))).Order(StringComparer.Ordinal)];

    private static string Tallies(ExtractReport report) => JsonSerializer.Serialize(report.Sources);

    private static string Tallies(Api.V1.ExtractReport report) => JsonSerializer.Serialize(report.Sources.ToDictionary(s => s.Source, s => new SourceTally
    {
        New = s.New, Updated = s.Updated, Unchanged = s.Unchanged, Withdrawn = s.Withdrawn, Linked = s.Linked, NewPersons = s.NewPersons,
        Moved = s.Moved, SentToReview = s.SentToReview,
    }));

    private static RecordReference Reference(RecordKey key) => new() { Source = key.Source, RecordId = key.RecordId };

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
