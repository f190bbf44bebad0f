using System.Collections.Concurrent;
using PatientIndex.Core.Records;
using PatientIndex.Core.Text;

namespace PatientIndex.Core.Normalisation;

/// <summary>Source record → normalised record. Field-level problems blank the field and are reported.</summary>
public sealed class RecordNormaliser(NicknameTable nicknames, DateOnly today, string? dateFormat = null)
{
    public RecordNormaliser(string? dateFormat = null)
        : this(NicknameTable.Default, DateOnly.FromDateTime(DateTime.UtcNow), dateFormat) { }

    public NormalisedRecord Normalise(SourceRecord record, List<FieldProblem>? problems = null) =>
        Normalise(record, problems, memo: null);

    /// <summary>
    /// Normalises with a memo of the values already seen on this thread: an extract repeats its names,
    /// postcodes and towns thousands of times, and each is then normalised once. (Birth dates repeat too,
    /// but reading one allocates nothing and costs less than looking it up.)
    /// </summary>
    public NormalisedRecord Normalise(SourceRecord record, List<FieldProblem>? problems, Memo? memo)
    {
        memo ??= _remembersNothing ??= new Memo(this, maxValues: 0);
        var nhs = NhsNumber.Normalise(record.NhsNumber, out var nhsValid, out var nhsProblem);
        Report(problems, CanonicalField.NhsNumber, record.NhsNumber, nhsProblem);
        var verification = NhsNumberVerificationCode.Normalise(record.NhsNumberVerification, out var verificationProblem);
        Report(problems, CanonicalField.NhsNumberVerification, record.NhsNumberVerification, verificationProblem);
        var dob = BirthDate.Parse(record.Dob, dateFormat, today, out var dobProblem);
        Report(problems, CanonicalField.Dob, record.Dob, dobProblem);
        var given = memo.GivenNames.Of(record.GivenName);
        var middle = memo.MiddleNames.Of(record.MiddleNames);
        var family = memo.FamilyNames.Of(record.FamilyName);

        return new NormalisedRecord
        {
            Source = memo.Sources.Of(record.Source)!,
            RecordId = record.RecordId,
            NhsNumber = nhs,
            NhsNumberValid = nhsValid,
            NhsNumberVerification = verification,
            OtherId = Identifier(record.OtherId),
            GivenName = given.First,
            GivenNameJoined = given.Joined,
            MiddleNames = middle ?? given.Rest,
            FamilyName = family.Joined,
            FamilyNameParts = family.Parts,
            GivenNamePhonetic = given.Phonetic,
            FamilyNamePhonetic = family.Phonetic,
            GivenNameGroups = given.Groups,
            Dob = dob,
            Sex = memo.Sexes.Of(record.Sex),
            Postcode = memo.Postcodes.Of(record.Postcode),
            Address = ContactText.Address(record.AddressLine1, record.AddressLine2),
            City = memo.Towns.Of(record.City),
            Phone = ContactText.Phone(record.Phone),
            Email = ContactText.Email(record.Email),
        };
    }

    /// <summary>A memo for one thread's records; such a memo is not thread-safe.</summary>
    public Memo NewMemo() => new(this, maxValues: 1 << 18);

    /// <summary>
    /// A memo any number of threads may share: a service's records then hold one copy of each name, postcode
    /// and town however many records carry it, where normalising each record afresh would give each its own.
    /// </summary>
    public Memo NewSharedMemo() => new(this, maxValues: 1 << 18, shared: true);

    /// <summary>
    /// What normalising without a memo uses: it keeps no values, so it is never written to and threads
    /// may share it (two racing to make it make two alike).
    /// </summary>
    private Memo? _remembersNothing;

    /// <summary>
    /// The normalised forms of raw values seen so far. Records with the same raw value share its
    /// normalised strings and arrays, which are never changed once made.
    /// </summary>
    public sealed class Memo
    {
        internal Memo(RecordNormaliser normaliser, int maxValues, bool shared = false)
        {
            GivenNames = new(normaliser.GivenName, maxValues, shared);
            MiddleNames = new(RecordNormaliser.MiddleNames, maxValues, shared);
            FamilyNames = new(RecordNormaliser.FamilyName, maxValues, shared);
            Sexes = new(SexCode.Parse, maxValues, shared);
            Postcodes = new(Postcode.Parse, maxValues, shared);
            Towns = new(ContactText.Town, maxValues, shared);
            Sources = new(source => source, Math.Min(maxValues, 1024), shared);
        }

