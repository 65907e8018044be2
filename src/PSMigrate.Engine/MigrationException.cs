namespace PSMigrate;

/// <summary>
/// Every error the engine raises on purpose. It carries an entry of the one catalogue
/// (<see cref="MigrationErrors"/>) and, where known, the file, line and revision, so a host can
/// point the user at the exact place to fix.
/// </summary>
public class MigrationException : Exception
{
    public MigrationException(MigrationError error, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        Error = error;
        Target = target;
    }

    public MigrationError Error { get; }

    /// <summary>'PSMigrate.&lt;Name&gt;', stable across versions; scripts may match on it.</summary>
    public string ErrorId => Error.Id;

    public MigrationErrorKind Kind => Error.Kind;

    public object? Target { get; }

    public string? FilePath { get; init; }

    public int? Line { get; init; }

    public string? Revision { get; init; }

    /// <summary>The database the error happened on, password hidden.</summary>
    public string? Database { get; init; }

    /// <summary>The same error with more context (revision, file, line, database) filled in where it was missing.</summary>
    public MigrationException WithContext(string? revision = null, string? filePath = null, int? line = null, string? database = null, string? message = null) =>
        new(Error, message ?? Message, Target, InnerException)
        {
            Revision = Revision ?? revision,
            FilePath = FilePath ?? filePath,
            Line = Line ?? line,
            Database = Database ?? database,
        };
}
