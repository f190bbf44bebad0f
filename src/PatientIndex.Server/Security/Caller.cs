using System.Security.Claims;

namespace PatientIndex.Server.Security;

/// <summary>
/// The caller as its validated token says: subject, display name, scopes (<c>scope</c>, space-separated,
/// or <c>scp</c>), roles (the identity's role claim) and the sources it feeds (<c>source</c>, one or several).
/// </summary>
public sealed class Caller(ClaimsPrincipal principal)
{
    public const string SourceClaim = "source";

    public ClaimsPrincipal Principal => principal;

    public string? Subject => principal.FindFirst("sub")?.Value;

    /// <summary>For display only: records name the subject.</summary>
    public string? DisplayName => principal.FindFirst("name")?.Value ?? principal.FindFirst("preferred_username")?.Value ?? Subject;

    public IReadOnlySet<string> Scopes { get; } = principal.FindAll("scope").Concat(principal.FindAll("scp"))
        .SelectMany(c => c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);

    public IReadOnlySet<string> Sources { get; } = principal.FindAll(SourceClaim).Select(c => c.Value.Trim()).ToHashSet(StringComparer.Ordinal);

    public bool IsAuthenticated => principal.Identity?.IsAuthenticated == true;

    public bool HasScope(string scope) => Scopes.Contains(scope);

    public bool HasRole(string role) => principal.IsInRole(role);

    public bool IsAdmin => HasRole("admin");

    /// <summary>Refuses a write of a record of <paramref name="source"/> unless the token names that source and may write.</summary>
    public void EnsureMayWrite(string source)
    {
        if (!HasScope(AccessPolicy.WriteScope))
            throw new AccessDeniedException($"writing records needs the scope {AccessPolicy.WriteScope}");
        if (!Sources.Contains(source))
            throw new AccessDeniedException(Sources.Count == 0
                ? $"this token names no source (claim '{SourceClaim}'), so it may write no record, and not one of {source}"
                : $"a record of {source} is not this token's to write: it writes for {string.Join(", ", Sources.Order(StringComparer.Ordinal))}");
    }
}
