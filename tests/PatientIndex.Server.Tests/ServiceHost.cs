extern alias server;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PatientIndex.Api.V1;
using PatientIndex.Core.Store;

namespace PatientIndex.Server.Tests;

/// <summary>
/// The server in-process (WebApplicationFactory) on a real SQLite file, with a real gRPC channel
/// over the test server's handler. <see cref="RestartAsync"/> stops it and starts a new one on the same file.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-server-").FullName;
    private WebApplicationFactory<server::Program> _factory;
    private GrpcChannel _channel;

    /// <param name="seededDatabase">A store file to start from (copied), e.g. one that <c>link --store</c> wrote.</param>
    public ServiceHost(string? seededDatabase = null)
    {
        if (seededDatabase is not null) File.Copy(seededDatabase, DatabasePath);
        (_factory, _channel) = Start();
        Client = new PatientIndex.Api.V1.PatientIndex.PatientIndexClient(_channel);
    }

    public string DatabasePath => Path.Combine(_directory, "patientindex.db");

    public PatientIndex.Api.V1.PatientIndex.PatientIndexClient Client { get; private set; }

    public GrpcChannel Channel => _channel;

    public IPatientIndexStore Store => _factory.Services.GetRequiredService<IPatientIndexStore>();

    public async Task RestartAsync()
    {
        await StopAsync();
        (_factory, _channel) = Start();
        Client = new PatientIndex.Api.V1.PatientIndex.PatientIndexClient(_channel);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private async Task StopAsync()
    {
        _channel.Dispose();
        await _factory.DisposeAsync();
    }

    private (WebApplicationFactory<server::Program>, GrpcChannel) Start()
    {
        var factory = new WebApplicationFactory<server::Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment("Testing");
            web.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Storage:Sqlite:Path"] = DatabasePath,
                ["Logging:LogLevel:Default"] = "Warning",
            }));
        });
        var channel = GrpcChannel.ForAddress(factory.Server.BaseAddress, new GrpcChannelOptions { HttpHandler = factory.Server.CreateHandler() });
        return (factory, channel);
    }
}
