using System.Net;
using PatientIndex.Cli.Report;
using PatientIndex.Core.Blocking;
using PatientIndex.Core.Comparisons;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Records;
using PatientIndex.Extracts;

namespace PatientIndex.Cli.Tests.Report;

/// <summary>The report's parts on small made-up runs: encoding, waterfalls, the threshold sweep, inline SVG.</summary>
public class LinkageReportTests
{
    [Fact]
    public void a_record_id_that_looks_like_markup_is_printed_as_text_in_its_waterfall_caption()
    {
        NormalisedRecord[] records = [new() { Source = "gp", RecordId = "<img src=x onerror=alert(1)>" }, new() { Source = "hospital", RecordId = "H&1" }];
        var link = new ScoredPair(0, 1, 0.999, Decision.Link, default, Contributions((0, 12f), (2, -3f)));
        var result = Result([0, 0], [link], []);

        var html = LinkageReport.Render(new LinkageReportInput(["gp.csv"], new Extract(), records, result, new LinkageSettings(), null));

        Assert.DoesNotContain("<img", html);
        Assert.Contains("<code>gp/<img src=x onerror=alert(1)></code> ↔ <code>hospital/H&1</code>", WebUtility.HtmlDecode(html));
        Assert.Contains("data-chart=\"waterfall-0\"", html);
    }

    [Fact]
    public void a_link_refused_for_a_contradiction_gets_a_waterfall_of_its_own()
    {
        NormalisedRecord[] records = [new() { Source = "gp", RecordId = "G1" }, new() { Source = "hospital", RecordId = "H1" }];
        var refused = new ScoredPair(0, 1, 0.995, Decision.Link, default, Contributions((0, -8f), (4, 11f)));
        var result = Result([0, 1], [refused], [new ReviewItem(refused, "link refused: two different verified NHS numbers")]);

        var html = LinkageReport.Render(new LinkageReportInput(["gp.csv"], new Extract(), records, result, new LinkageSettings(), null));

        Assert.Contains("<span class=\"kind refusal\">refusal</span>", html);
        Assert.DoesNotContain("<span class=\"kind link\">", html);
        Assert.Contains("two different verified NHS numbers", WebUtility.HtmlDecode(html));
    }

    [Fact]
    public void a_waterfall_starts_at_what_the_fields_leave_unexplained_and_ends_at_the_pairs_match_weight()
    {
        var pair = new ScoredPair(0, 1, 0.9, Decision.Review, default, Contributions((0, 4f), (2, -2f)));

        var sample = EvidenceSample.Of(SampleKind.Review, pair, "gp/G1", "hospital/H1", "why", baseline: -5);

        Assert.Equal(["prior", "nhs_number", "given_name", "final"], sample.Steps.Select(s => s.Label));
        Assert.Equal(Math.Log2(9) - 2, sample.Steps[0].To, 5);
        Assert.Equal(Math.Log2(9), sample.FinalWeight, 5);
        Assert.Equal(sample.Steps[1].To, sample.Steps[2].From, 5);
    }

    [Fact]
    public void a_probability_too_near_one_for_its_odds_starts_its_waterfall_at_the_runs_prior()
    {
        var pair = new ScoredPair(0, 1, 1.0, Decision.Link, default, Contributions((0, 30f), (4, 25f)));

        var sample = EvidenceSample.Of(SampleKind.Link, pair, "gp/G1", "hospital/H1", "why", baseline: -5);

        Assert.Equal(-5, sample.Steps[0].To, 5);
        Assert.Equal(50, sample.FinalWeight, 5);
    }

    [Theory]
    [InlineData(6.14, "+6.1")]
    [InlineData(-4.46, "-4.5")]
    [InlineData(-0.02, "0.0")]
    [InlineData(0.04, "0.0")]
    public void a_contribution_is_shown_to_a_tenth_of_a_bit_with_its_sign_unless_it_rounds_to_nothing(double bits, string shown) =>
        Assert.Equal(shown, ReportCharts.Bits(bits));

    [Fact]
    public void raising_the_link_threshold_trades_recall_for_review_load()
    {
        string?[] truthOf = ["a", "a", "b", "b", "c"];
        ScoredPair[] scored =
        [
            new(0, 1, 0.999, Decision.Link, default, ReadOnlyMemory<float>.Empty),
            new(1, 4, 0.95, Decision.Link, default, ReadOnlyMemory<float>.Empty),
            new(2, 3, 0.9, Decision.Review, default, ReadOnlyMemory<float>.Empty),
        ];

        var sweep = ThresholdSweep.Of(scored, truthOf, reviewThreshold: 0.5);

        var lowest = sweep[0];
        Assert.Equal(0, lowest.Weight, 5);
        Assert.Equal((3, 0), (lowest.Links, lowest.Review));
        Assert.Equal(2.0 / 3, lowest.Precision, 5);
        Assert.Equal(1, lowest.Recall, 5);
        var highest = sweep[^1];
        Assert.Equal(Math.Log2(999), highest.Weight, 5);
        Assert.Equal((1, 2), (highest.Links, highest.Review));
        Assert.Equal((1.0, 0.5), (highest.Precision, highest.Recall));
        Assert.True(sweep.Zip(sweep.Skip(1)).All(p => p.Second.Review >= p.First.Review && p.Second.Recall <= p.First.Recall));
    }

    [Fact]
    public void an_inline_chart_is_named_scales_to_its_box_and_keeps_its_ids_to_itself()
    {
        const string document = """
            <?xml version="1.0" encoding="utf-8" ?>
            <svg xmlns="http://www.w3.org/2000/svg" width="10" height="5"><clipPath id="cl_1"><rect/></clipPath><g clip-path="url(#cl_1)"><use href="#cl_1"/></g></svg>
            """;

        var svg = InlineSvg.Of(document, "histogram", "Pairs & weights", 10, 5);

        Assert.StartsWith("<svg data-chart=\"histogram\" role=\"img\" aria-label=\"Pairs &amp; weights\" viewBox=\"0 0 10 5\" xmlns=", svg);
        Assert.Contains("id=\"histogram-cl_1\"", svg);
        Assert.Contains("url(#histogram-cl_1)", svg);
        Assert.Contains("href=\"#histogram-cl_1\"", svg);
        Assert.DoesNotContain("\"cl_1\"", svg);
    }

    private static ReadOnlyMemory<float> Contributions(params (int Comparison, float Bits)[] values)
    {
        var contributions = new float[ComparisonSchema.Count];
        foreach (var (comparison, bits) in values) contributions[comparison] = bits;
        return contributions;
    }

    private static LinkageResult Result(int[] personOf, ScoredPair[] links, ReviewItem[] reviews) => new(
        personOf, links, reviews,
        new BlockingSummary(1, 0, 400, [new RuleSummary("nhs_number", 1, 1, 2, 0, 0)], []),
        LearntModel: null, EmSessions: [], ScorerName: "test",
        DecisionCounts: new Dictionary<Decision, long> { [Decision.Link] = links.Count(l => l.Decision == Decision.Link), [Decision.Review] = links.Count(l => l.Decision == Decision.Review), [Decision.NoMatch] = 0 },
        StageSeconds: new Dictionary<string, double>(),
        CandidatePairs: [.. links.Select(l => new CandidatePair(l.Left, l.Right, 0))]);
}
