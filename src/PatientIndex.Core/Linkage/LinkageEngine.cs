using System.Collections.Concurrent;
using System.Diagnostics;
using PatientIndex.Core.Blocking;
using PatientIndex.Core.Clustering;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Records;
using PatientIndex.Core.Scoring;

namespace PatientIndex.Core.Linkage;

/// <summary>
/// Bulk linkage of whole extracts: term frequencies → blocking → compare every candidate pair →
/// learn the Fellegi–Sunter model by EM (unless a trained scorer is given) → score → decide →
/// cluster Link pairs into persons without chaining across contradictions.
/// </summary>
public sealed class LinkageEngine(LinkageSettings settings)
{
    /// <param name="scorer">A scorer to use as it is; when null, the Fellegi–Sunter model EM learns from these records.</param>
    /// <param name="onLearntModel">Builds the scorer from the learnt Fellegi–Sunter model (a trained model that reads its weights as features).</param>
    /// <param name="onDecided">
    /// Given the pairs decided Link or Review (<see cref="LinkageResult.Links"/>) as soon as they are known, on
    /// another thread while clustering runs; the run ends when it has returned. Clustering is mostly one
    /// thread's work, so on a bulk run this is where writing the links costs least.
    /// </param>
    public LinkageResult Run(IReadOnlyList<NormalisedRecord> records, IMatchScorer? scorer = null, IProgress<string>? progress = null,
        Func<FellegiSunterModel, IMatchScorer>? onLearntModel = null, Action<IReadOnlyList<ScoredPair>>? onDecided = null)
    {
        var stages = new Dictionary<string, double>();
        var clock = Stopwatch.StartNew();
        void Stage(string name) { stages[name] = clock.Elapsed.TotalSeconds; clock.Restart(); }

        progress?.Report("term frequencies");
        var termFrequency = StampCounts(records);
        Stage("term_frequencies");

        progress?.Report("blocking");
        var generator = new CandidateGenerator(BlockingRules.Default, settings.Blocking.MaxBlockSize);
        var (pairs, blocking, keys) = generator.Generate(records);
        Stage("blocking");

        progress?.Report($"comparing {pairs.Length:N0} candidate pairs");
        var vectors = CompareAll(records, pairs);
        Stage("comparing");

        FellegiSunterModel? learnt = null;
        IReadOnlyList<EmSessionReport> sessions = [];
        if (scorer is null)
        {
            progress?.Report("learning m/u by EM");
            (learnt, sessions) = Learn(records, pairs, vectors, keys, generator.Rules, termFrequency);
            scorer = onLearntModel?.Invoke(learnt) ?? learnt;
            Stage("em");
        }

        progress?.Report("scoring");
        var scores = ScoreAll(scorer, vectors, settings.Decisions.ReviewThreshold);
        Stage("scoring");

        progress?.Report("clustering");
        var (personOf, links, reviews, counts) = Decide(records, pairs, vectors, scores, scorer, onDecided);
        Stage("clustering");

        return new LinkageResult(personOf, links, reviews, blocking, learnt, sessions, scorer.Name, counts, stages, pairs)
        {
            Weights = MatchWeightHistogram.Of(scores.Probabilities),
            Probabilities = scores.Probabilities,
        };
    }

    /// <summary>
    /// Learns the Fellegi–Sunter model from these records alone, as a bulk run does before it scores
    /// (term frequencies, blocking, comparing, EM), without scoring or clustering: how the service relearns
    /// from the records in its store. The records' name frequencies are stamped; pass copies of shared ones.
    /// </summary>
    public (FellegiSunterModel Model, IReadOnlyList<EmSessionReport> Sessions, long CandidatePairs) LearnFellegiSunter(IReadOnlyList<NormalisedRecord> records)
    {
        var termFrequency = StampCounts(records);
        var generator = new CandidateGenerator(BlockingRules.Default, settings.Blocking.MaxBlockSize);
        var (pairs, _, keys) = generator.Generate(records);
        var vectors = CompareAll(records, pairs);
        var (model, sessions) = Learn(records, pairs, vectors, keys, generator.Rules, termFrequency);
        return (model, sessions, pairs.Length);
    }

    /// <summary>What each record is compared with that depends on the whole extract: its names' frequencies and its home's counts.</summary>
    private TermFrequencyAdjustment StampCounts(IReadOnlyList<NormalisedRecord> records)
    {
        var termFrequency = TermFrequencies.Apply(records, settings.TermFrequencyScale);
        Households.Stamp(records);
        return termFrequency;
    }

