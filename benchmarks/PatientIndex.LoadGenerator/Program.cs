using Grpc.Core.Interceptors;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using PatientIndex.Api.V1;
using PatientIndex.LoadGenerator;

// Drives the service with N concurrent callers for a fixed time and reports throughput and latency.
// link: each caller holds one MatchAndLinkStream and sends a record, waits for its answer, sends the next.
//       Records are the given extracts' records under a new source and fresh record ids, so every call
//       is a new record of a (mostly) known patient: blocking, scoring, a decision and a write.
// link-unary: the same records, each in its own unary MatchAndLink call, as an engine sending one message a call does.
// match: each caller makes unary Match calls with the same records (search only).
var options = LoadOptions.Parse(args);
var records = CsvRecords.Read(options.Files);
var random = new Random(7);
random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(records));
Console.WriteLine($"{records.Count:N0} records from {options.Files.Count} file(s); {options.Mode} with {options.Callers} callers against {options.Target}");

using var channel = GrpcChannel.ForAddress(options.Target, new GrpcChannelOptions
{
    HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true, PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan },
});
// The service wants a bearer token on every call: one per run, as an integration engine holds one.
var client = new PatientIndex.Api.V1.PatientIndex.PatientIndexClient(options.Token is { } token
    ? channel.Intercept(metadata => { metadata.Add("authorization", "Bearer " + token); return metadata; })
    : channel.Intercept(metadata => metadata));
var run = DateTime.UtcNow.ToString("HHmmss");
var next = -1L;
PatientRecord Take()
{
    var i = Interlocked.Increment(ref next);
    var record = records[(int)(i % records.Count)].Clone();
    if (options.Mode != "match") { record.RecordId = $"{run}-{i}"; record.Source = options.Source; }
    return record;
}

var measuring = new Window(options.Warmup, options.Warmup + options.Seconds);
var workers = Enumerable.Range(0, options.Callers).Select(_ => options.Mode switch
{
    "link" => Task.Run(() => LinkCaller(client, Take, measuring)),
    "link-unary" => Task.Run(() => UnaryLinkCaller(client, Take, measuring)),
    _ => Task.Run(() => MatchCaller(client, Take, measuring)),
}).ToArray();
var results = await Task.WhenAll(workers);

var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
var decisions = results.SelectMany(r => r.Decisions).GroupBy(d => d).ToDictionary(g => g.Key, g => g.Count());
double Percentile(double p) => latencies.Length == 0 ? 0 : latencies[Math.Min(latencies.Length - 1, (int)(p * latencies.Length))] * 1000.0 / Stopwatch.Frequency;
Console.WriteLine($"calls      {latencies.Length:N0} in {options.Seconds:0}s (after {options.Warmup:0}s warm-up), errors {results.Sum(r => r.Errors)}");
Console.WriteLine($"throughput {latencies.Length / options.Seconds:N0}/s");
Console.WriteLine($"latency    p50 {Percentile(0.50):0.00} ms, p90 {Percentile(0.90):0.00} ms, p99 {Percentile(0.99):0.00} ms, max {Percentile(1.0):0.00} ms");
if (decisions.Count > 0) Console.WriteLine("decisions  " + string.Join(", ", decisions.OrderBy(d => d.Key).Select(d => $"{d.Key} {d.Value:N0}")));

static async Task<CallerResult> LinkCaller(PatientIndex.Api.V1.PatientIndex.PatientIndexClient client, Func<PatientRecord> take, Window window)
{
    var result = new CallerResult();
    using var call = client.MatchAndLinkStream();
    while (!window.Over)
    {
        var started = Stopwatch.GetTimestamp();
        await call.RequestStream.WriteAsync(new MatchAndLinkRequest { Record = take(), MaxCandidates = 3 });
        if (!await call.ResponseStream.MoveNext(CancellationToken.None)) break;
        var answer = call.ResponseStream.Current;
        if (!window.Open) continue;
        result.Latencies.Add(Stopwatch.GetTimestamp() - started);
        if (answer.OutcomeCase == MatchAndLinkStreamResponse.OutcomeOneofCase.Result) result.Decisions.Add(answer.Result.Decision.ToString());
        else result.Errors++;
    }
    await call.RequestStream.CompleteAsync();
    while (await call.ResponseStream.MoveNext(CancellationToken.None)) { }
    return result;
}

static async Task<CallerResult> UnaryLinkCaller(PatientIndex.Api.V1.PatientIndex.PatientIndexClient client, Func<PatientRecord> take, Window window)
{
    var result = new CallerResult();
    while (!window.Over)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var answer = await client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = take(), MaxCandidates = 3 });
            if (!window.Open) continue;
            result.Latencies.Add(Stopwatch.GetTimestamp() - started);
            result.Decisions.Add(answer.Decision.ToString());
        }
        catch (RpcException) { result.Errors++; }
    }
    return result;
}

static async Task<CallerResult> MatchCaller(PatientIndex.Api.V1.PatientIndex.PatientIndexClient client, Func<PatientRecord> take, Window window)
{
    var result = new CallerResult();
    while (!window.Over)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var answer = await client.MatchAsync(new MatchRequest { Record = take(), TopK = 3 });
            if (window.Open) result.Latencies.Add(Stopwatch.GetTimestamp() - started);
        }
        catch (RpcException) { result.Errors++; }
    }
    return result;
}

internal sealed class CallerResult
{
    public List<long> Latencies { get; } = new(100_000);
    public List<string> Decisions { get; } = [];
    public int Errors { get; set; }
}

/// <summary>The measured part of the run: after the warm-up, until the end.</summary>
internal sealed class Window(double fromSeconds, double toSeconds)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    public bool Open => _clock.Elapsed.TotalSeconds >= fromSeconds && !Over;
    public bool Over => _clock.Elapsed.TotalSeconds >= toSeconds;
}
