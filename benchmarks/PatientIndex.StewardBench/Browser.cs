using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;

namespace PatientIndex.StewardBench;

/// <summary>Debian's headless chromium signed in to the steward page at the development issuer's login page.</summary>
internal sealed class Browser : IDisposable
{
    public Browser(string web, string steward)
    {
        var options = new ChromeOptions { BinaryLocation = "/usr/bin/chromium" };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--window-size=1280,1000");
        var service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver");
        service.SuppressInitialDiagnosticInformation = true;
        Driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(120));
        Wait = new WebDriverWait(Driver, TimeSpan.FromSeconds(600));
        Wait.IgnoreExceptionTypes(typeof(StaleElementReferenceException), typeof(NoSuchElementException));
        Web = web.TrimEnd('/');
        Driver.Navigate().GoToUrl(Web + "/steward");
        Wait.Until(b => b.FindElements(By.Id("username")).Count == 1);
        Driver.FindElement(By.Id("username")).SendKeys(steward);
        Driver.FindElement(By.Id("signin")).Click();
        Wait.Until(b => b.FindElements(By.Id("user")).Count == 1);
    }

    public ChromeDriver Driver { get; }

    public WebDriverWait Wait { get; }

    public string Web { get; }

    /// <summary>Opens a page and gives the server's part of it: request sent to the last byte received, in milliseconds.</summary>
    public double Time(string path)
    {
        Driver.Navigate().GoToUrl(Web + path);
        Wait.Until(b => b.FindElements(By.TagName("h1")).Count == 1);
        return Convert.ToDouble(Driver.ExecuteScript(
            "const n = performance.getEntriesByType('navigation')[0]; return n.responseEnd - n.requestStart;"), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Press(string keys) => new OpenQA.Selenium.Interactions.Actions(Driver).SendKeys(keys).Perform();

    public void Dispose() => Driver.Quit();
}
