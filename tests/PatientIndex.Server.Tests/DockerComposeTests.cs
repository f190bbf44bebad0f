using System.Diagnostics;

namespace PatientIndex.Server.Tests;

/// <summary>
/// docker-compose.yml is valid and says what the README promises. Images cannot be pulled here, so
/// the check is <c>docker-compose config</c>, which parses and resolves the file offline.
/// </summary>
public sealed class DockerComposeTests
{
    [DockerComposeFact]
    public void the_compose_file_is_valid_and_runs_patientindex_on_postgres_with_health_checks_and_a_named_volume()
    {
        var resolved = DockerCompose.Config(ComposeFile, Secrets);

        Assert.Contains("Storage__Provider: Postgres", resolved);
        Assert.Contains("Host=postgres;", resolved);
        Assert.Contains("condition: service_healthy", resolved);
        Assert.Equal(2, resolved.Split("healthcheck:").Length - 1);
        Assert.Contains("pgdata:", resolved);
        Assert.Contains("context: " + RealServer.RepositoryRoot, resolved);
        Assert.True(File.Exists(Path.Combine(RealServer.RepositoryRoot, "Dockerfile")));
        Assert.Contains("Auth__Authority: https://login.example.nhs.uk/realms/mpi", resolved);
    }

    [DockerComposeFact]
    public void the_compose_file_has_no_default_database_password_or_issuer()
    {
        var noPassword = DockerCompose.Run(ComposeFile, new Dictionary<string, string?>(Secrets) { ["POSTGRES_PASSWORD"] = null });
        var noIssuer = DockerCompose.Run(ComposeFile, new Dictionary<string, string?>(Secrets) { ["PATIENTINDEX_AUTH_AUTHORITY"] = null });

        Assert.NotEqual(0, noPassword.ExitCode);
        Assert.Contains("POSTGRES_PASSWORD", noPassword.Error);
        Assert.NotEqual(0, noIssuer.ExitCode);
        Assert.Contains("PATIENTINDEX_AUTH_AUTHORITY", noIssuer.Error);
    }

    private static string ComposeFile => Path.Combine(RealServer.RepositoryRoot, "docker-compose.yml");

    private static readonly Dictionary<string, string?> Secrets = new()
    {
        ["POSTGRES_PASSWORD"] = "not-a-default", ["PATIENTINDEX_AUTH_AUTHORITY"] = "https://login.example.nhs.uk/realms/mpi",
    };
}
