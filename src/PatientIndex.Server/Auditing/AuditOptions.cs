namespace PatientIndex.Server.Auditing;

/// <summary>How reads' audit events are queued and written (<c>Audit:*</c>).</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Events held in memory waiting for the store; when it is full, requests wait for room.</summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>Events written in one transaction.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How long a request waits for room in a full queue before it is refused unanswered (UNAVAILABLE, 503).</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The first pause after a failed write; it doubles with each failure, up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}
