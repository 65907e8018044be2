using System.Management.Automation;
using PSMigrate.Engine;

namespace PSMigrate.Commands;

/// <summary>Turns engine errors into ErrorRecords with a stable id, a category and the target object.</summary>
internal static class MigrationErrors
{
    public static ErrorRecord ToErrorRecord(MigrationException error)
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

    public static ErrorRecord FromSystem(Exception error, string id, object? target) =>
        new(error, "PSMigrate." + id, error switch
        {
            IOException or UnauthorizedAccessException => ErrorCategory.WriteError,
            ArgumentException => ErrorCategory.InvalidArgument,
            _ => ErrorCategory.NotSpecified,
        }, target);

    private static ErrorCategory Category(MigrationErrorKind kind) => kind switch
    {
        MigrationErrorKind.InvalidRevisionFile => ErrorCategory.ParserError,
        MigrationErrorKind.InvalidRevisionGraph => ErrorCategory.InvalidData,
        MigrationErrorKind.InvalidTarget => ErrorCategory.InvalidArgument,
        MigrationErrorKind.InvalidConfiguration => ErrorCategory.InvalidData,
        MigrationErrorKind.NotFound => ErrorCategory.ObjectNotFound,
        MigrationErrorKind.AlreadyExists => ErrorCategory.ResourceExists,
        MigrationErrorKind.ExecutionFailed => ErrorCategory.InvalidOperation,
        MigrationErrorKind.ConcurrentChange => ErrorCategory.ResourceBusy,
        MigrationErrorKind.NotSupported => ErrorCategory.NotImplemented,
        _ => ErrorCategory.NotSpecified,
    };
}
