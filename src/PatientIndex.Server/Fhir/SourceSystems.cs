using Microsoft.Extensions.Options;
using PatientIndex.Fhir;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// Which identifier systems name a source: <c>urn:patientindex:source:&lt;code&gt;</c> with no set-up,
/// and the URIs configured in <c>Fhir:Sources</c>. Anything else is unknown, never guessed.
/// </summary>
public sealed class SourceSystems
{
    public const string Prefix = "urn:patientindex:source:";
    private readonly Dictionary<string, string> _systemOfSource;
    private readonly Dictionary<string, string> _sourceOfSystem;

    public SourceSystems(IOptions<FhirOptions> options)
    {
        _systemOfSource = new Dictionary<string, string>(options.Value.Sources, StringComparer.Ordinal);
        _sourceOfSystem = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (source, system) in _systemOfSource)
            if (!_sourceOfSystem.TryAdd(system, source))
                throw new InvalidOperationException($"Fhir:Sources maps {system} to both {_sourceOfSystem[system]} and {source}");
    }

    /// <summary>The source code an identifier system names, or null when the system names no source.</summary>
    public string? SourceOf(string? system)
    {
        if (system is null || system == PatientMapper.NhsNumberSystem) return null;
        if (_sourceOfSystem.TryGetValue(system, out var configured)) return configured;
        if (!system.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var code = system[Prefix.Length..];
        return PatientIds.IsSourceCode(code) ? code : null;
    }

    public string SystemOf(string source) => _systemOfSource.TryGetValue(source, out var system) ? system : Prefix + source;
}
