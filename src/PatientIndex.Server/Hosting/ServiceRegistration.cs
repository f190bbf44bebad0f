using Microsoft.Extensions.Options;
using Npgsql;
using PatientIndex.Core.Blocking;
using PatientIndex.Core.Linkage;
using PatientIndex.Core.Matching;
using PatientIndex.Core.Scoring;
using PatientIndex.Ml;
using PatientIndex.Core.Stewardship;
using PatientIndex.Core.Store;
using PatientIndex.Core.Jobs;
using PatientIndex.Server.Auditing;
using PatientIndex.Server.Grpc;
using PatientIndex.Server.Jobs;
using PatientIndex.Server.Limits;
using PatientIndex.Server.Matching;
using PatientIndex.Server.Stewardship;
using PatientIndex.Server.Telemetry;
using PatientIndex.Storage.Postgres;
using PatientIndex.Storage.Sqlite;

namespace PatientIndex.Server.Hosting;

internal static class ServiceRegistration
{
    /// <summary>Largest request accepted: a record is a few hundred bytes, so this is generous.</summary>
    public const int MaxReceiveMessageBytes = 1024 * 1024;
    public const int MaxSendMessageBytes = 16 * 1024 * 1024;

    public static IServiceCollection AddPatientIndex(this IServiceCollection services)
    {
        services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = MaxReceiveMessageBytes;
            grpc.MaxSendMessageSize = MaxSendMessageBytes;
            grpc.Interceptors.Add<StoreErrorInterceptor>();
            grpc.Interceptors.Add<StewardshipErrorInterceptor>();
            grpc.Interceptors.Add<AccessErrorInterceptor>();
        });
        services.AddGrpcReflection();
        services.AddAntiforgery();
        services.AddRazorComponents();
        services.AddGrpcHealthChecks()
            .AddCheck<IndexReadyCheck>("index", tags: [HealthEndpoint.ReadyTag])
            .AddCheck<StoreReadyCheck>("store", tags: [HealthEndpoint.ReadyTag]);
        services.GuardGrpcRequestMessages();
        services.AddQueryLimits();

        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section);
        services.AddOptions<SqliteStoreOptions>().BindConfiguration(SqliteStoreOptions.Section);
        services.AddOptions<PostgresStoreOptions>().BindConfiguration(PostgresStoreOptions.Section);
        services.AddOptions<MatchingOptions>().BindConfiguration(MatchingOptions.Section)
            .Validate(o => o.MaxCandidatesPerCall >= 1, "Matching:MaxCandidatesPerCall must be at least 1").ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        // The instruments exist whoever hosts the linker (the CLI too); only a telemetry provider listens to them.
        services.AddMetrics();
        services.AddSingleton<ServiceMetrics>();
        services.AddSingleton<ReplicaLag>();
        services.AddSingleton<GrpcCallMetrics>();
        AddStore(services);
        // The one place the model is chosen: the same linkage model directory bulk link reads and writes.
        services.AddSingleton(sp => LoadModel(sp.GetRequiredService<IOptions<MatchingOptions>>().Value));
        services.AddSingleton(sp => new ModelInUse(sp.GetRequiredService<LinkageModel>()));
        services.AddSingleton<IMatchScorer>(sp => sp.GetRequiredService<ModelInUse>());
        services.AddSingleton<ModelLearning>();
        services.AddHostedService<ModelStartup>();
        // The same linker bulk link uses: one policy, one set of block caps, one person-assignment rule.
        services.AddSingleton(sp =>
        {
            var model = sp.GetRequiredService<LinkageModel>();
            return new Linker(new LinkageSettings { Decisions = model.Decisions, Blocking = model.Blocking });
        });
        services.AddSingleton(sp => sp.GetRequiredService<Linker>().NewIndex(sp.GetRequiredService<LinkageModel>().FellegiSunter?.TermFrequency.Names));
        services.AddSingleton<DifferentPersons>();
        services.AddSingleton(sp => sp.GetRequiredService<Linker>().ForIndex(sp.GetRequiredService<CandidateIndex>(), sp.GetRequiredService<IMatchScorer>(),
            sp.GetRequiredService<TimeProvider>(), StoreIds.New, sp.GetRequiredService<DifferentPersons>(),
            sp.GetRequiredService<IOptions<MatchingOptions>>().Value.DefaultCandidatesReturned));
        services.AddSingleton(sp => new StewardDesk(sp.GetRequiredService<IPatientIndexStore>(), sp.GetRequiredService<PersonLinker>(),
            sp.GetRequiredService<TimeProvider>(), StoreIds.New, sp.GetRequiredService<LinkQueue>().WriteInScopeAsync));
        services.AddSingleton<TodaysNormaliser>();
        services.AddSingleton<IndexSync>();
        services.AddSingleton<IndexLoader>();
        services.AddHostedService(sp => sp.GetRequiredService<IndexLoader>());
        services.AddOptions<StewardshipOptions>().BindConfiguration(StewardshipOptions.Section)
            .Validate(o => o.ClaimMinutes > 0, "Stewardship:ClaimMinutes must be above 0").ValidateOnStart();
        services.AddSingleton<StewardWorkflow>();
        services.AddSingleton<LinkQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<LinkQueue>());
        services.AddSingleton<IdentityService>();
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IPatientIndexStore>() as IJobStore
            ?? throw new InvalidOperationException("the store keeps no extract jobs"));
        services.AddSingleton<ExtractJobs>();
        services.AddHostedService<JobRunner>();
        services.AddAuditing();
        return services;
    }

    /// <summary>
    /// The store named by <c>Storage:Provider</c>, chosen when first resolved (so test hosts can
    /// configure it late). PostgreSQL is also the replicas' coordinator; SQLite has one writer.
    /// </summary>
    private static void AddStore(IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var connectionString = sp.GetRequiredService<IOptions<PostgresStoreOptions>>().Value.ConnectionString;
            if (string.IsNullOrWhiteSpace(connectionString))
                throw new InvalidOperationException("Storage:Provider is Postgres but Storage:Postgres:ConnectionString is not set");
            return NpgsqlDataSource.Create(connectionString);
        });
        services.AddSingleton<IPatientIndexStore>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            storage.Check();
            return storage.IsPostgres
                ? new PostgresStore(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<PostgresStoreOptions>>().Value)
                : new SqliteStore(sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value.Path);
        });
        services.AddSingleton(sp => sp.GetRequiredService<IPatientIndexStore>() as IReplicaCoordinator
            ?? new SingleReplica(sp.GetRequiredService<IPatientIndexStore>()));
    }

    private static LinkageModel LoadModel(MatchingOptions options)
    {
        var path = options.ResolveModelPath();
        var model = LinkageModel.Load(path);
        if (model.FellegiSunter is null)
            throw new ModelLoadException($"{path}: the service scores with the model's own Fellegi–Sunter parameters, and it has none ({LinkageModel.FellegiSunterFileName}); write a model with `link --save-model DIR` (set Matching:Model)");
        return model;
    }
}
