namespace PSMigrate.Engine.Schema;

/// <summary>
/// An empty database of the same engine for schema work: revisions are replayed into it, desired
/// schema files loaded into it, and its catalog read. Disposing removes it, also after a failure.
/// </summary>
internal interface IScratchDatabase : IDisposable
{
    string ConnectionString { get; }

    /// <summary>The schema its objects go to where that is not the engine's default (a dev database's own schema); null otherwise.</summary>
    string? Schema { get; }

    /// <summary>What it is, for messages: a file, a temporary database, a schema of the dev database.</summary>
    string Description { get; }
}