    private static ComparisonVector[] CompareAll(IReadOnlyList<NormalisedRecord> records, CandidatePair[] pairs)
    {
        var vectors = new ComparisonVector[pairs.Length];
        ParallelChunks.For(pairs.Length, 32768, (from, to) =>
        {
            for (var i = from; i < to; i++)
                vectors[i] = PairComparer.Compare(records[pairs[i].Left], records[pairs[i].Right]);
        });
        return vectors;
    }

    private (FellegiSunterModel Model, IReadOnlyList<EmSessionReport> Sessions) Learn(IReadOnlyList<NormalisedRecord> records, CandidatePair[] pairs,
        ComparisonVector[] vectors, RuleKeys keys, IReadOnlyList<BlockingRule> rules, TermFrequencyAdjustment termFrequency)
    {
        var randomU = ExpectationMaximisation.LevelFrequencies(RandomPairPatterns(records));
        var allPairs = (long)records.Count * (records.Count - 1) / 2;
        var em = ExpectationMaximisation.TrainBySession(Sessions(pairs, vectors, keys, rules), PatternCounts(vectors), randomU, allPairs, settings.Em);
        // EM's prior is over all record pairs; the matches it expects all lie among the candidates.
        var candidateShare = Math.Clamp(em.MatchProbability * allPairs / Math.Max(pairs.Length, 1), 1e-9, 1 - 1e-9);
        return (new FellegiSunterModel(em.MatchProbability, em.M, em.U, termFrequency) { CandidateMatchShare = candidateShare, LearntFromPairs = pairs.Length }, em.Sessions);
    }

    /// <summary>
    /// One session per rule that looks for the same person (household rules would teach EM that
    /// "same home" is a match): the pairs the rule finds, whichever rule found them first.
    /// </summary>
    private List<EmSession> Sessions(CandidatePair[] pairs, ComparisonVector[] vectors, RuleKeys keys, IReadOnlyList<BlockingRule> rules)
    {
        var sessionRules = Enumerable.Range(0, rules.Count).Where(r => !rules[r].Household).ToArray();
        var masks = sessionRules.Select(r => rules[r].Fixes.Aggregate(ulong.MaxValue, (mask, c) => mask & ~(0xFUL << (4 * (int)c)))).ToArray();
        // EM needs proportions, not every pair: on large runs an even sample of the candidates (they
        // are laid out rule by rule, so every rule is sampled alike) costs a fraction of the key lookups.
        var stride = Math.Max(1, pairs.Length / settings.PairsForEm);
        var partials = new ConcurrentBag<Dictionary<ulong, long>[]>();
        ParallelChunks.For((pairs.Length + stride - 1) / stride, 8192, (from, to) =>
        {
            var local = sessionRules.Select(_ => new Dictionary<ulong, long>()).ToArray();
            for (var i = from * stride; i < to * stride && i < pairs.Length; i += stride)
            {
                var pattern = vectors[i].Pattern;
                for (var s = 0; s < sessionRules.Length; s++)
                {
                    if (!keys.Agree(sessionRules[s], pairs[i].Left, pairs[i].Right)) continue;
                    var masked = pattern & masks[s];
                    local[s][masked] = local[s].GetValueOrDefault(masked) + stride;
                }
            }
            partials.Add(local);
        });
        return sessionRules.Select((r, s) => new EmSession(rules[r].Name, Merge(partials.Select(p => p[s]))))
            .Where(session => session.Patterns.Count > 0).ToList();
    }

    private static Dictionary<ulong, long> Merge(IEnumerable<Dictionary<ulong, long>> partials)
    {
        var total = new Dictionary<ulong, long>();
        foreach (var partial in partials)
            foreach (var (pattern, count) in partial)
                total[pattern] = total.GetValueOrDefault(pattern) + count;
        return total;
    }

    private Dictionary<ulong, long> RandomPairPatterns(IReadOnlyList<NormalisedRecord> records)
    {
        var counts = new Dictionary<ulong, long>();
        if (records.Count < 2) return counts;
        var random = new Random(settings.Seed);
        var samples = (int)Math.Min(settings.RandomPairsForU, (long)records.Count * (records.Count - 1) / 2);
        // Pairs are drawn in order from the seed, then compared side by side: the counts are the same.
        var sampled = new (int A, int B)[samples];
        for (var s = 0; s < samples; s++)
        {
            var a = random.Next(records.Count);
            var b = random.Next(records.Count - 1);
            sampled[s] = (a, b >= a ? b + 1 : b);
        }
        var patterns = new ulong[samples];
        ParallelChunks.For(samples, 16384, (from, to) =>
        {
            for (var s = from; s < to; s++) patterns[s] = PairComparer.Compare(records[sampled[s].A], records[sampled[s].B]).Pattern;
        });
        foreach (var pattern in patterns) counts[pattern] = counts.GetValueOrDefault(pattern) + 1;
        return counts;
    }

