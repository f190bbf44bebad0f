using Grpc.Core;
using OpenQA.Selenium;
using PatientIndex.Api.V1;

namespace PatientIndex.Server.Tests;

/// <summary>
/// The steward workbench worked as a steward works it, in Debian's chromium against the real server:
/// triage from the queue's rows and filters, ten tasks decided in a row from the keyboard alone, a bulk
/// decision over selected tasks, and the person's history afterwards; axe-core checks each view.
/// </summary>
public sealed class StewardWorkbenchBrowserTests : IDisposable
{
    private const int Pairs = 24;
    private static readonly Metadata Ann = TestIssuer.Shared.As(TestCallers.Steward("test-setup"));
    private static readonly string[] Given = ["Amelia", "Bethany", "Cyril", "Dorian", "Elspeth", "Fergus", "Gwendolyn", "Horace", "Imogen", "Jasper",
        "Kirsty", "Lionel", "Morwenna", "Nigel", "Ottilie", "Percival", "Rosalind", "Seamus", "Tabitha", "Ulric", "Verity", "Wilfred", "Yvonne", "Zachary"];
    private static readonly string[] Family = ["Hart", "Quill", "Ashdown", "Blyth", "Corrigan", "Dunmore", "Elwood", "Fairlie", "Garside", "Holloway",
        "Inskip", "Jessop", "Kettle", "Lomax", "Marchbank", "Nettleton", "Oldroyd", "Pendle", "Rathbone", "Sowerby", "Tattersall", "Upton", "Vickers", "Wragg"];
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-workbench-").FullName;

    [Fact]
    public async Task a_steward_triages_the_queue_then_decides_ten_tasks_in_a_row_by_keyboard_alone()
    {
        using var server = await StartAsync();
        var tasks = await SeedReviewPairsAsync(server);
        using var page = new StewardBrowser();
        page.SignIn(server.WebAddress!, "ann.steward");

        var first = page.Driver.FindElements(By.CssSelector("#queue tr.task"));
        Assert.Equal(Pairs, first.Count);
        var row = first[0].Text;
        Assert.Contains("Amelia Hart", row);
        Assert.Contains("born 1950-01-10", row);
        Assert.Contains("hospital/H0", row);
        Assert.Contains("agree: given name, family name", row);
        Assert.Contains("same", row);
        Assert.Contains("born —", row);
        page.AssertAccessible("the queue");
        page.Screenshot("queue-triage");

        page.Choose("f-kind", "twins");
        page.Driver.FindElement(By.Id("filter")).Click();
        page.Wait.Until(b => b.Url.Contains("kind=twins", StringComparison.Ordinal));
        Assert.StartsWith("0 open", page.Driver.FindElement(By.Id("total")).Text, StringComparison.Ordinal);
        page.Choose("f-kind", "");
        page.Driver.FindElement(By.Id("f-source")).SendKeys("hospital");
        page.Choose("f-order", "likely");
        page.Driver.FindElement(By.Id("filter")).Click();
        page.Wait.Until(b => b.Url.Contains("source=hospital", StringComparison.Ordinal));
        Assert.StartsWith($"{Pairs} open", page.Driver.FindElement(By.Id("total")).Text, StringComparison.Ordinal);
        page.AssertAccessible("the filtered queue");

        page.Press("j");
        var decided = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var url = page.Wait.Until(b => b.FindElements(By.Id("resolve")).Count == 1 ? b.Url : null)!;
            if (i == 0) page.AssertAccessible("a task");
            decided.Add(url[(url.LastIndexOf('/') + 1)..]);
            page.Press(i % 2 == 0 ? "s" : "d");
            page.Wait.Until(b => b.Url != url);
        }

