namespace PatientIndex.Core.Store;

/// <summary>New opaque ids for persons and review tasks: time-ordered GUIDs (v7) in 32 hex digits.</summary>
public static class StoreIds
{
    public static string New() => Guid.CreateVersion7().ToString("N");
}
