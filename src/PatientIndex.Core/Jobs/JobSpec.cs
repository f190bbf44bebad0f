using System.Text.Json;
using System.Text.Json.Serialization;

namespace PatientIndex.Core.Jobs;

/// <summary>
/// What an extract job reads and how it treats what is missing. Kept with the job as JSON, so a
/// replica that takes the job over runs it exactly as submitted.
/// </summary>
/// <param name="Path">A file the server can read; null when the extract was uploaded.</param>
/// <param name="FileName">The extract's name as the submitter called it: its extension says CSV or NDJSON, and errors name it.</param>
/// <param name="Columns">A column mapping as <c>link --columns</c> takes it, or null for the canonical names.</param>
/// <param name="FullExtract">The extract holds every record its sources have: records of those sources it lacks are withdrawn.</param>
/// <param name="MaxWithdrawnShare">The most of a source's held records a full extract may withdraw without <paramref name="Force"/>.</param>
/// <param name="ChunkSize">Records a chunk decides and commits together; fixed at submission, so whoever resumes the job counts chunks alike.</param>
/// <param name="Sources">The only sources whose records the submitter may write (an integration system's own); null for any (an administrator's job).</param>
public sealed record JobSpec(
    string? Path,
    string FileName,
    string? Columns = null,
    bool FullExtract = false,
    double MaxWithdrawnShare = JobSpec.DefaultMaxWithdrawnShare,
    bool Force = false,
    int ChunkSize = ExtractLinkage.ChunkSize,
    IReadOnlyList<string>? Sources = null)
{
    public const double DefaultMaxWithdrawnShare = 0.10;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>A record of a source the submitter may not write, if the extract holds one.</summary>
    public Store.RecordKey? NotWritable(IEnumerable<Records.SourceRecord> records) =>
        Sources is null ? null : records.Where(r => !Sources.Contains(r.Source)).Select(r => (Store.RecordKey?)new Store.RecordKey(r.Source, r.RecordId)).FirstOrDefault();

    public static JobSpec FromJson(string json) =>
        JsonSerializer.Deserialize<JobSpec>(json, Json) ?? throw new FormatException("an extract job's spec is empty");
}
