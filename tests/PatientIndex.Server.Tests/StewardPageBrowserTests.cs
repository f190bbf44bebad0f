using Grpc.Core;
using OpenQA.Selenium;
using OpenQA.Selenium.Support.UI;
using PatientIndex.Api.V1;

namespace PatientIndex.Server.Tests;

/// <summary>
/// The steward page in a real headless browser (Debian's chromium driven by Selenium) against the
/// real server on loopback ports: sign in on the OIDC provider's login page, open the queue, resolve a task by keyboard, merge and
/// undo the merge, then check the store through the API. Screenshots land in <c>screenshots/</c> beside the tests.
/// </summary>
public sealed class StewardPageBrowserTests : IDisposable
{
    private static readonly Metadata Ann = TestIssuer.Shared.As(TestCallers.Steward("test-setup"));
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-browser-").FullName;

    [Fact]
    public async Task a_steward_resolves_a_task_by_keyboard_and_merges_and_unmerges_persons_on_the_page()
    {
        using var server = RealServer.StartGrpcAndWeb(_directory, $"--Storage:Sqlite:Path={Path.Combine(_directory, "patientindex.db")}");
        await server.WaitUntilServingAsync();
        var client = server.Client;
        var steward = new Stewardship.StewardshipClient(server.Channel);
        var gp = await client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = StewardshipTests.GpAmelia() });
        var review = await client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = StewardshipTests.HospitalAmelia() });
        var ruth = await client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = new PatientRecord { Source = "community", RecordId = "C3", GivenName = "Ruth", FamilyName = "Bell", Dob = "1950-01-03", Postcode = "YO1 7HH" } });
        Assert.Equal(Decision.Review, review.Decision);

        using var page = new StewardBrowser();
        var browser = page.Driver;
        var wait = page.Wait;
        var web = server.WebAddress;
        browser.Navigate().GoToUrl(web + "/steward");
        wait.Until(b => b.Url.StartsWith(TestIssuer.Shared.Address.ToString(), StringComparison.Ordinal) && b.FindElements(By.Id("username")).Count == 1);
        page.Screenshot("0-sign-in");
        browser.FindElement(By.Id("username")).SendKeys("ann.steward");
        browser.FindElement(By.Id("signin")).Click();
        wait.Until(b => b.FindElements(By.CssSelector("#queue tr.task")).Count == 1);
        page.Screenshot("1-queue");
        page.AssertAccessible("the queue");

        browser.FindElement(By.CssSelector("#queue tr.task a")).Click();
        wait.Until(b => b.FindElements(By.Id("resolve")).Count == 1);
        Assert.NotEmpty(browser.FindElements(By.CssSelector("#compare td.diff")));
        Assert.NotEmpty(browser.FindElements(By.CssSelector(".evidence tr")));
        page.Screenshot("2-task");
        page.AssertAccessible("a task");
        new OpenQA.Selenium.Interactions.Actions(browser).SendKeys("s").Perform();
        wait.Until(b => b.FindElements(By.Id("message")).Count == 1);
        var xref = await client.GetCrossReferencesAsync(new GetCrossReferencesRequest { Source = "hospital", RecordId = "H9" });
        Assert.Equal(gp.PersonId, xref.PersonId);

        browser.Navigate().GoToUrl($"{web}/steward/persons/{ruth.PersonId}");
        browser.FindElement(By.Id("find-merge")).Click();
        wait.Until(b => b.FindElements(By.Id("merge-context")).Count == 1);
        browser.FindElement(By.Id("s-name")).SendKeys("Amelia Hart");
        browser.FindElement(By.Id("s-dob")).SendKeys("1984-02-29");
        browser.FindElement(By.Id("search")).Click();
        var mergeInto = By.XPath($"//section[.//a[@href='/steward/persons/{gp.PersonId}']]//button[contains(@class, 'merge-into')]");
        wait.Until(b => b.FindElements(mergeInto).Count == 1);
        page.Screenshot("3-search");
        page.AssertAccessible("search with merge choices");
        browser.FindElement(mergeInto).Click();
        wait.Until(b => b.FindElements(By.CssSelector("button.undo")).Count == 1);
        Assert.Equal(3, (await client.GetPersonAsync(new GetPersonRequest { PersonId = gp.PersonId })).Records.Count);
        page.Screenshot("4-merged");
        page.AssertAccessible("a person with a merge");
        browser.FindElement(By.CssSelector("button.undo")).Click();
        wait.Until(b => b.FindElements(By.Id("message")).Count == 1 && b.FindElement(By.Id("message")).Text.Contains("merge undone"));
        page.Screenshot("5-unmerged");

        Assert.Equal(["community/C3"], (await client.GetPersonAsync(new GetPersonRequest { PersonId = ruth.PersonId })).Records.Select(r => $"{r.Record.Source}/{r.Record.RecordId}"));
        Assert.Equal(2, (await client.GetPersonAsync(new GetPersonRequest { PersonId = gp.PersonId })).Records.Count);
        var history = await steward.GetHistoryAsync(new GetHistoryRequest { PersonId = ruth.PersonId }, Ann);
        Assert.Equal(["ann.steward", "ann.steward"], history.Events.Where(e => e.Model == "steward").Select(e => e.User));

        // The page's views and actions are in the audit trail under the signed-in steward.
        var trail = await new Audit.AuditClient(server.Channel).ListAuditEventsAsync(new ListAuditEventsRequest { User = "ann.steward", PageSize = 1000 });
        string Shown(Api.V1.AuditEvent e) => $"{e.Action} {e.Outcome} {e.Operation} changed [{string.Join(' ', e.ChangedRecords.Select(r => $"{r.Source}/{r.RecordId}").Order())}]";
        var shown = trail.Events.Select(Shown).ToList();
        Assert.Contains("StewardResolve Success web POST /steward/tasks/{taskId}/resolve changed [gp/G1 hospital/H9]", shown);
        Assert.Contains("StewardMerge Success web POST /steward/persons/{personId}/merge changed [community/C3]", shown);
        Assert.Contains("StewardUnmerge Success web POST /steward/merges/{mergeId}/undo changed [community/C3]", shown);
        Assert.Contains(trail.Events, e => e.Operation == "web GET /steward/tasks/{taskId}" && e.ReturnedRecords.Any(r => r.RecordId == "H9"));
        Assert.Contains(trail.Events, e => e.Operation == "web GET /steward/" && e.Action == AuditAction.Query);

        // A form the page did not send (no anti-forgery token), from the signed-in browser: refused, one warning line.
        var status = browser.ExecuteAsyncScript(
            "const done = arguments[arguments.length - 1]; fetch('/steward/tasks/forged/resolve', {method: 'POST', body: new URLSearchParams({verdict: 'same'})}).then(r => done(r.status));");
        Assert.Equal(400L, status);
        var refusal = await server.WaitForOutputAsync("this form was not sent by the steward page");
        Assert.Contains("\"LogLevel\":\"Warning\"", refusal);
        Assert.DoesNotContain(server.Output, line => line.Contains("\"Exception\"", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