        internal ValuesSeen<GivenNameForm> GivenNames { get; }
        internal ValuesSeen<string?> MiddleNames { get; }
        internal ValuesSeen<FamilyNameForm> FamilyNames { get; }
        internal ValuesSeen<Sex> Sexes { get; }
        internal ValuesSeen<Postcode?> Postcodes { get; }
        internal ValuesSeen<string?> Towns { get; }
        /// <summary>Source names as given: a handful of values carried by every record.</summary>
        internal ValuesSeen<string?> Sources { get; }
    }

    /// <summary>One field's raw values and their normalised forms, up to <paramref name="maxValues"/> values.</summary>
    internal sealed class ValuesSeen<T>(Func<string?, T> normalise, int maxValues, bool shared)
    {
        private readonly Dictionary<string, T>? _forms = shared ? null : new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, T>? _sharedForms = shared ? new(StringComparer.Ordinal) : null;
        private int _sharedCount;

        public T Of(string? raw)
        {
            if (raw is null) return normalise(raw);
            return _forms is not null ? Local(_forms, raw) : Shared(_sharedForms!, raw);
        }

        private T Local(Dictionary<string, T> forms, string raw)
        {
            if (forms.TryGetValue(raw, out var form)) return form;
            form = normalise(raw);
            if (forms.Count < maxValues) forms.Add(raw, form);
            return form;
        }

        /// <summary>Two threads may both normalise a new value; the first one's form is kept and both get it.</summary>
        private T Shared(ConcurrentDictionary<string, T> forms, string raw)
        {
            if (forms.TryGetValue(raw, out var form)) return form;
            form = normalise(raw);
            if (Volatile.Read(ref _sharedCount) >= maxValues) return form;
            if (forms.TryAdd(raw, form)) { Interlocked.Increment(ref _sharedCount); return form; }
            return forms.TryGetValue(raw, out var first) ? first : form;
        }
    }

    /// <param name="Rest">The given-name field's further names, space separated: middle names when the source has no field for them.</param>
    internal sealed record GivenNameForm(string? First, string? Joined, string? Rest, string Phonetic, int[] Groups);

    internal sealed record FamilyNameForm(string? Joined, string[] Parts, string Phonetic);

    private GivenNameForm GivenName(string? raw)
    {
        var tokens = NameText.PersonalNameTokens(raw);
        var first = tokens.Count > 0 ? tokens[0] : null;
        return new GivenNameForm(
            First: first,
            Joined: tokens.Count > 1 ? string.Concat(tokens) : null,
            Rest: tokens.Count > 1 ? string.Join(' ', tokens.Skip(1)) : null,
            Phonetic: first is { Length: > 1 } ? PhoneticKey.Of(first) : "",
            Groups: nicknames.GroupsOf(first));
    }

    private static string? MiddleNames(string? raw)
    {
        var tokens = NameText.Tokens(raw);
        return tokens.Count > 0 ? string.Join(' ', tokens) : null;
    }

    private static FamilyNameForm FamilyName(string? raw)
    {
        var tokens = NameText.PersonalNameTokens(raw);
        var joined = tokens.Count > 0 ? string.Concat(tokens) : null;
        return new FamilyNameForm(joined, tokens.Count > 1 ? tokens.ToArray() : [], PhoneticKey.Of(joined));
    }

    private static string? Identifier(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        Span<char> buffer = stackalloc char[Math.Min(raw.Length, 64)];
        var n = 0;
        foreach (var c in raw)
            if (char.IsAsciiLetterOrDigit(c) && n < buffer.Length) buffer[n++] = char.ToUpperInvariant(c);
        return n == 0 ? null : new string(buffer[..n]);
    }

    private static void Report(List<FieldProblem>? problems, CanonicalField field, string? value, string? problem)
    {
        if (problem is not null) problems?.Add(new FieldProblem(field, value ?? "", problem));
    }
}
