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

    /// <summary>
    /// Queries one client may make per <see cref="Window"/>; 0 turns the limit off. The default stops a runaway
    /// or scraping client without throttling an integration engine's bulk lookups; set it to your clients' needs.
    /// </summary>
    public int QueriesPerClient { get; set; } = 20_000;

    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(1);

}
