using Google.Protobuf;
using Grpc.Core;
using PatientIndex.Api.V1;

namespace PatientIndex.Server.Tests;

/// <summary>A Jobs API client as an operator's script would be: upload in parts, then follow the job to its end.</summary>
internal static class JobClient
{
    public static async Task<Job> UploadAsync(Jobs.JobsClient jobs, string file, JobOptions options, int partBytes = 64 * 1024)
    {
        using var call = jobs.SubmitUpload();
        await call.RequestStream.WriteAsync(new SubmitUploadRequest { Options = options });
        var bytes = await File.ReadAllBytesAsync(file);
        for (var at = 0; at < bytes.Length; at += partBytes)
            await call.RequestStream.WriteAsync(new SubmitUploadRequest { Content = ByteString.CopyFrom(bytes, at, Math.Min(partBytes, bytes.Length - at)) });
        await call.RequestStream.CompleteAsync();
        return await call;
    }

    public static async Task<Job> UploadAndWaitAsync(Jobs.JobsClient jobs, string file, JobOptions options) =>
        await WaitAsync(jobs, (await UploadAsync(jobs, file, options)).JobId);

    public static async Task<Job> WaitAsync(Jobs.JobsClient jobs, string jobId)
    {
        Job? last = null;
        using var call = jobs.WatchJob(new GetJobRequest { JobId = jobId });
        await foreach (var job in call.ResponseStream.ReadAllAsync()) last = job;
        return last ?? throw new InvalidOperationException($"job {jobId} was never seen");
    }
}
