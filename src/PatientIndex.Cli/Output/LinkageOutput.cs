using System.Globalization;
using System.Text.Json;
using PatientIndex.Cli.Input;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Records;

namespace PatientIndex.Cli.Output;

/// <summary>Writes a linkage run into the output directory: persons, links, review, warnings, rejected, summary.</summary>
public static class LinkageOutput
{
    public static string PersonId(int person) => "P" + (person + 1).ToString("D7", CultureInfo.InvariantCulture);

    public static void Write(string directory, Extract extract, IReadOnlyList<NormalisedRecord> records, LinkageResult result, object summary)
    {
        Directory.CreateDirectory(directory);
        WritePersons(Path.Combine(directory, "persons.csv"), records, result.PersonOf);
        WriteLinks(Path.Combine(directory, "links.csv"), records, result.Links);
        WriteReview(Path.Combine(directory, "review.csv"), records, result.ReviewPairs);
        WriteWarnings(Path.Combine(directory, "warnings.csv"), extract.Warnings);
        WriteRejected(Path.Combine(directory, "rejected.csv"), extract.Rejections);
        File.WriteAllText(Path.Combine(directory, "summary.json"), JsonSerializer.Serialize(summary, JsonOptions));
    }

    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private static void WritePersons(string path, IReadOnlyList<NormalisedRecord> records, int[] personOf)
    {
        using var csv = new CsvWriter(path, "source", "record_id", "person_id");
        for (var i = 0; i < records.Count; i++) csv.Row(records[i].Source, records[i].RecordId, PersonId(personOf[i]));
    }

    private static void WriteLinks(string path, IReadOnlyList<NormalisedRecord> records, IReadOnlyList<ScoredPair> links)
    {
        using var csv = new CsvWriter(path, "left_source", "left_record_id", "right_source", "right_record_id", "probability", "decision", "top_contributions", "levels");
        foreach (var pair in links.OrderByDescending(p => p.Probability).ThenBy(p => p.Left).ThenBy(p => p.Right))
        {
            var (left, right) = (records[pair.Left], records[pair.Right]);
            csv.Row(left.Source, left.RecordId, right.Source, right.RecordId, Probability(pair.Probability),
                pair.Decision.ToString().ToLowerInvariant(), Contributions(pair), Levels(pair.Comparison));
        }
    }

    private static void WriteReview(string path, IReadOnlyList<NormalisedRecord> records, IReadOnlyList<ReviewItem> reviews)
    {
        using var csv = new CsvWriter(path, "left_source", "left_record_id", "right_source", "right_record_id", "probability", "reason", "top_contributions");
        foreach (var item in reviews.OrderByDescending(r => r.Pair.Probability).ThenBy(r => r.Pair.Left))
        {
            var (left, right) = (records[item.Pair.Left], records[item.Pair.Right]);
            csv.Row(left.Source, left.RecordId, right.Source, right.RecordId, Probability(item.Pair.Probability), item.Reason, Contributions(item.Pair));
        }
    }

    private static void WriteWarnings(string path, List<FieldWarning> warnings)
    {
        using var csv = new CsvWriter(path, "file", "line", "column", "value", "reason");
        foreach (var w in warnings) csv.Row(w.File, w.Line.ToString(CultureInfo.InvariantCulture), w.Column, w.Value, w.Reason);
    }

    private static void WriteRejected(string path, List<Rejection> rejections)
    {
        using var csv = new CsvWriter(path, "file", "line", "source", "record_id", "reason");
        foreach (var r in rejections) csv.Row(r.File, r.Line.ToString(CultureInfo.InvariantCulture), r.Source, r.RecordId, r.Reason);
    }

    private static string Probability(double p) => p.ToString("0.######", CultureInfo.InvariantCulture);

    /// <summary>"nhs_number:+13.2|dob:+6.1|given_name:-4.0": the evidence that moved the score most, in bits.</summary>
    private static string Contributions(ScoredPair pair) =>
        string.Join('|', pair.TopContributions(4).Select(c => $"{c.Name}:{c.Bits.ToString("+0.0;-0.0", CultureInfo.InvariantCulture)}"));

    private static string Levels(in ComparisonVector vector)
    {
        var parts = new List<string>(ComparisonSchema.Count);
        for (var c = 0; c < ComparisonSchema.Count; c++)
            if (vector.Levels[c] != 0)
                parts.Add($"{ComparisonSchema.Comparisons[c].Name}={ComparisonSchema.Comparisons[c].LevelName(vector.Levels[c])}");
        return string.Join('|', parts);
    }
}
