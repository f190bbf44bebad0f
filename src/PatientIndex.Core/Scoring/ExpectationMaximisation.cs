using PatientIndex.Core.Comparisons;

namespace PatientIndex.Core.Scoring;

/// <summary>
/// Learns m and u probabilities and the match prior from unlabelled candidate pairs by
/// expectation–maximisation, so the engine works on day one at a new site. The pairs are first
/// reduced to distinct comparison patterns with counts, so each iteration costs the number of
/// patterns (thousands), not the number of pairs (millions).
/// </summary>
public static class ExpectationMaximisation
{
    public static EmResult Train(IReadOnlyDictionary<ulong, long> candidatePatterns, double[][] initialU, EmOptions options)
    {
        var patterns = candidatePatterns.Keys.ToArray();
        Array.Sort(patterns); // a fixed order makes the floating-point sums, and so the model, deterministic
        var counts = patterns.Select(p => (double)candidatePatterns[p]).ToArray();
        var m = InitialM();
        var u = Copy(initialU);
        var lambda = options.InitialMatchProbability;
        var iterations = 0;
        for (; iterations < options.MaxIterations; iterations++)
        {
            var (newM, newU, newLambda) = Step(patterns, counts, m, u, lambda, options);
            var change = MaxChange(m, newM) + Math.Abs(newLambda - lambda);
            m = newM;
            if (options.EstimateU) u = newU;
            lambda = newLambda;
            if (change < options.Tolerance) { iterations++; break; }
        }
        return new EmResult(lambda, m, u, iterations);
    }

    private static (double[][] M, double[][] U, double Lambda) Step(
        ulong[] patterns, double[] counts, double[][] m, double[][] u, double lambda, EmOptions options)
    {
        var mSums = Zeros();
        var uSums = Zeros();
        double matches = 0, total = 0;
        for (var p = 0; p < patterns.Length; p++)
        {
            var pattern = patterns[p];
            double logM = Math.Log(lambda), logU = Math.Log(1 - lambda);
            for (var c = 0; c < ComparisonSchema.Count; c++)
            {
                var level = ComparisonVector.LevelOf(pattern, c);
                if (level == 0) continue;
                logM += Math.Log(m[c][level]);
                logU += Math.Log(u[c][level]);
            }
            var posterior = 1.0 / (1.0 + Math.Exp(logU - logM));
            var weightM = counts[p] * posterior;
            var weightU = counts[p] - weightM;
            matches += weightM;
            total += counts[p];
            for (var c = 0; c < ComparisonSchema.Count; c++)
            {
                var level = ComparisonVector.LevelOf(pattern, c);
                if (level == 0) continue;
                mSums[c][level] += weightM;
                uSums[c][level] += weightU;
            }
        }
        return (Normalise(mSums, options.PseudoCount), Normalise(uSums, options.PseudoCount),
            Math.Clamp(matches / Math.Max(total, 1), 1e-9, 1 - 1e-9));
    }

    /// <summary>u from pairs drawn at random: almost all of them are different people.</summary>
    public static double[][] LevelFrequencies(IReadOnlyDictionary<ulong, long> patterns, double pseudoCount = 1)
    {
        var sums = Zeros();
        foreach (var (pattern, count) in patterns)
            for (var c = 0; c < ComparisonSchema.Count; c++)
            {
                var level = ComparisonVector.LevelOf(pattern, c);
                if (level != 0) sums[c][level] += count;
            }
        return Normalise(sums, pseudoCount);
    }

    /// <summary>A neutral start: agreement levels likely among matches, disagreement unlikely.</summary>
    private static double[][] InitialM()
    {
        var m = Zeros();
        for (var c = 0; c < ComparisonSchema.Count; c++)
        {
            var levels = m[c].Length - 1;
            for (var level = 1; level <= levels; level++)
                m[c][level] = level == levels ? 0.05 : Math.Pow(0.35, level - 1);
        }
        return Normalise(m, 0);
    }

    private static double[][] Normalise(double[][] sums, double pseudoCount)
    {
        var result = Zeros();
        for (var c = 0; c < sums.Length; c++)
        {
            var total = 0.0;
            for (var level = 1; level < sums[c].Length; level++) total += sums[c][level] + pseudoCount;
            for (var level = 1; level < sums[c].Length; level++)
                result[c][level] = Math.Max((sums[c][level] + pseudoCount) / Math.Max(total, 1e-12), 1e-6);
        }
        return result;
    }

    private static double MaxChange(double[][] a, double[][] b)
    {
        var max = 0.0;
        for (var c = 0; c < a.Length; c++)
            for (var level = 1; level < a[c].Length; level++)
                max = Math.Max(max, Math.Abs(a[c][level] - b[c][level]));
        return max;
    }

    private static double[][] Zeros() =>
        Enumerable.Range(0, ComparisonSchema.Count).Select(c => new double[ComparisonSchema.LevelCount(c)]).ToArray();

    private static double[][] Copy(double[][] source) => source.Select(row => (double[])row.Clone()).ToArray();
}

public sealed record EmOptions
{
    public int MaxIterations { get; init; } = 60;
    public double Tolerance { get; init; } = 1e-5;
    public double InitialMatchProbability { get; init; } = 0.2;
    /// <summary>Estimate u among candidate pairs too (true), or keep u from random pairs (false).</summary>
    public bool EstimateU { get; init; } = true;
    /// <summary>Dirichlet smoothing per level, so a level never seen gets a small, not zero, probability.</summary>
    public double PseudoCount { get; init; } = 1;
}

public sealed record EmResult(double MatchProbability, double[][] M, double[][] U, int Iterations);
