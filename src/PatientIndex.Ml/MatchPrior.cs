namespace PatientIndex.Ml;

/// <summary>
/// The share of matches among candidate pairs is the prior every probability rests on, and it differs
/// by site and by blocking: nearly all of FEBRL's candidates are one person, few of a big extract's are.
/// The model is calibrated at one share (the reference); a run whose EM finds another moves every
/// probability by the difference in prior log-odds (Bayes' rule), as Fellegi–Sunter does with its λ.
/// Without this, the trees' fixed prior would under-link data with many duplicates and over-link data with few.
/// </summary>
public static class MatchPrior
{
    /// <summary>
    /// Log-odds (natural log) to add to the calibrated log-odds; 0 when the model or the run has no prior
    /// to compare. Only ever down: the run's share is EM's estimate, and an overestimate must not turn
    /// weak pairs into links (precision before recall); an underestimate only sends more pairs to review.
    /// </summary>
    public static double Shift(double? reference, double? runShare) =>
        reference is { } r && runShare is { } run ? Math.Min(0, LogOdds(run) - LogOdds(r)) : 0;

    public static double Apply(double probability, double shift)
    {
        if (shift == 0) return probability;
        return 1.0 / (1.0 + Math.Exp(-(LogOdds(probability) + shift)));
    }

    public static double LogOdds(double p)
    {
        p = Math.Clamp(p, 1e-9, 1 - 1e-9);
        return Math.Log(p / (1 - p));
    }
}
