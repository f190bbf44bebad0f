using PatientIndex.Core.Comparisons;

namespace PatientIndex.Core.Scoring;

/// <summary>
/// The Fellegi–Sunter model: for each comparison level, m = P(level | same person) and
/// u = P(level | different people). Assuming comparisons are independent given the match status,
/// the evidence of a pair is the sum of log2(m/u) over its levels (its match weight), added to the
/// prior log-odds of a match. Exact name agreements are adjusted for how common the name is.
/// </summary>
public sealed class FellegiSunterModel : IMatchScorer
{
    private readonly float[] _weights; // [comparison * MaxLevels + level], log2(m/u); 0 for missing
    private readonly float _priorWeight;

    public FellegiSunterModel(double matchProbability, double[][] m, double[][] u, TermFrequencyAdjustment termFrequency)
    {
        MatchProbability = matchProbability;
        M = m;
        U = u;
        TermFrequency = termFrequency;
        _priorWeight = (float)Math.Log2(matchProbability / (1 - matchProbability));
        _weights = new float[ComparisonSchema.Count * ComparisonSchema.MaxLevelCount];
        for (var c = 0; c < ComparisonSchema.Count; c++)
            for (var level = 1; level < m[c].Length; level++)
                _weights[c * ComparisonSchema.MaxLevelCount + level] = (float)Math.Log2(m[c][level] / u[c][level]);
    }

    /// <summary>"fellegi-sunter" for a run's own model; a loaded linkage model names its version here, so each decision records it.</summary>
    public string Name { get; init; } = "fellegi-sunter";

    /// <summary>Prior probability that two records, any two, are one person (λ).</summary>
    public double MatchProbability { get; }

    /// <summary>
    /// Share of the run's candidate pairs that EM expects to be one person; null for a model not
    /// learnt on a run. Blocking makes it far higher than λ, and it differs by site.
    /// </summary>
    public double? CandidateMatchShare { get; init; }

    /// <summary>How many candidate pairs EM learnt from; null for a model not learnt on a run.</summary>
    public long? LearntFromPairs { get; init; }
    public double[][] M { get; }
    public double[][] U { get; }
    public TermFrequencyAdjustment TermFrequency { get; }

    public float Weight(int comparison, int level) => _weights[comparison * ComparisonSchema.MaxLevelCount + level];

    public double Score(in ComparisonVector vector, Span<float> contributions)
    {
        var total = _priorWeight;
        var explain = contributions.Length >= ComparisonSchema.Count;
        for (var c = 0; c < ComparisonSchema.Count; c++)
        {
            var weight = _weights[c * ComparisonSchema.MaxLevelCount + vector.Levels[c]];
            if (explain) contributions[c] = weight;
            total += weight;
        }
        if (vector.GivenNameFrequency > 0)
            total += Explain(TermFrequency.ForGivenName(vector.GivenNameFrequency), (int)Comparison.GivenName, contributions, explain);
        if (vector.FamilyNameFrequency > 0)
            total += Explain(TermFrequency.ForFamilyName(vector.FamilyNameFrequency), (int)Comparison.FamilyName, contributions, explain);
        return ToProbability(total);
    }

    /// <summary>Exact, and cheap: the bound is the score.</summary>
    public double UpperBound(in ComparisonVector vector) => Score(vector, []);

    /// <summary>Probability from a match weight (prior plus evidence, in bits).</summary>
    public static double ToProbability(double weight) => 1.0 / (1.0 + Math.Pow(2, -weight));

    private static float Explain(float adjustment, int comparison, Span<float> contributions, bool explain)
    {
        if (explain) contributions[comparison] += adjustment;
        return adjustment;
    }
}
