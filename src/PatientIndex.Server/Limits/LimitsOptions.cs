namespace PatientIndex.Server.Limits;

/// <summary>
/// Configuration section <c>Limits</c>: how many queries (<c>Match</c>, <c>GetPerson</c>,
/// <c>GetCrossReferences</c>, FHIR <c>$match</c>, <c>$ihe-pix</c> and reads) one client may make per window.
/// A client is its authenticated id (<c>client_id</c>, else <c>sub</c>), else its client certificate, else
/// its remote address. Writes are not limited: a feed that is throttled falls behind, and its records are
/// the index's data.
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Queries one client may make per <see cref="Window"/>; 0 turns the limit off.</summary>
    public int QueriesPerClient { get; set; } = 1000;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// An unauthenticated caller on this machine (development, benchmarks, a probe) is not limited. A proxy
    /// on the same machine makes every caller look local: set this false there, or authenticate clients.
    /// </summary>
    public bool ExemptLoopback { get; set; } = true;
}
