namespace PatientIndex.Server.Jobs;

/// <summary>Configuration section <c>Jobs</c>: how this replica takes and runs extract jobs.</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>False: this replica answers for jobs but runs none (another replica sharing the database does).</summary>
    public bool Run { get; set; } = true;

    /// <summary>Runs only jobs submitted through this process (<c>link --store</c>), never another's queued in the same store.</summary>
    public bool OnlySubmittedHere { get; set; }

    /// <summary>How this replica names itself as a job's holder; unique per process unless set.</summary>
    public string? ReplicaName { get; set; }

    /// <summary>How long a job stays with a replica that stops renewing it, before another may take it over.</summary>
    public double LeaseSeconds { get; set; } = 30;

    /// <summary>How often an idle replica looks for a job it was not told about (one another replica accepted).</summary>
    public double PollSeconds { get; set; } = 2;

    /// <summary>Records a chunk of a job submitted here decides and commits together.</summary>
    public int ChunkSize { get; set; } = Core.Jobs.ExtractLinkage.ChunkSize;

    /// <summary>Where an uploaded extract is spooled while it is read; the system's temporary folder unless set.</summary>
    public string? SpoolDirectory { get; set; }

    public string Holder => string.IsNullOrWhiteSpace(ReplicaName) ? DefaultName : ReplicaName;

    public TimeSpan Lease => TimeSpan.FromSeconds(LeaseSeconds);

    private static readonly string DefaultName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}"[..^24];
}
