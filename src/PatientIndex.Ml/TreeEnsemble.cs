using System.Runtime.CompilerServices;

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

    /// <param name="roots">Per tree, its root node, or <c>~leaf</c> when the tree is a single leaf.</param>
    /// <param name="left">Per node, the node taken when feature ≤ threshold (<c>~leaf</c> for a leaf).</param>
    /// <param name="nodeValues">Per node, the tree's value were it to stop there.</param>
    public TreeEnsemble(double bias, int[] roots, int[] feature, float[] threshold, int[] left, int[] right, float[] nodeValues, float[] leaves)
    {
        Bias = bias;
        _roots = roots;
        _leaves = leaves;
        _nodeValues = nodeValues;
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
        var sum = Bias;
        var nodes = _nodes;
        foreach (var root in _roots)
        {
            var n = root;
            while (n >= 0)
            {
                ref readonly var node = ref nodes[n];
                n = features[node.Feature] <= node.Threshold ? node.Left : node.Right;
            }
            sum += _leaves[~n];
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

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private float Value(int node) => node >= 0 ? _nodeValues[node] : _leaves[~node];

    private readonly record struct Node(float Threshold, int Feature, int Left, int Right);
}
