namespace PatientIndex.Core.Audit;

/// <summary>What an access to patient data did. Reads and queries disclose; the rest change what is held.</summary>
public enum AccessAction
{
    /// <summary>A search by demographics or identifiers: the records it returned are disclosed.</summary>
    Query,
    /// <summary>A read of named records, persons, review tasks, histories, jobs or the audit trail itself.</summary>
    Read,
    /// <summary>A source record written that the store did not hold.</summary>
    Create,
    /// <summary>A source record written again (its data changed, or re-sent unchanged).</summary>
    Update,
    /// <summary>A source record withdrawn by its source.</summary>
    Delete,
    StewardLink,
    StewardUnlink,
    StewardMerge,
    StewardUnmerge,
    StewardResolve,
    /// <summary>A source system's own merge of one of its records into another (ITI-104 replaced-by).</summary>
    SourceMerge,
    JobSubmit,
    /// <summary>One chunk of an extract job linked into the index (its changes and its checkpoint).</summary>
    JobChunk,
    ModelRelearn,
}
