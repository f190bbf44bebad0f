using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using PatientIndex.Core.Blocking;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Scoring;

namespace PatientIndex.Ml;

/// <summary>
/// Everything that decides a match, as one directory (<c>models/&lt;id&gt;/</c>), read alike by bulk
/// <c>link</c> and the service: <c>linkage.json</c> (the thresholds and block caps: the one place each is
/// set), <c>fellegi-sunter.json</c> (m, u, the prior and the term-frequency settings), and, for a trained
/// model, <c>model.json</c> (the trees that correct Fellegi–Sunter). <c>link --save-model DIR</c> writes
/// one from a run; the server loads one by <c>Matching:Model</c>.
/// </summary>
public sealed record LinkageModel
{
    public const string SettingsFileName = "linkage.json";
    public const string FellegiSunterFileName = "fellegi-sunter.json";
    public const string Format = "patientindex.linkage/1";

    /// <summary>The trees' id (e.g. match-v3), or "fellegi-sunter" for a model without trees.</summary>
    public required string Id
    {
        get => _id;
        init { _id = value; _version = null; }
    }
    private string _id = null!;
    public required ModelThresholds Thresholds { get; init; }
    public BlockCaps Blocking { get; init; } = new();
    /// <summary>The Fellegi–Sunter parameters the service scores with; bulk linkage learns its own from each extract.</summary>
    public FellegiSunterModel? FellegiSunter
    {
        get => _fellegiSunter;
        init { _fellegiSunter = value; _version = null; }
    }
    private FellegiSunterModel? _fellegiSunter;
    public ModelProvenance? Provenance { get; init; }
    public MatchModel? Trees { get; init; }

    public DecisionPolicy Decisions => new(Thresholds.Link, Thresholds.Review);

    /// <summary>
    /// What each decision records as its model: the id, and a digest of the Fellegi–Sunter parameters
    /// (<c>match-v3+fs.1a2b3c4d</c>), which change when a site relearns them from its own records.
    /// </summary>
    public string Version => _version ??= FellegiSunter is null ? Id : $"{Id}+fs.{Digest(FellegiSunterParameters.ToJson(FellegiSunter))}";
    /// <summary>Made once: the digest serialises every parameter and name count. Setting the id or the parameters (a <c>with</c> copy) drops it.</summary>
    private string? _version;

    /// <summary>
    /// The scorer for a run's Fellegi–Sunter parameters: the trees over them, or FS alone. Where EM learnt
    /// from too few pairs to mean anything (a handful of records), the run decides as the service would,
    /// with this model's own parameters, when it has them.
    /// </summary>
    public IMatchScorer ScorerFor(FellegiSunterModel fellegiSunter, string? name = null) =>
        Trees is null ? fellegiSunter : MlMatchScorer.ForRun(Trees, fellegiSunter, name, FellegiSunter is null ? null : Scorer);

    /// <summary>The scorer the service decides with: the trees over this model's own parameters, named by its version.</summary>
    public IMatchScorer Scorer()
    {
        var fellegiSunter = FellegiSunter ?? throw new ModelLoadException($"linkage model '{Id}' holds no Fellegi–Sunter parameters ({FellegiSunterFileName})");
        // The candidates' share of matches goes with the parameters: the trees' probabilities are moved to the
        // prior of the records they were learnt from, in the service as in the run that learnt them.
        var named = new FellegiSunterModel(fellegiSunter.MatchProbability, fellegiSunter.M, fellegiSunter.U, fellegiSunter.TermFrequency)
        {
            Name = Version, CandidateMatchShare = fellegiSunter.CandidateMatchShare,
        };
        return Trees is null ? named : new MlMatchScorer(Trees, named, Version);
    }

    /// <summary>The same model deciding with other Fellegi–Sunter parameters (learnt by a run, or relearnt from a store).</summary>
    public LinkageModel WithFellegiSunter(FellegiSunterModel fellegiSunter, ModelProvenance? provenance) =>
        this with { FellegiSunter = fellegiSunter, Provenance = provenance };

    /// <summary>Reads a model directory (or the directory of a file in it), checking every part fits this engine.</summary>
    /// <exception cref="ModelLoadException">A part is missing, unreadable, or made for another engine; every problem is named.</exception>
    public static LinkageModel Load(string path)
    {
        var directory = Directory.Exists(path) ? path : Path.GetDirectoryName(Path.GetFullPath(path))!;
        var settingsFile = Path.Combine(directory, SettingsFileName);
        if (!File.Exists(settingsFile)) throw new ModelLoadException($"{settingsFile}: no such file (a linkage model directory holds {SettingsFileName}, {FellegiSunterFileName} and, with trees, {MatchModel.FileName})");
        Settings settings;
        try { settings = JsonSerializer.Deserialize<Settings>(File.ReadAllText(settingsFile), Json) ?? throw new JsonException("empty"); }
        catch (JsonException e) { throw new ModelLoadException($"{settingsFile}: not a linkage model ({e.Message})"); }
        var problems = settings.Problems().Select(p => $"{settingsFile}: {p}").ToList();
        if (problems.Count > 0) throw new ModelLoadException(string.Join(Environment.NewLine, problems));

        var fellegiSunterFile = Path.Combine(directory, FellegiSunterFileName);
        FellegiSunterModel? fellegiSunter = null;
        ModelProvenance? provenance = null;
        if (File.Exists(fellegiSunterFile))
        {
            var json = File.ReadAllText(fellegiSunterFile);
            try { fellegiSunter = FellegiSunterParameters.FromJson(json); }
            catch (ModelFormatException e) { throw new ModelLoadException($"{fellegiSunterFile}: {e.Message}"); }
            provenance = FellegiSunterParameters.ProvenanceOf(json);
        }
        var trees = File.Exists(Path.Combine(directory, MatchModel.FileName)) ? MatchModel.Load(directory) with { Thresholds = settings.Thresholds } : null;
        return new LinkageModel
        {
            Id = settings.Id!,
            Thresholds = settings.Thresholds!,
            Blocking = settings.Blocking ?? new BlockCaps(),
            FellegiSunter = fellegiSunter,
            Provenance = provenance,
            Trees = trees,
        };
    }

    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        var settings = new Settings { Format = Format, Id = Id, Thresholds = Thresholds, Blocking = Blocking };
        File.WriteAllText(Path.Combine(directory, SettingsFileName), JsonSerializer.Serialize(settings, Json) + Environment.NewLine);
        if (FellegiSunter is not null)
            File.WriteAllText(Path.Combine(directory, FellegiSunterFileName), FellegiSunterParameters.ToJson(FellegiSunter, Provenance) + Environment.NewLine);
        Trees?.Save(directory);
    }

    private static string Digest(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..8];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private sealed class Settings
    {
        public string? Format { get; set; }
        public string? Id { get; set; }
        public ModelThresholds? Thresholds { get; set; }
        public BlockCaps? Blocking { get; set; }

        public IEnumerable<string> Problems()
        {
            if (Format != LinkageModel.Format) yield return $"format must be \"{LinkageModel.Format}\", not \"{Format}\"";
            if (string.IsNullOrWhiteSpace(Id)) yield return "id is missing";
            if (Thresholds is null) { yield return "thresholds are missing"; yield break; }
            foreach (var problem in new DecisionPolicy(Thresholds.Link, Thresholds.Review).Validate()) yield return problem;
            if (Blocking is { MaxBlockSize: < 2 }) yield return "blocking.max_block_size must be at least 2";
            if (Blocking is { ScanLimit: < 1 }) yield return "blocking.scan_limit must be at least 1";
        }
    }
}
