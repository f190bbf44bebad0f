using PatientIndex.Core.Comparisons;

namespace PatientIndex.Ml.Training;

/// <summary>
/// Labels a run's candidate pairs and assigns each to a split by person, never by pair: people
/// connected as twins or namesakes, or by a labelled match, form one group, and a group's split is a
/// hash of its population and name. A pair across two groups of different splits is dropped, so no
/// person seen in training is ever used to choose thresholds or to report.
/// </summary>
public static class TrainingSetBuilder
{
    public const int TrainPercent = 60, CalibratePercent = 20;

    public static List<LabelledPair> Build(LabelledDataset data)
    {
        var groups = GroupOfEachRecord(data);
        var hardNegatives = data.HardNegatives.Select(h => Ordered(h.PersonA, h.PersonB)).ToHashSet();
        var pairs = new List<LabelledPair>();
        var labelled = data.LabelledPairs.ToDictionary(p => Ordered(p.Left, p.Right), p => p.Match);

        void Add(int left, int right, bool match)
        {
            var split = SplitOf(data.Population, groups[left]);
            if (split != SplitOf(data.Population, groups[right])) return;
            var vector = PairComparer.Compare(data.Records[left], data.Records[right]);
            var hard = data.PersonOf[left] is { } a && data.PersonOf[right] is { } b && hardNegatives.Contains(Ordered(a, b));
            // The copies below keep the pair's own label and FS probability; only what the model sees changes.
            var fellegiSunter = data.FellegiSunter.Score(vector, []);
            void AddAs(in ComparisonVector seen) => pairs.Add(new LabelledPair(PairFeatures.Of(seen, data.FellegiSunter), match, split, data.Name, hard,
                fellegiSunter, data.FellegiSunter.CandidateMatchShare));
            AddAs(vector);
            if (split == Split.Train && IsSearchExample(vector, data.Records.Count)) AddAs(AsSearchedByFamilyAndBirthDate(vector));
            if (split == Split.Train && hard && (vector.HouseholdSize > 1 || vector.NamesakesAtHome > 1)) AddAs(AsIfEachAlone(vector));
        }

        foreach (var candidate in data.Candidates)
        {
            var key = Ordered(candidate.Left, candidate.Right);
            if (labelled.Remove(key, out var match)) Add(key.Item1, key.Item2, match);
            else if (data.PersonOf[candidate.Left] is { } a && data.PersonOf[candidate.Right] is { } b) Add(key.Item1, key.Item2, a == b);
        }
        foreach (var ((left, right), match) in labelled) Add(left, right, match);
        return pairs;
    }

    /// <summary>
    /// Twins or a parent and child of one name at a home some source shows both of, as they would look had each
    /// record come from a source of its own: twins no source holds together look like this, and the model must keep
    /// them apart on what the records themselves say, not on a home that seems to hold one person.
    /// </summary>
    private static ComparisonVector AsIfEachAlone(ComparisonVector vector)
    {
        vector.HouseholdSize = 1;
        if (vector.NamesakesAtHome > 0) vector.NamesakesAtHome = 1;
        return vector;
    }

    /// <summary>
    /// A pair of a large population that agrees exactly on family name and birth date (level 1 is each comparison's
    /// exact agreement), to be added as a search giving only those two fields would see it. Records always carry
    /// more than that, so without these the model would guess at such a search; a large population holds its
    /// twins and its people of one name born the same day in about the share a region's index does, so those two
    /// fields make a probable match there, not a certain one.
    /// </summary>
    private static bool IsSearchExample(in ComparisonVector v, int records) =>
        records >= LargePopulation && v[Comparison.FamilyName] == 1 && v[Comparison.Dob] == 1;

    /// <summary>Records of a training population large enough for coincidences of name and birth date to be as common as in a region's index.</summary>
    private const int LargePopulation = 100_000;

    private static ComparisonVector AsSearchedByFamilyAndBirthDate(in ComparisonVector v)
    {
        var searched = new ComparisonVector { FamilyNameFrequency = v.FamilyNameFrequency, FamilyNameSimilarity = v.FamilyNameSimilarity,
            DobDaysApart = v.DobDaysApart, DobPartsAgreeing = v.DobPartsAgreeing };
        searched.Levels[(int)Comparison.FamilyName] = v.Levels[(int)Comparison.FamilyName];
        searched.Levels[(int)Comparison.Dob] = v.Levels[(int)Comparison.Dob];
        return searched;
    }

    /// <summary>A seeded random <paramref name="share"/> of the pairs, and every hard negative.</summary>
    public static List<LabelledPair> Sample(List<LabelledPair> pairs, double share, int seed)
    {
        if (share >= 1) return pairs;
        var random = new Random(seed);
        return pairs.Where(p => random.NextDouble() < share || p.HardNegative).ToList();
    }

    public static Split SplitOf(string population, string group)
    {
        var bucket = (int)(Fnv1a(population + "\u001f" + group) % 100);
        return bucket < TrainPercent ? Split.Train : bucket < TrainPercent + CalibratePercent ? Split.Calibrate : Split.Report;
    }

    private static string[] GroupOfEachRecord(LabelledDataset data)
    {
        var groups = new UnionFind<string>();
        foreach (var (a, b) in data.HardNegatives) groups.Union("p:" + a, "p:" + b);
        string KeyOf(int i) => data.PersonOf[i] is { } person ? "p:" + person : $"r:{data.Records[i].Source}\u001f{data.Records[i].RecordId}";
        foreach (var (left, right, match) in data.LabelledPairs)
            if (match) groups.Union(KeyOf(left), KeyOf(right));
        return Enumerable.Range(0, data.Records.Count).Select(i => groups.Find(KeyOf(i))).ToArray();
    }

    private static (T, T) Ordered<T>(T a, T b) where T : IComparable<T> => a.CompareTo(b) <= 0 ? (a, b) : (b, a);

    private static (string, string) Ordered(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);

    /// <summary>A hash that is the same in every process (string.GetHashCode is randomised per process).</summary>
    private static ulong Fnv1a(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text) { hash ^= c; hash *= 1099511628211UL; }
        return hash;
    }

    private sealed class UnionFind<T> where T : notnull
    {
        private readonly Dictionary<T, T> _parent = [];

        public T Find(T x)
        {
            if (!_parent.TryGetValue(x, out var parent)) return x;
            if (EqualityComparer<T>.Default.Equals(parent, x)) return x;
            var root = Find(parent);
            _parent[x] = root;
            return root;
        }

        public void Union(T a, T b)
        {
            var ra = Find(a);
            var rb = Find(b);
            if (EqualityComparer<T>.Default.Equals(ra, rb)) return;
            // The smaller key becomes the root, so groups are named the same whatever the order of unions.
            if (Comparer<T>.Default.Compare(ra, rb) < 0) _parent[rb] = ra; else _parent[ra] = rb;
        }
    }
}
