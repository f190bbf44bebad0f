extern alias server;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PatientIndex.Api.V1;
using PatientIndex.Core.Store;
using server::PatientIndex.Server.Security.Development;

namespace PatientIndex.Server.Tests;

/// <summary>
/// The server in-process (WebApplicationFactory) on a real SQLite file (or the store the given
/// settings name), with a real gRPC channel over the test server's handler. It trusts the
/// <see cref="TestIssuer"/> (or the one given), and its channel and handlers send a token of
/// <see cref="TestCallers.Everything"/> unless a call carries its own. <see cref="RestartAsync"/>
/// stops it and starts a new one on the same store.
/// </summary>
public sealed class ServiceHost : IAsyncDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("patientindex-server-").FullName;
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly TestIssuer _issuer;
    private readonly ILoggerProvider? _logs;
    private readonly Action<IServiceCollection>? _services;
    private readonly bool _waitForIndex;
    private WebApplicationFactory<server::Program> _factory;
    private GrpcChannel _channel;

    /// <param name="settings">Configuration on top of the test defaults (e.g. <c>Fhir:Sources:hospital</c>).</param>
    /// <param name="seededDatabase">A SQLite store file to start from (copied), e.g. one that <c>link --store</c> wrote.</param>
    /// <param name="issuer">The OIDC provider it trusts: <see cref="TestIssuer.Shared"/> unless given.</param>
    /// <param name="logs">Where the server's log goes as well, for a test that reads it.</param>
    /// <param name="services">Changes to the server's services, after its own (e.g. an in-memory telemetry exporter).</param>
    /// <param name="waitForIndex">
    /// Whether each start waits until the candidate index is built, as most tests want (they read the index directly);
    /// false for a test of what the server does while it builds.
    /// </param>
    public ServiceHost(IReadOnlyDictionary<string, string?>? settings = null, string? seededDatabase = null, TestIssuer? issuer = null,
        ILoggerProvider? logs = null, Action<IServiceCollection>? services = null, bool waitForIndex = true)
    {
        (_logs, _services, _waitForIndex) = (logs, services, waitForIndex);
        if (seededDatabase is not null) File.Copy(seededDatabase, DatabasePath);
        _issuer = issuer ?? TestIssuer.Shared;
        _settings = settings ?? new Dictionary<string, string?>();
        (_factory, _channel) = Start();
        Client = new PatientIndex.Api.V1.PatientIndex.PatientIndexClient(_channel);
    }

    public string DatabasePath => Path.Combine(_directory, "patientindex.db");

    public PatientIndex.Api.V1.PatientIndex.PatientIndexClient Client { get; private set; }

    public GrpcChannel Channel => _channel;

    public Uri BaseAddress => _factory.Server.BaseAddress;

    /// <summary>A handler into the in-process server, for HTTP clients (e.g. Firely's FhirClient), sending the caller's token.</summary>
    public HttpMessageHandler CreateHandler(IssuerClient? caller = null) => new BearerHandler(caller ?? TestCallers.Everything, _factory.Server.CreateHandler(), _issuer);

    /// <summary>A handler that sends no token.</summary>
    public HttpMessageHandler CreateAnonymousHandler() => _factory.Server.CreateHandler();

    /// <summary>A gRPC channel as the caller (null: anonymous).</summary>
    public GrpcChannel ChannelFor(IssuerClient? caller) => GrpcChannel.ForAddress(BaseAddress, new GrpcChannelOptions
    {
        HttpHandler = caller is null ? CreateAnonymousHandler() : CreateHandler(caller),
    });

    public IPatientIndexStore Store => _factory.Services.GetRequiredService<IPatientIndexStore>();

    public T Service<T>() where T : notnull => _factory.Services.GetRequiredService<T>();

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
            // Later sources win: the settings given override the defaults.
            web.ConfigureAppConfiguration(config => config
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Sqlite:Path"] = DatabasePath, ["Logging:LogLevel:Default"] = "Warning" })
                .AddInMemoryCollection(_issuer.Settings)
                .AddInMemoryCollection(_settings));
            if (_logs is not null) web.ConfigureLogging(logging => logging.AddProvider(_logs));
            if (_services is not null) web.ConfigureServices(_services);
        });
        var channel = GrpcChannel.ForAddress(factory.Server.BaseAddress, new GrpcChannelOptions
        {
            HttpHandler = new BearerHandler(TestCallers.Everything, factory.Server.CreateHandler(), _issuer),
        });
        if (_waitForIndex) factory.Services.GetRequiredService<server::PatientIndex.Server.Matching.IndexLoader>().Ready.GetAwaiter().GetResult();
        return (factory, channel);
    }
}
