using PatientIndex.Extracts;
using PatientIndex.Synth;

namespace PatientIndex.Cli.Tests.Link;

public class SyntheticLinkageTests
{
    [Fact]
    public void three_source_synthetic_extracts_link_with_clinical_precision_and_high_recall_and_never_merge_twins_or_namesakes()
    {
        using var temp = new TempDirectory();
        var data = temp.File("synth");
        SyntheticExtracts.Generate(new SynthOptions(4000, 11, data));
        var outDir = temp.File("out");

        Assert.Equal(0, LinkRun.Run(outDir, [Path.Combine(data, "gp.csv"), Path.Combine(data, "hospital.csv"), Path.Combine(data, "community.csv")]));

        var hardNegatives = TruthFile.ReadHardNegatives(Path.Combine(data, "hard_negatives.csv"));
        var metrics = LinkRun.Evaluate(outDir, TruthFile.Read(Path.Combine(data, "truth.csv")), hardNegatives);
        Assert.True(metrics.Precision >= 0.999, $"precision {metrics.Precision:0.0000}");
        Assert.True(metrics.Recall >= 0.97, $"recall {metrics.Recall:0.0000}");
        Assert.True(metrics.HardNegativePairs >= 20, $"only {metrics.HardNegativePairs} twin/namesake pairs have records");
        Assert.Equal(0, metrics.HardNegativesMerged);
    }
}
