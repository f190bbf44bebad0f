using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Microsoft.AspNetCore.WebUtilities;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Store;
using PatientIndex.Server.Auditing;
using PatientIndex.Server.Security;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// <c>POST /fhir</c> with a <c>transaction</c> or <c>batch</c> Bundle of Patient creates, conditional
/// updates and deletes, for engines that send many at once. A transaction is checked whole before
/// anything is written: one bad entry (a create of a record already held, a merge with a record not
/// held) rejects it all. Its changes are then queued together, in order, and the link queue commits
/// them in as few store transactions as it can; an entry that reads the store first (a conditional
/// create, or one carrying its source's merge) waits for the entries before it, and the entries after
/// it wait for it. A store failure part-way can leave the earlier entries applied (resending is safe:
/// a conditional create finds what was created, a merge made is not made again). A batch answers each
/// entry on its own.
/// </summary>
internal sealed class FeedBundle(IdentityFeed feed)
{
    public async Task<Bundle> ProcessAsync(Bundle bundle, Caller caller, string baseUrl, CancellationToken cancellationToken)
    {
        var transaction = bundle.Type switch
        {
            Bundle.BundleType.Transaction => true,
            Bundle.BundleType.Batch => false,
            _ => throw FhirException.Invalid("Bundle.type", $"expected a transaction or batch Bundle, not {bundle.Type?.ToString() ?? "none"}"),
        };
        var prepared = bundle.Entry.Select((entry, i) => Prepare(caller, entry, i, transaction)).ToList();
        if (transaction) await CheckRecordsAsync(prepared.Select(p => p.Change!).ToList(), cancellationToken);
        var applying = await StartInOrderAsync(prepared.Select(p => p.Change).ToList(), baseUrl, cancellationToken);

        var response = new Bundle { Type = transaction ? Bundle.BundleType.TransactionResponse : Bundle.BundleType.BatchResponse };
        for (var i = 0; i < prepared.Count; i++)
            response.Entry.Add(applying[i] is { } work ? await Answer(work, prepared[i].Change!) : Refused(null, prepared[i].Error!));
        return response;
    }

    private (FeedChange? Change, FhirException? Error) Prepare(Caller caller, Bundle.EntryComponent entry, int index, bool transaction)
    {
        try { return (Prepare(caller, entry, index), null); }
        catch (FhirException e)
        {
            var located = Located(e, index);
            if (transaction) throw located;
            return (null, located);
        }
    }

    private static FhirException Located(FhirException e, int index) => new(e.Status, e.Type, $"Bundle.entry[{index}]: {e.Message}",
        e.Expressions.Select(x => x.StartsWith("Patient", StringComparison.Ordinal) ? $"Bundle.entry[{index}].resource{x["Patient".Length..]}" : x).ToArray());

    /// <summary>
    /// A transaction refused before anything is written when it creates a record already held (or
    /// created earlier in it), or merges with one neither held nor written earlier in it.
    /// </summary>
    private async Task CheckRecordsAsync(List<FeedChange> changes, CancellationToken cancellationToken)
    {
        var present = new Dictionary<RecordKey, bool>();
        async Task<bool> Present(RecordKey key) => present.TryGetValue(key, out var held) ? held : present[key] = await feed.HeldAsync(key, cancellationToken);
        for (var i = 0; i < changes.Count; i++)
        {
            var (key, change) = (changes[i].Key, changes[i]);
            if (change is { CreateOnly: true, Condition: null } && await Present(key)) throw Located(feed.Exists(key), i);
            foreach (var merge in change.Merges)
                if (!await Present(merge.OtherThan(key))) throw Located(feed.Unknown(merge, key), i);
            present[key] = change.Record is not null;
        }
    }

