namespace PatientIndex.Core.Linkage;

public enum Decision
{
    NoMatch,
    Review,
    Link,
}
