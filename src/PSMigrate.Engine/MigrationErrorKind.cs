namespace PSMigrate;

/// <summary>What kind of problem an engine error is, so hosts can map it to their own categories.</summary>
public enum MigrationErrorKind
{
    InvalidRevisionFile,
    InvalidRevisionGraph,
    InvalidTarget,
    InvalidArgument,
    InvalidConfiguration,
    NotFound,
    AlreadyExists,
    ExecutionFailed,
    ConcurrentChange,
    NotSupported,
    Cancelled,
    Timeout,
}
