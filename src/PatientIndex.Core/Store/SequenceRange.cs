namespace PatientIndex.Core.Store;

/// <summary>The change-sequence numbers one commit took, contiguous; empty when it changed no record.</summary>
public readonly record struct SequenceRange(long First, long Last)
{
    public static SequenceRange None => new(0, -1);

    public bool IsEmpty => Last < First;
}
