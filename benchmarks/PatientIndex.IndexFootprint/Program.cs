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
// --read-only only reads the store, for the share of the build that reading takes.
var unshared = args.Contains("--unshared");
var readOnly = args.Contains("--read-only");
var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
if (positional.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: IndexFootprint <store.db> [model-dir (default models/match-v3)] [--unshared] [--read-only]");
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
var records = await IndexBuild.FillAsync(index, store.ReadAllRecordsAsync(), r => normaliser.Normalise(r, null, unshared ? null : memo));
var built = clock.Elapsed;
var held = GC.GetTotalMemory(forceFullCollection: true) - before;
Console.WriteLine($"records {records:N0}, persons {index.Persons:N0}");
Console.WriteLine($"built in {built.TotalSeconds:0.0} s");
Console.WriteLine($"index heap {held / 1048576.0:N0} MB, {(double)held / records:N0} bytes a record");
Console.WriteLine($"process: peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:N0} MB, {(GCSettings.IsServerGC ? "server" : "workstation")} GC");
GC.KeepAlive(index);
return 0;
