namespace PatientIndex.Server.Security;

/// <summary>
/// One authorisation policy: a caller is admitted when its token holds any of <see cref="Scopes"/> or
/// any of <see cref="Roles"/>. <see cref="OwnSourceOnly"/> says the handler also checks that each record
/// written is of a source the token names in its <c>source</c> claim.
/// </summary>
public sealed record AccessRule(string Name, IReadOnlyList<string> Scopes, IReadOnlyList<string> Roles, bool OwnSourceOnly, string Meaning)
{
    public bool Admits(Caller caller) => Scopes.Any(caller.HasScope) || Roles.Any(caller.HasRole);
}
