using PatientIndex.Core.Records;

namespace PatientIndex.Core.Blocking;

/// <summary>
/// Finds candidate pairs: for each rule, records are sorted by key and every pair within a block
/// is a candidate, unless an earlier rule already found it (checked by comparing the earlier
/// rules' keys, so no global set of pairs is ever built). A block larger than the cap (a common
/// name on a common date) is split by name initials; pieces still too large are skipped and counted.
/// </summary>
public sealed class CandidateGenerator(IReadOnlyList<BlockingRule> rules, int maxBlockSize)
{
    /// <summary>Pairs a loose rule may add before its blocks are split: generous on small extracts, bounded on large ones.</summary>
    public static long LoosePairBudget(int records) => Math.Max(50_000, records / 2);

    public IReadOnlyList<BlockingRule> Rules => rules;

    public (CandidatePair[] Pairs, BlockingSummary Summary, RuleKeys Keys) Generate(IReadOnlyList<NormalisedRecord> records)
    {
        var keys = ComputeKeys(records);
        var secondary = records.Select(SecondaryKey).ToArray();
        var plans = new RulePlan[rules.Count];
        var budget = LoosePairBudget(records.Count);
        Parallel.For(0, rules.Count, r => plans[r] = Plan(keys[r], secondary, rules[r].Loose ? budget : long.MaxValue));
        var found = new List<CandidatePair>[rules.Count];
        Parallel.For(0, rules.Count, r => found[r] = Emit(r, plans, keys, secondary));

        var pairs = new CandidatePair[found.Sum(f => f.Count)];
        var at = 0;
        foreach (var list in found) { list.CopyTo(pairs, at); at += list.Count; }
        return (pairs, Summarise(plans, found, records), new RuleKeys(keys));
    }

    /// <summary>True when an earlier rule than <paramref name="rule"/> already emitted this pair.</summary>
    private static bool FoundEarlier(int rule, int a, int b, RulePlan[] plans, ulong[][] keys, ushort[] secondary)
    {
        for (var r = 0; r < rule; r++)
        {
            var key = keys[r][a];
            if (key == 0 || key != keys[r][b]) continue;
            var plan = plans[r];
            if (!plan.SplitAll && !plan.Oversized.Contains(key)) return true;
            if (secondary[a] == secondary[b] && !plan.SkippedPieces.Contains((key, secondary[a]))) return true;
        }
        return false;
    }

    private ulong[][] ComputeKeys(IReadOnlyList<NormalisedRecord> records)
    {
        var keys = new ulong[rules.Count][];
        for (var r = 0; r < rules.Count; r++) keys[r] = new ulong[records.Count];
        Linkage.ParallelChunks.For(records.Count, 16384, (from, to) =>
        {
            Span<ulong> parts = stackalloc ulong[BlockParts.Count];
            for (var i = from; i < to; i++)
            {
                BlockParts.Hash(records[i], parts);
                for (var r = 0; r < rules.Count; r++) keys[r][i] = rules[r].Key(parts, r);
            }
        });
        return keys;
    }

    /// <summary>Given and family name initials: how an over-large block is split.</summary>
    internal static ushort SecondaryKey(NormalisedRecord r) =>
        (ushort)(((r.GivenName is { Length: > 0 } g ? g[0] : '?') << 8) | (r.FamilyName is { Length: > 0 } f ? f[0] : '?'));

    private RulePlan Plan(ulong[] ruleKeys, ushort[] secondary, long pairBudget)
    {
        var count = 0;
        foreach (var k in ruleKeys) if (k != 0) count++;
        var sortedKeys = new ulong[count];
        var members = new int[count];
        for (int i = 0, j = 0; i < ruleKeys.Length; i++)
            if (ruleKeys[i] != 0) { sortedKeys[j] = ruleKeys[i]; members[j++] = i; }
        RadixSort.Sort(sortedKeys, members);

        var plan = new RulePlan(sortedKeys, members);
        long pairs = 0;
        ForEachBlock(sortedKeys, (_, length) => pairs += (long)length * (length - 1) / 2);
        plan.SplitAll = pairs > pairBudget;
        var pieces = new List<(ulong Key, ushort Piece, int Size)>();
        var pieceKeys = new ushort[maxBlockSize * 4];
        // Plain loops, not a delegate per block: a loose rule has a block for nearly every record.
        for (int start = 0, end; start < sortedKeys.Length; start = end)
        {
            end = BlockEnd<ulong>(sortedKeys, start);
            var length = end - start;
            if (length < 2) continue;
            plan.Blocks++;
            plan.NoteBlock(start, length);
            if (length <= maxBlockSize && !plan.SplitAll) continue;
            if (!plan.SplitAll) plan.Oversized.Add(sortedKeys[start]);
            if (pieceKeys.Length < length) pieceKeys = new ushort[length];
            var blockPieces = pieceKeys.AsSpan(0, length);
            for (var i = 0; i < length; i++) blockPieces[i] = secondary[members[start + i]];
            blockPieces.Sort(members.AsSpan(start, length));
            for (int pieceStart = 0, pieceEnd; pieceStart < length; pieceStart = pieceEnd)
            {
                pieceEnd = BlockEnd<ushort>(blockPieces, pieceStart);
                pieces.Add((sortedKeys[start], blockPieces[pieceStart], pieceEnd - pieceStart));
            }
        }
        var cap = plan.SplitAll ? PieceCapWithin(pieces.Select(p => p.Size), pairBudget, maxBlockSize) : maxBlockSize;
        foreach (var (key, piece, size) in pieces)
        {
            if (size <= cap) continue;
            plan.SkippedPieces.Add((key, piece));
            plan.PairsSkipped += (long)size * (size - 1) / 2;
        }
        return plan;
    }

