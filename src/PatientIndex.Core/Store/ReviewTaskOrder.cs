namespace PatientIndex.Core.Store;

public enum ReviewTaskOrder
{
    OldestFirst,
    MostLikelyFirst,
}
