using PatientIndex.Cli.Commands;
using PatientIndex.Extracts;
using PatientIndex.Core.Evaluation;
using PatientIndex.Core.Linkage;

namespace PatientIndex.Cli.Tests.Link;

/// <summary>Runs the link command in-process and reads back what it wrote.</summary>
internal static class LinkRun
{
    /// <param name="decisions">Thresholds; null for the defaults (the shipped model's, or Fellegi–Sunter's).</param>
    /// <param name="scorer">ml, fs, or null for the default (the shipped model when there is one).</param>
    public static int Run(string outDir, string[] files, string? columns = null, string? dateFormat = null, DecisionPolicy? decisions = null,
        string? scorer = null, string? model = null) =>
        CliRun.Guard(() => LinkCommand.Run(new LinkRequest(files, outDir, columns, dateFormat,
            new Thresholds(decisions?.LinkThreshold, decisions?.ReviewThreshold), new LinkageSettings().Blocking.MaxBlockSize, null, Scorer: scorer, ModelPath: model)));

    public static PairwiseMetrics Evaluate(string outDir, Dictionary<(string, string), string> truth, List<(string, string)>? hardNegatives = null) =>
        PairwiseEvaluation.Evaluate(TruthFile.Read(System.IO.Path.Combine(outDir, "persons.csv")), truth, hardNegatives);

    public static List<string[]> Rows(string outDir, string file)
    {
        using var reader = new StreamReader(System.IO.Path.Combine(outDir, file));
        var csv = new CsvRowReader(reader);
        csv.Next();
        var rows = new List<string[]>();
        while (csv.Next() is { } row) rows.Add(row.Fields.ToArray());
        return rows;
    }
}
