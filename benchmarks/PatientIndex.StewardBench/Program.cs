using PatientIndex.StewardBench;

// dotnet run --project benchmarks/PatientIndex.StewardBench -c Release -- seed-tasks --store S.db --tasks 100000
// dotnet run --project benchmarks/PatientIndex.StewardBench -c Release -- latency --store S.db --web http://127.0.0.1:5081 [--samples 100]
// dotnet run --project benchmarks/PatientIndex.StewardBench -c Release -- screenshots --store S.db --web http://127.0.0.1:5081 --out docs
// dotnet run --project benchmarks/PatientIndex.StewardBench -c Release -- steward --store S.db --truth synth/truth.csv --web http://127.0.0.1:5081 [--tasks 200]
if (args.Length == 0 || args[0] is not ("seed-tasks" or "latency" or "steward" or "screenshots"))
{
    Console.Error.WriteLine("usage: seed-tasks --store FILE.db --tasks N | latency --store FILE.db --web URL [--samples N] | steward --store FILE.db --truth truth.csv --web URL [--tasks N] | screenshots --store FILE.db --web URL [--out DIR]");
    return 2;
}
string Option(string name, string? fallback = null) =>
    args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback ?? throw new ArgumentException($"{name} is required");
int Number(string name, int fallback) => int.Parse(Option(name, fallback.ToString(System.Globalization.CultureInfo.InvariantCulture)), System.Globalization.CultureInfo.InvariantCulture);

var store = Option("--store");
if (args[0] == "seed-tasks")
{
    SeedTasks.Run(store, Number("--tasks", 100_000), Number("--seed", 1));
    return 0;
}
using var browser = new Browser(Option("--web", "http://127.0.0.1:5081"), Option("--steward", "bench.steward"));
if (args[0] == "latency") Latency.Run(browser, store, Number("--samples", 100), Number("--seed", 1));
else if (args[0] == "screenshots") Screenshots.Run(browser, Option("--out", "docs"));
else ScriptedSteward.Run(browser, store, Option("--truth"), Number("--tasks", 200));
return 0;
