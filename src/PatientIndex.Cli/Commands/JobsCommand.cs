using System.CommandLine;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using PatientIndex.Api.V1;
using PatientIndex.Cli.Output;

namespace PatientIndex.Cli.Commands;

/// <summary><c>jobs submit|show|watch|list</c>: the client of a running service's Jobs API.</summary>
public static class JobsCommand
{
    private const int UploadPartBytes = 256 * 1024;
    private static readonly Option<string> Server = new("--server") { Description = "The service's gRPC endpoint", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
    private static readonly Option<string?> Token = new("--token")
    {
        Description = "A bearer token for the service (an administrator's, or an integration system's for its own source); default: the environment's PATIENTINDEX_TOKEN",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PATIENTINDEX_TOKEN"),
    };
    private static readonly Argument<string> File = new("file") { Description = "A CSV or FHIR NDJSON extract" };
    private static readonly Argument<string> JobId = new("job-id");
    private static readonly Option<bool> ServerPath = new("--server-path") { Description = "Send the file's path (one the server can read) instead of uploading its content" };
    private static readonly Option<string?> Columns = new("--columns") { Description = "Map headers to canonical columns: canonical=header[+header2],..." };
    private static readonly Option<bool> FullExtract = new("--full-extract") { Description = "The file holds every record of its sources: held records of those sources it lacks are withdrawn" };
    private static readonly Option<double?> MaxWithdrawnShare = new("--max-withdrawn-share") { Description = "With --full-extract: refuse to withdraw more than this share of a source's held records (default 0.10)" };
    private static readonly Option<bool> Force = new("--force") { Description = "With --full-extract: withdraw whatever the file lacks, however much" };
    private static readonly Option<bool> NoWait = new("--no-wait") { Description = "Print the job id and return without following the job" };

    public static Command Create()
    {
        var submit = new Command("submit", "Submit an extract to link into the live index, then follow the job to its report")
            { Server, Token, ServerPath, Columns, FullExtract, MaxWithdrawnShare, Force, NoWait, File };
        submit.SetAction(parse => Run(parse, async client =>
        {
            var options = new JobOptions
            {
                FileName = Path.GetFileName(parse.GetValue(File)!), Columns = parse.GetValue(Columns) ?? "", FullExtract = parse.GetValue(FullExtract),
                MaxWithdrawnShare = parse.GetValue(MaxWithdrawnShare) ?? 0, Force = parse.GetValue(Force),
            };
            var job = parse.GetValue(ServerPath)
                ? await client.SubmitPathAsync(new SubmitPathRequest { Path = parse.GetValue(File)!, Options = options })
                : await Upload(client, parse.GetValue(File)!, options);
            Console.WriteLine($"extract job {job.JobId}: {Describe(job)}");
            return parse.GetValue(NoWait) ? 0 : await Follow(client, job.JobId);
        }));
        var show = new Command("show", "One job's state and report") { Server, Token, JobId };
        show.SetAction(parse => Run(parse, async client => Print(await client.GetJobAsync(new GetJobRequest { JobId = parse.GetValue(JobId)! }))));
        var watch = new Command("watch", "Follow a job until it ends") { Server, Token, JobId };
        watch.SetAction(parse => Run(parse, client => Follow(client, parse.GetValue(JobId)!)));
        var list = new Command("list", "The newest jobs") { Server, Token };
        list.SetAction(parse => Run(parse, async client =>
        {
            foreach (var job in (await client.ListJobsAsync(new ListJobsRequest())).Jobs)
                Console.WriteLine($"{job.JobId}  {job.SubmittedAt.ToDateTimeOffset():u}  {job.FileName}  {Describe(job)}");
            return 0;
        }));
        return new Command("jobs", "Extract jobs on a running service: link a whole system extract into the live index") { submit, show, watch, list };
    }

    private static int Run(ParseResult parse, Func<Jobs.JobsClient, Task<int>> action) => CliRun.Guard(() =>
    {
        using var channel = GrpcChannel.ForAddress(parse.GetValue(Server)!, ChannelOptions(parse.GetValue(Server)!, parse.GetValue(Token)));
        try { return action(new Jobs.JobsClient(channel)).GetAwaiter().GetResult(); }
        catch (RpcException e) { throw new CliException($"{e.StatusCode}: {e.Status.Detail}"); }
    });

    private static GrpcChannelOptions ChannelOptions(string server, string? token)
    {
        if (string.IsNullOrWhiteSpace(token)) return new GrpcChannelOptions();
        var bearer = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", "Bearer " + token.Trim());
            return Task.CompletedTask;
        });
        var secure = server.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
        return new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(secure ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure, bearer),
            // Plaintext HTTP/2 is for a server on this machine (development); a remote one is reached over https.
            UnsafeUseInsecureChannelCallCredentials = !secure,
        };
    }

    private static async Task<Job> Upload(Jobs.JobsClient client, string path, JobOptions options)
    {
        if (!System.IO.File.Exists(path)) throw new CliException($"{path}: no such file");
        using var call = client.SubmitUpload();
        await call.RequestStream.WriteAsync(new SubmitUploadRequest { Options = options });
        await using var file = System.IO.File.OpenRead(path);
        var buffer = new byte[UploadPartBytes];
        int read;
        while ((read = await file.ReadAsync(buffer)) > 0)
            await call.RequestStream.WriteAsync(new SubmitUploadRequest { Content = ByteString.CopyFrom(buffer, 0, read) });
        await call.RequestStream.CompleteAsync();
        return await call;
    }

    private static async Task<int> Follow(Jobs.JobsClient client, string jobId)
    {
        Job? last = null;
        using var call = client.WatchJob(new GetJobRequest { JobId = jobId });
        await foreach (var job in call.ResponseStream.ReadAllAsync())
        {
            last = job;
            if (job.State == JobState.Running) Console.WriteLine($"  {Describe(job)}");
        }
        return last is null ? 1 : Print(last);
    }

    private static int Print(Job job)
    {
        Console.WriteLine($"extract job {job.JobId} ({job.FileName}): {Describe(job)}");
        if (job.State == JobState.Failed) { Console.Error.WriteLine("error: " + job.Error); return 1; }
        if (job.State == JobState.Succeeded) ReportTable.Print(Report(job.Report), job.FileName);
        return 0;
    }

    private static string Describe(Job job) => job.State switch
    {
        JobState.Queued => "queued",
        JobState.Running => $"running on {job.RunningOn}: chunk {job.ChunksDone:N0} of {(job.Chunks == 0 ? "?" : job.Chunks.ToString("N0"))}",
        JobState.Succeeded => "succeeded",
        _ => "failed",
    };

    private static Core.Jobs.ExtractReport Report(Api.V1.ExtractReport report)
    {
        var mapped = new Core.Jobs.ExtractReport { Rejected = report.Rejected, IdenticalRepeats = report.IdenticalRepeats };
        foreach (var s in report.Sources)
            mapped.Sources[s.Source] = new Core.Jobs.SourceTally
            {
                New = s.New, Updated = s.Updated, Unchanged = s.Unchanged, Withdrawn = s.Withdrawn, Linked = s.Linked,
                NewPersons = s.NewPersons, Moved = s.Moved, SentToReview = s.SentToReview,
            };
        return mapped;
    }
}
