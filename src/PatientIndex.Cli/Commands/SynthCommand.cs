using System.CommandLine;
using PatientIndex.Synth;

namespace PatientIndex.Cli.Commands;

/// <summary><c>synth --persons N --seed S --out DIR</c>: NHS-style multi-source extracts with ground truth.</summary>
public static class SynthCommand
{
    private static readonly Option<int> Persons = new("--persons") { Description = "People in the population", DefaultValueFactory = _ => 20_000 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Random seed: the same seed writes byte-identical files", DefaultValueFactory = _ => 1 };
    private static readonly Option<string> Out = new("--out") { Description = "Output directory", Required = true };

    public static Command Create()
    {
        var command = new Command("synth", "Generate GP, hospital and community extracts with ground truth (truth.csv)") { Persons, Seed, Out };
        command.SetAction(parse => CliRun.Guard(() =>
        {
            var persons = parse.GetValue(Persons);
            if (persons < 1) throw new CliException("--persons must be at least 1");
            var result = SyntheticExtracts.Generate(new SynthOptions(persons, parse.GetValue(Seed), parse.GetValue(Out)!));
            var sources = string.Join(", ", result.RecordsPerSource.Select(s => $"{s.Key} {s.Value:N0}"));
            Console.WriteLine($"{result.Persons:N0} persons, {result.Records:N0} records ({sources}) in {parse.GetValue(Out)}");
            return 0;
        }));
        return command;
    }
}
