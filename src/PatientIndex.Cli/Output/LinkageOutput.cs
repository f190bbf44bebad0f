using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using PatientIndex.Extracts;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Records;

namespace PatientIndex.Cli.Output;

/// <summary>Writes a linkage run into the output directory: persons, links, review, warnings, rejected, summary.</summary>
public sealed class LinkageOutput
{
    private readonly string _directory;
    private readonly IReadOnlyList<NormalisedRecord> _records;
    /// <summary>Made by whichever file is written first, the links (while persons are clustered) or the rest.</summary>
    private readonly Lazy<RecordReferences> _references;

    public LinkageOutput(string directory, IReadOnlyList<NormalisedRecord> records)
    {
        _directory = directory;
        _records = records;
        _references = new(() => new RecordReferences(records));
    }

    /// <summary>Everything but the links, which <see cref="WriteLinks"/> writes as soon as they are decided.</summary>
    public void Write(Extract extract, LinkageResult result, object summary)
    {
        Directory.CreateDirectory(_directory);
        WritePersons(Path.Combine(_directory, "persons.csv"), result.PersonOf);
        WriteReview(Path.Combine(_directory, "review.csv"), result.ReviewPairs);
        WriteWarnings(Path.Combine(_directory, "warnings.csv"), extract.Warnings);
        WriteRejected(Path.Combine(_directory, "rejected.csv"), extract.Rejections);
        File.WriteAllText(Path.Combine(_directory, "summary.json"), JsonSerializer.Serialize(summary, JsonOptions));
    }

    /// <summary>
    /// Snake case, indented, and escaped only where JSON requires it: a file people read, not a page, so
    /// "dob+family_phonetic" stays as it is rather than "dob\u002Bfamily_phonetic".
    /// </summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private void WritePersons(string path, int[] personOf)
    {
        var references = _references.Value;
        CsvWriter.WriteRows(path, ["source", "record_id", "person_id"], _records.Count, (csv, i) =>
        {
            Span<char> personId = stackalloc char[16];
            csv.FormattedFields(references.Of(i));
            csv.Field(PersonId(personOf[i], personId));
            csv.EndRow();
        });
    }

    private static ReadOnlySpan<char> PersonId(int person, Span<char> buffer)
    {
        buffer[0] = 'P';
        (person + 1).TryFormat(buffer[1..], out var written, "D7", CultureInfo.InvariantCulture);
        return buffer[..(written + 1)];
    }

    /// <summary>links.csv: the pairs decided Link or Review as the engine gives them, strongest first.</summary>
    public void WriteLinks(IReadOnlyList<ScoredPair> links)
    {
        Directory.CreateDirectory(_directory);
        var references = _references.Value;
        CsvWriter.WriteRows(Path.Combine(_directory, "links.csv"), ["left_source", "left_record_id", "right_source", "right_record_id", "probability", "decision", "top_contributions", "levels"], links.Count, (csv, i) =>
        {
            var pair = links[i];
            WritePair(csv, references, pair);
            csv.Field(DecisionNames[(int)pair.Decision]);
            WriteContributions(csv, pair);
            WriteLevels(csv, pair.Comparison);
            csv.EndRow();
        });
    }

    /// <summary>The review items as the engine gives them: strongest first.</summary>
    private void WriteReview(string path, IReadOnlyList<ReviewItem> reviews)
    {
        var references = _references.Value;
        CsvWriter.WriteRows(path, ["left_source", "left_record_id", "right_source", "right_record_id", "probability", "reason", "top_contributions", "pairs"], reviews.Count, (csv, i) =>
        {
            var item = reviews[i];
            WritePair(csv, references, item.Pair);
            csv.Field(item.Reason);
            WriteContributions(csv, item.Pair);
            csv.Field(item.Pairs.ToString(System.Globalization.CultureInfo.InvariantCulture));
            csv.EndRow();
        });
    }

    private static void WritePair(CsvWriter csv, RecordReferences references, ScoredPair pair)
    {
        csv.FormattedFields(references.Of(pair.Left));
        csv.FormattedFields(references.Of(pair.Right));
        Span<char> buffer = stackalloc char[32];
        csv.Field(Probability(pair.Probability, buffer));
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

    /// <summary>At most six decimals, no trailing zeros: "1", "0.98", "0.000123".</summary>
    private static ReadOnlySpan<char> Probability(double probability, Span<char> buffer)
    {
        var millionths = (long)Math.Round(Math.Clamp(probability, 0, 1) * 1_000_000, MidpointRounding.AwayFromZero);
        if (millionths == 1_000_000) return "1";
        if (millionths == 0) return "0";
        buffer[0] = '0';
        buffer[1] = '.';
        millionths.TryFormat(buffer[2..], out _, "D6", CultureInfo.InvariantCulture);
        return buffer[..(2 + 6)].TrimEnd('0');
    }

    /// <summary>"+13.2", "-4.0": a contribution in bits to one decimal (what a custom format string does, without its cost per call).</summary>
    private static ReadOnlySpan<char> Bits(float contribution, Span<char> buffer)
    {
        var tenths = (long)Math.Round(Math.Abs((double)contribution) * 10, MidpointRounding.AwayFromZero);
        if (tenths < CommonBits.Length / 2) return CommonBits[(contribution < 0 ? CommonBits.Length / 2 : 0) + tenths];
        buffer[0] = contribution < 0 ? '-' : '+';
        (tenths / 10).TryFormat(buffer[1..], out var written, default, CultureInfo.InvariantCulture);
        buffer[1 + written] = '.';
        buffer[2 + written] = (char)('0' + tenths % 10);
        return buffer[..(3 + written)];
    }

    /// <summary>"+0.0" to "+99.9" then "-0.0" to "-99.9": contributions in that range are not formatted afresh for every link.</summary>
    private static readonly string[] CommonBits =
        [.. new[] { '+', '-' }.SelectMany(sign => Enumerable.Range(0, 1000).Select(t => $"{sign}{t / 10}.{t % 10}"))];

    private static readonly string[] DecisionNames = Enum.GetNames<Decision>().Select(n => n.ToLowerInvariant()).ToArray();

    /// <summary>"nhs_number:+13.2|dob:+6.1|given_name:-4.0": the evidence that moved the score most, in bits.</summary>
    private static void WriteContributions(CsvWriter csv, ScoredPair pair)
    {
        var text = csv.UnquotedField();
        Span<int> top = stackalloc int[4];
        Span<char> bits = stackalloc char[32];
        var count = pair.TopContributionsInto(top);
        for (var i = 0; i < count; i++)
        {
            if (i > 0) text.Write('|');
            text.Write(ComparisonSchema.Comparisons[top[i]].Name);
            text.Write(':');
            text.Write(Bits(pair.Contributions.Span[top[i]], bits));
        }
    }

    /// <summary>"nhs_number=exact_valid|dob=exact": the level of every comparison that was not missing.</summary>
    private static void WriteLevels(CsvWriter csv, in ComparisonVector vector)
    {
        var text = csv.UnquotedField();
        var first = true;
        for (var c = 0; c < ComparisonSchema.Count; c++)
        {
            if (vector.Levels[c] == 0) continue;
            if (!first) text.Write('|');
            text.Write(LevelTexts[c][vector.Levels[c]]);
            first = false;
        }
    }

    private static readonly string[][] LevelTexts = ComparisonSchema.Comparisons
        .Select(c => Enumerable.Range(0, c.Levels.Count + 1).Select(level => level == 0 ? "" : $"{c.Name}={c.LevelName(level)}").ToArray())
        .ToArray();
}
