using System.CommandLine;
using System.Text.Json;
using PatientIndex.Extracts;
using PatientIndex.Cli.Output;
using PatientIndex.Core.Evaluation;

namespace PatientIndex.Cli.Commands;

/// <summary><c>evaluate TRUTH PERSONS</c>: pairwise precision, recall and F1, and false merges among hard negatives.</summary>
public static class EvaluateCommand
{
    private static readonly Argument<string> TruthArg = new("truth") { Description = "Truth file: source,record_id,person_id" };
    private static readonly Argument<string> PersonsArg = new("persons") { Description = "persons.csv written by link" };
    private static readonly Option<string?> HardNegatives = new("--hard-negatives") { Description = "person_a,person_b,kind pairs that must never merge (default: hard_negatives.csv beside the truth file)" };
    private static readonly Option<bool> Json = new("--json") { Description = "Print the figures as JSON" };

    public static Command Create()
    {
        var command = new Command("evaluate", "Score a persons.csv against the truth") { TruthArg, PersonsArg, HardNegatives, Json };
        command.SetAction(parse => CliRun.Guard(() => Run(parse.GetValue(TruthArg)!, parse.GetValue(PersonsArg)!, parse.GetValue(HardNegatives), parse.GetValue(Json))));
        return command;
    }

    public static int Run(string truthFile, string personsFile, string? hardNegativesFile, bool json)
    {
        var truth = TruthFile.Read(truthFile);
        var persons = TruthFile.Read(personsFile);
        hardNegativesFile ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(truthFile))!, "hard_negatives.csv");
        var metrics = PairwiseEvaluation.Evaluate(persons, truth, TruthFile.ReadHardNegatives(hardNegativesFile));
        var unmatched = persons.Keys.Count(k => !truth.ContainsKey(k));
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new { metrics.Precision, metrics.Recall, metrics.F1, metrics.Records, metrics.TruePairs, metrics.PredictedPairs, metrics.TruePositives, metrics.HardNegativePairs, metrics.HardNegativesMerged, RecordsNotInTruth = unmatched }, LinkageOutput.JsonOptions));
            return 0;
        }
        Console.WriteLine($"records        {metrics.Records:N0} ({unmatched:N0} in persons but not in the truth)");
        Console.WriteLine($"true pairs     {metrics.TruePairs:N0}; predicted pairs {metrics.PredictedPairs:N0}; correct {metrics.TruePositives:N0}");
        Console.WriteLine($"precision      {metrics.Precision:0.0000}");
        Console.WriteLine($"recall         {metrics.Recall:0.0000}");
        Console.WriteLine($"F1             {metrics.F1:0.0000}");
        if (metrics.HardNegativePairs > 0)
            Console.WriteLine($"hard negatives {metrics.HardNegativesMerged:N0} of {metrics.HardNegativePairs:N0} twin/namesake pairs falsely merged");
        return 0;
    }
}
