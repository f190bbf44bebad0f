using PatientIndex.Core.Store;

namespace PatientIndex.Core.Stewardship;

/// <summary>A pair of source records and whether they are the same person (1) or not (0).</summary>
public sealed record LabelledPair(RecordKey Left, RecordKey Right, int Label);