    private static Dictionary<ulong, long> PatternCounts(ComparisonVector[] vectors)
    {
        var partials = new ConcurrentBag<Dictionary<ulong, long>>();
        ParallelChunks.For(vectors.Length, 65536, (from, to) =>
        {
            var local = new Dictionary<ulong, long>();
            for (var i = from; i < to; i++)
            {
                var pattern = vectors[i].Pattern;
                local[pattern] = local.GetValueOrDefault(pattern) + 1;
            }
            partials.Add(local);
        });
        return Merge(partials);
    }

    /// <summary>
    /// Every pair's probability, and for each that reaches review its explanation: the pairs whose upper
    /// bound falls short of review are dismissed with that bound, never fully scored. A scorer with no
    /// bound cheaper than its score (a bound of 1) scores every pair unexplained first, so only the few that
    /// reach review pay for an explanation and hold one.
    /// </summary>
    private static PairScores ScoreAll(IMatchScorer scorer, ComparisonVector[] vectors, double reviewThreshold)
    {
        var probabilities = new double[vectors.Length];
        ParallelChunks.For(vectors.Length, 32768, (from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                var bound = scorer.UpperBound(vectors[i]);
                probabilities[i] = bound < 1 ? bound : scorer.Score(vectors[i], []);
            }
        });
        var explainedAt = new int[vectors.Length];
        var explained = 0;
        for (var i = 0; i < vectors.Length; i++) explainedAt[i] = probabilities[i] >= reviewThreshold ? explained++ : -1;
        var contributions = new float[(long)explained * ComparisonSchema.Count];
        ParallelChunks.For(vectors.Length, 16384, (from, to) =>
        {
            for (var i = from; i < to; i++)
                if (explainedAt[i] >= 0)
                    probabilities[i] = scorer.Score(vectors[i], contributions.AsSpan(explainedAt[i] * ComparisonSchema.Count, ComparisonSchema.Count));
        });
        return new PairScores(probabilities, explainedAt, contributions);
    }

    /// <param name="ExplainedAt">Per pair, its place in <paramref name="Contributions"/> (in comparisons), or -1 for a pair dismissed unexplained.</param>
    private sealed record PairScores(double[] Probabilities, int[] ExplainedAt, float[] Contributions)
    {
        public Memory<float> ContributionsOf(int pair) => Contributions.AsMemory(ExplainedAt[pair] * ComparisonSchema.Count, ComparisonSchema.Count);
    }

    private (int[] PersonOf, ScoredPair[] Links, List<ReviewItem> Reviews, Dictionary<Decision, long> Counts) Decide(
        IReadOnlyList<NormalisedRecord> records, CandidatePair[] pairs, ComparisonVector[] vectors, PairScores scores, IMatchScorer scorer,
        Action<IReadOnlyList<ScoredPair>>? onDecided)
    {
        var policy = settings.Decisions;
        var probabilities = scores.Probabilities;
        var decisions = new Decision[pairs.Length];
        ParallelChunks.For(pairs.Length, 32768, (from, to) =>
        {
            for (var i = from; i < to; i++) decisions[i] = policy.Decide(probabilities[i]);
        });
        var counts = new Dictionary<Decision, long> { [Decision.Link] = 0, [Decision.Review] = 0, [Decision.NoMatch] = 0 };
        foreach (var decision in decisions) counts[decision]++;

        var kept = Kept(pairs, vectors, scores, decisions, pairs.Length - counts[Decision.NoMatch]);
        var alongside = onDecided is null ? Task.CompletedTask : Task.Run(() => onDecided(kept));
        var (linkAt, links) = InClusteringOrder(kept, counts[Decision.Link]);
        var clusterer = new PersonClusterer(records, v => Contradiction.Overcome(scorer.Score(v, [])));
        var refused = clusterer.ClusterInOrder(links);
        var personOf = clusterer.PersonOfEachRecord();

        var reviews = refused.Select(r => new ReviewItem(kept[linkAt[r.LinkIndex]], "link refused: " + r.Reason))
            .Concat(kept.Where(p => p.Decision == Decision.Review && personOf[p.Left] != personOf[p.Right])
                .Select(p => new ReviewItem(p, ReviewReason.Of(p.Comparison))))
            .ToList();
        var strongestFirst = StrongestFirst.Order(reviews.Count, i => (reviews[i].Pair.Probability, reviews[i].Pair.Left, reviews[i].Pair.Right));
        alongside.GetAwaiter().GetResult();
        return (personOf, kept, OnePerPairOfPersons(strongestFirst.Select(i => reviews[i]), personOf), counts);
    }

    /// <summary>
    /// A steward answers one question for two persons, whichever of their records a review pair or a refused
    /// link joins: the strongest pair asks it (with its reason), and says how many pairs it answers for.
    /// </summary>
    private static List<ReviewItem> OnePerPairOfPersons(IEnumerable<ReviewItem> strongestFirst, int[] personOf)
    {
        var questions = new List<ReviewItem>();
        var asked = new Dictionary<(int, int), int>();
        foreach (var item in strongestFirst)
        {
            int a = personOf[item.Pair.Left], b = personOf[item.Pair.Right];
            var persons = a < b ? (a, b) : (b, a);
            if (asked.TryGetValue(persons, out var at)) questions[at] = questions[at] with { Pairs = questions[at].Pairs + 1 };
            else { asked[persons] = questions.Count; questions.Add(item); }
        }
        return questions;
    }

    /// <summary>
    /// The links of <paramref name="kept"/> (strongest first) as persons are built from them, and where each
    /// is in <paramref name="kept"/>: the one order both bulk linkage and the service's rebuilt neighbourhoods
    /// cluster in. Sized once: a million-entry list grown by doubling is large-object garbage that costs a
    /// full collection.
    /// </summary>
    internal static (int[] LinkAt, (int Left, int Right, double Probability)[] Links) InClusteringOrder(ScoredPair[] kept, long linkCount)
    {
        var linkAt = ClusteringOrder(kept, linkCount);
        var links = new (int Left, int Right, double Probability)[linkAt.Length];
        for (var l = 0; l < linkAt.Length; l++) links[l] = (kept[linkAt[l]].Left, kept[linkAt[l]].Right, kept[linkAt[l]].Probability);
        return (linkAt, links);
    }

    /// <summary>
    /// Positions in <paramref name="kept"/> of the links, in the order persons are built from them: strongest
    /// first, and among links equally sure to a millionth, those whose identifiers agree first. Which of two
    /// contradicting links is refused depends on which comes first; a probability that differs only past
    /// the sixth decimal is no reason to prefer one, an agreeing NHS number or other identifier is.
    /// </summary>
    internal static int[] ClusteringOrder(ScoredPair[] kept, long linkCount)
    {
        var positions = new int[linkCount];
        var keys = new ulong[linkCount];
        for (int k = 0, l = 0; k < kept.Length; k++)
        {
            if (kept[k].Decision != Decision.Link) continue;
            var millionths = (ulong)Math.Round(Math.Clamp(kept[k].Probability, 0, 1) * 1_000_000);
            keys[l] = ~(millionths << 1 | (IdentityEvidence.IdentifierAgrees(kept[k].Comparison) ? 1UL : 0UL));
            positions[l++] = k;
        }
        RadixSort.Sort(keys, positions); // stable: otherwise strongest first, as kept is
        return positions;
    }

    /// <summary>Every pair not dismissed, strongest first, with the per-comparison contributions that explain its score.</summary>
    private static ScoredPair[] Kept(CandidatePair[] pairs, ComparisonVector[] vectors, PairScores scores, Decision[] decisions, long notDismissedCount)
    {
        var probabilities = scores.Probabilities;
        var notDismissed = new int[notDismissedCount];
        for (int i = 0, k = 0; i < decisions.Length; i++)
            if (decisions[i] != Decision.NoMatch) notDismissed[k++] = i;
        var keptAt = StrongestFirst.Order(notDismissed.Length, k => (probabilities[notDismissed[k]], pairs[notDismissed[k]].Left, pairs[notDismissed[k]].Right));
        var kept = new ScoredPair[keptAt.Length];
        for (var k = 0; k < keptAt.Length; k++)
        {
            var i = notDismissed[keptAt[k]];
            kept[k] = new ScoredPair(pairs[i].Left, pairs[i].Right, probabilities[i], decisions[i], vectors[i], scores.ContributionsOf(i));
        }
        return kept;
    }
}
