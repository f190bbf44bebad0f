using PatientIndex.Core.Blocking;
using PatientIndex.Core.Records;
using PatientIndex.Core.Scoring;

namespace PatientIndex.Ml.Training;

/// <summary>
/// One linkage run over data with known answers, ready to label: the records (with term frequencies
/// stamped by the run), the candidate pairs its blocking found, the Fellegi–Sunter model its EM learnt,
/// and the truth — a person per record, explicit labelled pairs, or both.
/// </summary>
/// <param name="Name">This variant of the data, e.g. <c>synth-101-no-nhs</c>.</param>
/// <param name="Population">The people behind it: variants of one population share it, so a person lands in the same split in all of them.</param>
/// <param name="PersonOf">True person of each record, or null when unknown.</param>
/// <param name="LabelledPairs">Pairs labelled one by one (steward decisions): (left, right, same person).</param>
/// <param name="HardNegatives">Pairs of true persons that must never merge (twins, parent/child namesakes).</param>
public sealed record LabelledDataset(
    string Name,
    string Population,
    IReadOnlyList<NormalisedRecord> Records,
    IReadOnlyList<string?> PersonOf,
    CandidatePair[] Candidates,
    FellegiSunterModel FellegiSunter,
    IReadOnlyList<(int Left, int Right, bool Match)> LabelledPairs,
    IReadOnlyList<(string PersonA, string PersonB)> HardNegatives);
