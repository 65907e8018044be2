using System.Globalization;
using PSMigrate.Engine.Planning;
using PSMigrate.Engine.Operations;
using PSMigrate.Engine.Providers;

namespace PSMigrate.Engine.Execution;

/// <summary>
/// Renders a plan as a script a DBA can read and run by hand: the engine's tables, then each
/// revision in its own transaction with its version-table and history rows.
/// </summary>
public static class OfflineScript
{
    public static IEnumerable<string> Render(MigrationPlan plan, IMigrationProvider provider, VersionTables tables, IRevisionRunner? runner = null)
    {
        var dialect = provider.Dialect;
        var store = new VersionStore(dialect, tables);
        var catalog = new OfflineCatalog();
        var header = new List<string>
        {
            $"-- PSMigrate {plan.Direction.ToString().ToLowerInvariant()} to '{plan.Target}' from {MigrationHeads.Describe(plan.HeadsBefore)}",
            $"-- {plan.Steps.Count} revision(s); generated {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}",
            string.Empty,
        };
        header.AddRange(dialect.ScriptPreamble);
        header.AddRange(store.CreateTables().Select(s => dialect.ScriptStatement(s)));
        yield return string.Join('\n', header);

        foreach (var step in plan.Steps)
        {
            var revision = step.Revision;
            var lines = new List<string>
            {
                $"-- {step.Direction} {revision.Revision}: {revision.Message}",
                $"-- from {revision.Path}",
            };

            var inTransaction = revision.Transaction == Revisions.TransactionMode.PerRevision;
            if (inTransaction)
            {
                lines.Add(dialect.BeginTransactionScript);
            }
            else
            {
                lines.Add("-- Transaction: none (this revision runs outside a transaction)");
            }

            lines.AddRange(Statements(step, provider, runner, catalog));
            if (!inTransaction)
            {
                lines.Add(dialect.BeginTransactionScript);
            }

            lines.AddRange(store.HeadChanges(step).Select(s => dialect.ScriptStatement(s)));
            lines.Add(dialect.ScriptStatement(store.HistoryInsert(step, null, null, null, null)));
            lines.Add(dialect.CommitScript);
            yield return string.Join('\n', lines);
        }
    }

    private static IEnumerable<string> Statements(MigrationStep step, IMigrationProvider provider, IRevisionRunner? runner, OfflineCatalog catalog)
    {
        var revision = step.Revision;
        if (revision.Kind == Revisions.RevisionKind.Sql)
        {
            return provider.Dialect.Split(revision.SectionFor(step.Direction)).Select(s => provider.Dialect.ScriptStatement(s.Text, s.Repeat)).ToList();
        }

        var context = Operations.OperationContext.Offline(provider, revision, step.Direction, catalog);
        (runner ?? throw new MigrationException("PSMigrate.NoRevisionRunner", MigrationErrorKind.NotSupported,
            $"Revision {revision.Revision} ({revision.Path}) is a PowerShell revision; render it through the PSMigrate module.", revision.Path))
            .Run(revision, step.Direction, new Operations.SchemaOperations(context));
        return context.Collected.Select(s => provider.Dialect.ScriptStatement(s)).ToList();
    }

    /// <summary>A script that records new heads without running any revision (an offline stamp).</summary>
    public static string RenderStamp(IReadOnlyList<string> headsBefore, IReadOnlyList<string> headsAfter, ISqlDialect dialect, VersionTables tables)
    {
        var store = new VersionStore(dialect, tables);
        var lines = new List<string> { $"-- PSMigrate stamp from {MigrationHeads.Describe(headsBefore)} to {MigrationHeads.Describe(headsAfter)}; no revision is run", string.Empty };
        lines.AddRange(dialect.ScriptPreamble);
        lines.AddRange(store.CreateTables().Select(s => dialect.ScriptStatement(s)));
        lines.Add(dialect.BeginTransactionScript);
        lines.AddRange(store.StampChanges(headsBefore, headsAfter, null, null, null).Select(s => dialect.ScriptStatement(s)));
        lines.Add(dialect.CommitScript);
        return string.Join('\n', lines);
    }
}
