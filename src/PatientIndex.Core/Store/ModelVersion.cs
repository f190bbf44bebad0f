namespace PatientIndex.Core.Store;

/// <summary>
/// Fellegi–Sunter parameters a store's own records taught (relearnt by the service, or learnt by the bulk
/// run that seeded it), kept in the store so that every replica, and every restart, decides with them.
/// </summary>
/// <param name="Version">The name decisions record (<c>match-v3+fs.1a2b3c4d</c>).</param>
/// <param name="LearntBy">What learnt them: <c>link</c> (a bulk run), <c>relearn</c> (the service, from its records).</param>
/// <param name="Records">How many records they were learnt from.</param>
/// <param name="Parameters">The parameters as <c>fellegi-sunter.json</c> holds them.</param>
public sealed record ModelVersion(string Version, DateTimeOffset CreatedAt, string LearntBy, long Records, string Parameters);
