using PatientIndex.Server.Grpc;
using PatientIndex.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);
ServerDefaults.Add(builder.Configuration);
ListenAddresses.Configure(builder);
builder.Services.AddPatientIndex();

var app = builder.Build();
app.MapGrpcService<PatientIndexService>();
app.MapGrpcService<StewardshipService>();
app.MapGrpcHealthChecksService();
app.MapGrpcReflectionService();
app.MapGet("/", () => "PatientIndex: the gRPC service patientindex.v1.PatientIndex listens on the Grpc endpoint (HTTP/2).");
app.Run();

/// <summary>The entry point, public for WebApplicationFactory in the tests.</summary>
public partial class Program;
