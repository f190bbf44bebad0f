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
    /// <summary>
    /// One EM over all the given patterns, learning m, u and the prior together. Used where the
    /// patterns are a fair sample of the pairs to be scored.
    /// </summary>
    public static EmResult Train(IReadOnlyDictionary<ulong, long> candidatePatterns, double[][] initialU, EmOptions options)
    {
        var session = Run(candidatePatterns, initialU, options, estimateU: true);
        return new EmResult(session.MatchProbability, Normalise(session.MSums, options.PseudoCount), session.U, session.Iterations, []);
    }

    /// <summary>
    /// Splink's way, which holds up when blocking makes the candidate pairs anything but a fair sample:
    /// u is how often different people agree by chance (from random pairs) and stays fixed; m is learnt
    /// in one session per blocking rule, each blind to the comparisons its rule forced to agree, and the
    /// sessions' evidence is pooled. The prior is then the share of all record pairs that match, found
    /// as the fixed point of "expected matches among the candidates / all pairs" (pairs no rule finds
    /// count as non-matches, which errs towards a lower prior: towards caution).
    /// </summary>
    public static EmResult TrainBySession(
        IReadOnlyList<EmSession> sessions, IReadOnlyDictionary<ulong, long> candidatePatterns, double[][] u, long allPairs, EmOptions options)
    {
        var results = new List<SessionResult>();
        var reports = new List<EmSessionReport>();
        var iterations = 0;
        foreach (var session in sessions)
        {
            var result = Run(session.Patterns, u, options, estimateU: false);
            results.Add(result);
            iterations += result.Iterations;
            reports.Add(new EmSessionReport(session.Name, session.Patterns.Values.Sum(), result.MatchProbability, result.Iterations));
        }
        var m = AverageOverSessions(results, options);
        var prior = PriorAmongAllPairs(candidatePatterns, m, u, allPairs);
        return new EmResult(prior, m, Copy(u), iterations, reports);
    }

    /// <summary>
    /// Each comparison's m is the plain average over the sessions that saw it among enough matches
    /// (Splink's rule): a session with millions of weak pairs must not outvote the rest.
    /// </summary>
    private static double[][] AverageOverSessions(List<SessionResult> results, EmOptions options)
    {
        var m = Zeros();
        var pooled = Zeros();
        for (var c = 0; c < m.Length; c++)
        {
            var sessions = 0;
            foreach (var result in results)
            {
                for (var level = 1; level < m[c].Length; level++) pooled[c][level] += result.MSums[c][level];
                if (result.MSums[c].Sum() < options.MinimumMatchesPerSession) continue;
                var sessionM = Normalise(result.MSums[c], options.PseudoCount);
                for (var level = 1; level < m[c].Length; level++) m[c][level] += sessionM[level];
                sessions++;
            }
            m[c] = sessions > 0 ? m[c].Select(x => x / sessions).ToArray() : Normalise(pooled[c], options.PseudoCount);
        }
        return m;
    }

    private sealed record SessionResult(double MatchProbability, double[][] MSums, double[][] U, int Iterations);

    private static SessionResult Run(IReadOnlyDictionary<ulong, long> candidatePatterns, double[][] initialU, EmOptions options, bool estimateU)
    {
        var patterns = candidatePatterns.Keys.ToArray();
        Array.Sort(patterns); // a fixed order makes the floating-point sums, and so the model, deterministic
        var counts = patterns.Select(p => (double)candidatePatterns[p]).ToArray();
        var m = InitialM();
        var u = Copy(initialU);
        var lambda = options.InitialMatchProbability;
        var iterations = 0;
        var statistics = Step(patterns, counts, m, u, lambda);
        while (iterations++ < options.MaxIterations)
        {
            var newM = Normalise(statistics.MSums, options.PseudoCount);
            var newLambda = Math.Clamp(statistics.Matches / Math.Max(statistics.Total, 1), 1e-9, 1 - 1e-9);
            var change = MaxChange(m, newM) + Math.Abs(newLambda - lambda);
            m = newM;
            if (estimateU) u = Normalise(statistics.USums, options.PseudoCount);
            lambda = newLambda;
            statistics = Step(patterns, counts, m, u, lambda);
            if (change < options.Tolerance) break;
        }
        return new SessionResult(lambda, statistics.MSums, u, iterations);
    }

    private sealed record Statistics(double[][] MSums, double[][] USums, double Matches, double Total);

    /// <summary>The E step: how much of each pattern's count is expected to be matches, summed per level.</summary>
    private static Statistics Step(ulong[] patterns, double[] counts, double[][] m, double[][] u, double lambda)
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
        return new Statistics(mSums, uSums, matches, total);
    }

    private static double PriorAmongAllPairs(IReadOnlyDictionary<ulong, long> candidatePatterns, double[][] m, double[][] u, long allPairs)
    {
        var patterns = candidatePatterns.Keys.ToArray();
        Array.Sort(patterns);
        var bayesFactors = patterns.Select(p => BayesFactor(p, m, u)).ToArray();
        var counts = patterns.Select(p => (double)candidatePatterns[p]).ToArray();
        // Start from "every candidate is a match", an upper bound, and fall to the largest fixed point.
        var prior = Math.Clamp(counts.Sum() / Math.Max(allPairs, 1), 1e-12, 1 - 1e-9);
        for (var i = 0; i < 200; i++)
        {
            var odds = prior / (1 - prior);
            var matches = 0.0;
            for (var p = 0; p < patterns.Length; p++) matches += counts[p] * (odds * bayesFactors[p] / (1 + odds * bayesFactors[p]));
            var next = Math.Clamp(matches / Math.Max(allPairs, 1), 1e-12, 1 - 1e-9);
            var converged = Math.Abs(next - prior) <= 1e-6 * prior;
            prior = next;
            if (converged) break;
        }
        return prior;
    }

    private static double BayesFactor(ulong pattern, double[][] m, double[][] u)
    {
        var logFactor = 0.0;
        for (var c = 0; c < ComparisonSchema.Count; c++)
        {
            var level = ComparisonVector.LevelOf(pattern, c);
            if (level != 0) logFactor += Math.Log(m[c][level] / u[c][level]);
        }
        return Math.Exp(Math.Min(logFactor, 700));
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

    private static double[][] Normalise(double[][] sums, double pseudoCount) =>
        sums.Select(levels => Normalise(levels, pseudoCount)).ToArray();

    /// <summary>One comparison's level counts as probabilities; index 0 (missing) stays 0.</summary>
    private static double[] Normalise(double[] sums, double pseudoCount)
    {
        var result = new double[sums.Length];
        var total = 0.0;
        for (var level = 1; level < sums.Length; level++) total += sums[level] + pseudoCount;
        for (var level = 1; level < sums.Length; level++)
            result[level] = Math.Max((sums[level] + pseudoCount) / Math.Max(total, 1e-12), 1e-6);
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
    /// <summary>A session's m for a comparison counts only when that many of its matches have the comparison.</summary>
    public double MinimumMatchesPerSession { get; init; } = 30;
    /// <summary>Dirichlet smoothing per level, so a level never seen gets a small, not zero, probability.</summary>
    public double PseudoCount { get; init; } = 1;
}

/// <param name="MatchProbability">The prior: the share of pairs that are matches, among the pairs the model will score.</param>
public sealed record EmResult(double MatchProbability, double[][] M, double[][] U, int Iterations, IReadOnlyList<EmSessionReport> Sessions);

/// <summary>The candidate pairs one blocking rule finds, as pattern counts with the rule's own comparisons masked out (as if missing).</summary>
public sealed record EmSession(string Name, IReadOnlyDictionary<ulong, long> Patterns);

/// <param name="MatchProbability">The share of this rule's pairs that EM judged to be matches.</param>
public sealed record EmSessionReport(string Name, long Pairs, double MatchProbability, int Iterations);