    /// <summary>Queues the changes in order: at once, but for one that reads first, which starts when those before it are answered.</summary>
    private async Task<List<Task<FhirResult>?>> StartInOrderAsync(List<FeedChange?> changes, string baseUrl, CancellationToken cancellationToken)
    {
        var started = new List<Task<FhirResult>?>(changes.Count);
        foreach (var change in changes)
        {
            if (change is { ReadsFirst: true })
            {
                await Task.WhenAll(started.OfType<Task>()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                var reading = feed.ApplyAsync(change, baseUrl, cancellationToken);
                await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                started.Add(reading);
            }
            else started.Add(change is null ? null : feed.ApplyAsync(change, baseUrl, cancellationToken));
        }
        return started;
    }

    private FeedChange Prepare(Caller caller, Bundle.EntryComponent entry, int index)
    {
        var (method, url) = (entry.Request?.Method, entry.Request?.Url?.Trim() ?? "");
        var (path, query) = url.IndexOf('?') is var q and >= 0 ? (url[..q], QueryHelpers.ParseQuery(url[q..])) : (url, []);
        return method switch
        {
            Bundle.HTTPVerb.POST when path == "Patient" =>
                feed.Create(caller, PatientOf(entry), entry.Request!.IfNoneExist, $"Bundle.entry[{index}].request.ifNoneExist"),
            Bundle.HTTPVerb.PUT when path == "Patient" => feed.Update(caller, PatientOf(entry), ConditionalKey(query), idRequired: false),
            Bundle.HTTPVerb.PUT when IdOf(path) is { } id => feed.Update(caller, PatientOf(entry), FhirPatients.KeyOfId(id), idRequired: true),
            Bundle.HTTPVerb.DELETE when path == "Patient" => IdentityFeed.Withdraw(caller, ConditionalKey(query)),
            Bundle.HTTPVerb.DELETE when IdOf(path) is { } id => IdentityFeed.Withdraw(caller, FhirPatients.KeyOfId(id)),
            _ => throw FhirException.Invalid("Bundle.entry.request",
                $"{method?.ToString() ?? "no method"} {url} is not supported in a Bundle: POST Patient, PUT or DELETE Patient/id or Patient?identifier=system|value"),
        };
    }

    private RecordKey ConditionalKey(Dictionary<string, Microsoft.Extensions.Primitives.StringValues> query) =>
        feed.KeyOf(query.TryGetValue("identifier", out var identifier) ? identifier.ToString() : null);

    private static Patient PatientOf(Bundle.EntryComponent entry) =>
        entry.Resource as Patient ?? throw FhirException.Invalid("Bundle.entry.resource", "the entry must hold a Patient");

    private static string? IdOf(string path) => path.StartsWith("Patient/", StringComparison.Ordinal) ? path["Patient/".Length..] : null;

    private static async Task<Bundle.EntryComponent> Answer(Task<FhirResult> work, FeedChange change)
    {
        try
        {
            var result = await work;
            return new Bundle.EntryComponent
            {
                FullUrl = result.Location,
                Resource = result.Resource is Patient ? result.Resource : null,
                Response = new Bundle.ResponseComponent
                {
                    Status = result.Status == StatusCodes.Status201Created ? "201 Created" : "200 OK",
                    Location = result.Location,
                    Outcome = result.Resource as OperationOutcome ?? result.Warnings,
                },
            };
        }
        catch (FhirException e) { return Refused(change, e); }
    }

    /// <summary>An entry refused on its own while the others are answered: its own audit event, as a single request's refusal has.</summary>
    private static Bundle.EntryComponent Refused(FeedChange? change, FhirException error)
    {
        if (AuditScope.Current is { } audit)
        {
            var action = change is null ? AccessAction.Update : change.Record is null ? AccessAction.Delete : change.CreateOnly ? AccessAction.Create : AccessAction.Update;
            audit.Add(audit.Event(action, error.Status >= 500 ? AccessOutcome.Failed : AccessOutcome.Refused, changed: change is null ? null : [change.Key],
                detail: $"{error.Status}: {error.Message}"));
        }
        return Failed(error);
    }

    private static Bundle.EntryComponent Failed(FhirException error) => new()
    {
        Response = new Bundle.ResponseComponent { Status = error.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), Outcome = error.ToOutcome() },
    };
}
