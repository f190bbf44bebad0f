using System.CommandLine;
using PatientIndex.Cli.Output;
using PatientIndex.Core.Stewardship;
using PatientIndex.Storage.Sqlite;

namespace PatientIndex.Cli.Commands;

/// <summary>
/// <c>export-labels --store FILE.db --out labels.csv</c>: the steward decisions in a store as the
/// labelled pairs <c>train</c> reads (left_source,left_record_id,right_source,right_record_id,label).
/// </summary>
public static class ExportLabelsCommand
{
    public const string Header = "left_source,left_record_id,right_source,right_record_id,label";

    private static readonly Option<string> Store = new("--store") { Description = "The service's SQLite store", Required = true };
    private static readonly Option<string> Out = new("--out") { Description = "The CSV file to write", Required = true };

    public static Command Create()
    {
        var command = new Command("export-labels", "Write steward decisions as labelled pairs for train") { Store, Out };
        command.SetAction(parse => CliRun.Guard(() => Run(parse.GetValue(Store)!, parse.GetValue(Out)!)));
        return command;
    }

    public static int Run(string storePath, string outPath)
    {
        if (!File.Exists(storePath)) throw new CliException($"{storePath}: no such store");
        using var store = new SqliteStore(storePath);
        store.MigrateAsync().GetAwaiter().GetResult();
        var labels = StewardLabels.From(store.ReadDecisionsAsync().GetAwaiter().GetResult());
        using (var csv = new CsvWriter(outPath, Header.Split(',')))
            foreach (var pair in labels)
                csv.Row(pair.Left.Source, pair.Left.RecordId, pair.Right.Source, pair.Right.RecordId, pair.Label == 1 ? "1" : "0");
        Console.WriteLine($"{labels.Count:N0} labelled pairs ({labels.Count(l => l.Label == 1):N0} same person, {labels.Count(l => l.Label == 0):N0} different) written to {outPath}");
        return 0;
    }
}
