namespace PatientIndex.Cli.Synth;

internal enum Sex
{
    Male,
    Female,
}
