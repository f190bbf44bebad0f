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
        var resolved = DockerCompose.Config(Path.Combine(RealServer.RepositoryRoot, "docker-compose.yml"));

        Assert.Contains("Storage__Provider: Postgres", resolved);
        Assert.Contains("Host=postgres;", resolved);
        Assert.Contains("condition: service_healthy", resolved);
        Assert.Equal(2, resolved.Split("healthcheck:").Length - 1);
        Assert.Contains("pgdata:", resolved);
        Assert.Contains("context: " + RealServer.RepositoryRoot, resolved);
        Assert.True(File.Exists(Path.Combine(RealServer.RepositoryRoot, "Dockerfile")));
    }
}
