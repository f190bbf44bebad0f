using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Hl7.Fhir.Serialization;

namespace PatientIndex.Server.Fhir;

/// <summary>
/// A resource as the response body, serialised by Firely as <c>application/fhir+json</c>. A result with
/// warnings (fields kept but left out of matching) answers with them as an <see cref="OperationOutcome"/>
/// when the client asks for one (<c>Prefer: return=OperationOutcome</c>), and names them in the
/// <c>Warning</c> header either way, so no client misses them.
/// </summary>
internal sealed class FhirResult(Resource resource, int status = StatusCodes.Status200OK, string? location = null) : IResult
{
    public const string MediaType = "application/fhir+json";

    public Resource Resource => resource;
    public int Status => status;
    public string? Location => location;
    public OperationOutcome? Warnings { get; init; }

    public async Task ExecuteAsync(HttpContext http)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = MediaType + "; charset=utf-8";
        if (location is not null) http.Response.Headers.Location = location;
        var body = resource;
        if (Warnings is { } warnings)
        {
            // Elements only: a header may be logged on the way, and patient data goes into no log.
            http.Response.Headers.Append("Warning", string.Join(", ", warnings.Issue.Select(i => $"199 patientindex \"{string.Join(' ', i.Expression)}: not usable, left out of matching\"")));
            if (http.Request.Headers["Prefer"].ToString().Contains("return=OperationOutcome", StringComparison.OrdinalIgnoreCase)) body = warnings;
        }
        await http.Response.WriteAsync(body.ToJson(), http.RequestAborted);
    }
}
