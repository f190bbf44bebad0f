using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PatientIndex.Ml;

/// <summary>
/// A boosted tree ensemble in flat arrays, walked directly: no ML.NET at scoring time, no allocation
/// per pair. Each tree's leaf values already carry the tree's weight. Internal nodes also keep the
/// value the tree would give if it stopped there (the training-weighted mean of the leaves below),
/// so a score splits exactly into per-feature contributions along the path taken (Saabas).
/// </summary>
public sealed class TreeEnsemble
{
    private readonly float _rootTotal;
    private readonly int _featureCount;
    private readonly WalkNode[] _walk;
    private readonly int[] _starts;

    /// <param name="roots">Per tree, its root node, or <c>~leaf</c> when the tree is a single leaf.</param>
    /// <param name="left">Per node, the node taken when feature ≤ threshold (<c>~leaf</c> for a leaf).</param>
    /// <param name="nodeValues">Per node, the tree's value were it to stop there.</param>
    public TreeEnsemble(double bias, int[] roots, int[] feature, float[] threshold, int[] left, int[] right, float[] nodeValues, float[] leaves)
    {
        Bias = bias;
        Validate(roots, feature, left, right, nodeValues, leaves);
        _featureCount = feature.Length == 0 ? 0 : feature.Max() + 1;
        (_walk, _starts) = WalkLayout(roots, feature, threshold, left, right, nodeValues, leaves);
        _rootTotal = (float)(bias + roots.Sum(r => (double)(r >= 0 ? nodeValues[r] : leaves[~r])));
        Feature = feature;
        Threshold = threshold;
        Left = left;
        Right = right;
        Roots = roots;
        NodeValues = nodeValues;
        Leaves = leaves;
    }

    /// <summary>The mean of several ensembles' scores as one ensemble: every tree of each, its values divided by their number.</summary>
    public static TreeEnsemble Average(IReadOnlyList<TreeEnsemble> ensembles)
    {
        var share = 1f / ensembles.Count;
        List<int> roots = [], feature = [], left = [], right = [];
        List<float> threshold = [], nodeValues = [], leaves = [];
        foreach (var e in ensembles)
        {
            int nodeOffset = feature.Count, leafOffset = leaves.Count;
            int Moved(int child) => child >= 0 ? child + nodeOffset : ~(~child + leafOffset);
            roots.AddRange(e.Roots.Select(Moved));
            feature.AddRange(e.Feature);
            threshold.AddRange(e.Threshold);
            left.AddRange(e.Left.Select(Moved));
            right.AddRange(e.Right.Select(Moved));
            nodeValues.AddRange(e.NodeValues.Select(v => v * share));
            leaves.AddRange(e.Leaves.Select(v => v * share));
        }
        return new TreeEnsemble(ensembles.Average(e => e.Bias), [.. roots], [.. feature], [.. threshold], [.. left], [.. right], [.. nodeValues], [.. leaves]);
    }

    public double Bias { get; }
    public IReadOnlyList<int> Roots { get; }
    public IReadOnlyList<int> Feature { get; }
    public IReadOnlyList<float> Threshold { get; }
    public IReadOnlyList<int> Left { get; }
    public IReadOnlyList<int> Right { get; }
    public IReadOnlyList<float> NodeValues { get; }
    public IReadOnlyList<float> Leaves { get; }
    public int TreeCount => _starts.Length;

    /// <summary>The raw score (log-odds scale before calibration).</summary>
    // Optimised from the first call: a bulk run scores millions of pairs in one go, long before tiering would promote it.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Margin(ReadOnlySpan<float> features)
    {
        var credit = new NoCredit();
        return Walk(features, ref credit);
    }

    /// <summary>The raw score, with <paramref name="perFeature"/> receiving how much each feature moved it from the ensemble's mean.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Explain(ReadOnlySpan<float> features, Span<float> perFeature)
    {
        if (perFeature.Length < _featureCount) throw new ArgumentException($"expected {_featureCount} features", nameof(perFeature));
        perFeature.Clear();
        var credit = new MoveCredit(ref MemoryMarshal.GetReference(perFeature));
        return Walk(features, ref credit);
    }

    /// <summary>
    /// Walks every tree to its leaf and sums the leaves, telling <paramref name="credit"/> each branch taken.
    /// Specialised per credit type, so scoring without an explanation pays nothing for it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private double Walk<TCredit>(ReadOnlySpan<float> features, ref TCredit credit) where TCredit : struct, IBranchCredit, allows ref struct
    {
        if (features.Length < _featureCount) throw new ArgumentException($"expected {_featureCount} features", nameof(features));
        // The hot loop of bulk scoring: the layout was checked once when it was built, so the walk reads
        // through references without a bounds check per node.
        ref var node0 = ref MemoryMarshal.GetArrayDataReference(_walk);
        ref var feature0 = ref MemoryMarshal.GetReference(features);
        var starts = _starts;
        var sum = Bias;
        var t = 0;
        // Four trees walked side by side: their node loads overlap instead of waiting on one another.
        for (; t + 4 <= starts.Length; t += 4)
        {
            int a = starts[t], b = starts[t + 1], c = starts[t + 2], d = starts[t + 3];
            float va = 0, vb = 0, vc = 0, vd = 0;
            while ((a | b | c | d) >= 0)
            {
                a = StepFrom(ref node0, ref feature0, a, ref va, ref credit);
                b = StepFrom(ref node0, ref feature0, b, ref vb, ref credit);
                c = StepFrom(ref node0, ref feature0, c, ref vc, ref credit);
                d = StepFrom(ref node0, ref feature0, d, ref vd, ref credit);
            }
            while (a >= 0) a = StepFrom(ref node0, ref feature0, a, ref va, ref credit);
            while (b >= 0) b = StepFrom(ref node0, ref feature0, b, ref vb, ref credit);
            while (c >= 0) c = StepFrom(ref node0, ref feature0, c, ref vc, ref credit);
            while (d >= 0) d = StepFrom(ref node0, ref feature0, d, ref vd, ref credit);
            sum += (double)va + vb + vc + vd;
        }
        for (; t < starts.Length; t++)
        {
            var n = starts[t];
            float v = 0;
            while (n >= 0) n = StepFrom(ref node0, ref feature0, n, ref v, ref credit);
            sum += v;
        }
        return sum;
    }

