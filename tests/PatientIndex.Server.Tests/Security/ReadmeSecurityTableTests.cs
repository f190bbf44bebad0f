extern alias server;
using server::PatientIndex.Server.Security;

namespace PatientIndex.Server.Tests.Security;

/// <summary>The README's "Security" section holds the policy table as the code has it, row for row.</summary>
public sealed class ReadmeSecurityTableTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RealServer.RepositoryRoot, "README.md"));

    [Fact]
    public void the_readme_lists_every_policy_with_its_scopes_and_roles()
    {
        static string Codes(IEnumerable<string> values) => values.Any() ? string.Join(", ", values.Select(v => $"`{v}`")) : "—";

        Assert.All(AccessPolicy.Rules, rule => Assert.Contains(
            $"| `{rule.Name}` | {Codes(rule.Scopes)} | {Codes(rule.Roles)} | {(rule.OwnSourceOnly ? "yes" : "")} | {rule.Meaning} |", Readme));
    }

    [Fact]
    public void the_readme_lists_every_operation_with_its_policy()
    {
        Assert.All(AccessPolicy.Operations, operation => Assert.Contains($"| `{operation.Key}` | `{operation.Policy}` |", Readme));
    }
}
