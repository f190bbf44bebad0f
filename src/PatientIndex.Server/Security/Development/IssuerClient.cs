namespace PatientIndex.Server.Security.Development;

/// <summary>
/// A client of the development issuer (client credentials) and what its tokens say: the subject and
/// name, roles, scopes, the sources it writes for, and the audience (the issuer's own unless given).
/// </summary>
public sealed record IssuerClient(string Id, string Secret, IReadOnlyList<string> Roles, IReadOnlyList<string> Scopes, IReadOnlyList<string> Sources)
{
    public string Subject { get; init; } = Id;
    public string Name { get; init; } = Id;
    public string? Audience { get; init; }
}
