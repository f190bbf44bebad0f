using PatientIndex.Cli.Commands;
using PatientIndex.Core.Linkage;
using PatientIndex.Extracts;
using PatientIndex.Synth;

namespace PatientIndex.Cli.Tests.Report;

/// <summary>
/// One synthetic population of three sources, linked once by the link command with <c>--report</c> and <c>--truth</c>;
/// the tests of the report read what it wrote.
/// </summary>
public sealed class LinkedRunWithReport : IDisposable
{
    private readonly TempDirectory _temp = new();

    public LinkedRunWithReport()
    {
        var data = _temp.File("synth");
        SyntheticExtracts.Generate(new SynthOptions(2000, 1, data));
        Inputs = [.. new[] { "gp.csv", "hospital.csv", "community.csv" }.Select(f => Path.Combine(data, f))];
        OutputDirectory = _temp.File("out");
        ReportPath = _temp.File("report.html");
        var exit = CliRun.Guard(() => LinkCommand.Run(new LinkRequest(Inputs, OutputDirectory, null, null, new Thresholds(), new LinkageSettings().Blocking.MaxBlockSize,
            Path.Combine(data, "truth.csv")) { Report = ReportPath }));
        if (exit != 0) throw new InvalidOperationException($"link exited {exit}");
        Html = File.ReadAllText(ReportPath);
    }

    public string[] Inputs { get; }
    public string OutputDirectory { get; }
    public string ReportPath { get; }
    public string Html { get; }

    /// <summary>Every input row's fields by header, to look for patient data where it must not be.</summary>
    public IEnumerable<Dictionary<string, string>> InputRows()
    {
        foreach (var file in Inputs)
        {
            using var reader = new StreamReader(file);
            var csv = new CsvRowReader(reader);
            var header = csv.Next()!.Value.Fields.ToArray();
            while (csv.Next() is { } row)
                yield return header.Zip(row.Fields).ToDictionary(p => p.First, p => p.Second);
        }
    }

    public void Dispose() => _temp.Dispose();
}

/// <summary>The report's tests share one run: linking it is most of their time.</summary>
[CollectionDefinition(Name)]
public sealed class LinkedRunWithReportCollection : ICollectionFixture<LinkedRunWithReport>
{
    public const string Name = "a linked run with its report";
}
