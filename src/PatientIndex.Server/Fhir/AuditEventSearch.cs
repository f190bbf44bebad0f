using System.Globalization;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.WebUtilities;
using PatientIndex.Core.Audit;
using PatientIndex.Core.Store;
using PatientIndex.Server.Auditing;
using Task = System.Threading.Tasks.Task;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// <c>GET /fhir/AuditEvent</c>: the audit trail as a searchset of <see cref="AuditEventResources"/>,
/// oldest first. <c>patient</c> (<c>Patient/{id}</c>, or the id) keeps the AuditEvents about that
/// source record; <c>date</c> with <c>eq</c> (the default), <c>ge</c>, <c>gt</c>, <c>le</c> or <c>lt</c>,
/// repeated to bound both ends, keeps those recorded in range (a date's precision is its range:
/// <c>2025-03</c> is the month, in UTC when no offset is given); <c>_count</c> (1–1000, default 100)
/// sizes the page, and the <c>next</c> link carries <c>_cursor</c> on. Any other parameter is a 400,
/// never ignored. <c>GET /fhir/AuditEvent/{id}</c> reads one.
/// </summary>
internal sealed class AuditEventSearch(IAuditTrail trail, FhirPatients patients)
{
    public const int DefaultCount = 100;
    public const int MaxCount = 1000;
    private static readonly string[] Known = ["patient", "date", "_count", "_cursor", "_format"];

