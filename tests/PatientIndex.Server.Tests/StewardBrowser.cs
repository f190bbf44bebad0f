using System.Text.Json;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace PatientIndex.Server.Tests;

/// <summary>
/// Debian's headless chromium driven by Selenium for the steward page tests: sign-in at the test OIDC
/// provider's login page, waits on conditions, screenshots beside the tests, and npm's axe-core injected
/// into a page to check it against WCAG 2.2 AA.
/// </summary>
public sealed class StewardBrowser : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";
    private static readonly string[] AccessibilityTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
    private readonly string _screenshots = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public StewardBrowser()
    {
        Assert.True(File.Exists(Chromium) && File.Exists(ChromeDriver),
            "the browser tests need Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver (.ci/run installs them)");
        var options = new ChromeOptions { BinaryLocation = Chromium };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
        Wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(20));
        Wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
    }

    public ChromeDriver Driver { get; }

    public WebDriverWait Wait { get; }

    /// <summary>Opens a steward page and signs in on the OIDC provider's login page as the given steward.</summary>
    public void SignIn(string web, string steward, string path = "/steward")
    {
        Driver.Navigate().GoToUrl(web.TrimEnd('/') + path);
        Wait.Until(b => b.Url.StartsWith(TestIssuer.Shared.Address.ToString(), StringComparison.Ordinal) && b.FindElements(By.Id("username")).Count == 1);
        Driver.FindElement(By.Id("username")).SendKeys(steward);
        Driver.FindElement(By.Id("signin")).Click();
        Wait.Until(b => b.FindElements(By.Id("user")).Count == 1);
    }

    public void Go(string web, string path) => Driver.Navigate().GoToUrl(web.TrimEnd('/') + path);

    /// <summary>Picks an option of a select element by its value.</summary>
    public void Choose(string selectId, string value) => Driver.FindElement(By.CssSelector($"#{selectId} option[value='{value}']")).Click();

    /// <summary>Keys typed to the page itself, as a steward working without a mouse would.</summary>
    public void Press(string keys) => new OpenQA.Selenium.Interactions.Actions(Driver).SendKeys(keys).Perform();

    public void Screenshot(string name) => Driver.GetScreenshot().SaveAsFile(Path.Combine(_screenshots, $"steward-{name}.png"));

    /// <summary>Runs axe-core in the page and fails with each serious or critical violation, named by rule and element.</summary>
    public void AssertAccessible(string view)
    {
        Driver.ExecuteScript(File.ReadAllText(AxeScript()));
        var json = (string?)Driver.ExecuteAsyncScript($$"""
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: {{JsonSerializer.Serialize(AccessibilityTags)}} } })
              .then(r => done(JSON.stringify({ passed: r.passes.length,
                violations: r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')) })) })))
              .catch(e => done(JSON.stringify({ passed: 0, violations: [{ id: 'axe-failed', impact: 'critical', help: String(e), nodes: [] }] })));
            """);
        var result = JsonSerializer.Deserialize<AxeResult>(json ?? "{}", new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;
        Assert.True(result.Passed > 0, $"{view}: axe-core checked nothing");
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{view}: {serious.Count} serious or critical accessibility violation(s):\n" +
            string.Join("\n", serious.Select(v => $"  {v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Take(5))}")));
    }

    private static string AxeScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var axe = Path.Combine(dir.FullName, "tests", "PatientIndex.Server.Tests", "accessibility", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(axe)) return axe;
        }
        Assert.Fail("the accessibility check needs npm's axe-core: npm ci --prefix tests/PatientIndex.Server.Tests/accessibility (.ci/run installs it)");
        return "";
    }

    private sealed record AxeResult(int Passed, List<Violation> Violations);

    private sealed record Violation(string Id, string? Impact, string Help, List<string> Nodes);

    public void Dispose() => Driver.Quit();
}
