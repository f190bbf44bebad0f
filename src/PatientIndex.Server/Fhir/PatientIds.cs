using System.Text;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// The logical id of a source record's Patient: <c>{source}.{record_id}</c>, readable and stable, and
/// reversible without a lookup table. A FHIR id allows only <c>[A-Za-z0-9\-.]{1,64}</c>, so the
/// record id keeps letters, digits and hyphens and writes every other UTF-8 byte as <c>.XX</c> (hex);
/// the source code must be letters, digits and hyphens, so the first dot always ends it.
/// E.g. gp/G1001 → <c>gp.G1001</c>, hospital/RR8 556 → <c>hospital.RR8.20556</c>. A key that does
/// not fit in 64 characters has no logical id (its Patient is referenced by identifier only).
/// </summary>
public static class PatientIds
{
    private const int MaxLength = 64;

    public static string? Of(RecordKey key)
    {
        if (!IsSourceCode(key.Source)) return null;
        var id = new StringBuilder(key.Source).Append('.');
        foreach (var b in Encoding.UTF8.GetBytes(key.RecordId))
        {
            if (IsKept((char)b)) id.Append((char)b);
            else id.Append('.').Append(b.ToString("X2"));
        }
        return id.Length <= MaxLength ? id.ToString() : null;
    }

    public static bool TryParse(string id, out RecordKey key)
    {
        key = default;
        var dot = id.IndexOf('.');
        if (dot <= 0 || !IsSourceCode(id[..dot])) return false;
        var bytes = new List<byte>();
        for (var i = dot + 1; i < id.Length; i++)
        {
            if (id[i] != '.') { if (!IsKept(id[i])) return false; bytes.Add((byte)id[i]); continue; }
            if (i + 2 >= id.Length || !byte.TryParse(id.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var b)) return false;
            bytes.Add(b);
            i += 2;
        }
        if (bytes.Count == 0) return false;
        key = new RecordKey(id[..dot], Encoding.UTF8.GetString(bytes.ToArray()));
        return Of(key) == id; // one id per key: lower-case hex or a needless escape is another resource's id
    }

    public static bool IsSourceCode(string code) => code.Length is > 0 and <= 32 && code.All(c => IsKept(c));

    private static bool IsKept(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';
}
