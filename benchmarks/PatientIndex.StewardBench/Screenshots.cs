using OpenQA.Selenium;

namespace PatientIndex.StewardBench;

/// <summary>The README's pictures of the workbench: the queue, a task, a search and a person, from a running server.</summary>
internal static class Screenshots
{
    public static void Run(Browser browser, string directory)
    {
        Directory.CreateDirectory(directory);
        void Shot(string path, string name)
        {
            browser.Time(path);
            browser.Driver.GetScreenshot().SaveAsFile(Path.Combine(directory, $"steward-{name}.png"));
        }
        Shot("/steward?order=likely", "queue");
        var task = browser.Driver.FindElement(By.CssSelector("#queue tr.task a")).GetAttribute("href")!;
        Shot(new Uri(task).AbsolutePath, "task");
        var candidate = browser.Driver.FindElement(By.CssSelector("#compare thead th:nth-child(3) a")).GetAttribute("href")!;
        Shot(new Uri(candidate).AbsolutePath, "person");
        var name = browser.Driver.FindElement(By.CssSelector("#records tbody tr td:nth-child(2)")).Text;
        var dob = browser.Driver.FindElement(By.CssSelector("#records tbody tr td:nth-child(3)")).Text;
        Shot($"/steward/search?name={Uri.EscapeDataString(name)}&dob={Uri.EscapeDataString(dob)}", "search");
    }
}
