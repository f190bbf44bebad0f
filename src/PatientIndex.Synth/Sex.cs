namespace PatientIndex.Synth;

internal enum Sex
{
    Male,
    Female,
}
