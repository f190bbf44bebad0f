using System.Globalization;
using PatientIndex.Core.Blocking;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Scoring;
using ScottPlot;

namespace PatientIndex.Cli.Report;

/// <summary>
/// The report's charts, drawn on the server by ScottPlot to SVG: nothing to load, no script, the page reads
/// offline as it was written. Colours: green for evidence of a match, red against, amber for review.
/// </summary>
internal static class ReportCharts
{
    private static readonly Color For = Color.FromHex("#007f3b");
    private static readonly Color Against = Color.FromHex("#d5281b");
    private static readonly Color ReviewBand = Color.FromHex("#c98a00");
    private static readonly Color Neutral = Color.FromHex("#768692");
    private static readonly Color Accent = Color.FromHex("#005eb8");

    /// <summary>Candidate pairs by match weight, coloured by the decision their weight falls in, the thresholds marked.</summary>
    public static string Histogram(MatchWeightHistogram weights, DecisionPolicy decisions)
    {
        var plot = NewPlot();
        var linkWeight = MatchWeightHistogram.Weight(decisions.LinkThreshold);
        var reviewWeight = MatchWeightHistogram.Weight(decisions.ReviewThreshold);
        var bars = new List<Bar>();
        for (var b = 0; b < MatchWeightHistogram.Bins; b++)
        {
            if (weights.Counts[b] == 0) continue;
            var centre = MatchWeightHistogram.EdgeOf(b) + 0.5;
            var colour = centre >= linkWeight ? For : centre >= reviewWeight ? ReviewBand : Neutral;
            bars.Add(new Bar { Position = centre, Value = weights.Counts[b], Size = 0.9, FillColor = colour, LineWidth = 0 });
        }
        plot.Add.Bars(bars);
        Threshold(plot, reviewWeight, $"review {Probability(decisions.ReviewThreshold)}", ReviewBand);
        Threshold(plot, linkWeight, $"link {Probability(decisions.LinkThreshold)}", For);
        plot.Axes.Margins(bottom: 0);
        plot.XLabel("match weight (bits: log2 of the odds of a match)");
        plot.YLabel("candidate pairs");
        return Svg(plot, "histogram", "Candidate pairs by match weight, with the link and review thresholds", 960, 340);
    }

