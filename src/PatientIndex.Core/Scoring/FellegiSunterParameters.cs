using System.Text.Json;
using System.Text.Json.Serialization;
using PatientIndex.Core.Comparisons;

namespace PatientIndex.Core.Scoring;

/// <summary>
/// A Fellegi–Sunter model's learnt parameters as JSON: the match prior, m and u per comparison
/// level by name, and the term-frequency settings. Strings in, strings out: reading files is the
/// caller's business. Reading validates everything at once and reports every problem, not the first.
/// </summary>
public static class FellegiSunterParameters
{
    public const string Format = "patientindex.fellegi-sunter/1";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string ToJson(FellegiSunterModel model, ModelProvenance? provenance = null)
    {
        var document = new ModelDocument
        {
            Format = Format,
            MatchProbability = model.MatchProbability,
            CandidateMatchShare = model.CandidateMatchShare,
            TermFrequency = new TermFrequencyDocument
            {
                GivenNameAverage = model.TermFrequency.GivenNameAverage,
                FamilyNameAverage = model.TermFrequency.FamilyNameAverage,
                Scale = model.TermFrequency.Scale,
                MaxBonus = model.TermFrequency.MaxBonus,
                MaxPenalty = model.TermFrequency.MaxPenalty,
            },
            NameCounts = model.TermFrequency.Names?.MostCommon() is { } names ? new NameCountsDocument
            {
                GivenTotal = names.GivenTotal,
                FamilyTotal = names.FamilyTotal,
                Given = new Dictionary<string, int>(names.Given),
                Family = new Dictionary<string, int>(names.Family),
            } : null,
            Comparisons = ComparisonSchema.Comparisons.Select((c, ci) => new ComparisonDocument
            {
                Name = c.Name,
                Levels = c.Levels.Select((level, li) => new LevelDocument { Level = level, M = model.M[ci][li + 1], U = model.U[ci][li + 1] }).ToList(),
            }).ToList(),
            Provenance = provenance,
        };
        return JsonSerializer.Serialize(document, Json);
    }

    /// <exception cref="ModelFormatException">The text is not a model this engine can use; lists every problem.</exception>
    public static FellegiSunterModel FromJson(string json)
    {
        ModelDocument? document;
        try { document = JsonSerializer.Deserialize<ModelDocument>(json, Json); }
        catch (JsonException e) { throw new ModelFormatException([$"not valid model JSON: {e.Message}"]); }
        if (document is null) throw new ModelFormatException(["the model is empty"]);

        var problems = new List<string>();
        if (document.Format != Format) problems.Add($"format must be \"{Format}\", not \"{document.Format}\"");
        if (document.MatchProbability is not (> 0 and < 1)) problems.Add("match_probability must be in (0, 1)");
        if (document.CandidateMatchShare is not (null or (> 0 and < 1))) problems.Add("candidate_match_share must be in (0, 1)");
        var m = Zeros();
        var u = Zeros();
        foreach (var (definition, ci) in ComparisonSchema.Comparisons.Select((d, i) => (d, i)))
        {
            var comparison = document.Comparisons?.FirstOrDefault(c => c.Name == definition.Name);
            if (comparison is null) { problems.Add($"comparison {definition.Name} is missing"); continue; }
            foreach (var (levelName, li) in definition.Levels.Select((l, i) => (l, i)))
            {
                var level = comparison.Levels?.FirstOrDefault(l => l.Level == levelName);
                if (level is null) { problems.Add($"{definition.Name}: level {levelName} is missing"); continue; }
                if (level.M is not (> 0 and <= 1)) problems.Add($"{definition.Name}.{levelName}: m must be in (0, 1]");
                if (level.U is not (> 0 and <= 1)) problems.Add($"{definition.Name}.{levelName}: u must be in (0, 1]");
                m[ci][li + 1] = level.M;
                u[ci][li + 1] = level.U;
            }
            foreach (var unknown in comparison.Levels?.Select(l => l.Level).Except(definition.Levels) ?? [])
                problems.Add($"{definition.Name}: unknown level {unknown}");
        }
        foreach (var unknown in document.Comparisons?.Select(c => c.Name).Except(ComparisonSchema.Comparisons.Select(c => c.Name)) ?? [])
            problems.Add($"unknown comparison {unknown}");
        if (problems.Count > 0) throw new ModelFormatException(problems);

        var tf = document.TermFrequency;
        var names = document.NameCounts is { } n ? new NameCounts(n.Given ?? [], n.GivenTotal, n.Family ?? [], n.FamilyTotal) : null;
        var termFrequency = tf is null ? TermFrequencyAdjustment.None
            : new TermFrequencyAdjustment(tf.GivenNameAverage, tf.FamilyNameAverage, tf.Scale, tf.MaxBonus, tf.MaxPenalty) { Names = names };
        return new FellegiSunterModel(document.MatchProbability, m, u, termFrequency) { CandidateMatchShare = document.CandidateMatchShare };
    }

    /// <summary>Where saved parameters were learnt, or null when the text records none.</summary>
    public static ModelProvenance? ProvenanceOf(string json)
    {
        try { return JsonSerializer.Deserialize<ModelDocument>(json, Json)?.Provenance; }
        catch (JsonException) { return null; }
    }

    private static double[][] Zeros() =>
        Enumerable.Range(0, ComparisonSchema.Count).Select(c => new double[ComparisonSchema.LevelCount(c)]).ToArray();

    private sealed class ModelDocument
    {
        public string? Format { get; set; }
        public double MatchProbability { get; set; }
        /// <summary>The share of its candidate pairs the run expected to match, which moves a trained model's probabilities to that run's prior.</summary>
        public double? CandidateMatchShare { get; set; }
        public TermFrequencyDocument? TermFrequency { get; set; }
        public List<ComparisonDocument>? Comparisons { get; set; }
        public ModelProvenance? Provenance { get; set; }
        public NameCountsDocument? NameCounts { get; set; }
    }

    private sealed class TermFrequencyDocument
    {
        public double GivenNameAverage { get; set; }
        public double FamilyNameAverage { get; set; }
        public double Scale { get; set; }
        public double MaxBonus { get; set; }
        public double MaxPenalty { get; set; }
    }

    /// <summary>Written last: the name counts are most of the file, the parameters are what a reader looks for.</summary>
    private sealed class NameCountsDocument
    {
        public long GivenTotal { get; set; }
        public long FamilyTotal { get; set; }
        public Dictionary<string, int>? Given { get; set; }
        public Dictionary<string, int>? Family { get; set; }
    }

    private sealed class ComparisonDocument
    {
        public string Name { get; set; } = "";
        public List<LevelDocument>? Levels { get; set; }
    }

    private sealed class LevelDocument
    {
        public string Level { get; set; } = "";
        public double M { get; set; }
        public double U { get; set; }
    }
}

/// <summary>Where a saved model came from: kept in the JSON beside the parameters, for the model card.</summary>
public sealed record ModelProvenance(string TrainedOn, long Records, long CandidatePairs, int EmIterations, DateTimeOffset TrainedAt);

/// <summary>A saved model that cannot be used, with every reason.</summary>
public sealed class ModelFormatException(IReadOnlyList<string> problems)
    : Exception("the match model is not usable: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
