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
    private readonly Node[] _nodes;
    private readonly float[] _leaves;
    private readonly int[] _roots;
    private readonly float[] _nodeValues;
    private readonly float _rootTotal;
    private readonly int _featureCount;

    /// <param name="roots">Per tree, its root node, or <c>~leaf</c> when the tree is a single leaf.</param>
    /// <param name="left">Per node, the node taken when feature ≤ threshold (<c>~leaf</c> for a leaf).</param>
    /// <param name="nodeValues">Per node, the tree's value were it to stop there.</param>
    public TreeEnsemble(double bias, int[] roots, int[] feature, float[] threshold, int[] left, int[] right, float[] nodeValues, float[] leaves)
    {
        Bias = bias;
        _roots = roots;
        _leaves = leaves;
        _nodeValues = nodeValues;
        Validate(roots, feature, left, right, nodeValues, leaves);
        _featureCount = feature.Length == 0 ? 0 : feature.Max() + 1;
        _nodes = new Node[feature.Length];
        for (var n = 0; n < _nodes.Length; n++) _nodes[n] = new Node(threshold[n], feature[n], left[n], right[n]);
        _rootTotal = (float)(bias + roots.Sum(r => (double)Value(r)));
        Feature = feature;
        Threshold = threshold;
        Left = left;
        Right = right;
        Roots = roots;
        NodeValues = nodeValues;
        Leaves = leaves;
    }

    public double Bias { get; }
    public IReadOnlyList<int> Roots { get; }
    public IReadOnlyList<int> Feature { get; }
    public IReadOnlyList<float> Threshold { get; }
    public IReadOnlyList<int> Left { get; }
    public IReadOnlyList<int> Right { get; }
    public IReadOnlyList<float> NodeValues { get; }
    public IReadOnlyList<float> Leaves { get; }
    public int TreeCount => _roots.Length;

    /// <summary>The raw score (log-odds scale before calibration).</summary>
    public double Margin(ReadOnlySpan<float> features)
    {
        if (features.Length < _featureCount) throw new ArgumentException($"expected {_featureCount} features", nameof(features));
        // The hot loop of bulk scoring: indices were checked once when the ensemble was built, so the
        // walk reads through references without a bounds check per node.
        ref var node0 = ref MemoryMarshal.GetArrayDataReference(_nodes);
        ref var leaf0 = ref MemoryMarshal.GetArrayDataReference(_leaves);
        ref var feature0 = ref MemoryMarshal.GetReference(features);
        var sum = Bias;
        var roots = _roots;
        var t = 0;
        // Four trees walked side by side: their node loads overlap instead of waiting on one another.
        for (; t + 4 <= roots.Length; t += 4)
        {
            int a = roots[t], b = roots[t + 1], c = roots[t + 2], d = roots[t + 3];
            while ((a | b | c | d) >= 0)
            {
                a = Step(ref node0, ref feature0, a);
                b = Step(ref node0, ref feature0, b);
                c = Step(ref node0, ref feature0, c);
                d = Step(ref node0, ref feature0, d);
            }
            while (a >= 0) a = Step(ref node0, ref feature0, a);
            while (b >= 0) b = Step(ref node0, ref feature0, b);
            while (c >= 0) c = Step(ref node0, ref feature0, c);
            while (d >= 0) d = Step(ref node0, ref feature0, d);
            sum += (double)Unsafe.Add(ref leaf0, ~a) + Unsafe.Add(ref leaf0, ~b) + Unsafe.Add(ref leaf0, ~c) + Unsafe.Add(ref leaf0, ~d);
        }
        for (; t < roots.Length; t++)
        {
            var n = roots[t];
            while (n >= 0) n = Step(ref node0, ref feature0, n);
            sum += Unsafe.Add(ref leaf0, ~n);
        }
        return sum;
    }

    /// <summary>The raw score, with <paramref name="perFeature"/> receiving how much each feature moved it from the ensemble's mean.</summary>
    public double Explain(ReadOnlySpan<float> features, Span<float> perFeature)
    {
        perFeature.Clear();
        var sum = Bias;
        foreach (var root in _roots)
        {
            var n = root;
            while (n >= 0)
            {
                ref readonly var node = ref _nodes[n];
                var next = features[node.Feature] <= node.Threshold ? node.Left : node.Right;
                perFeature[node.Feature] += Value(next) - _nodeValues[n];
                n = next;
            }
            sum += _leaves[~n];
        }
        return sum;
    }

    /// <summary>The score of a pair about which nothing is known beyond the training mix: where explanations start from.</summary>
    public double ExpectedMargin => _rootTotal;

    /// <summary>One step down from node <paramref name="n"/>; a leaf (negative) stays where it is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Step(ref Node node0, ref float feature0, int n)
    {
        if (n < 0) return n;
        ref readonly var node = ref Unsafe.Add(ref node0, n);
        return Unsafe.Add(ref feature0, node.Feature) <= node.Threshold ? node.Left : node.Right;
    }

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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float Value(int node) => node >= 0 ? _nodeValues[node] : _leaves[~node];

    private readonly record struct Node(float Threshold, int Feature, int Left, int Right);
}
