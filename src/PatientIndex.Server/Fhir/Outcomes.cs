using Hl7.Fhir.Model;

namespace PatientIndex.Server.Fhir;

internal static class Outcomes
{
    public static OperationOutcome Of(OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType type, string message,
        IEnumerable<string>? expressions = null) => new()
    {
        Issue =
        [
            new OperationOutcome.IssueComponent
            {
                Severity = severity, Code = type, Diagnostics = message, Expression = expressions?.ToList() ?? [],
            },
        ],
    };

    public static OperationOutcome Information(string message) =>
        Of(OperationOutcome.IssueSeverity.Information, OperationOutcome.IssueType.Informational, message);
}
