using System.Text.RegularExpressions;

namespace PatientIndex.Cli.Tests.Link;

/// <summary>
/// The shipped model (<c>--scorer ml</c>) against Fellegi–Sunter, the default, on the public datasets it
/// was partly trained on: as precise, but on fake_1000 it links fewer pairs than FS, so it is not the default.
/// </summary>
public class SharedDatasetModelTests
{
    [SharedDataFact]
    public void on_splink_fake_1000_the_model_is_as_precise_as_fs_and_within_five_points_of_its_recall()
    {
        var file = SharedData.Path("splink", "fake_1000.csv");
        var truth = SharedDatasetQualityTests.ReadTruth(file, "unique_id", "cluster", id => id);
        var (ml, fs) = Both([file], "record_id=unique_id,given_name=first_name,family_name=surname", null, truth);
        Assert.True(ml.Precision >= fs.Precision, $"ML precision {ml.Precision:0.0000}, FS {fs.Precision:0.0000}");
        Assert.True(ml.Recall >= fs.Recall - 0.05, $"ML recall {ml.Recall:0.0000}, FS {fs.Recall:0.0000}");
    }

    [SharedDataFact]
    public void on_febrl_dataset2_the_model_is_at_least_as_good_as_fs()
    {
        var file = SharedData.Path("febrl", "dataset2.csv");
        var truth = SharedDatasetQualityTests.ReadTruth(file, "rec_id", "rec_id", id => Regex.Match(id, @"rec-(\d+)-").Groups[1].Value);
        var (ml, fs) = Both([file],
            "record_id=rec_id,family_name=surname,address_line1=street_number+address_1,address_line2=address_2,city=suburb,dob=date_of_birth,other_id=soc_sec_id",
            "yyyyMMdd", truth);
        Assert.True(ml.Precision >= fs.Precision && ml.F1 >= fs.F1, $"ML P {ml.Precision:0.0000} F1 {ml.F1:0.0000}; FS P {fs.Precision:0.0000} F1 {fs.F1:0.0000}");
    }

    private static (Core.Evaluation.PairwiseMetrics Ml, Core.Evaluation.PairwiseMetrics Fs) Both(
        string[] files, string columns, string? dateFormat, Dictionary<(string, string), string> truth)
    {
        using var temp = new TempDirectory();
        Assert.Equal(0, LinkRun.Run(temp.File("ml"), files, columns, dateFormat, scorer: "ml"));
        Assert.Equal(0, LinkRun.Run(temp.File("fs"), files, columns, dateFormat, scorer: "fs"));
        return (LinkRun.Evaluate(temp.File("ml"), truth), LinkRun.Evaluate(temp.File("fs"), truth));
    }
}
