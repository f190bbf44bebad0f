namespace PatientIndex.Core.Store;

/// <summary>Sizes of what the store holds: active persons, records, link events, open review tasks.</summary>
public sealed record StoreCounts(long Persons, long Records, long LinkEvents, long OpenReviewTasks);
