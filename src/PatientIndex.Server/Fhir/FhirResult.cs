using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Hl7.Fhir.Serialization;

namespace PatientIndex.Server.Fhir;

/// <summary>A resource as the response body, serialised by Firely as <c>application/fhir+json</c>.</summary>
internal sealed class FhirResult(Resource resource, int status = StatusCodes.Status200OK, string? location = null) : IResult
{
    public const string MediaType = "application/fhir+json";

    public Resource Resource => resource;
    public int Status => status;
    public string? Location => location;

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = MediaType + "; charset=utf-8";
        if (location is not null) http.Response.Headers.Location = location;
        await http.Response.WriteAsync(resource.ToJson(), http.RequestAborted);
    }
}
