using PatientIndex.Core.Comparisons;

namespace PatientIndex.Core.Blocking;

/// <summary>
/// A way of finding candidates: records with equal keys under a rule are compared. A key of 0
/// means the record cannot be blocked by this rule.
/// </summary>
/// <param name="Fixes">The comparisons every pair this rule finds agrees on (more or less): EM learns nothing
/// about them from this rule's pairs, since they agree because of the rule, not because of the person.</param>
/// <param name="Loose">A rule that finds many pairs on large data (birth date alone): used whole while its pairs stay
/// within the budget, otherwise every block is split by name initials.</param>
/// <param name="Household">A rule that finds people who share a home (address, phone) as readily as the same
/// person. Its pairs are scored but not used to learn the model: EM would otherwise learn "same household"
/// as its idea of a match.</param>
public sealed record BlockingRule(string Name, BlockPart[] Parts, Comparison[] Fixes, bool Loose = false, bool Household = false)
{
    /// <param name="parts">The record's parts as <see cref="BlockParts.Hash"/> gives them.</param>
    public ulong Key(ReadOnlySpan<ulong> parts, int ruleIndex)
    {
        var key = BlockKey.Start(ruleIndex);
        foreach (var part in Parts) key = key.With(parts[(int)part]);
        return key.Value;
    }
}
