using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using OpenQA.Selenium;

namespace PatientIndex.StewardBench;

/// <summary>
/// A steward who knows the answers works the queue in the browser, by keyboard alone: opens the first task,
/// reads which records the page compares, presses s when the truth says they are one person and d when
/// not, and goes on to the next. Prints tasks per minute and the store's pairwise precision and recall
/// against the truth before and after.
/// </summary>
internal static class ScriptedSteward
{
    public static void Run(Browser browser, string store, string truthFile, int tasks)
    {
        var truth = File.ReadLines(truthFile).Skip(1).Select(l => l.Split(',')).ToDictionary(p => $"{p[0]}/{p[1]}", p => p[2]);
        var before = Quality(store, truth);
        browser.Driver.Navigate().GoToUrl(browser.Web + "/steward");
        browser.Wait.Until(b => b.FindElements(By.Id("start")).Count == 1);
        browser.Press("j");
        var watch = Stopwatch.StartNew();
        var (same, different, refused, worked) = (0, 0, 0, 0);
        while (worked < tasks)
        {
            var url = browser.Wait.Until(b => b.FindElements(By.Id("resolve")).Count == 1 || new Uri(b.Url).AbsolutePath == "/steward" ? b.Url : null)!;
            if (browser.Driver.FindElements(By.Id("resolve")).Count == 0) break;
            var keys = browser.Driver.FindElements(By.CssSelector("#compare thead th")).Skip(1).Select(th => th.Text.Split(' ')[0]).ToList();
            var isSame = keys.Count >= 2 && truth.TryGetValue(keys[0], out var a) && truth.TryGetValue(keys[1], out var b) && a == b;
            browser.Press(isSame ? "s" : "d");
            browser.Wait.Until(d => d.Url != url);
            if (browser.Driver.FindElements(By.Id("error")).Count == 1)
            {
                // Refused (e.g. an earlier steward's assertion stands against the link): put it aside, as a steward would.
                url = browser.Driver.Url;
                browser.Press("f");
                browser.Wait.Until(d => d.Url != url);
                refused++;
            }
            else if (isSame) same++;
            else different++;
            worked++;
            if (worked % 20 == 0) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {worked} tasks in {watch.Elapsed.TotalSeconds:0.0} s"));
        }
        watch.Stop();
        var after = Quality(store, truth);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"worked {worked} tasks ({same} same, {different} different, {refused} refused and deferred) in {watch.Elapsed.TotalSeconds:0.0} s: {worked / watch.Elapsed.TotalMinutes:0.0} tasks a minute"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"before: precision {before.Precision:0.00000} recall {before.Recall:0.00000}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"after:  precision {after.Precision:0.00000} recall {after.Recall:0.00000}"));
    }

    /// <summary>Pairwise precision and recall of the store's persons against the truth, over the records the truth names.</summary>
    private static (double Precision, double Recall) Quality(string store, Dictionary<string, string> truth)
    {
        using var connection = new SqliteConnection($"Data Source={store};Mode=ReadOnly");
        connection.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT source || '/' || record_id, person_id FROM links";
        var (byPerson, byTruth, byBoth) = (new Dictionary<string, long>(), new Dictionary<string, long>(), new Dictionary<(string, string), long>());
        using var rows = read.ExecuteReader();
        while (rows.Read())
        {
            if (!truth.TryGetValue(rows.GetString(0), out var real)) continue;
            var person = rows.GetString(1);
            byPerson[person] = byPerson.GetValueOrDefault(person) + 1;
            byTruth[real] = byTruth.GetValueOrDefault(real) + 1;
            byBoth[(person, real)] = byBoth.GetValueOrDefault((person, real)) + 1;
        }
        static double Pairs(IEnumerable<long> sizes) => sizes.Sum(n => n * (n - 1) / 2.0);
        var (predicted, actual, agreed) = (Pairs(byPerson.Values), Pairs(byTruth.Values), Pairs(byBoth.Values));
        return (predicted == 0 ? 1 : agreed / predicted, actual == 0 ? 1 : agreed / actual);
    }
}
