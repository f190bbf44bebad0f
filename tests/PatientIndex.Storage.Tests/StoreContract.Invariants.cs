using PatientIndex.Core.Records;
using PatientIndex.Core.Stewardship;
using PatientIndex.Core.Store;
using static PatientIndex.Storage.Tests.StewardBench;

namespace PatientIndex.Storage.Tests;

/// <summary>
/// Property-style: random sequences of match-and-link, withdrawals and every steward action, with
/// the membership invariants checked after each step. Seeded, so a failure names its sequence.
/// </summary>
public abstract partial class StoreContract
{
    /// <summary>How many random sequences to run; a slower database may run fewer.</summary>
    protected virtual int RandomSequences => 1000;

    private const int StepsPerSequence = 12;

    // A property: the records it names are static fields of another part of this class, initialised in no set order.
    private static SourceRecord[] Pool =>
    [
        GpAmelia, HospitalAmelia, Patient("community", "C1", "Amy", "Hart", "1984-02-29", postcode: "M1 1AE"),
        GpJoseph, HospitalJoseph, Patient("community", "C2", "Joseph", "Okafor", "1990-07-12", postcode: "M1 1AE"),
        CommunityRuth, Patient("gp", "G3", "Ruth", "Bell", "1950-01-03", "9434765072", "YO1 7HH"),
    ];

    [Fact]
    public async Task random_sequences_of_steward_and_linking_actions_keep_every_invariant()
    {
        var done = new Dictionary<string, int>();
        for (var seed = 0; seed < RandomSequences; seed++)
        {
            var store = await CreateStoreAsync();
            await store.MigrateAsync();
            var bench = new StewardBench(store);
            var random = new Random(seed);
            var steps = new List<string>();
            foreach (var record in Pool.OrderBy(_ => random.Next()).Take(5)) await bench.LinkAsync(record);
            for (var step = 0; step < StepsPerSequence; step++)
            {
                steps.Add(await RandomStepAsync(bench, random));
                done[steps[^1]] = done.GetValueOrDefault(steps[^1]) + 1;
                var violations = await bench.ViolationsAsync();
                Assert.True(violations.Count == 0, $"seed {seed}, after {string.Join(" → ", steps)}: {string.Join("; ", violations)}");
            }
            (store as IDisposable)?.Dispose();
        }
        // Not vacuous: every kind of action succeeded many times, not only refusals.
        foreach (var kind in new[] { "link-records", "unlink", "merge", "unmerge", "resolve", "remove" })
            Assert.True(done.GetValueOrDefault(kind) > RandomSequences / 10, $"{kind} succeeded {done.GetValueOrDefault(kind)} times: {string.Join(", ", done)}");
    }

    private static async Task<string> RandomStepAsync(StewardBench bench, Random random)
    {
        var records = new List<StoredRecord>();
        await foreach (var r in bench.Store.ReadAllRecordsAsync()) records.Add(r);
        var persons = records.Select(r => r.Link.PersonId).Distinct().ToList();
        RecordKey Any() => records.Count == 0 ? new("gp", "none") : records[random.Next(records.Count)].Key;
        string AnyPerson() => persons.Count == 0 ? "none" : persons[random.Next(persons.Count)];
        var user = "steward" + random.Next(3);
        var action = random.Next(9);
        try
        {
            switch (action)
            {
                case 0:
                    var record = Pool[random.Next(Pool.Length)];
                    await bench.LinkAsync(random.Next(2) == 0 ? record : record with { Phone = "0770090" + random.Next(10000) });
                    return "link";
                case 1:
                    await bench.RemoveAsync(Any());
                    return "remove";
                case 2:
                    await bench.Desk.LinkRecordsAsync(Any(), Any(), random.Next(2) == 0, "r", user);
                    return "link-records";
                case 3:
                    await bench.Desk.UnlinkRecordAsync(Any(), random.Next(2) == 0 ? UnlinkMode.OwnPerson : UnlinkMode.Rematch, "r", user);
                    return "unlink";
                case 4:
                case 5:
                    await bench.Desk.MergePersonsAsync(AnyPerson(), AnyPerson(), random.Next(2) == 0, "r", user);
                    return "merge";
                case 6:
                    var merges = persons.Count == 0 ? [] : await bench.Store.MergesOfPersonAsync(AnyPerson());
                    if (merges.Count == 0) return "no merge to undo";
                    await bench.Desk.UnmergeAsync(merges[random.Next(merges.Count)].MergeId, "r", user);
                    return "unmerge";
                default:
                    var tasks = (await bench.Store.ListReviewTasksAsync(new ReviewTaskQuery())).Tasks;
                    if (tasks.Count == 0) return "no task";
                    await bench.Desk.ResolveAsync(tasks[random.Next(tasks.Count)].TaskId, (ReviewVerdict)random.Next(3), [], random.Next(2) == 0, "r", user);
                    return "resolve";
            }
        }
        catch (StewardshipException e)
        {
            return $"refused({action}: {e.Error})";
        }
    }
}
