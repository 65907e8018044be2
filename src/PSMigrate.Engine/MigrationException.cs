namespace PSMigrate.Engine;

/// <summary>What kind of problem an engine error is, so hosts can map it to their own categories.</summary>
public enum MigrationErrorKind
{
    InvalidRevisionFile,
    InvalidRevisionGraph,
    InvalidTarget,
    InvalidConfiguration,
    NotFound,
    AlreadyExists,
    ExecutionFailed,
    ConcurrentChange,
    NotSupported,
}

/// <summary>
/// Every error the engine raises on purpose. It carries a stable id and, where known, the
/// file, line and revision, so a host can point the user at the exact place to fix.
/// </summary>
public class MigrationException : Exception
{
    public MigrationException(string errorId, MigrationErrorKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    public string ErrorId { get; }
    public MigrationErrorKind Kind { get; }
    public object? Target { get; }
    public string? FilePath { get; init; }
    public int? Line { get; init; }
    public string? Revision { get; init; }
}
