using System.Text.Json;
using System.Text.Json.Serialization;

namespace PatientIndex.Core.Jobs;

/// <summary>What linking one extract into the live index did, per source system.</summary>
public sealed class ExtractReport
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = false };

    public SortedDictionary<string, SourceTally> Sources { get; init; } = new(StringComparer.Ordinal);

    /// <summary>Chunks the extract makes; 0 until it has been read.</summary>
    public int Chunks { get; set; }

    /// <summary>Rows the reader refused (each written with its file, line and reason), per file.</summary>
    public int Rejected { get; set; }

    /// <summary>Rows that repeat an earlier row of the extract exactly, linked once.</summary>
    public int IdenticalRepeats { get; set; }

    /// <summary>The first rows refused, with file, line and reason (the rest are only counted).</summary>
    public List<string> RejectedRows { get; init; } = [];

    public const int RejectedRowsKept = 1000;

    public SourceTally Of(string source)
    {
        if (!Sources.TryGetValue(source, out var tally)) Sources[source] = tally = new SourceTally();
        return tally;
    }

    [JsonIgnore]
    public SourceTally Total => Sources.Values.Aggregate(new SourceTally(), (sum, t) => sum.Add(t));

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ExtractReport FromJson(string? json) =>
        string.IsNullOrEmpty(json) ? new ExtractReport() : JsonSerializer.Deserialize<ExtractReport>(json, Json) ?? new ExtractReport();
}

/// <summary>
/// One source's share of an extract run. Every record the extract holds is new, updated or
/// unchanged; every new or updated record was linked to a person, became a new person, or went
/// to review.
/// </summary>
public sealed class SourceTally
{
    /// <summary>Records the store did not hold.</summary>
    public int New { get; set; }
    /// <summary>Records held with other data: re-matched.</summary>
    public int Updated { get; set; }
    /// <summary>Records held with the same data: not decided again.</summary>
    public int Unchanged { get; set; }
    /// <summary>Records held but missing from a full extract: removed from their persons.</summary>
    public int Withdrawn { get; set; }
    /// <summary>New or updated records linked to a person automatically.</summary>
    public int Linked { get; set; }
    /// <summary>New or updated records that became a person of their own.</summary>
    public int NewPersons { get; set; }
    /// <summary>Records already held that now belong to another person (re-matched, or carried by an automatic merge).</summary>
    public int Moved { get; set; }
    /// <summary>New or updated records kept apart with a review task for a steward.</summary>
    public int SentToReview { get; set; }

    public SourceTally Add(SourceTally other)
    {
        New += other.New; Updated += other.Updated; Unchanged += other.Unchanged; Withdrawn += other.Withdrawn;
        Linked += other.Linked; NewPersons += other.NewPersons; Moved += other.Moved; SentToReview += other.SentToReview;
        return this;
    }
}
