namespace PatientIndex.Core.Blocking;

/// <summary>Every record's key under every rule, kept after blocking so that EM can ask which rules find a pair.</summary>
public sealed class RuleKeys(ulong[][] keys)
{
    public bool Agree(int rule, int a, int b)
    {
        var key = keys[rule][a];
        return key != 0 && key == keys[rule][b];
    }
}
