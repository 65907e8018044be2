using PSMigrate.Engine.Revisions;

namespace PSMigrate.Engine.Execution;

/// <summary>
/// Runs a PowerShell revision's Upgrade or Downgrade function. The engine knows nothing of
/// PowerShell: the module supplies this, and the operations it is given already hold the
/// revision's connection and transaction (or, offline, collect the SQL).
/// </summary>
public interface IRevisionRunner
{
    void Run(MigrationRevision revision, MigrationDirection direction, SchemaOperations operations);

    /// <summary>Whether the revision's function for that direction does nothing (no statements, only comments).</summary>
    bool IsEmpty(MigrationRevision revision, MigrationDirection direction) => false;
}
