using PatientIndex.Core.Matching;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Stewardship;

/// <summary>A candidate record compared with the task's record now: its evidence, and the fields whose values differ.</summary>
public sealed record CandidateView(StoredRecord Stored, ExplainedCandidate? Explained, IReadOnlyList<CanonicalField> Differing);
