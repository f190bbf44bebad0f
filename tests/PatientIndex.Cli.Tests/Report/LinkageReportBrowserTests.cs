using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace PatientIndex.Cli.Tests.Report;

/// <summary>
/// The report of a real run opened from its file in a real headless browser (Debian's chromium driven by Selenium),
/// as someone would open it offline: every chart laid out at a size and drawn. A screenshot lands in
/// <c>screenshots/</c> beside the tests (the README's is one of these).
/// </summary>
[Collection(LinkedRunWithReportCollection.Name)]
public sealed class LinkageReportBrowserTests(LinkedRunWithReport run)
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";
    private readonly string _screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    /// <summary>What the page itself says of each chart: its name, its laid-out size, and how many shapes and texts it draws.</summary>
    private const string MeasureCharts = """
        return Array.from(document.querySelectorAll('svg[data-chart]')).map(svg => {
          const box = svg.getBoundingClientRect();
          return [svg.dataset.chart, Math.round(box.width), Math.round(box.height),
                  svg.querySelectorAll('path, rect, line, polyline, polygon, circle').length, svg.querySelectorAll('text').length];
        });
        """;

    private const string ExternalReferences = """
        return Array.from(document.querySelectorAll('[src], [href], [srcset], [data]'))
          .flatMap(e => ['src', 'href', 'srcset', 'data'].map(a => e.getAttribute(a)).filter(v => v !== null))
          .filter(v => /^\s*(https?:)?\/\//i.test(v));
        """;

    [Fact]
    public void every_chart_of_the_report_is_drawn_at_a_size_in_headless_chromium_and_the_page_loads_nothing_from_elsewhere()
    {
        Assert.True(File.Exists(Chromium) && File.Exists(ChromeDriver),
            "the browser test needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver (.ci/run installs them)");
        using var browser = Browser();
        var wait = new WebDriverWait(browser, TimeSpan.FromSeconds(15));

        browser.Navigate().GoToUrl(new Uri(run.ReportPath).AbsoluteUri);
        wait.Until(b => ((IJavaScriptExecutor)b).ExecuteScript("return document.readyState") as string == "complete"
            && b.FindElements(By.CssSelector("svg[data-chart]")).Count > 0);

        var charts = Script(browser, MeasureCharts)
            .Cast<IReadOnlyCollection<object>>().Select(c => c.ToArray())
            .Select(c => (Name: (string)c[0]!, Width: Convert.ToInt64(c[1]), Height: Convert.ToInt64(c[2]), Shapes: Convert.ToInt64(c[3]), Texts: Convert.ToInt64(c[4])))
            .ToList();
        var names = charts.Select(c => c.Name).ToList();
        Assert.Contains("histogram", names);
        Assert.Contains("blocking", names);
        Assert.Contains("thresholds", names);
        Assert.Equal(Core.Comparisons.ComparisonSchema.Count, names.Count(n => n.StartsWith("comparison-", StringComparison.Ordinal)));
        Assert.Contains(names, n => n.StartsWith("waterfall-", StringComparison.Ordinal));
        foreach (var chart in charts)
        {
            Assert.True(chart.Width >= 200 && chart.Height >= 100, $"{chart.Name} is laid out at {chart.Width}x{chart.Height}");
            Assert.True(chart.Shapes >= 5 && chart.Texts >= 3, $"{chart.Name} draws {chart.Shapes} shapes and {chart.Texts} texts");
        }
        Assert.Empty(Script(browser, ExternalReferences));
        var rules = browser.FindElements(By.CssSelector("#blocking td code")).Select(e => e.Text).ToList();
        Assert.Contains("dob+family_phonetic", rules);

        browser.GetScreenshot().SaveAsFile(Path.Combine(_screenshots, "linkage-report.png"));
    }

    private static IReadOnlyCollection<object> Script(ChromeDriver browser, string script) =>
        browser.ExecuteScript(script) as IReadOnlyCollection<object> ?? throw new InvalidOperationException("the page's script answered no list");

    private static ChromeDriver Browser()
    {
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1600", "--allow-file-access-from-files");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        return new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }
}
