using System.Diagnostics;
using Microsoft.Extensions.Options;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Records;
using PatientIndex.Core.Scoring;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Matching;

/// <summary>
/// The service learns from its own data: Fellegi–Sunter parameters re-estimated from the records in its
/// store by the EM bulk linkage runs (on a sample when the store is large), kept in the store as a new
/// model version that every replica and restart then decides with. Relearning re-decides nothing, so no
/// record moves, confirmed or not; records linked from then on name the new version.
/// </summary>
public sealed class ModelLearning(ModelInUse model, CandidateIndex index, IPatientIndexStore store, LinkQueue queue, IndexLoader loader,
    TimeProvider clock, IOptions<MatchingOptions> options, ILogger<ModelLearning> log)
{
    /// <summary>Fewer records than this teach EM nothing it can trust.</summary>
    public const int MinimumRecords = 1000;

    /// <summary>A uniform sample of records keeps the prior (a share of all pairs) and the m and u of a larger store, at a bounded cost.</summary>
    public const int MaximumRecords = 300_000;

    /// <summary>Learns from the store's records now, keeps the version, and decides with it from the next batch on.</summary>
    /// <exception cref="ModelLearningException">The store holds too few records to learn from.</exception>
    public async Task<ModelVersion> RelearnAsync(CancellationToken cancellationToken)
    {
        await loader.Ready.WaitAsync(cancellationToken);
        var records = index.CopyRecords();
        if (records.Count < MinimumRecords)
            throw new ModelLearningException($"the store holds {records.Count:N0} records; at least {MinimumRecords:N0} are needed to learn from");
        var took = Stopwatch.StartNew();
        var sample = Sample(records);
        var current = model.Model;
        var (learnt, sessions, pairs) = await Task.Run(() => new LinkageEngine(new LinkageSettings { Blocking = current.Blocking }).LearnFellegiSunter(sample), cancellationToken);
        var provenance = new ModelProvenance($"{sample.Count:N0} of the store's {records.Count:N0} records", sample.Count, pairs,
            sessions.Sum(s => s.Iterations), clock.GetUtcNow());
        var next = current.WithFellegiSunter(learnt, provenance);
        var version = new ModelVersion(next.Version, clock.GetUtcNow(), "relearn", sample.Count, FellegiSunterParameters.ToJson(learnt, provenance));
        await store.SaveModelVersionAsync(version, cancellationToken);
        await queue.RunExclusiveAsync([], [], audited: null, _ => { model.Use(next); return Task.FromResult(true); }, cancellationToken);
        log.LogInformation("Model relearnt from {Records:N0} records ({Pairs:N0} candidate pairs) in {Seconds:0.0}s: {Version}",
            sample.Count, pairs, took.Elapsed.TotalSeconds, version.Version);
        return version;
    }

    /// <summary>
    /// At start: decides with the version the store holds, if any; a store that holds none but enough records
    /// (<c>Matching:LearnAtStartFrom</c>) is learnt from in the background while the shipped parameters decide.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await loader.Ready.WaitAsync(cancellationToken);
        if (await FollowStoreAsync(cancellationToken)) return;
        if (index.Count < Math.Max(MinimumRecords, options.Value.LearnAtStartFrom)) return;
        try { await RelearnAsync(cancellationToken); }
        catch (Exception e) when (e is not OperationCanceledException) { log.LogWarning(e, "Learning the model from the store at start failed; deciding with {Version}", model.Name); }
    }

    /// <summary>
    /// Switches, between batches, to the newest version the store holds. True when the store holds one this
    /// model can read; a version learnt for other comparisons (by an earlier release) is passed over, so the
    /// store is learnt from anew, as one that holds none.
    /// </summary>
    private Task<bool> FollowStoreAsync(CancellationToken cancellationToken) =>
        FollowStoreAsync(store, model, next => queue.RunExclusiveAsync([], [], audited: null, _ => { model.Use(next); return Task.FromResult(true); }, cancellationToken),
            log, cancellationToken);

    /// <summary>
    /// Puts the store's newest version in use through <paramref name="use"/> when it is not in use already; true when the
    /// store holds one this model can read. The index loader does this before the server decides anything, so that no
    /// call is decided by the shipped parameters when the store says otherwise.
    /// </summary>
    public static async Task<bool> FollowStoreAsync(IPatientIndexStore store, ModelInUse model, Func<Ml.LinkageModel, Task> use, ILogger log,
        CancellationToken cancellationToken)
    {
        var latest = await store.LatestModelVersionAsync(cancellationToken);
        if (latest is null) return false;
        if (!Readable(latest, model))
        {
            log.LogWarning("The store's model version {Stored} was learnt for other comparisons than this release's; deciding with {Version} until the store is learnt from again",
                latest.Version, model.Name);
            return false;
        }
        if (NewerThanInUse(latest, model) is { } next)
        {
            await use(next);
            log.LogInformation("Deciding with model version {Version} from the store (learnt by {LearntBy} from {Records:N0} records)", next.Version, latest.LearntBy, latest.Records);
        }
        return true;
    }

    /// <summary>The model to decide with for the store's newest version, or null when it is the one in use or one this model cannot read.</summary>
    public static Ml.LinkageModel? NewerThanInUse(ModelVersion? latest, ModelInUse model)
    {
        // The stored name is the version's own: the parameters need reading only when it is not the one in use.
        if (latest is null || latest.Version == model.Name || !Readable(latest, model)) return null;
        var next = model.Model.WithFellegiSunter(FellegiSunterParameters.FromJson(latest.Parameters), FellegiSunterParameters.ProvenanceOf(latest.Parameters));
        return next.Version == model.Name ? null : next;
    }

    private static bool Readable(ModelVersion version, ModelInUse model)
    {
        try
        {
            FellegiSunterParameters.FromJson(version.Parameters);
            return true;
        }
        catch (ModelFormatException) { return false; }
    }

    private static List<NormalisedRecord> Sample(List<NormalisedRecord> records)
    {
        if (records.Count <= MaximumRecords) return records;
        var random = new Random(20251202);
        return [.. records.OrderBy(_ => random.Next()).Take(MaximumRecords)];
    }
}

/// <summary>The model cannot be learnt from the store as it is (too few records).</summary>
public sealed class ModelLearningException(string message) : Exception(message);