    /// <summary>
    /// The largest piece size (at most the block cap) whose pieces, with all smaller ones, stay within the
    /// budget. The service's candidate index plans its loose rules by the same measure, so a record meets
    /// the same loose candidates whichever way it arrives.
    /// </summary>
    internal static int PieceCapWithin(IEnumerable<int> pieceSizes, long pairBudget, int maxBlockSize)
    {
        var piecesOfSize = new long[maxBlockSize + 1];
        foreach (var size in pieceSizes) if (size >= 2 && size <= maxBlockSize) piecesOfSize[size]++;
        return PieceCapWithin(piecesOfSize, pairBudget);
    }

    /// <param name="piecesOfSize">How many pieces hold each number of records, by size, up to the block cap.</param>
    internal static int PieceCapWithin(ReadOnlySpan<long> piecesOfSize, long pairBudget)
    {
        long pairs = 0;
        var cap = 1;
        for (var size = 2; size < piecesOfSize.Length; size++)
        {
            if (piecesOfSize[size] == 0) continue;
            pairs += piecesOfSize[size] * size * (size - 1) / 2;
            if (pairs > pairBudget) break;
            cap = size;
        }
        return cap;
    }

    private List<CandidatePair> Emit(int rule, RulePlan[] plans, ulong[][] keys, ushort[] secondary)
    {
        var plan = plans[rule];
        var pairs = new List<CandidatePair>();
        var members = plan.Members;
        ForEachBlock(plan.SortedKeys, (start, length) =>
        {
            if (length < 2) return;
            if (length <= maxBlockSize && !plan.SplitAll) { EmitBlock(rule, members.AsSpan(start, length), plans, keys, secondary, pairs); return; }
            var block = members.AsSpan(start, length);
            var i = 0;
            while (i < length)
            {
                var j = i + 1;
                while (j < length && secondary[block[j]] == secondary[block[i]]) j++;
                if (!plan.SkippedPieces.Contains((plan.SortedKeys[start], secondary[block[i]]))) EmitBlock(rule, block[i..j], plans, keys, secondary, pairs);
                i = j;
            }
        });
        return pairs;
    }

    private static void EmitBlock(int rule, ReadOnlySpan<int> block, RulePlan[] plans, ulong[][] keys, ushort[] secondary, List<CandidatePair> pairs)
    {
        for (var i = 0; i < block.Length; i++)
            for (var j = i + 1; j < block.Length; j++)
            {
                int a = block[i], b = block[j];
                if (a > b) (a, b) = (b, a);
                if (!FoundEarlier(rule, a, b, plans, keys, secondary)) pairs.Add(new CandidatePair(a, b, (byte)rule));
            }
    }

    private delegate void BlockAction(int start, int length);

    private static void ForEachBlock(ulong[] sorted, BlockAction action)
    {
        for (int start = 0, end; start < sorted.Length; start = end)
        {
            end = BlockEnd<ulong>(sorted, start);
            action(start, end - start);
        }
    }

    /// <summary>Where the run of values equal to <c>sorted[start]</c> ends.</summary>
    private static int BlockEnd<T>(ReadOnlySpan<T> sorted, int start) where T : IEquatable<T>
    {
        var end = start + 1;
        while (end < sorted.Length && sorted[end].Equals(sorted[start])) end++;
        return end;
    }

    private BlockingSummary Summarise(RulePlan[] plans, List<CandidatePair>[] found, IReadOnlyList<NormalisedRecord> records)
    {
        var ruleSummaries = plans.Select((p, r) => new RuleSummary(
            rules[r].Name, p.Blocks, found[r].Count, p.LargestBlock, p.Oversized.Count, p.PairsSkipped)).ToList();
        var largest = plans
            .SelectMany((p, r) => p.LargestBlocks.Select(b => new LargeBlock(rules[r].Name, b.Size, Describe(records[p.Members[b.Start]]))))
            .OrderByDescending(b => b.Size).Take(5).ToList();
        return new BlockingSummary(found.Sum(f => (long)f.Count), plans.Sum(p => p.PairsSkipped), maxBlockSize, ruleSummaries, largest);
    }

    private static string Describe(NormalisedRecord r) =>
        $"{r.GivenName} {r.FamilyName} {(r.Dob == 0 ? "" : r.Dob.ToString())} {r.Postcode?.Value}".Trim();

    private sealed class RulePlan(ulong[] sortedKeys, int[] members)
    {
        public ulong[] SortedKeys { get; } = sortedKeys;
        public int[] Members { get; } = members;
        public HashSet<ulong> Oversized { get; } = [];
        public HashSet<(ulong, ushort)> SkippedPieces { get; } = [];
        /// <summary>A loose rule over its budget: every block is split by name initials.</summary>
        public bool SplitAll { get; set; }
        public int Blocks { get; set; }
        public int LargestBlock => LargestBlocks.Count == 0 ? 0 : LargestBlocks[0].Size;
        /// <summary>The three largest blocks, largest first (the first found of equal sizes).</summary>
        public List<(int Start, int Size)> LargestBlocks { get; } = [];

        public void NoteBlock(int start, int size)
        {
            const int kept = 3;
            if (LargestBlocks.Count == kept && LargestBlocks[^1].Size >= size) return;
            var at = 0;
            while (at < LargestBlocks.Count && LargestBlocks[at].Size >= size) at++;
            LargestBlocks.Insert(at, (start, size));
            if (LargestBlocks.Count > kept) LargestBlocks.RemoveAt(kept);
        }
        public long PairsSkipped { get; set; }
    }
}