    public async Task<Bundle> SearchAsync(HttpRequest request, string baseUrl, CancellationToken cancellationToken)
    {
        var query = request.Query;
        if (query.Keys.FirstOrDefault(k => !Known.Contains(k)) is { } unknown)
            throw FhirException.Invalid(unknown, $"AuditEvent is searched by patient, date and _count, not {unknown}");
        var patient = PatientOf(Single(query, "patient"), baseUrl, out var none);
        if (patient is { } key) AuditScope.Current?.Asks(records: [key]);
        var (from, to) = DateRange(query["date"]);
        var count = Single(query, "_count") is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= MaxCount ? n
                : throw FhirException.Invalid("_count", $"_count must be an integer from 1 to {MaxCount}")
            : DefaultCount;
        var cursor = Cursor(Single(query, "_cursor"));

        var bundle = new Bundle { Type = Bundle.BundleType.Searchset };
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = baseUrl + "/AuditEvent" + request.QueryString });
        if (none) return bundle;
        var parts = new List<AuditEventResources.Part>();
        var after = Math.Max(0, cursor.EventId - 1);
        var more = true;
        while (parts.Count <= count && more)
        {
            var page = await trail.ReadAuditEventsAsync(new AuditQuery { Record = patient, From = from, To = to, AfterEventId = after, Limit = count },
                cancellationToken);
            foreach (var e in page.Events)
                parts.AddRange(AuditEventResources.PartsOf(e, patient).Where(p => (p.Event.EventId, p.Ordinal).CompareTo(cursor) > 0));
            more = page.More;
            if (page.Events.Count > 0) after = page.Events[^1].EventId;
        }
        foreach (var part in parts.Take(count))
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = $"{baseUrl}/AuditEvent/{part.Id}",
                Resource = AuditEventResources.Of(part, patients, baseUrl),
                Search = new Bundle.SearchComponent { Mode = Bundle.SearchEntryMode.Match },
            });
        if (parts.Count > count)
        {
            var next = QueryHelpers.ParseQuery(request.QueryString.Value);
            next["_cursor"] = parts[count - 1].Id;
            next["_count"] = count.ToString(CultureInfo.InvariantCulture);
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = QueryHelpers.AddQueryString(baseUrl + "/AuditEvent", next) });
        }
        return bundle;
    }

    public async Task<Hl7.Fhir.Model.AuditEvent> ReadAsync(string id, string baseUrl, CancellationToken cancellationToken)
    {
        var (eventId, ordinal) = TryCursor(id) ?? throw FhirException.NotFound($"AuditEvent/{id}");
        var page = await trail.ReadAuditEventsAsync(new AuditQuery { AfterEventId = eventId - 1, Limit = 1 }, cancellationToken);
        var part = page.Events.Where(e => e.EventId == eventId).SelectMany(e => AuditEventResources.PartsOf(e)).FirstOrDefault(p => p.Ordinal == ordinal);
        if (part.Event is null) throw FhirException.NotFound($"AuditEvent/{id}");
        AuditScope.Current?.Asks(records: part.Record is { } record ? [record.Key] : null);
        return AuditEventResources.Of(part, patients, baseUrl);
    }

    /// <summary>The record the reference names; <paramref name="none"/> when it names one no record can be (nothing matches).</summary>
    private static RecordKey? PatientOf(string? reference, string baseUrl, out bool none)
    {
        none = false;
        if (reference is null) return null;
        var id = reference.StartsWith(baseUrl + "/", StringComparison.Ordinal) ? reference[(baseUrl.Length + 1)..] : reference;
        if (id.StartsWith("Patient/", StringComparison.Ordinal)) id = id["Patient/".Length..];
        else if (id.Contains('/')) throw FhirException.Invalid("patient", $"{reference} is not a Patient reference: give Patient/{{id}}");
        if (PatientIds.TryParse(id, out var key)) return key;
        none = true;
        return null;
    }

    private static string? Single(IQueryCollection query, string name) => query[name].Count switch
    {
        0 => null,
        1 => query[name].ToString(),
        _ => throw FhirException.Invalid(name, $"{name} is given more than once"),
    };

    private static (long EventId, int Ordinal) Cursor(string? text) => text is null ? (0, 0)
        : TryCursor(text) ?? throw FhirException.Invalid("_cursor", "_cursor is not one this server gave");

    private static (long EventId, int Ordinal)? TryCursor(string text)
    {
        var dash = text.IndexOf('-');
        var (eventText, ordinalText) = dash < 0 ? (text, "0") : (text[..dash], text[(dash + 1)..]);
        return long.TryParse(eventText, NumberStyles.None, CultureInfo.InvariantCulture, out var eventId) && eventId > 0
            && int.TryParse(ordinalText, NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal) && (dash < 0 || ordinal > 0)
            ? (eventId, ordinal) : null;
    }

    /// <summary>Every <c>date</c> bound taken together: the latest lower bound and the earliest upper one.</summary>
    private static (DateTimeOffset? From, DateTimeOffset? To) DateRange(IEnumerable<string?> values)
    {
        DateTimeOffset? from = null, to = null;
        foreach (var value in values.OfType<string>())
        {
            // A date starts with a digit, so two letters before it are a prefix.
            var prefix = value.Length > 2 && char.IsAsciiLetter(value[0]) && char.IsAsciiLetter(value[1]) ? value[..2] : null;
            var (start, end) = Interval(prefix is null ? value : value[2..]);
            (DateTimeOffset? lower, DateTimeOffset? upper) = (prefix ?? "eq") switch
            {
                "eq" => ((DateTimeOffset?)start, (DateTimeOffset?)end),
                "ge" => (start, null),
                "gt" => (end, null),
                "le" => (null, end),
                "lt" => (null, start),
                _ => throw FhirException.Invalid("date", $"the date prefix {prefix} is not supported: use eq, ge, gt, le or lt"),
            };
            if (lower is { } l && (from is null || l > from)) from = l;
            if (upper is { } u && (to is null || u < to)) to = u;
        }
        return (from, to);
    }

    /// <summary>A FHIR dateTime of any precision as the instants it covers: [start, end).</summary>
    private static (DateTimeOffset Start, DateTimeOffset End) Interval(string text)
    {
        var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        var culture = CultureInfo.InvariantCulture;
        if (DateTimeOffset.TryParseExact(text, "yyyy", culture, styles, out var year)) return (year, year.AddYears(1));
        if (DateTimeOffset.TryParseExact(text, "yyyy-MM", culture, styles, out var month)) return (month, month.AddMonths(1));
        if (DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", culture, styles, out var day)) return (day, day.AddDays(1));
        string[] minutes = ["yyyy-MM-dd'T'HH:mmK", "yyyy-MM-dd'T'HH:mm"];
        if (DateTimeOffset.TryParseExact(text, minutes, culture, styles, out var minute)) return (minute, minute.AddMinutes(1));
        string[] seconds = ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss"];
        if (DateTimeOffset.TryParseExact(text, seconds, culture, styles, out var second)) return (second, second.AddSeconds(1));
        string[] fractions = ["yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF"];
        if (DateTimeOffset.TryParseExact(text, fractions, culture, styles, out var instant)) return (instant, instant.AddTicks(1));
        throw FhirException.Invalid("date", $"'{text}' is not a FHIR date or dateTime (e.g. 2025-03-01 or 2025-03-01T09:30:00Z)");
    }
}
