using System.Diagnostics;
using System.Runtime;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Normalisation;
using PatientIndex.Ml;
using PatientIndex.Storage.Sqlite;

// Builds the candidate index from every stored record through the code the server's start-up runs, then
// reports the managed heap it holds (after a full collection) per record, and the time the build took.
// --unshared normalises each record afresh, with no memo of values shared between records, for comparison;
// --read-only only reads the store, for the share of the build that reading takes; --match then searches the
// index with every 97th stored record, on one thread, as Match does, for the time a search takes in-process.
var unshared = args.Contains("--unshared");
var readOnly = args.Contains("--read-only");
var matches = args.Contains("--match");
var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
if (positional.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: IndexFootprint <store.db> [model-dir (default models/match-v3)] [--unshared] [--read-only] [--match]");
    return 2;
}
var model = LinkageModel.Load(positional.Length > 1 ? positional[1] : "models/match-v3");
var linker = new Linker(new LinkageSettings { Decisions = model.Decisions, Blocking = model.Blocking });
var store = new SqliteStore(positional[0]);
var normaliser = new RecordNormaliser(NicknameTable.Default, DateOnly.FromDateTime(DateTime.UtcNow));
var memo = normaliser.NewSharedMemo();

var clock = Stopwatch.StartNew();
if (readOnly)
{
    long read = 0;
    await foreach (var _ in store.ReadAllRecordsAsync()) read++;
    Console.WriteLine($"read {read:N0} records in {clock.Elapsed.TotalSeconds:0.0} s");
    return 0;
}
var before = GC.GetTotalMemory(forceFullCollection: true);
clock.Restart();
var index = linker.NewIndex(model.FellegiSunter?.TermFrequency.Names);
var queries = new List<PatientIndex.Core.Records.SourceRecord>();
var records = await IndexBuild.FillAsync(index, Sampled(store.ReadAllRecordsAsync()), r => normaliser.Normalise(r, null, unshared ? null : memo));
var built = clock.Elapsed;
var held = GC.GetTotalMemory(forceFullCollection: true) - before;
Console.WriteLine($"records {records:N0}, persons {index.Persons:N0}");
Console.WriteLine($"built in {built.TotalSeconds:0.0} s");
Console.WriteLine($"index heap {held / 1048576.0:N0} MB, {(double)held / records:N0} bytes a record");
Console.WriteLine($"process: peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");
if (matches) MatchEach();
GC.KeepAlive(index);
return 0;

// Every 97th record, kept to search with: stored records spread over the sources and the store's order.
async IAsyncEnumerable<PatientIndex.Core.Store.StoredRecord> Sampled(IAsyncEnumerable<PatientIndex.Core.Store.StoredRecord> all)
{
    long seen = 0;
    await foreach (var stored in all)
    {
        if (matches && seen++ % 97 == 0) queries.Add(stored.Record);
        yield return stored;
    }
}

// The search Match answers, on one thread: normalising the query, candidates, scoring and explaining, as the service does.
void MatchEach()
{
    var counting = new CountingScorer(model.Scorer());
    var searcher = linker.ForIndex(index, counting, TimeProvider.System, () => Guid.NewGuid().ToString("N"));
    long found = 0;
    foreach (var query in queries.Take(2000)) found += searcher.Match(normaliser.Normalise(query, null, memo), 5).Count;
    for (var round = 1; round <= 3; round++)
    {
        var thread = Stopwatch.StartNew();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        found = 0;
        foreach (var query in queries) found += searcher.Match(normaliser.Normalise(query, null, memo), 5).Count;
        var each = thread.Elapsed.TotalMicroseconds / queries.Count;
        Console.WriteLine($"match, round {round}: {queries.Count:N0} searches, {each:N1} µs each on one thread, {(double)found / queries.Count:N2} candidates answered, " +
            $"{(GC.GetAllocatedBytesForCurrentThread() - allocated) / queries.Count:N0} bytes allocated each");
    }
    var searches = Math.Min(2000, queries.Count) + 3 * queries.Count;
    Console.WriteLine($"trees walked a search: {(double)counting.Scored / searches:N2} to score, {(double)counting.Explained / searches:N2} to explain");
}

/// <summary>Counts the scorer's calls: those without an explanation (to rank candidates) and those with one.</summary>
sealed class CountingScorer(PatientIndex.Core.Scoring.IMatchScorer inner) : PatientIndex.Core.Scoring.IMatchScorer
{
    public long Scored, Explained;
    public string Name => inner.Name;
    public double Score(in PatientIndex.Core.Comparisons.ComparisonVector vector, Span<float> contributions)
    {
        if (contributions.Length > 0) Explained++; else Scored++;
        return inner.Score(vector, contributions);
    }
    public double UpperBound(in PatientIndex.Core.Comparisons.ComparisonVector vector) => inner.UpperBound(vector);
}
