namespace PSMigrate;

public enum DriftKind
{
    /// <summary>An applied revision's file changed after it was applied.</summary>
    Modified,

    /// <summary>A revision the history says is applied has no file any more.</summary>
    Missing,

    /// <summary>The version table names a revision the folder does not know.</summary>
    UnknownRevision,
}

/// <summary>One way the database and the versions folder disagree.</summary>
public sealed record MigrationDrift(
    string Revision,
    string Kind,
    string Description,
    string? Path,
    string? RecordedChecksum,
    string? CurrentChecksum,
    DateTimeOffset? AppliedAt)
{
    /// <summary>The database this belongs to (its name, never its password): one column to group a fleet's results by.</summary>
    public string? Database { get; init; }
}
