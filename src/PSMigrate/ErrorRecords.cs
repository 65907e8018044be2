using System.Management.Automation;

namespace PSMigrate.Commands;

/// <summary>Turns engine errors into ErrorRecords with the catalogue's id, a category and the target object.</summary>
internal static class ErrorRecords
{
    public static ErrorRecord From(MigrationException error)
    {
        var record = new ErrorRecord(error, error.ErrorId, Category(error.Kind), error.Target);
        if (error.FilePath is not null || error.Revision is not null)
        {
            record.ErrorDetails = new ErrorDetails(error.Message)
            {
                RecommendedAction = error.Line is { } line
                    ? $"Open {error.FilePath} at line {line}."
                    : error.FilePath is not null ? $"Open {error.FilePath}." : $"Check revision {error.Revision}.",
            };
        }

        return record;
    }

    public static ErrorRecord From(MigrationError entry, Exception error, object? target) =>
        new(error, entry.Id, Category(entry.Kind), target);

    private static ErrorCategory Category(MigrationErrorKind kind) => kind switch
    {
        MigrationErrorKind.InvalidRevisionFile => ErrorCategory.ParserError,
        MigrationErrorKind.InvalidRevisionGraph => ErrorCategory.InvalidData,
        MigrationErrorKind.InvalidTarget or MigrationErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        MigrationErrorKind.InvalidConfiguration => ErrorCategory.InvalidData,
        MigrationErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        MigrationErrorKind.AlreadyExists => ErrorCategory.ResourceExists,
        MigrationErrorKind.ExecutionFailed => ErrorCategory.InvalidOperation,
        MigrationErrorKind.ConcurrentChange => ErrorCategory.ResourceBusy,
        MigrationErrorKind.NotSupported => ErrorCategory.NotImplemented,
        MigrationErrorKind.Cancelled => ErrorCategory.OperationStopped,
        MigrationErrorKind.Timeout => ErrorCategory.OperationTimeout,
        _ => ErrorCategory.NotSpecified,
    };
}
