using System.Text.Json;
using System.Text.RegularExpressions;

namespace PatientIndex.Cli.Tests.Report;

/// <summary>The report of a real run, read as text: what it holds, and what it must never hold.</summary>
[Collection(LinkedRunWithReportCollection.Name)]
public sealed partial class LinkageReportContentTests(LinkedRunWithReport run)
{
    [Fact]
    public void the_report_draws_the_histogram_each_comparison_the_blocking_rules_the_threshold_sweep_and_waterfalls()
    {
        var charts = Charts().Select(m => m.Groups["name"].Value).ToList();

        Assert.Contains("histogram", charts);
        Assert.Contains("blocking", charts);
        Assert.Contains("thresholds", charts);
        foreach (var comparison in Core.Comparisons.ComparisonSchema.Comparisons)
            Assert.Contains($"comparison-{comparison.Name}", charts);
        Assert.InRange(charts.Count(c => c.StartsWith("waterfall-", StringComparison.Ordinal)), 2, 3 * Cli.Report.LinkageReport.SamplesPerKind);
        Assert.Equal(charts.Count, charts.Distinct().Count());
        Assert.Contains("<span class=\"kind link\">link</span>", run.Html);
        Assert.Contains("<span class=\"kind review\">review</span>", run.Html);
    }

    [Fact]
    public void the_histogram_counts_every_candidate_pair_the_summary_reports()
    {
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.OutputDirectory, "summary.json")));
        var pairs = summary.RootElement.GetProperty("blocking").GetProperty("candidate_pairs").GetInt64();

        Assert.True(pairs > 1000, $"only {pairs} candidate pairs");
        Assert.Contains($"All {pairs.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} candidate pairs", run.Html);
    }

    [Fact]
    public void the_report_lists_every_blocking_rule_by_its_name()
    {
        var text = System.Net.WebUtility.HtmlDecode(run.Html);
        foreach (var rule in Core.Blocking.BlockingRules.Default)
            Assert.Contains($"<td><code>{rule.Name}</code></td>", text);
    }

    [Fact]
    public void the_report_names_records_by_source_and_record_id_and_holds_no_name_nhs_number_birth_date_address_or_phone()
    {
        Assert.Matches(@"<code>(gp|hospital|community)/[A-Z]-?\d+</code> ↔ <code>(gp|hospital|community)/[A-Z]-?\d+</code>", run.Html);
        // What a reader sees: the text between tags (the charts' included) and the labels of the charts, decoded and in lower case.
        var seen = string.Join("\n", TextNodes().Matches(run.Html).Concat(Labels().Matches(run.Html)).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)))
            .ToLowerInvariant();
        Assert.Contains("candidate pairs", seen);
        Assert.Contains("nhs_number", seen);
        foreach (var row in run.InputRows())
        {
            Assert.DoesNotContain($"{row["given_name"]} {row["family_name"]}".ToLowerInvariant(), seen, StringComparison.Ordinal);
            foreach (var field in (string[])["nhs_number", "dob", "postcode", "address_line1", "phone", "email"])
                if (row[field].Length >= 6) Assert.False(seen.Contains(row[field].ToLowerInvariant(), StringComparison.Ordinal), $"{field} of {row["record_id"]} is in the report");
        }
    }

    [Fact]
    public void the_report_loads_nothing_from_elsewhere_and_runs_no_script()
    {
        Assert.DoesNotMatch(@"(src|href)\s*=\s*[""']?\s*(https?:)?//", run.Html);
        Assert.DoesNotMatch(@"url\(\s*[""']?\s*(https?:)?//", run.Html);
        Assert.DoesNotContain("<script", run.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", run.Html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void each_chart_keeps_its_own_clip_paths()
    {
        var ids = Regex.Matches(run.Html, "\\bid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (var reference in Regex.Matches(run.Html, @"url\(#([^)]+)\)").Select(m => m.Groups[1].Value))
            Assert.Contains(reference, ids);
    }

    private IEnumerable<Match> Charts() => ChartTags().Matches(run.Html);

    [GeneratedRegex(">([^<]+)<")]
    private static partial Regex TextNodes();

    [GeneratedRegex("(?:aria-label|title)=\"([^\"]*)\"")]
    private static partial Regex Labels();

    [GeneratedRegex("<svg data-chart=\"(?<name>[^\"]+)\"")]
    private static partial Regex ChartTags();
}
