extern alias server;
using server::PatientIndex.Server.Security;
using server::PatientIndex.Server.Security.Development;

namespace PatientIndex.Server.Tests;

/// <summary>The kinds of caller the tests sign in as, registered at the <see cref="TestIssuer"/> as clients.</summary>
public static class TestCallers
{
    private const string Secret = "test-secret";
    private static readonly string[] AllScopes = [AccessPolicy.ReadScope, AccessPolicy.WriteScope, AccessPolicy.UserReadScope];

    /// <summary>Every source the tests' records come from.</summary>
    public static readonly string[] AllSources = ["gp", "hospital", "community", "pas", "trust", "dataset1", "dataset2", "dataset3", "dataset4", "dataset5", "fake_1000"];

    /// <summary>Every role and scope, writing for every source: what a test gets unless it asks for less, so older tests keep their meaning.</summary>
    public static IssuerClient Everything { get; } = new("test-everything", Secret, ["steward", "auditor", "admin"], AllScopes, AllSources) { Subject = "test-runner" };

    public static IssuerClient Integration(string source) => new($"integration-{source}", Secret, [], [AccessPolicy.ReadScope, AccessPolicy.WriteScope], [source]);

    public static IssuerClient Reader { get; } = new("reader", Secret, [], [AccessPolicy.ReadScope], []);

    public static IssuerClient UserReader { get; } = new("user-reader", Secret, [], [AccessPolicy.UserReadScope], []);

    public static IssuerClient Steward(string name) => new($"steward-{name}", Secret, ["steward"], [], []) { Subject = name, Name = name };

    public static IssuerClient Auditor { get; } = new("auditor", Secret, ["auditor"], [], []);

    public static IssuerClient Admin { get; } = new("admin", Secret, ["admin"], [], []);
}
