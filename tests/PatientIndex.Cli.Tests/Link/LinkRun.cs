using PatientIndex.Cli.Commands;
using PatientIndex.Cli.Input;
using PatientIndex.Core.Evaluation;
using PatientIndex.Core.Linkage;

namespace PatientIndex.Cli.Tests.Link;

/// <summary>Runs the link command in-process and reads back what it wrote.</summary>
internal static class LinkRun
{
    public static int Run(string outDir, string[] files, string? columns = null, string? dateFormat = null, DecisionPolicy? decisions = null) =>
        CliRun.Guard(() => LinkCommand.Run(new LinkRequest(files, outDir, columns, dateFormat, decisions ?? new DecisionPolicy(), new LinkageSettings().MaxBlockSize, null)));

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
