using System.Collections;
using System.Globalization;
using Hl7.Fhir.Model;

namespace PatientIndex.Fhir.Internal;

/// <summary>
/// Reads FHIR elements by name, as the data carried them, without ever throwing.
/// </summary>
/// <remarks>
/// Firely 6 parses leniently (we use <c>DeserializationMode.Recoverable</c>) by storing whatever the JSON
/// held in the POCO and validating only when a typed property is read: <c>patient.Gender</c> throws for
/// <c>"gender": "M"</c>, <c>birthDateElement.Value</c> throws for <c>"birthDate": 19700512</c>,
/// <c>patient.Name</c> throws when <c>name</c> is a single object instead of an array, and so on.
/// A bulk extract must not lose a whole record over one odd field, so the mapper reads through
/// <see cref="Base.TryGetValue"/> and <see cref="PrimitiveType.JsonValue"/>, which hand back the stored
/// value as is, and takes both a list and a single item where FHIR says list.
/// </remarks>
internal static class RawElements
{
    /// <summary>The items of a repeating element; a lone item counts as a list of one.</summary>
    public static IEnumerable<T> Many<T>(Base owner, string name) where T : Base
    {
        if (!owner.TryGetValue(name, out var value)) return [];
        return value switch
        {
            T single => [single],
            IEnumerable list => list.OfType<T>(),
            _ => [],
        };
    }

    /// <summary>A non-repeating element; if the data carried a list, its first item.</summary>
    public static T? One<T>(Base owner, string name) where T : Base =>
        owner.TryGetValue(name, out var value)
            ? value switch
            {
                T single => single,
                IEnumerable list => list.OfType<T>().FirstOrDefault(),
                _ => null,
            }
            : null;

    /// <summary>The value of a primitive element as the data wrote it (numbers and booleans as their JSON text).</summary>
    public static string? Text(Base owner, string name) => TextOf(One<PrimitiveType>(owner, name));

    /// <summary>The values of a repeating primitive element, skipping items that carry no value (extension only).</summary>
    public static IEnumerable<string> Texts(Base owner, string name) =>
        Many<PrimitiveType>(owner, name).Select(TextOf).OfType<string>();

    public static string? TextOf(PrimitiveType? primitive) => primitive?.JsonValue switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    /// <summary>True when a code element holds <paramref name="code"/>; compared without regard to case, as sources vary.</summary>
    public static bool HasCode(Base owner, string name, string code) =>
        string.Equals(Text(owner, name), code, StringComparison.OrdinalIgnoreCase);
}
