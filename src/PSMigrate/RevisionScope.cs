using PSMigrate.Engine.Operations;

namespace PSMigrate.Commands;

/// <summary>
/// The PowerShell revision running on this thread, if any: the operation cmdlets act on its
/// operations and refuse to run outside one. Nested pipelines of a revision run on the thread
/// of the cmdlet that started it, so a thread-static is exactly the revision's extent.
/// </summary>
internal sealed class RevisionScope
{
    [ThreadStatic]
    private static RevisionScope? current;

    public RevisionScope(SchemaOperations operations, MigrationRevisionContext context)
    {
        Operations = operations;
        Context = context;
    }

    public static RevisionScope? Current
    {
        get => current;
        set => current = value;
    }

    public SchemaOperations Operations { get; }

    public MigrationRevisionContext Context { get; }
}
