using PatientIndex.Core.Records;

namespace PatientIndex.Core.Blocking;

/// <summary>
/// A way of finding candidates: records with equal keys under a rule are compared. A key of 0
/// means the record cannot be blocked by this rule.
/// </summary>
public sealed record BlockingRule(string Name, Func<NormalisedRecord, int, ulong> KeyOf)
{
    public ulong Key(NormalisedRecord record, int ruleIndex) => KeyOf(record, ruleIndex);
}
