using PatientIndex.Core.Matching;
using PatientIndex.Core.Records;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Stewardship;

/// <summary>The link events of a person or record, the merges the person took part in, and the person as it is now.</summary>
public sealed record HistoryView(IReadOnlyList<LinkEvent> Events, IReadOnlyList<PersonMerge> Merges, Person? Person);
