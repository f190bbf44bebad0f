using System.CommandLine;
using PatientIndex.Cli.Commands;

var root = new RootCommand("PatientIndex: a master patient index and record-linkage engine")
{
    LinkCommand.Create(),
    EvaluateCommand.Create(),
    SynthCommand.Create(),
    TrainCommand.Create(),
    ExportLabelsCommand.Create(),
    JobsCommand.Create(),
};
return root.Parse(args).Invoke();
