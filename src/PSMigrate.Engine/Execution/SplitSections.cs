using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Revisions;
using PSMigrate.Engine.Sql;

namespace PSMigrate.Engine.Execution;

/// <summary>
/// The .sql sections of a migrator's plans, each split by the dialect once and kept: checked
/// before the first step runs, read by the pre-run hazard check, and sent by the step executor.
/// One per migrator (one database, one thread).
/// </summary>
internal sealed class SplitSections(ISqlDialect dialect)
{
    // One dictionary per direction: string keys run the framework's precompiled dictionary code,
    // where a (string, direction) key would be JIT-compiled in every process.
    private readonly Dictionary<string, IReadOnlyList<SqlStatement>> upgrades = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<SqlStatement>> downgrades = new(StringComparer.Ordinal);

    /// <summary>The statements of the revision's section for that direction; none for a PowerShell revision.</summary>
    public IReadOnlyList<SqlStatement> Of(MigrationRevision revision, MigrationDirection direction)
    {
        if (revision.Format != RevisionKind.Sql)
        {
            return [];
        }

        var split = direction == MigrationDirection.Upgrade ? upgrades : downgrades;
        if (!split.TryGetValue(revision.Revision, out var statements))
        {
            statements = dialect.Split(revision.SectionFor(direction), revision.Path);
            split[revision.Revision] = statements;
        }

        return statements;
    }

    public IReadOnlyList<SqlStatement> Of(MigrationStep step) => Of(step.Revision, step.Direction);

    /// <summary>Splits every .sql section of a plan, so a section that cannot run is refused before the first step starts.</summary>
    public void Validate(IEnumerable<MigrationStep> steps)
    {
        foreach (var step in steps.Where(s => s.Revision.Format == RevisionKind.Sql))
        {
            var statements = Of(step);
            if (step.Revision.TransactionMode == TransactionMode.PerRevision)
            {
                StepExecutor.RefuseTransactionControl(statements, step.Revision.Path);
            }
        }
    }
}
