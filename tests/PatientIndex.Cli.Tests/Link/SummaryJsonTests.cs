using System.Text.Json;
using PatientIndex.Synth;

namespace PatientIndex.Cli.Tests.Link;

public class SummaryJsonTests
{
    [Fact]
    public void summary_json_keeps_plus_signs_in_blocking_rule_names_as_they_are()
    {
        using var temp = new TempDirectory();
        var data = temp.File("synth");
        SyntheticExtracts.Generate(new SynthOptions(200, 5, data));
        var outDir = temp.File("out");

        Assert.Equal(0, LinkRun.Run(outDir, [Path.Combine(data, "gp.csv"), Path.Combine(data, "hospital.csv")]));

        var text = File.ReadAllText(Path.Combine(outDir, "summary.json"));
        Assert.DoesNotContain(@"\u002B", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("\"dob+family_phonetic\"", text);
        var rules = JsonDocument.Parse(text).RootElement.GetProperty("blocking").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("rule").GetString()).ToList();
        Assert.Contains("dob+family_phonetic", rules);
    }
}
