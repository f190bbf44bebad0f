using System.Globalization;
using System.Text;
using PatientIndex.Core.Evaluation;
using PatientIndex.Ml.Training;

namespace PatientIndex.Ml;

/// <summary>Writes <c>MODEL.md</c>: what the model learnt from, how it was trained, and how it does on data it did not choose anything on.</summary>
public static class ModelCard
{
    public static string Write(ModelCardFacts facts)
    {
        var o = facts.Outcome;
        var m = o.Model;
        var s = new StringBuilder();
        s.AppendLine(Inv($"# Match model `{m.Id}`"));
        s.AppendLine();
        s.AppendLine(Inv($"Trained {facts.Date:yyyy-MM-dd} by `{facts.Command}`. Feature-schema hash `{m.SchemaHash}`: the engine refuses this model if its comparisons, levels or features change; retrain with `{MatchModel.RetrainCommand}`."));
        s.AppendLine();
        s.AppendLine("Files: `model.json` (the trees as flat arrays, calibration, thresholds: what `link` evaluates), `mlnet-model.zip` (the same model as ML.NET saved it), `settings.json` (the linkage settings it expects), this card.");
        s.AppendLine();

        var (beats, losses) = Verdict(facts.SideBySide);
        s.AppendLine("## Verdict: ML vs FS");
        s.AppendLine();
        if (beats)
            s.AppendLine("The model beats Fellegi–Sunter: higher recall at precision ≥ 0.999 on the held-out synth set, and no lower precision or F1 on any other dataset below. `link` scores with it by default when it is shipped in models/ (`--scorer fs` for FS alone).");
        else
        {
            s.AppendLine("**The model does not beat Fellegi–Sunter**: do not ship it in models/, where `link` would score with it by default; use it only with `--model PATH`. Where it falls short (side-by-side table below):");
            s.AppendLine();
            foreach (var loss in losses) s.AppendLine("- " + loss);
        }
        var leftOutLosses = facts.LeftOut.Where(r => r.Ml.F1 < r.Fs.F1).Select(r => r.Dataset).ToList();
        if (leftOutLosses.Count > 0)
        {
            s.AppendLine();
            s.AppendLine("Trained without them, it links these with lower F1 than FS: " + string.Join(", ", leftOutLosses) + " (see *On data never trained on*).");
        }
        s.AppendLine();

        s.AppendLine("## Thresholds (the `link` defaults with this model)");
        s.AppendLine();
        s.AppendLine("| decision | probability ≥ | chosen for |");
        s.AppendLine("|---|---:|---|");
        var trials = facts.LinkThresholdTrials ?? [];
        var thresholds = m.Thresholds ?? throw new InvalidOperationException("a trained model carries the thresholds training chose");
        var linkReason = trials.Count > 0
            ? Inv($"the lowest of {string.Join(", ", o.Options.LinkThresholdsToTry)} at which whole linkage runs of the selection datasets keep precision ≥ {thresholds.TargetPrecision} (below), and not below what the calibration split needs for that precision pairwise nor below {o.Options.MinimumLinkProbability}")
            : Inv($"precision ≥ {thresholds.TargetPrecision} on the calibration split, and never below {o.Options.MinimumLinkProbability} so that every auto-link is itself that likely");
        s.AppendLine(Inv($"| auto-link | {thresholds.Link:0.######} | {linkReason} |"));
        s.AppendLine(Inv($"| review | {thresholds.Review:0.######} | the lowest probability at which the review band's pairs on the calibration split are still {thresholds.TargetReviewShare} true matches, and never below {o.Options.MinimumReviewProbability} |"));
        s.AppendLine();
        if (m.ReferencePrior is { } prior)
        {
            s.AppendLine(Inv($"Probabilities are calibrated for a share of {prior:0.####} matches among candidate pairs; where EM finds a smaller share in a run, `link` lowers them by the difference (Bayes' rule on the odds), so data with few duplicates among its candidates is not over-linked. A larger share never raises them: it is EM's estimate, and an overestimate must not turn weak pairs into links."));
            s.AppendLine();
        }
        if (trials.Count > 0) SelectionTable(s, trials);

        s.AppendLine("## Training data");
        s.AppendLine();
        s.AppendLine("Labelled pairs are the candidate pairs the engine's own blocking finds, labelled by the truth. Split by person (people linked as twins/namesakes or by a labelled match form one group; a group's split is a hash of its population and id; a pair across splits is dropped): train 60 %, calibration 20 % (chooses trainer, calibration, thresholds), report 20 % (only reported).");
        s.AppendLine();
        s.AppendLine("| dataset | records | train pairs (matches) | calibration pairs (matches) | report pairs (matches) | hard-negative pairs |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var d in facts.Datasets)
        {
            string Cell(Split split) => o.Splits.FirstOrDefault(c => c.Dataset == d.Name && c.Split == split) is { } c ? Inv($"{c.Pairs:N0} ({c.Matches:N0})") : "0";
            var hard = o.Splits.Where(c => c.Dataset == d.Name).Sum(c => c.HardNegatives);
            s.AppendLine(Inv($"| {d.Name} | {d.Records:N0} | {Cell(Split.Train)} | {Cell(Split.Calibrate)} | {Cell(Split.Report)} | {hard:N0} |"));
        }
        foreach (var skipped in facts.Skipped) s.AppendLine(Inv($"| {skipped} | absent: not trained on | | | | |"));
        s.AppendLine();

        s.AppendLine("## Features");
        s.AppendLine();
        s.AppendLine(Inv($"{PairFeatures.Count} per pair: for each of the engine's comparisons its level (0 = missing) and the Fellegi–Sunter weight of that level, learnt by EM on the same run (with the term-frequency adjustment for exact name agreements); then the total FS weight and the number of missing comparisons; then the raw similarities behind the levels: Jaro–Winkler of given names, family names, address, city and email, days between the birth dates and whether year, month and day agree, and how many leading characters the postcodes share ({PairFeatures.Missing} where the comparison is missing). No raw values, frequencies or dataset sizes, so the model carries to other sites. Variants of the datasets with whole columns dropped, and with single values blanked, swapped for another record's or mistyped, teach it to cope with missing fields and with errors that strike one field at a time."));
        s.AppendLine();
        s.AppendLine("`" + string.Join("`, `", m.Features) + "`");
        s.AppendLine();

        s.AppendLine("## Trainer");
        s.AppendLine();
        var opt = o.Options;
        var trainers = string.Join(", ", opt.Trainers);
        s.AppendLine(Inv($"ML.NET 5, trees {opt.Trees}, leaves {opt.Leaves}, learning rate {opt.LearningRate}, minimum pairs per leaf {opt.MinimumExamplesPerLeaf}, seed {opt.Seed}{(opt.Seeds > 1 ? $" (the average of {opt.Seeds} fits, seeds {opt.Seed} to {opt.Seed + opt.Seeds - 1})" : "")}, single-threaded (deterministic). Trainers tried ({trainers}) were fitted on the training split and compared on the calibration split; **{m.Trainer}** ships. {m.Ensemble.Roots.Length} trees, {m.Ensemble.Leaves.Length} leaves."));
        s.AppendLine();
        if (m.CorrectsFellegiSunter)
        {
            s.AppendLine(Inv($"The trees are a correction to each pair's Fellegi–Sunter log-odds in its own run, not a model of the match on their own: LightGBM regression fitted to one Newton step of logistic regression from FS (target (y − p) / (p(1 − p)) clipped to ±4, weight p(1 − p)), so pairs FS is sure of weigh almost nothing and the trees learn where the uncertain ones are more or less often one person than FS says. At scoring, the trees' move is held within ±{m.CorrectionLimit?.ToString("0.##", CultureInfo.InvariantCulture) ?? "∞"} log-odds, the bound of what they were taught: anything further is extrapolation, and the bound lets a bulk run dismiss a pair from FS alone when even the largest move could not bring it to review. FS keeps what trees cannot carry to other data: the prior learnt on each run (a million records have far more strangers per candidate than ten thousand) and evidence multiplied field by field beyond anything seen in training. A smaller dataset's pairs weigh more, by the square root of how much smaller, up to {opt.MaxSizeWeight}×."));
            s.AppendLine();
            s.AppendLine("Calibration: **none**. FS's log-odds plus the correction are a logistic fit's log-odds already, in each run's own prior, so they are used as they are (Platt A = 1, B = 0); the reliability table below checks them on the report split.");
        }
        else
        {
            s.AppendLine(Inv($"Examples are weighted so every dataset has the same share of matches (blocking makes that share differ by dataset; unweighted, the trees would learn which columns a dataset lacks as a sign of its match rate), and a smaller dataset's pairs weigh more, by the square root of how much smaller, up to {opt.MaxSizeWeight}×."));
            s.AppendLine();
            s.AppendLine(Inv($"Calibration: **{Kind(m.Calibration)}**, fitted on the calibration split; chosen over the other by log loss on the half of that split each was not fitted on ({string.Join(", ", o.Calibrations.Select(c => Inv($"{c.Kind} {c.CrossFittedLogLoss:0.00000}")))})."));
        }
        s.AppendLine();
        s.AppendLine("| trainer | recall at precision ≥ target (calibration split) | precision | log loss |");
        s.AppendLine("|---|---:|---:|---:|");
        foreach (var t in o.Trainers) s.AppendLine(Inv($"| {t.Trainer} | {t.RecallAtTargetPrecision:0.0000} | {t.Precision:0.0000} | {t.LogLoss:0.00000} |"));
        s.AppendLine();

        s.AppendLine("## Held-out pairs (report split)");
        s.AppendLine();
        s.AppendLine(Inv($"Pairwise decisions on candidate pairs of people never used to train or to choose anything. A link needs the probability at or above the auto-link threshold, nothing else. `fs ({new Core.Linkage.DecisionPolicy().LinkThreshold})` is the EM-learnt Fellegi–Sunter model at its default threshold; `fs (tuned)` is FS with its threshold chosen on the calibration split for the same target precision."));
        s.AppendLine();
        s.AppendLine("| scorer | link ≥ | precision | recall | F1 | recall incl. review | hard negatives linked |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var d in new[] { o.HeldOut, o.FellegiSunterHeldOut, o.FellegiSunterTunedHeldOut }) s.AppendLine(Row(d));
        s.AppendLine();
        s.AppendLine("By dataset:");
        s.AppendLine();
        s.AppendLine("| dataset | scorer | link ≥ | precision | recall | F1 | recall incl. review | hard negatives linked |");
        s.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var (dataset, ml, fs) in o.HeldOutByDataset)
        {
            s.AppendLine(Inv($"| {dataset} ") + Row(ml));
            s.AppendLine(Inv($"| {dataset} ") + Row(fs));
        }
        s.AppendLine();

        s.AppendLine("## Calibration (report split)");
        s.AppendLine();
        s.AppendLine(Inv($"Expected calibration error {Reliability.ExpectedCalibrationError(o.Reliability):0.0000}."));
        s.AppendLine();
        s.AppendLine("| predicted | pairs | mean predicted | observed match rate |");
        s.AppendLine("|---|---:|---:|---:|");
        foreach (var b in o.Reliability)
            s.AppendLine(Inv($"| [{b.From:0.###}, {b.To:0.###}) | {b.Pairs:N0} | {b.MeanPredicted:0.0000} | {b.Observed:0.0000} |"));
        s.AppendLine();

        s.AppendLine("## Side by side: `link` with ML vs FS");
        s.AppendLine();
        s.AppendLine(Inv($"Whole linkage runs (block, compare, score, decide, cluster), pairwise over the persons written (the transitive closure), against the truth. FS at its defaults ({new Core.Linkage.DecisionPolicy().LinkThreshold} / {new Core.Linkage.DecisionPolicy().ReviewThreshold}), ML at the thresholds above. Datasets marked *held out* were never trained on; the others were, in part (their report-split people were not)."));
        s.AppendLine();
        SideBySideTable(s, facts.SideBySide);

        if (facts.LeftOut.Count > 0)
        {
            s.AppendLine("## On data never trained on");
            s.AppendLine();
            s.AppendLine("Each row links a public dataset with a model trained exactly as this one, on everything but that family of datasets: how the model is likely to do at a site whose data it has never seen (other names, error rates and missing columns).");
            s.AppendLine();
            SideBySideTable(s, facts.LeftOut);
        }

        s.AppendLine("## Known limits");
        s.AppendLine();
        var hardSeen = o.Splits.Sum(c => c.HardNegatives);
        s.AppendLine(Inv($"- Hard negatives seen in training data: {hardSeen:N0} candidate pairs of twins or parent/child namesakes (all from synth; the public datasets carry no household truth). Whatever the score, the engine's identity-evidence and contradiction rules still apply."));
        s.AppendLine("- The raw similarities are Jaro–Winkler scores, date distances and a postcode prefix: no token-set comparison of addresses, no edit distance of identifiers, no name frequencies (they differ by site).");
        var unseenLosses = facts.LeftOut.Where(r => r.Ml.F1 < r.Fs.F1).Select(r => r.Dataset).ToList();
        if (unseenLosses.Count > 0)
            s.AppendLine($"- On a family of data it has never seen (the table above), it links with lower F1 than FS on {string.Join(", ", unseenLosses)}: the FS weights it reads are learnt on each run, its tree splits only on the training families. Train on a site's own labelled pairs (`train --pairs`) where there are any.");
        s.AppendLine("- The model reads EM-learnt FS weights: on data too small or too clean for EM to learn sensible m/u, its inputs are noisy too.");
        s.AppendLine("- Synthetic (UK-style) and FEBRL/Splink (Australian/UK fake) people only: real extracts have error patterns neither generator makes. Re-check the thresholds on a site's own labelled pairs before trusting auto-links.");
        s.AppendLine("- A given name that differs while everything else agrees scores high: FEBRL's duplicates replace whole given names, so the model has learnt that this happens. Twins are told apart by the score (same home and birth date under another given name weighs against them) and, between records of one chain, by the contradiction rule; such pairs go to review.");
        return s.ToString();
    }

    /// <summary>
    /// Whether the model beats FS in whole linkage runs: on the first held-out synth row, precision at
    /// least 0.999 and more recall than FS; on every other row, no lower F1 and no lower precision (up to 0.999).
    /// </summary>
    public static (bool Beats, List<string> Losses) Verdict(IReadOnlyList<SideBySideRow> rows)
    {
        var losses = new List<string>();
        var synth = rows.FirstOrDefault(r => r.HeldOut && r.Dataset.StartsWith("synth", StringComparison.Ordinal));
        if (synth is null) losses.Add("no held-out synth set was linked");
        else if (synth.Ml.Precision < 0.999 || synth.Ml.Recall <= synth.Fs.Recall)
            losses.Add(Inv($"{synth.Dataset}: ML precision {synth.Ml.Precision:0.0000} recall {synth.Ml.Recall:0.0000}, FS precision {synth.Fs.Precision:0.0000} recall {synth.Fs.Recall:0.0000}"));
        foreach (var r in rows.Where(r => r != synth))
            if (r.Ml.F1 < r.Fs.F1 || r.Ml.Precision < Math.Min(r.Fs.Precision, 0.999))
                losses.Add(Inv($"{r.Dataset}: ML precision {r.Ml.Precision:0.0000} F1 {r.Ml.F1:0.0000}, FS precision {r.Fs.Precision:0.0000} F1 {r.Fs.F1:0.0000}"));
        return (losses.Count == 0, losses);
    }

    private static void SelectionTable(StringBuilder s, IReadOnlyList<Training.LinkThresholdTrial> trials)
    {
        s.AppendLine("Selection runs (whole `link` runs with this model; these datasets choose the threshold and are never trained on or reported as judges):");
        s.AppendLine();
        s.AppendLine("| auto-link ≥ | dataset | records | precision | recall | F1 | twins/namesakes merged |");
        s.AppendLine("|---:|---|---:|---:|---:|---:|---:|");
        foreach (var t in trials)
            s.AppendLine(Inv($"| {t.Threshold} | {t.Dataset} | {t.Metrics.Records:N0} | {t.Metrics.Precision:0.0000} | {t.Metrics.Recall:0.0000} | {t.Metrics.F1:0.0000} | {t.Metrics.HardNegativesMerged} of {t.Metrics.HardNegativePairs} |"));
        s.AppendLine();
    }

    private static void SideBySideTable(StringBuilder s, IReadOnlyList<SideBySideRow> rows)
    {
        s.AppendLine("| dataset | records | FS precision | FS recall | FS F1 | ML precision | ML recall | ML F1 | false merges of twins/namesakes FS / ML |");
        s.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
            s.AppendLine(Inv($"| {r.Dataset}{(r.HeldOut ? " (held out)" : "")} | {r.Fs.Records:N0} | {r.Fs.Precision:0.0000} | {r.Fs.Recall:0.0000} | {r.Fs.F1:0.0000} | {r.Ml.Precision:0.0000} | {r.Ml.Recall:0.0000} | {r.Ml.F1:0.0000} | {Hard(r.Fs)} / {Hard(r.Ml)} |"));
        s.AppendLine();
    }

    private static string Row(DecisionMetrics d) =>
        Inv($"| {d.Scorer} | {d.LinkThreshold:0.######} | {d.Precision:0.0000} | {d.Recall:0.0000} | {d.F1:0.0000} | {d.RecallWithReview:0.0000} | {d.HardNegativesLinked} of {d.HardNegativePairs} |");

    private static string Kind(Calibration c) => c switch
    {
        PlattCalibration p => Inv($"Platt (A = {p.A:0.#####}, B = {p.B:0.#####})"),
        IsotonicCalibration i => Inv($"isotonic ({i.Margins.Length} steps)"),
        _ => c.GetType().Name,
    };

    private static string Hard(PairwiseMetrics m) => m.HardNegativePairs == 0 ? "–" : Inv($"{m.HardNegativesMerged} of {m.HardNegativePairs}");

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Everything the model card states.</summary>
public sealed record ModelCardFacts(
    TrainingOutcome Outcome, DateTime Date, string Command,
    IReadOnlyList<(string Name, int Records)> Datasets, IReadOnlyList<string> Skipped,
    IReadOnlyList<SideBySideRow> SideBySide, IReadOnlyList<SideBySideRow> LeftOut,
    IReadOnlyList<Training.LinkThresholdTrial>? LinkThresholdTrials = null);

/// <summary>One dataset linked end to end by both scorers.</summary>
public sealed record SideBySideRow(string Dataset, bool HeldOut, PairwiseMetrics Fs, PairwiseMetrics Ml);