        Assert.Equal(10, decided.Distinct().Count());
        var steward = new Stewardship.StewardshipClient(server.Channel);
        var resolved = await steward.ListReviewTasksAsync(new ListReviewTasksRequest { Status = ReviewTaskStatus.Resolved, PageSize = 100 }, Ann);
        Assert.Equal(decided.Order(), resolved.Tasks.Select(t => t.TaskId).Order());
        foreach (var id in decided)
            Assert.Equal("ann.steward", (await steward.GetReviewTaskAsync(new GetReviewTaskRequest { TaskId = id }, Ann)).ResolvedBy);
        Assert.Equal(Pairs - 10, (await steward.ListReviewTasksAsync(new ListReviewTasksRequest(), Ann)).Total);
        Assert.Equal(Pairs, tasks.Count);
    }

    [Fact]
    public async Task a_bulk_decision_over_selected_tasks_is_recorded_task_by_task_and_shows_in_each_persons_history()
    {
        using var server = await StartAsync();
        await SeedReviewPairsAsync(server);
        using var page = new StewardBrowser();
        page.SignIn(server.WebAddress!, "ann.steward");

        var boxes = page.Driver.FindElements(By.CssSelector("#queue input[type=checkbox][name=task]"));
        var chosen = boxes.Take(5).Select(b => b.GetAttribute("value")!).ToList();
        foreach (var box in boxes.Take(5)) box.Click();
        page.Driver.FindElement(By.Id("bulk-reason")).SendKeys("same people, seen at clinic");
        page.Driver.FindElement(By.Id("bulk-same")).Click();
        page.Wait.Until(b => b.FindElements(By.Id("message")).Count == 1 && b.FindElement(By.Id("message")).Text.Contains("for 5 task(s)"));
        Assert.Equal(Pairs - 5, page.Driver.FindElements(By.CssSelector("#queue tr.task")).Count);
        page.Screenshot("queue-after-bulk");

        var steward = new Stewardship.StewardshipClient(server.Channel);
        var trail = await new Audit.AuditClient(server.Channel).ListAuditEventsAsync(new ListAuditEventsRequest { User = "ann.steward", PageSize = 1000 });
        Assert.Equal(5, trail.Events.Count(e => e.Action == AuditAction.StewardResolve && e.Outcome == AuditOutcome.Success));
        var task = await steward.GetReviewTaskAsync(new GetReviewTaskRequest { TaskId = chosen[0] }, Ann);
        Assert.Equal("same people, seen at clinic", task.ResolutionReason);

        page.Go(server.WebAddress!, $"/steward/persons/{task.Candidates[0].PersonId}");
        page.Wait.Until(b => b.FindElements(By.CssSelector("#records tbody tr")).Count == 2);
        var history = page.Driver.FindElement(By.Id("history")).Text;
        Assert.Contains("ann.steward", history);
        Assert.Contains("same people, seen at clinic", history);
        page.AssertAccessible("a person and its history");
        page.Screenshot("person-history");

        page.Go(server.WebAddress!, "/steward?status=resolved");
        page.Wait.Until(b => b.FindElements(By.CssSelector("#queue tr.task")).Count == 5);
        page.AssertAccessible("the resolved tasks");
        page.Go(server.WebAddress!, "/steward?status=deferred");
        page.Wait.Until(b => b.FindElements(By.Id("total")).Count == 1 && b.Url.Contains("deferred", StringComparison.Ordinal));
        page.AssertAccessible("the deferred tasks");
        page.Go(server.WebAddress!, "/steward/tasks/no-such-task");
        page.Wait.Until(b => b.FindElements(By.Id("error")).Count == 1);
        page.AssertAccessible("a task not found");
        page.Driver.FindElement(By.CssSelector(".who button")).Click();
        page.Wait.Until(b => b.FindElements(By.Id("signin")).Count == 1);
        page.AssertAccessible("signed out");
    }

    [Fact]
    public async Task a_task_one_steward_has_open_is_shown_as_held_to_another_whose_next_task_is_a_different_one()
    {
        using var server = await StartAsync();
        await SeedReviewPairsAsync(server);
        using var ann = new StewardBrowser();
        using var bob = new StewardBrowser();
        ann.SignIn(server.WebAddress!, "ann.steward");
        bob.SignIn(server.WebAddress!, "bob.steward");

        ann.Press("j");
        var annsTask = ann.Wait.Until(b => b.FindElements(By.Id("resolve")).Count == 1 ? b.Url[(b.Url.LastIndexOf('/') + 1)..] : null)!;
        Assert.Equal("held by you", ann.Driver.FindElement(By.Id("held")).Text);

        bob.Go(server.WebAddress!, "/steward");
        var held = bob.Driver.FindElement(By.XPath($"//tr[@data-href='/steward/tasks/{annsTask}']//span[@class='held']"));
        Assert.Equal("ann.steward", held.Text);
        bob.Screenshot("queue-held");
        bob.Press("j");
        var bobsTask = bob.Wait.Until(b => b.FindElements(By.Id("resolve")).Count == 1 ? b.Url[(b.Url.LastIndexOf('/') + 1)..] : null)!;
        Assert.NotEqual(annsTask, bobsTask);

        bob.Go(server.WebAddress!, $"/steward/tasks/{annsTask}");
        Assert.Equal("held by ann.steward", bob.Wait.Until(b => b.FindElement(By.Id("held"))).Text);
        ann.Press("d");
        ann.Wait.Until(b => !b.Url.EndsWith(annsTask, StringComparison.Ordinal));
        bob.Go(server.WebAddress!, "/steward?status=resolved");
        Assert.Contains("ann.steward", bob.Wait.Until(b => b.FindElement(By.CssSelector($"tr[data-href='/steward/tasks/{annsTask}']"))).Text);
    }

    private async Task<RealServer> StartAsync()
    {
        var server = RealServer.StartGrpcAndWeb(_directory, $"--Storage:Sqlite:Path={Path.Combine(_directory, "patientindex.db")}");
        await server.WaitUntilServingAsync();
        return server;
    }

    /// <summary>
    /// Pairs a steward must look at: the same names, one birth date and town missing, different postcodes; after a few
    /// other patients, so the index is not empty when the first pair is decided.
    /// </summary>
    private static async Task<List<MatchAndLinkResponse>> SeedReviewPairsAsync(RealServer server)
    {
        string[] others = ["Agnes Whitlock", "Basil Thornber", "Clement Ayres", "Dulcie Farrant", "Edmund Greatorex", "Florence Heaton", "Gilbert Ibbotson", "Hester Judd"];
        for (var i = 0; i < others.Length; i++)
            await server.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = new PatientRecord
                { Source = "gp", RecordId = $"B{i}", GivenName = others[i].Split(' ')[0], FamilyName = others[i].Split(' ')[1], Dob = $"{1930 + i}-05-0{i + 1}", Postcode = "YO1 7HH" } });
        var reviews = new List<MatchAndLinkResponse>();
        for (var i = 0; i < Pairs; i++)
        {
            await server.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = new PatientRecord
                { Source = "gp", RecordId = $"G{i}", GivenName = Given[i], FamilyName = Family[i], Dob = $"{1950 + i}-01-1{i % 10}", Sex = "F", Postcode = "LS6 2AB", City = "Leeds" } });
            var review = await server.Client.MatchAndLinkAsync(new MatchAndLinkRequest { Record = new PatientRecord
                { Source = "hospital", RecordId = $"H{i}", GivenName = Given[i], FamilyName = Family[i], Postcode = "LS2 9JT" } });
            Assert.True(review.Decision == Decision.Review, $"{Given[i]} {Family[i]}: {review.Decision} at {review.Probability}");
            reviews.Add(review);
        }
        return reviews;
    }

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
