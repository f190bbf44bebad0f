using PatientIndex.Core.Store;

namespace PatientIndex.Server.Stewardship;

/// <summary>
/// What a steward narrows the review queue to, as the page's query string carries it: status, source,
/// the kind of reason, a probability band, an age range, the order and the page.
/// </summary>
public sealed record QueueFilter
{
    public const int PageSize = 50;

    public ReviewTaskStatus Status { get; init; } = ReviewTaskStatus.Open;
    public string? Source { get; init; }
    public string? Kind { get; init; }
    public string? Band { get; init; }
    public string? Age { get; init; }
    public ReviewTaskOrder Order { get; init; } = ReviewTaskOrder.OldestFirst;
    public int Offset { get; init; }

    public static QueueFilter From(string? status, string? source, string? kind, string? band, string? age, string? order, int? offset) => new()
    {
        Status = status switch { "deferred" => ReviewTaskStatus.Deferred, "resolved" => ReviewTaskStatus.Resolved, _ => ReviewTaskStatus.Open },
        Source = Blank(source),
        Kind = ReasonKinds.Find(kind)?.Value,
        Band = ProbabilityBands.Find(band)?.Value,
        Age = AgeRanges.Find(age)?.Value,
        Order = order == "likely" ? ReviewTaskOrder.MostLikelyFirst : ReviewTaskOrder.OldestFirst,
        Offset = Math.Max(0, offset ?? 0),
    };

    public string StatusText => Status.ToString().ToLowerInvariant();

    public string OrderText => Order == ReviewTaskOrder.MostLikelyFirst ? "likely" : "oldest";

    /// <summary>The store's query for this filter, ages judged at <paramref name="now"/>.</summary>
    public ReviewTaskQuery ToQuery(DateTimeOffset now, int limit = PageSize)
    {
        var band = ProbabilityBands.Find(Band);
        var age = AgeRanges.Find(Age);
        return new ReviewTaskQuery
        {
            Status = Status,
            Source = Source,
            ReasonKind = ReasonKinds.Find(Kind)?.Value,
            MinProbability = band?.From,
            MaxProbability = band?.Below is { } below ? Math.BitDecrement(below) : null,
            CreatedAfter = age?.Younger is { } younger ? now - younger : null,
            CreatedBefore = age?.Older is { } older ? now - older : null,
            Order = Order,
            Offset = Offset,
            Limit = limit,
        };
    }

    /// <summary>The queue's address with this filter, at another page when given.</summary>
    public string Url(int? offset = null)
    {
        var parts = new List<string> { $"status={StatusText}" };
        void Add(string name, string? value) { if (value is not null) parts.Add($"{name}={Uri.EscapeDataString(value)}"); }
        Add("source", Source);
        Add("kind", Kind);
        Add("band", Band);
        Add("age", Age);
        if (Order == ReviewTaskOrder.MostLikelyFirst) parts.Add("order=likely");
        if ((offset ?? Offset) > 0) parts.Add($"offset={offset ?? Offset}");
        return "/steward?" + string.Join("&", parts);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>A kind of review reason a steward can filter by (<see cref="Core.Linkage.ReviewReason.KindOf"/>), with its label.</summary>
public sealed record ReasonKind(string Value, string Label);

public static class ReasonKinds
{
    public static IReadOnlyList<ReasonKind> All { get; } =
    [
        new("refused", "Link refused by a fact (e.g. two NHS numbers)"),
        new("twins", "Possible twins"),
        new("parent-child", "Possible parent and child"),
        new("siblings", "Possible siblings"),
        new("nhs-differs", "NHS numbers differ"),
        new("dob-differs", "Birth dates differ"),
        new("name-close", "Names close, not equal"),
        new("dob-close", "Birth dates close, not equal"),
    ];

    public static ReasonKind? Find(string? value) => All.FirstOrDefault(k => k.Value == value);
}

/// <summary>A band of the model's probability, from (inclusive) and below (exclusive; null is up to 1).</summary>
public sealed record ProbabilityBand(string Value, string Label, double? From, double? Below);

public static class ProbabilityBands
{
    public static IReadOnlyList<ProbabilityBand> All { get; } =
    [
        new("under-0.5", "below 0.5", null, 0.5),
        new("0.5-0.8", "0.5 to 0.8", 0.5, 0.8),
        new("0.8-0.95", "0.8 to 0.95", 0.8, 0.95),
        new("over-0.95", "0.95 and above", 0.95, null),
    ];

    public static ProbabilityBand? Find(string? value) => All.FirstOrDefault(b => b.Value == value);
}

/// <summary>How long ago a task was opened: younger than, and older than.</summary>
public sealed record AgeRange(string Value, string Label, TimeSpan? Younger, TimeSpan? Older);

public static class AgeRanges
{
    public static IReadOnlyList<AgeRange> All { get; } =
    [
        new("day", "opened in the last day", TimeSpan.FromDays(1), null),
        new("week", "1 to 7 days old", TimeSpan.FromDays(7), TimeSpan.FromDays(1)),
        new("older", "more than a week old", null, TimeSpan.FromDays(7)),
    ];

    public static AgeRange? Find(string? value) => All.FirstOrDefault(a => a.Value == value);
}
