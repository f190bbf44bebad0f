using Microsoft.ML.Trainers.FastTree;

namespace PatientIndex.Ml.Training;

/// <summary>
/// Copies a trained ML.NET tree ensemble into the flat arrays <see cref="TreeEnsemble"/> walks, and
/// gives every internal node the mean of the leaves below it, weighted by how many training pairs
/// reached each leaf (what the path-contribution explanation needs and ML.NET does not expose).
/// </summary>
internal static class TreeExtraction
{
    public static TreeEnsemble Extract(RegressionTreeEnsemble ensemble, IReadOnlyList<float[]> trainingFeatures)
    {
        var roots = new List<int>();
        var feature = new List<int>();
        var threshold = new List<float>();
        var left = new List<int>();
        var right = new List<int>();
        var leaves = new List<float>();
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            var weight = (float)ensemble.TreeWeights[t];
            if (tree.CategoricalSplitFlags.Any(f => f)) throw new InvalidOperationException("categorical splits are not supported");
            int nodeOffset = feature.Count, leafOffset = leaves.Count;
            int Map(int child) => child >= 0 ? nodeOffset + child : ~(leafOffset + ~child);
            roots.Add(tree.NumberOfNodes == 0 ? ~leafOffset : nodeOffset);
            for (var n = 0; n < tree.NumberOfNodes; n++)
            {
                feature.Add(tree.NumericalSplitFeatureIndexes[n]);
                threshold.Add(tree.NumericalSplitThresholds[n]);
                left.Add(Map(tree.LeftChild[n]));
                right.Add(Map(tree.RightChild[n]));
            }
            foreach (var value in tree.LeafValues) leaves.Add((float)(weight * value));
        }
        var nodeValues = NodeValues(roots, feature, threshold, left, right, leaves, trainingFeatures);
        return new TreeEnsemble(ensemble.Bias, [.. roots], [.. feature], [.. threshold], [.. left], [.. right], nodeValues, [.. leaves]);
    }

    private static float[] NodeValues(List<int> roots, List<int> feature, List<float> threshold, List<int> left, List<int> right,
        List<float> leaves, IReadOnlyList<float[]> trainingFeatures)
    {
        var reached = new double[leaves.Count];
        foreach (var x in trainingFeatures)
            foreach (var root in roots)
            {
                var n = root;
                while (n >= 0) n = x[feature[n]] <= threshold[n] ? left[n] : right[n];
                reached[~n]++;
            }
        var values = new float[feature.Count];
        foreach (var root in roots) Fill(root);
        return values;

        (double Sum, double Count, double PlainSum, int Leaves) Fill(int n)
        {
            if (n < 0) return (leaves[~n] * reached[~n], reached[~n], leaves[~n], 1);
            var l = Fill(left[n]);
            var r = Fill(right[n]);
            var (sum, count, plain, leafCount) = (l.Sum + r.Sum, l.Count + r.Count, l.PlainSum + r.PlainSum, l.Leaves + r.Leaves);
            values[n] = (float)(count > 0 ? sum / count : plain / leafCount);
            return (sum, count, plain, leafCount);
        }
    }
}