    /// <summary>One comparison's levels: the match weight, log2(m/u), of each (missing weighs nothing and is left out).</summary>
    public static string ComparisonLevels(FellegiSunterModel model, int comparison)
    {
        var definition = ComparisonSchema.Comparisons[comparison];
        var plot = NewPlot();
        var levels = definition.Levels.Count;
        var bars = new List<Bar>();
        for (var level = 1; level <= levels; level++)
        {
            var weight = Math.Clamp(model.Weight(comparison, level), -30, 30);
            // Strongest agreement at the top, as the comparison lists its levels.
            bars.Add(new Bar { Position = levels - level, Value = weight, Size = 0.7, FillColor = weight >= 0 ? For : Against, LineWidth = 0 });
        }
        var plotted = plot.Add.Bars(bars);
        plotted.Horizontal = true;
        plot.Add.VerticalLine(0, 1, Colors.Black);
        plot.Axes.Left.SetTicks(
            [.. Enumerable.Range(1, levels).Select(level => (double)(levels - level))],
            [.. Enumerable.Range(1, levels).Select(definition.LevelName)]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.XLabel("match weight (bits)");
        plot.Title(definition.Name, size: 14);
        return Svg(plot, $"comparison-{definition.Name}", $"Match weight of each level of {definition.Name}", 460, 60 + 34 * levels);
    }

    /// <summary>Pairs each blocking rule found that no earlier rule had, and pairs it skipped in over-large blocks.</summary>
    public static string Blocking(BlockingSummary blocking)
    {
        var plot = NewPlot();
        var rules = blocking.Rules;
        var found = new List<Bar>();
        var skipped = new List<Bar>();
        for (var r = 0; r < rules.Count; r++)
        {
            var position = rules.Count - 1 - r;
            found.Add(new Bar { Position = position + 0.18, Value = rules[r].NewPairs, Size = 0.36, FillColor = Accent, LineWidth = 0 });
            skipped.Add(new Bar { Position = position - 0.18, Value = rules[r].PairsSkipped, Size = 0.36, FillColor = Against, LineWidth = 0 });
        }
        var foundBars = plot.Add.Bars(found);
        foundBars.Horizontal = true;
        foundBars.LegendText = "new pairs";
        var skippedBars = plot.Add.Bars(skipped);
        skippedBars.Horizontal = true;
        skippedBars.LegendText = "pairs skipped in over-large blocks";
        plot.Axes.Left.SetTicks([.. Enumerable.Range(0, rules.Count).Select(r => (double)(rules.Count - 1 - r))], [.. rules.Select(r => r.Rule)]);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Axes.Margins(left: 0);
        plot.XLabel("record pairs");
        plot.ShowLegend(Alignment.LowerRight);
        return Svg(plot, "blocking", "Candidate pairs found and skipped by each blocking rule", 960, 80 + 26 * Math.Max(rules.Count, 1));
    }

    /// <summary>Precision and recall (left axis) and review load (right axis) as the link threshold moves; the one in use marked.</summary>
    public static string Thresholds(IReadOnlyList<ThresholdPoint> sweep, DecisionPolicy decisions)
    {
        var plot = NewPlot();
        var weights = sweep.Select(p => p.Weight).ToArray();
        var precision = plot.Add.ScatterLine(weights, sweep.Select(p => p.Precision).ToArray(), For);
        precision.LegendText = "precision";
        precision.LineWidth = 2;
        var recall = plot.Add.ScatterLine(weights, sweep.Select(p => p.Recall).ToArray(), Accent);
        recall.LegendText = "recall";
        recall.LineWidth = 2;
        var review = plot.Add.ScatterLine(weights, sweep.Select(p => (double)p.Review).ToArray(), ReviewBand);
        review.LegendText = "review load (pairs)";
        review.LineWidth = 2;
        review.LinePattern = LinePattern.Dashed;
        review.Axes.YAxis = plot.Axes.Right;
        Threshold(plot, MatchWeightHistogram.Weight(decisions.LinkThreshold), $"link {Probability(decisions.LinkThreshold)}", Colors.Black);
        plot.Axes.SetLimitsY(0, 1.05, plot.Axes.Left);
        plot.Axes.SetLimitsY(0, Math.Max(1, sweep.Max(p => p.Review)) * 1.05, plot.Axes.Right);
        plot.XLabel("link threshold (match weight, bits)");
        plot.YLabel("precision, recall");
        plot.Axes.Right.Label.Text = "pairs for review";
        plot.ShowLegend(Alignment.LowerLeft);
        return Svg(plot, "thresholds", "Precision, recall and review load against the link threshold", 960, 360);
    }

    /// <summary>One decision's evidence: the prior, each field's push, the final weight against the thresholds.</summary>
    public static string Waterfall(EvidenceSample sample, int index, DecisionPolicy decisions)
    {
        var plot = NewPlot();
        var bars = new List<Bar>();
        for (var s = 0; s < sample.Steps.Count; s++)
        {
            var step = sample.Steps[s];
            var ends = s == 0 || s == sample.Steps.Count - 1;
            var colour = ends ? Neutral : step.Contribution >= 0 ? For : Against;
            bars.Add(new Bar
            {
                Position = s, ValueBase = step.From, Value = step.To, Size = 0.7, FillColor = colour, LineWidth = 0,
                Label = Bits(step.Contribution),
            });
        }
        var plotted = plot.Add.Bars(bars);
        plotted.ValueLabelStyle.FontSize = 10;
        Level(plot, MatchWeightHistogram.Weight(decisions.LinkThreshold), For);
        Level(plot, MatchWeightHistogram.Weight(decisions.ReviewThreshold), ReviewBand);
        plot.Add.HorizontalLine(0, 1, Colors.Black);
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, sample.Steps.Count).Select(s => (double)s)], [.. sample.Steps.Select(s => s.Label)]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        // Room for the longest field name turned on its side, which the automatic layout does not leave.
        plot.Axes.Bottom.MinimumSize = 90;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.YLabel("match weight (bits)");
        plot.Title($"{sample.Kind.ToString().ToLowerInvariant()}: probability {Probability(sample.Probability)}", size: 14);
        return Svg(plot, $"waterfall-{index}", $"Evidence of one {sample.Kind.ToString().ToLowerInvariant()}, field by field", 640, 360);
    }

    /// <summary>"+6.1", "-4.5", "0.0": to a tenth of a bit, signed, and a contribution that rounds to nothing unsigned (not "-+0.0").</summary>
    public static string Bits(double bits)
    {
        var tenths = Math.Round(bits, 1);
        return tenths == 0 ? "0.0" : tenths.ToString("+0.0;-0.0", CultureInfo.InvariantCulture);
    }

    public static string Probability(double p) => p.ToString(p is > 0.999 and < 1 ? "0.######" : "0.###", CultureInfo.InvariantCulture);

    private static Plot NewPlot()
    {
        var plot = new Plot();
        plot.Font.Set("DejaVu Sans");
        plot.Grid.MajorLineColor = Color.FromHex("#e6e9ee");
        return plot;
    }

    /// <summary>A dashed vertical line labelled above the plot, in a top margin kept tall enough for the label.</summary>
    private static void Threshold(Plot plot, double weight, string text, Color colour)
    {
        plot.Axes.Top.MinimumSize = 26;
        var line = plot.Add.VerticalLine(weight, 2, colour, LinePattern.Dashed);
        line.Text = text;
        line.LabelOppositeAxis = true;
        line.LabelFontSize = 11;
    }

    private static void Level(Plot plot, double weight, Color colour) => plot.Add.HorizontalLine(weight, 1.5f, colour, LinePattern.Dashed);

    private static string Svg(Plot plot, string name, string description, int width, int height) =>
        InlineSvg.Of(plot.GetSvgXml(width, height), name, description, width, height);
}
