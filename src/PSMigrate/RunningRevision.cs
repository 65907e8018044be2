using PSMigrate.Engine.Execution;

namespace PSMigrate.Commands;

/// <summary>
/// The PowerShell revision running on this thread, if any: the operation cmdlets act on its
/// operations and refuse to run outside one. Nested pipelines of a revision run on the thread
/// of the cmdlet that started it, so a thread-static is exactly the revision's extent.
/// </summary>
internal sealed class RunningRevision(SchemaOperations operations, MigrationRevisionContext context)
{
    [ThreadStatic]
    private static RunningRevision? current;

    public static RunningRevision? Current
    {
        get => current;
        set => current = value;
    }

    public SchemaOperations Operations { get; } = operations;

    public MigrationRevisionContext Context { get; } = context;
}
