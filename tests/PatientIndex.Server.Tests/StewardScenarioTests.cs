using Grpc.Core;
using PatientIndex.Api.V1;
using PatientIndex.Cli.Commands;
using PatientIndex.Extracts;
using PatientIndex.Synth;
using PatientIndex.Core.Evaluation;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Tests;

/// <summary>
/// End to end: a synth extract bulk-linked into a store, its review queue worked through by a
/// scripted steward who knows the truth, over the Stewardship API; pairwise quality before and after,
/// and the decisions exported as labels.
/// </summary>
public sealed class StewardScenarioTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-scenario-").FullName;
    private static readonly Metadata Steward = TestIssuer.Shared.As(TestCallers.Steward("scripted-steward"));

    [Fact]
    public async Task working_through_the_review_queue_improves_recall_without_losing_precision()
    {
        var data = Path.Combine(_directory, "synth");
        SyntheticExtracts.Generate(new SynthOptions(400, 23, data));
        var seeded = Path.Combine(_directory, "seeded.db");
        var files = new[] { "gp.csv", "hospital.csv", "community.csv" }.Select(f => Path.Combine(data, f)).ToList();
        Assert.Equal(0, LinkCommand.Run(new LinkRequest(files, null, null, null, new Thresholds(), new LinkageSettings().Blocking.MaxBlockSize, null, Store: seeded)));
        var truth = TruthFile.Read(Path.Combine(data, "truth.csv"));
        await using var host = new ServiceHost(seededDatabase: seeded);
        var client = new Stewardship.StewardshipClient(host.Channel);
        var before = await EvaluateAsync(host.Store, truth);

        var resolved = 0;
        while ((await client.ListReviewTasksAsync(new ListReviewTasksRequest { PageSize = 100 }, Steward)).Tasks is { Count: > 0 } tasks)
            foreach (var task in tasks)
            {
                await ResolveFromTruthAsync(client, task, truth);
                resolved++;
            }
        var after = await EvaluateAsync(host.Store, truth);

        output.WriteLine($"{resolved} tasks; precision {before.Precision:0.0000} → {after.Precision:0.0000}, recall {before.Recall:0.0000} → {after.Recall:0.0000}");
        Assert.True(resolved >= 5, $"only {resolved} review tasks: the scenario needs a queue to work through");
        Assert.True(after.Recall > before.Recall, $"recall {before.Recall:0.0000} → {after.Recall:0.0000}");
        Assert.True(after.Precision >= before.Precision, $"precision {before.Precision:0.0000} → {after.Precision:0.0000}");

        var labels = Path.Combine(_directory, "labels.csv");
        Assert.Equal(0, ExportLabelsCommand.Run(host.DatabasePath, labels));
        var rows = File.ReadAllLines(labels);
        Assert.Equal(ExportLabelsCommand.Header, rows[0]);
        Assert.True(rows.Length > resolved / 2);
        Assert.All(rows.Skip(1).Select(r => r.Split(',')), r =>
            Assert.Equal(truth[(r[0], r[1])] == truth[(r[2], r[3])] ? "1" : "0", r[4]));
    }

    /// <summary>The steward who knows the truth: the same person as a true candidate, otherwise different persons.</summary>
    private static async Task ResolveFromTruthAsync(Stewardship.StewardshipClient client, ReviewTaskSummary task, Dictionary<(string, string), string> truth)
    {
        var view = await client.GetReviewTaskAsync(new GetReviewTaskRequest { TaskId = task.TaskId }, Steward);
        var me = truth[(task.Record.Source, task.Record.RecordId)];
        var same = view.Candidates.FirstOrDefault(c => truth[(c.Record.Source, c.Record.RecordId)] == me && c.PersonId != view.Task.PersonId);
        var request = new ResolveReviewTaskRequest { TaskId = task.TaskId, Reason = "checked against the truth file" };
        if (same is not null)
        {
            request.Resolution = ReviewResolution.SamePerson;
            request.Candidates.Add(new RecordReference { Source = same.Record.Source, RecordId = same.Record.RecordId });
        }
        else
        {
            request.Resolution = ReviewResolution.DifferentPersons;
            request.Candidates.AddRange(view.Candidates.Where(c => truth[(c.Record.Source, c.Record.RecordId)] != me)
                .Select(c => new RecordReference { Source = c.Record.Source, RecordId = c.Record.RecordId }));
            if (request.Candidates.Count == 0) request.Resolution = ReviewResolution.SamePerson; // already together, rightly
        }
        try { await client.ResolveReviewTaskAsync(request, Steward); }
        catch (RpcException e) when (e.StatusCode == StatusCode.FailedPrecondition)
        {
            // The person holds a record the truth says is someone else: a merge would be wrong, so record it apart.
            await client.ResolveReviewTaskAsync(new ResolveReviewTaskRequest { TaskId = task.TaskId, Resolution = ReviewResolution.Defer, Reason = e.Status.Detail }, Steward);
        }
    }

    private static async Task<PairwiseMetrics> EvaluateAsync(IPatientIndexStore store, Dictionary<(string, string), string> truth)
    {
        var persons = new Dictionary<(string, string), string>();
        await foreach (var r in store.ReadAllRecordsAsync()) persons[(r.Record.Source, r.Record.RecordId)] = r.Link.PersonId;
        return PairwiseEvaluation.Evaluate(persons, truth);
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
