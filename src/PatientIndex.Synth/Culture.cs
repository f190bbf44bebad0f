namespace PatientIndex.Synth;

/// <summary>
/// Naming tradition of a household. It decides which name lists are drawn from and how names behave
/// across records (Sikh Singh/Kaur, Polish gendered surnames, Chinese name order, married names).
/// </summary>
internal enum Culture
{
    British,
    SouthAsianMuslim,
    SouthAsianHindu,
    Sikh,
    EasternEuropean,
    WestAfrican,
    Somali,
    Chinese,
}