    /// <summary>One step down from node <paramref name="n"/>: the next node, or -1 with the leaf's value once a leaf is reached.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int StepFrom<TCredit>(ref WalkNode node0, ref float feature0, int n, ref float leaf, ref TCredit credit)
        where TCredit : struct, IBranchCredit, allows ref struct
    {
        ref readonly var node = ref Unsafe.Add(ref node0, n);
        var packed = node.Packed;
        var feature = packed & 0xFF;
        if (feature == WalkNode.Leaf) { leaf = node.Value; return -1; }
        if (Unsafe.Add(ref feature0, feature) <= node.Value)
        {
            credit.Branch(node, feature, left: true);
            return n + 1;
        }
        credit.Branch(node, feature, left: false);
        return packed >> 8;
    }

    private interface IBranchCredit
    {
        void Branch(in WalkNode split, int feature, bool left);
    }

    private readonly struct NoCredit : IBranchCredit
    {
        public void Branch(in WalkNode split, int feature, bool left) { }
    }

    /// <summary>Credits the split's feature with how far the branch taken moved the tree's value.</summary>
    private readonly ref struct MoveCredit(ref float perFeature0) : IBranchCredit
    {
        private readonly ref float _perFeature0 = ref perFeature0;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Branch(in WalkNode split, int feature, bool left) =>
            Unsafe.Add(ref _perFeature0, feature) += left ? split.LeftMove : split.RightMove;
    }

    /// <summary>
    /// The walking layout: each tree in preorder, so the "≤" child is the next node and only the other
    /// is stored; leaves are nodes too. Each split also carries how far each branch moves the tree's value
    /// (the child's value less the node's), for explanations. Sixteen bytes a node: the whole ensemble stays
    /// in a core's cache.
    /// </summary>
    private static (WalkNode[] Nodes, int[] Starts) WalkLayout(
        int[] roots, int[] feature, float[] threshold, int[] left, int[] right, float[] nodeValues, float[] leaves)
    {
        if (feature.Length > 0 && feature.Max() >= WalkNode.Leaf) throw new ArgumentException("too many features for the walking layout");
        var nodes = new List<WalkNode>(feature.Length + leaves.Length);
        var starts = new int[roots.Length];
        for (var t = 0; t < roots.Length; t++)
        {
            starts[t] = nodes.Count;
            Emit(roots[t]);
        }
        return ([.. nodes], starts);

        float ValueOf(int n) => n >= 0 ? nodeValues[n] : leaves[~n];
        void Emit(int n)
        {
            if (n < 0) { nodes.Add(new WalkNode(leaves[~n], WalkNode.Leaf, 0, 0)); return; }
            var at = nodes.Count;
            nodes.Add(default);
            Emit(left[n]);
            var rightAt = nodes.Count;
            Emit(right[n]);
            nodes[at] = new WalkNode(threshold[n], (rightAt << 8) | feature[n], ValueOf(left[n]) - nodeValues[n], ValueOf(right[n]) - nodeValues[n]);
        }
    }

    /// <param name="Value">The threshold of a split, or the value of a leaf.</param>
    /// <param name="Packed">Feature (low byte, <see cref="Leaf"/> for a leaf) and the index of the "&gt;" child (the rest).</param>
    /// <param name="LeftMove">How far the "≤" branch moves the tree's value; <paramref name="RightMove"/> the other.</param>
    private readonly record struct WalkNode(float Value, int Packed, float LeftMove, float RightMove)
    {
        public const int Leaf = 0xFF;
    }

    /// <summary>The score of a pair about which nothing is known beyond the training mix: where explanations start from.</summary>
    public double ExpectedMargin => _rootTotal;

    /// <summary>Every child and root points at a node or leaf that exists, and every tree ends in leaves, so the walk needs no checks.</summary>
    private static void Validate(int[] roots, int[] feature, int[] left, int[] right, float[] nodeValues, float[] leaves)
    {
        if (left.Length != feature.Length || right.Length != feature.Length || nodeValues.Length != feature.Length)
            throw new ArgumentException("node arrays differ in length");
        bool Valid(int child, int from) => child >= 0 ? child < feature.Length && child > from : ~child < leaves.Length;
        if (feature.Any(f => f < 0)) throw new ArgumentException("negative feature index");
        if (roots.Any(r => !Valid(r, -1))) throw new ArgumentException("a root points nowhere");
        for (var n = 0; n < feature.Length; n++)
            if (!Valid(left[n], n) || !Valid(right[n], n)) throw new ArgumentException($"node {n} points nowhere, or back up its tree");
    }
}
